"""Rounds: the workshop itself is round 1; registration announces each follow-up round
(`round.opened`), and from then on its organisations answer, are scored and are compared
in that round. A round never overwrites another: each has its own response versions,
diagnoses and cohort."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.common.contracts import payload_of
from services.common.contracts.registration import BASELINE_ROUND, RoundOpened
from services.common.events import Event

from ..adapters.orm import known_organisations, known_workshops

CLOSED = ("closed", "archived")


def current_round(session: Session, workshop_id: str) -> int:
    found = session.execute(select(known_workshops.c.current_round).where(known_workshops.c.id == workshop_id)).scalar()
    return found or BASELINE_ROUND


def round_of_organisation(session: Session, organisation_id: str) -> int:
    found = session.execute(
        select(known_workshops.c.current_round)
        .join(known_organisations, known_organisations.c.workshop_id == known_workshops.c.id)
        .where(known_organisations.c.id == organisation_id)
    ).scalar()
    return found or BASELINE_ROUND


def answering_round(session: Session, organisation_id: str) -> int | None:
    """The round the organisation answers in now, or None while its workshop is closed."""
    found = session.execute(
        select(known_workshops.c.current_round, known_workshops.c.status)
        .join(known_organisations, known_organisations.c.workshop_id == known_workshops.c.id)
        .where(known_organisations.c.id == organisation_id)
    ).first()
    if found is None:
        return BASELINE_ROUND
    return None if found.status in CLOSED else found.current_round


def remember_round(session: Session, event: Event) -> None:
    """A later round never goes back to an earlier one, whatever order events come in."""
    opened: RoundOpened = payload_of(event)
    session.execute(
        update(known_workshops)
        .where(known_workshops.c.id == opened.workshop_id, known_workshops.c.current_round < opened.round)
        .values(current_round=opened.round)
    )
