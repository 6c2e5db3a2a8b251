"""What diagnosis keeps of registration's events: workshops (their status decides whether
answers may still change) and organisations (their public profile, for matching)."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from services.common.contracts import payload_of
from services.common.contracts.registration import OrganisationWithdrawn, WorkshopProfile, WorkshopStatusChanged
from services.common.events import Event

from ..adapters.instrument_files import current_instrument
from ..adapters.orm import diagnoses, known_organisations, known_workshops
from .recompute import recompute
from .rounds import remember_round


def remember_workshop(session: Session, event: Event) -> None:
    """The newest event decides the status; the programme comes only with the workshop's
    profile (a status change does not carry it), so an older profile still fills it in when
    none is known yet."""
    payload: WorkshopProfile | WorkshopStatusChanged = payload_of(event)
    workshop_id, status = payload.workshop_id, payload.status
    programme = {"programme_id": payload.programme_id} if isinstance(payload, WorkshopProfile) else {}
    known = session.execute(
        select(known_workshops.c.updated_at, known_workshops.c.programme_id).where(known_workshops.c.id == workshop_id)
    ).first()
    if known is None:
        session.execute(
            insert(known_workshops).values(id=workshop_id, status=status, updated_at=event.time, **programme)
        )
    elif known.updated_at <= event.time:  # events may arrive out of order: the newest wins
        session.execute(
            update(known_workshops)
            .where(known_workshops.c.id == workshop_id)
            .values(status=status, updated_at=event.time, **programme)
        )
    elif known.programme_id is None and programme.get("programme_id"):
        session.execute(update(known_workshops).where(known_workshops.c.id == workshop_id).values(**programme))


def remember_organisation(session: Session, event: Event) -> None:
    organisation = payload_of(event)
    values = dict(
        workshop_id=organisation.workshop_id,
        name_zh=organisation.name_zh,
        name_en=organisation.name_en,
        status=organisation.status,
        profile=_matching_profile(organisation.public_fields()),
        registered_at=event.time,
    )
    known = session.execute(
        select(known_organisations.c.registered_at).where(known_organisations.c.id == organisation.organisation_id)
    ).first()
    if known is None:
        session.execute(insert(known_organisations).values(id=organisation.organisation_id, **values))
    elif known.registered_at <= event.time:
        session.execute(
            update(known_organisations).where(known_organisations.c.id == organisation.organisation_id).values(**values)
        )
        _cohort_changed(session, values["workshop_id"])  # focus areas and regions feed the matches


def _matching_profile(public: dict) -> dict:
    return {k: v for k, v in public.items() if k not in ("name_zh", "name_en", "status")}


def forget_organisation(session: Session, event: Event) -> None:
    """`organisation.withdrawn`: the row stays (its answers too), marked withdrawn, and the
    cohort it leaves is recomputed without it."""
    withdrawn: OrganisationWithdrawn = payload_of(event)
    session.execute(
        update(known_organisations)
        .where(known_organisations.c.id == withdrawn.organisation_id)
        .values(status="withdrawn")
    )
    workshop_id = session.execute(
        select(known_organisations.c.workshop_id).where(known_organisations.c.id == withdrawn.organisation_id)
    ).scalar()
    if workshop_id is not None:
        _cohort_changed(session, workshop_id)


def _cohort_changed(session: Session, workshop_id: str) -> None:
    has_diagnoses = session.execute(
        select(diagnoses.c.id).where(diagnoses.c.workshop_id == workshop_id).limit(1)
    ).first()
    if has_diagnoses:
        recompute(session, current_instrument(), workshop_id)


HANDLERS = {
    "workshop.created": remember_workshop,
    "workshop.updated": remember_workshop,
    "workshop.status_changed": remember_workshop,
    "organisation.registered": remember_organisation,
    "organisation.updated": remember_organisation,
    "organisation.withdrawn": forget_organisation,
    "round.opened": remember_round,
}
