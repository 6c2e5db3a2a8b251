"""Idempotent handling: the id of a handled event is stored in the same transaction as the
handler's side effect, so a redelivered event finds its id and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from .clock import now
from .events import Event

T = TypeVar("T")


def handle_once(
    sessions: sessionmaker, processed_events: Table, group: str, event: Event, apply: Callable[[Session, Event], T]
) -> T | None:
    """Run `apply` in one transaction with the record of `event` having been handled by
    `group`. Returns what `apply` returned, or None when the event was already handled."""
    try:
        with sessions.begin() as session:
            if _already_processed(session, processed_events, group, event):
                return None
            result = apply(session, event)
            session.execute(
                insert(processed_events).values(
                    event_id=str(event.id),
                    consumer_group=group,
                    event_type=event.type,
                    processed_at=now(),
                )
            )
        return result
    except IntegrityError:
        # A concurrent delivery of the same event may have committed first.
        with sessions() as session:
            if _already_processed(session, processed_events, group, event):
                return None
        raise


def _already_processed(session: Session, processed_events: Table, group: str, event: Event) -> bool:
    return (
        session.execute(
            select(processed_events.c.id).where(
                processed_events.c.event_id == str(event.id),
                processed_events.c.consumer_group == group,
            )
        ).first()
        is not None
    )


def idempotent(
    sessions: sessionmaker, processed_events: Table, group: str, apply: Callable[[Session, Event], object]
) -> Callable[[Event], object]:
    """A bus handler that runs `apply` once per event (see `handle_once`)."""
    return lambda event: handle_once(sessions, processed_events, group, event, apply)
