"""What a running service process holds: its settings, database and Redis connections.
Built once per process, lazily, so that importing a module never opens a connection."""

from __future__ import annotations

import dataclasses
import functools
import socket
from typing import Generic, TypeVar

import redis
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from .bus import Handler, StreamConsumer
from .db import make_engine, make_session_factory
from .redis_client import connect_redis
from .settings import Settings
from .tasks import SendTask, send_tasks_after_commit

S = TypeVar("S", bound=Settings)


@dataclasses.dataclass
class Runtime(Generic[S]):
    settings: S
    send_task: SendTask | None = None  # for a service that enqueues work (`tasks.enqueue`)

    @functools.cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings.database_url)

    @functools.cached_property
    def sessions(self) -> sessionmaker:
        sessions = make_session_factory(self.engine)
        if self.send_task is not None:
            send_tasks_after_commit(sessions, self.send_task)
        return sessions

    @functools.cached_property
    def redis(self) -> redis.Redis:
        return connect_redis(self.settings.events_redis_url)

    def health_checks(self) -> dict:
        def database():
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))

        return {"database": database, "redis": self.redis.ping}

    def consumer_name(self) -> str:
        # Stable across restarts of the same process slot, so its pending entries come back to it.
        return self.settings.consumer_name or f"{self.settings.service}@{socket.gethostname()}"

    def consumer(self, streams: list[str], handlers: dict[str, Handler]) -> StreamConsumer:
        """This service's consumer group (named after the service) over `streams`."""
        return StreamConsumer(
            self.redis,
            group=self.settings.service,
            name=self.consumer_name(),
            streams=streams,
            handlers=handlers,
            max_deliveries=self.settings.max_event_deliveries,
            claim_idle_ms=self.settings.event_claim_idle_ms,
        )
