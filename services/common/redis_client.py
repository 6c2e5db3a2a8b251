from __future__ import annotations

import redis


def connect_redis(url: str) -> redis.Redis:
    # A short socket timeout so that a vanished Redis turns into an error we can retry,
    # never a process that hangs forever.
    return redis.Redis.from_url(
        url, decode_responses=True, socket_timeout=5, socket_connect_timeout=2, health_check_interval=30
    )
