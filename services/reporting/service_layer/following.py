"""Reports that follow their workshop by themselves. A new diagnosis, a new cohort or an
intent agreed (or agreed no longer) moves
the workshop's settle time on (`settles`); once it has settled, every taking-part
organisation's newest report is brought up to the newest cohort and the summary is asked
for, as "render all" does, without anyone pressing it. A rush of changes thus ends in one
round of renders, not one per change."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from services.common.contracts import payload_of
from services.common.contracts.diagnosis import CohortScored, DiagnosisScored, IntentChanged
from services.common.events import Event

from ..adapters.orm import cohort_snapshots
from ..settings import ReportingSettings
from . import reports, summaries
from .projections import remember_cohort, remember_intent
from .settles import claim_settle, settle_later

Handler = Callable[[Session, Event], object]


def change_handlers(settings: ReportingSettings) -> dict[str, Handler]:
    """The handlers of the events that change a workshop's reports: each keeps its copy, as
    before, and moves the workshop's settle time on when the copy moved on."""

    def diagnosis_scored(session: Session, event: Event) -> str | None:
        report_id = reports.create_report(session, event)
        if report_id is not None:
            scored: DiagnosisScored = payload_of(event)
            settle_later(session, scored.workshop_id, settings.settle_seconds)
        return report_id

    def cohort_scored(session: Session, event: Event) -> bool:
        newer = remember_cohort(session, event)
        if newer:
            cohort: CohortScored = payload_of(event)
            settle_later(session, cohort.workshop_id, settings.settle_seconds)
        return newer

    def intent_changed(session: Session, event: Event) -> bool:
        changed = remember_intent(session, event)
        if changed:  # one agreed, or agreed no longer: both sides' reports and the summary follow
            intent: IntentChanged = payload_of(event)
            settle_later(session, intent.workshop_id, settings.settle_seconds)
        return changed

    return {"diagnosis.scored": diagnosis_scored, "cohort.scored": cohort_scored, "intent.changed": intent_changed}


def settle_workshop(sessions: sessionmaker, workshop_id: str) -> list[str] | None:
    """The settle task: None if the workshop has not settled yet (a later change sent a later
    task) or another copy acted already; else the reports queued to bring it up to date."""
    with sessions.begin() as session:
        if not claim_settle(session, workshop_id):
            return None
        queued = reports.bring_up_to_date(session, workshop_id)
        has_cohort = session.execute(
            select(cohort_snapshots.c.version).where(cohort_snapshots.c.workshop_id == workshop_id)
        ).first()
        if has_cohort:
            summaries.request_summary(session, workshop_id)
        return queued
