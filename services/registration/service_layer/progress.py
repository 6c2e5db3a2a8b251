"""Placeholder until the progress consumer lands: what the other services reported back."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from ..adapters.orm import organisation_progress


def by_workshop(sessions: sessionmaker, workshop_ids: list[str]) -> dict[str, dict[str, int]]:
    with sessions() as session:
        rows = session.execute(
            select(
                organisation_progress.c.workshop_id,
                func.count(organisation_progress.c.submitted_at),
                func.count(organisation_progress.c.report_ready_at),
            )
            .where(organisation_progress.c.workshop_id.in_(workshop_ids))
            .group_by(organisation_progress.c.workshop_id)
        ).all()
    return {w: {"submitted": s, "reports_ready": r} for w, s, r in rows}
