"""What registration keeps of the other services' events for the home page's counts:
when each organisation's leader first submitted (`diagnosis.scored`) and when its latest
report became ready (`report.ready`), in the newest round it has heard of: a follow-up
round's first event starts the organisation's counts afresh, and an earlier round's event
delivered late changes nothing."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from services.common.contracts import payload_of
from services.common.contracts.diagnosis import DiagnosisScored
from services.common.contracts.registration import BASELINE_ROUND
from services.common.contracts.reporting import ReportReady
from services.common.events import Event

from ..adapters.orm import organisation_progress, organisations, workshop_rounds


def _row(session: Session, organisation_id: str):
    return session.execute(
        select(organisation_progress).where(organisation_progress.c.organisation_id == organisation_id)
    ).first()


def diagnosis_scored(session: Session, event: Event) -> None:
    """`diagnosis.scored` fires again after the leader submitted (a rater's answers, a
    revoked rater, another organisation joining or leaving the cohort, a recompute), and
    diagnosis only scores an organisation whose leader has submitted (scoring.workshop_inputs).
    We count it as a submission only when the result's raters include the leader
    (result.raters.by_role.leader >= 1), and keep the earliest such event's time, so that
    later rescorings and late deliveries never move submitted_at."""
    scored: DiagnosisScored = payload_of(event)
    by_role = (scored.result.get("raters") or {}).get("by_role") or {}
    if not by_role.get("leader"):
        return
    _record(session, scored.organisation_id, scored.workshop_id, scored.round, "submitted_at", event.time, min)


def report_ready(session: Session, event: Event) -> None:
    """`report.ready`: the latest wins; an older event delivered late changes nothing."""
    ready: ReportReady = payload_of(event)
    _record(session, ready.organisation_id, ready.workshop_id, ready.round, "report_ready_at", event.time, max)


def _record(session: Session, organisation_id: str, workshop_id: str, round_: int, column: str, time, keep) -> None:
    """The organisation's `column` in `round_` becomes `keep(what it was, time)`; a later
    round starts afresh (_new_round)."""
    row = _row(session, organisation_id)
    if row is None:
        values = {"organisation_id": organisation_id, "workshop_id": workshop_id, "round": round_, column: time}
        session.execute(insert(organisation_progress).values(**values))
    elif round_ != row.round:
        _new_round(session, organisation_id, row.round, round_, **{column: time})
    else:
        kept = time if getattr(row, column) is None else keep(getattr(row, column), time)
        if kept != getattr(row, column):
            session.execute(
                update(organisation_progress)
                .where(organisation_progress.c.organisation_id == organisation_id)
                .values(**{column: kept})
            )


def _new_round(session: Session, organisation_id: str, known: int, heard: int, **times) -> None:
    """A later round's first event: its counts start afresh (an earlier round's: nothing)."""
    if heard < known:
        return
    fresh = {"submitted_at": None, "report_ready_at": None, **times}
    session.execute(
        update(organisation_progress)
        .where(organisation_progress.c.organisation_id == organisation_id)
        .values(round=heard, **fresh)
    )


HANDLERS = {"diagnosis.scored": diagnosis_scored, "report.ready": report_ready}


def _newest_round(workshop_id):
    """The workshop's newest round (1 when it has had no follow-up), for a query."""
    newest = (
        select(func.max(workshop_rounds.c.number))
        .where(workshop_rounds.c.workshop_id == workshop_id)
        .correlate(organisations)
        .scalar_subquery()
    )
    return func.coalesce(newest, BASELINE_ROUND)


def by_workshop(session_or_sessions: Session | sessionmaker, workshop_ids: Iterable[str]) -> dict[str, dict[str, int]]:
    """For each workshop asked about: how many of its organisations (withdrawn ones not
    counted) have submitted, and how many have a report ready, in the workshop's newest
    round. One query."""
    ids = list(workshop_ids)
    counts = {w: {"submitted": 0, "reports_ready": 0} for w in ids}
    if not ids:
        return counts
    query = (
        select(
            organisations.c.workshop_id,
            func.count(organisation_progress.c.submitted_at),
            func.count(organisation_progress.c.report_ready_at),
        )
        .join(organisation_progress, organisation_progress.c.organisation_id == organisations.c.id)
        .where(
            organisations.c.workshop_id.in_(ids),
            organisations.c.status != "withdrawn",
            organisation_progress.c.round == _newest_round(organisations.c.workshop_id),
        )
        .group_by(organisations.c.workshop_id)
    )
    if isinstance(session_or_sessions, Session):
        rows = session_or_sessions.execute(query).all()
    else:
        with session_or_sessions() as session:
            rows = session.execute(query).all()
    for workshop_id, submitted, ready in rows:
        counts[workshop_id] = {"submitted": submitted, "reports_ready": ready}
    return counts
