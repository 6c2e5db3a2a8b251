"""The life of anything a worker renders (an organisation report, a workshop summary): claim
it with a conditional UPDATE (a repeated task finds nothing to do), record a failure (retried
until its attempts run out), or drop it when something newer made it pointless."""

from __future__ import annotations

import os
import socket

from sqlalchemy import Table, select, update
from sqlalchemy.orm import sessionmaker

from services.common.clock import now
from services.common.contracts.reporting import RenderFailed
from services.common.outbox import publish

from ..domain.report import CLAIMABLE, ReportState, after_failure


def claim(sessions: sessionmaker, table: Table, artefact_id: str) -> dict | None:
    with sessions.begin() as session:
        claimed = session.execute(
            update(table)
            .where(table.c.id == artefact_id, table.c.state.in_([s.value for s in CLAIMABLE]))
            .values(
                state=ReportState.RENDERING.value,
                attempts=table.c.attempts + 1,
                worker=f"{socket.gethostname()}:{os.getpid()}",
                started_at=now(),
            )
        ).rowcount
        if not claimed:
            return None
        return dict(session.execute(select(table).where(table.c.id == artefact_id)).mappings().one())


def supersede(sessions: sessionmaker, table: Table, row: dict) -> ReportState:
    with sessions.begin() as session:
        session.execute(
            update(table)
            .where(table.c.id == row["id"], table.c.state == ReportState.RENDERING.value)
            .values(state=ReportState.SUPERSEDED.value, finished_at=now())
        )
    return ReportState.SUPERSEDED


def record_failure(
    sessions: sessionmaker, table: Table, row: dict, exc: Exception, max_attempts: int, event_type: str
) -> ReportState:
    state = after_failure(row["attempts"], max_attempts)
    with sessions.begin() as session:
        changed = session.execute(
            update(table)
            .where(table.c.id == row["id"], table.c.state == ReportState.RENDERING.value)
            .values(state=state.value, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=now())
        ).rowcount
        if changed and state is ReportState.FAILED:
            publish(
                session,
                event_type,
                RenderFailed(
                    id=row["id"],
                    workshop_id=row["workshop_id"],
                    organisation_id=row.get("organisation_id"),
                    error=row.get("error") or f"{type(exc).__name__}: {exc}"[:500],
                ),
            )
    return state
