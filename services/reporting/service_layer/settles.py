"""When a workshop will have settled: one row per workshop, its due time moved on by every
change, and a settle task sent (after the commit) for each move, delivered once the window
has passed. Only the task that finds the due time reached may claim it; the earlier ones
find it moved on and do nothing. A task lost on the way is sent again by
`requeue_lost_settles`, as lost renders are."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, cast

from sqlalchemy import CursorResult, Executable, insert, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from services.common.clock import now
from services.common.tasks import enqueue

from ..adapters.celery_app import SETTLE_TASK
from ..adapters.orm import workshop_settles
from ..settings import ReportingSettings

log = logging.getLogger(__name__)


def settle_later(session: Session, workshop_id: str, seconds: float) -> None:
    """The workshop changed: it settles `seconds` from now, superseding what was waiting."""
    moment = now()
    values = {"due_at": moment + dt.timedelta(seconds=seconds), "enqueued_at": moment}
    known = session.execute(
        select(workshop_settles.c.workshop_id).where(workshop_settles.c.workshop_id == workshop_id)
    ).first()
    if known is None:
        session.execute(insert(workshop_settles).values(workshop_id=workshop_id, **values))
    else:
        session.execute(update(workshop_settles).where(workshop_settles.c.workshop_id == workshop_id).values(**values))
    enqueue(session, SETTLE_TASK, workshop_id)


def settle_again_if_idle(session: Session, workshop_id: str, seconds: float) -> bool:
    """A render finished on figures the cohort has since left behind, perhaps after the
    settle that would have caught it: settle once more, unless a settle already waits."""
    moment = now()
    moved = _changed(
        session,
        update(workshop_settles)
        .where(workshop_settles.c.workshop_id == workshop_id, workshop_settles.c.due_at.is_(None))
        .values(due_at=moment + dt.timedelta(seconds=seconds), enqueued_at=moment),
    )
    if moved:
        enqueue(session, SETTLE_TASK, workshop_id)
    return bool(moved)


def claim_settle(session: Session, workshop_id: str) -> bool:
    """Whether the workshop has settled and this task is the one to act on it (a conditional
    UPDATE: of two copies of the same task, one wins)."""
    moment = now()
    return bool(
        _changed(
            session,
            update(workshop_settles)
            .where(workshop_settles.c.workshop_id == workshop_id, workshop_settles.c.due_at <= moment)
            .values(due_at=None, settled_at=moment),
        )
    )


def _changed(session: Session, statement: Executable) -> int:
    return cast(CursorResult[Any], session.execute(statement)).rowcount


def requeue_lost_settles(sessions: sessionmaker, settings: ReportingSettings) -> int:
    """Send again the settle task of a workshop that settled long ago but was never acted
    on: its task was lost (a broker that forgot it, a crash between commit and send)."""
    moment = now()
    cutoff = moment - dt.timedelta(seconds=settings.requeue_after_seconds)
    with sessions.begin() as session:
        lost = (
            session.execute(
                select(workshop_settles.c.workshop_id)
                .where(
                    workshop_settles.c.due_at < cutoff,
                    or_(workshop_settles.c.enqueued_at.is_(None), workshop_settles.c.enqueued_at < cutoff),
                )
                .limit(500)
            )
            .scalars()
            .all()
        )
        for workshop_id in lost:
            enqueue(session, SETTLE_TASK, workshop_id)
        if lost:
            session.execute(
                update(workshop_settles).where(workshop_settles.c.workshop_id.in_(lost)).values(enqueued_at=moment)
            )
            log.warning("re-enqueued %d lost workshop settles", len(lost))
    return len(lost)
