"""One way to send background work: `enqueue(session, task, *args)` inside a transaction,
and the task is sent only once that transaction commits (dropped if it rolls back), as
Warehouse does. So a worker never looks for a row that is not committed yet, and a
rollback leaves no task behind. A task lost between the commit and the send is found
again by the owner's sweeper (state row first, then the task)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

SendTask = Callable[[str, tuple[Any, ...]], None]
_PENDING = "nianlun.tasks_after_commit"


def enqueue(session: Session, task: str, *args: Any) -> None:
    session.info.setdefault(_PENDING, []).append((task, args))


def send_tasks_after_commit(sessions: sessionmaker, send: SendTask) -> None:
    """Make every session of `sessions` send what was enqueued in it once it commits."""

    def _send(session: Session) -> None:
        for task, args in session.info.pop(_PENDING, []):
            send(task, args)

    def _drop(session: Session) -> None:
        dropped = session.info.pop(_PENDING, [])
        if dropped:
            log.debug("rolled back: %d tasks not sent", len(dropped))

    for maker in getattr(sessions, "makers", (sessions,)):  # db.SessionFactory writes through a second one
        event.listen(maker, "after_commit", _send)
        event.listen(maker, "after_rollback", _drop)
