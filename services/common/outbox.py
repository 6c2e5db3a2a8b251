"""Transactional outbox: an event is written in the same transaction as the change it
describes, and a relay moves it to its Redis stream afterwards. A crash between the two
re-sends on the next pass; consumers are idempotent, so a resend is harmless.

`publish` is how every service announces something: the payload is its contract's
dataclass (`services.common.contracts`), checked and dumped by the contract's schema."""

from __future__ import annotations

import logging
from typing import Any

import redis
from sqlalchemy import MetaData, Table, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from .clock import now
from .contracts import contract_of
from .db import for_writing
from .events import Event, encode, new_event
from .tables import define_outbox_table

log = logging.getLogger(__name__)

# Every service database has this table (each service's metadata defines it the same way).
OUTBOX = define_outbox_table(MetaData())


def publish(session: Session, event_type: str, payload: Any) -> Event:
    """Announce `event_type` in the caller's transaction: it goes out only if that commits."""
    contract = contract_of(event_type)
    event = new_event(event_type, contract.dump(payload), producer=contract.producer, version=contract.version)
    add_to_outbox(session, OUTBOX, event)
    return event


def add_to_outbox(session: Session, outbox: Table, event: Event) -> None:
    session.execute(
        insert(outbox).values(
            event_id=str(event.id),
            event_type=event.type,
            stream=event.stream,
            envelope=encode(event),
            created_at=now(),
        )
    )


class OutboxRelay:
    def __init__(self, engine: Engine, outbox: Table, redis_client: redis.Redis, batch_size: int = 200):
        self.engine = engine
        self.outbox = outbox
        self.redis = redis_client
        self.batch_size = batch_size

    def relay_once(self) -> int:
        """Publish the oldest unpublished events in order; returns how many went out."""
        if not self._has_backlog():
            return 0  # the idle loop stays read-only: no write lock ten times a second
        with for_writing(self.engine).begin() as conn:
            # On PostgreSQL a second relay skips the rows this one holds instead of
            # publishing them twice; SQLite serialises writers anyway.
            rows = conn.execute(
                select(self.outbox.c.id, self.outbox.c.stream, self.outbox.c.envelope)
                .where(self.outbox.c.published_at.is_(None))
                .order_by(self.outbox.c.id)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True)
            ).all()
            if not rows:
                return 0
            pipe = self.redis.pipeline(transaction=False)
            for row in rows:
                pipe.xadd(row.stream, {"envelope": row.envelope})
            pipe.execute()
            conn.execute(
                update(self.outbox).where(self.outbox.c.id.in_([r.id for r in rows])).values(published_at=now())
            )
        log.debug("relayed %d events", len(rows))
        return len(rows)

    def _has_backlog(self) -> bool:
        with self.engine.connect() as conn:
            return (
                conn.execute(select(self.outbox.c.id).where(self.outbox.c.published_at.is_(None)).limit(1)).first()
                is not None
            )

    def backlog(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(
                select(func.count()).select_from(self.outbox).where(self.outbox.c.published_at.is_(None))
            ).scalar_one()
