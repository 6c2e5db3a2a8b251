"""The long-running event process of a service: it relays the service's outbox and, where
the service consumes events, reads its consumer group. Both survive Redis and database
outages: errors are logged and retried with a growing pause."""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable, Sequence

import redis
from sqlalchemy.exc import OperationalError

from .bus import StreamConsumer
from .outbox import OutboxRelay

log = logging.getLogger(__name__)

TRANSIENT_ERRORS = (redis.ConnectionError, redis.TimeoutError, OperationalError)


class Periodic:
    """Something to run every `every` seconds inside the loop (e.g. a sweeper)."""

    def __init__(self, every: float, action: Callable[[], object]):
        self.every = every
        self.action = action
        self._due = 0.0

    def tick(self) -> None:
        now = time.monotonic()
        if now >= self._due:
            self._due = now + self.every
            self.action()


def run_event_loop(
    *,
    relay: OutboxRelay | None,
    consumer: StreamConsumer | None,
    periodic: Sequence[Periodic] = (),
    idle_sleep: float = 0.1,
) -> None:
    stopping = False

    def _stop(signum, _frame):
        nonlocal stopping
        log.info("signal %s: finishing the current batch, then stopping", signum)
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    groups_ready = False
    backoff = 0.1
    log.info("event loop started (relay=%s, consumer=%s)", relay is not None, consumer.group if consumer else None)
    while not stopping:
        try:
            if consumer is not None and not groups_ready:
                consumer.ensure_groups()
                groups_ready = True
            relayed = relay.relay_once() if relay is not None else 0
            if consumer is not None:
                consumer.poll_once()
            elif not relayed:
                time.sleep(idle_sleep)
            for job in periodic:
                job.tick()
            backoff = 0.1
        except TRANSIENT_ERRORS as exc:
            log.warning("transient failure, retrying in %.1fs: %s", backoff, exc)
            time.sleep(backoff)
            backoff = min(backoff * 2, 2.0)
        except redis.ResponseError as exc:
            if "NOGROUP" not in str(exc):
                raise
            log.warning("consumer group missing (Redis lost its data?), recreating")
            groups_ready = False
    log.info("event loop stopped")
