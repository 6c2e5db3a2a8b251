"""The two tables every service database has for the event bus: its outbox (events waiting
to be relayed) and its inbox (ids of events already handled, for idempotency)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, UniqueConstraint
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator):
    """A timestamp that always comes back aware, in UTC (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use UTC")
        return value.astimezone(dt.UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value


def define_access_grants_table(metadata: MetaData, name: str = "access_grants", *extra: Column) -> Table:
    """Who may do what: a token's hash, its role and its scope. Registration keeps the
    original (with `extra` columns); diagnosis and reporting keep a copy fed by events."""
    return Table(
        name,
        metadata,
        Column("token_hash", String(64), primary_key=True),
        Column("role", String(16), nullable=False),
        Column("workshop_id", String(36), nullable=False, index=True),
        Column("organisation_id", String(36), nullable=True, index=True),
        Column("revoked_at", UtcDateTime(), nullable=True),
        *extra,
    )


@dataclasses.dataclass(frozen=True)
class BusTables:
    outbox: Table
    processed_events: Table


def define_outbox_table(metadata: MetaData) -> Table:
    return Table(
        "outbox",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("event_type", String(64), nullable=False),
        Column("stream", String(128), nullable=False),
        Column("envelope", Text, nullable=False),
        Column("created_at", UtcDateTime(), nullable=False),
        Column("published_at", UtcDateTime(), nullable=True, index=True),
    )


def define_bus_tables(metadata: MetaData) -> BusTables:
    outbox = define_outbox_table(metadata)
    processed = Table(
        "processed_events",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False),
        Column("consumer_group", String(64), nullable=False),
        Column("event_type", String(64), nullable=False),
        Column("processed_at", UtcDateTime(), nullable=False),
        UniqueConstraint("event_id", "consumer_group", name="uq_processed_event"),
    )
    return BusTables(outbox=outbox, processed_events=processed)
