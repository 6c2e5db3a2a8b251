"""What diagnosis keeps of registration's events: workshops (their status decides whether
answers may still change) and organisations (their public profile, for matching)."""
from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from services.common.events import Event

from ..adapters.instrument_files import current_instrument
from ..adapters.orm import diagnoses, known_organisations, known_workshops
from ..schemas import OrganisationPayload, WithdrawnOrganisationPayload, WorkshopPayload
from .recompute import recompute


def remember_workshop(session: Session, event: Event) -> None:
    payload = WorkshopPayload().load(event.payload)
    status = payload["to"] or payload["status"]
    workshop_id = str(payload["workshop_id"])
    known = session.execute(select(known_workshops.c.updated_at).where(known_workshops.c.id == workshop_id)).first()
    if known is None:
        session.execute(insert(known_workshops).values(id=workshop_id, status=status, updated_at=event.time))
    elif known.updated_at <= event.time:  # events may arrive out of order: the newest wins
        session.execute(update(known_workshops).where(known_workshops.c.id == workshop_id)
                        .values(status=status, updated_at=event.time))


def remember_organisation(session: Session, event: Event) -> None:
    payload = OrganisationPayload().load(event.payload)
    organisation_id = str(payload.pop("organisation_id"))
    values = dict(workshop_id=str(payload.pop("workshop_id")), name_zh=payload.pop("name_zh"),
                  name_en=payload.pop("name_en"), status=payload.pop("status"), profile=payload,
                  registered_at=event.time)
    known = session.execute(select(known_organisations.c.registered_at)
                            .where(known_organisations.c.id == organisation_id)).first()
    if known is None:
        session.execute(insert(known_organisations).values(id=organisation_id, **values))
    elif known.registered_at <= event.time:
        session.execute(update(known_organisations).where(known_organisations.c.id == organisation_id).values(**values))
        _cohort_changed(session, values["workshop_id"])  # focus areas and regions feed the matches


def forget_organisation(session: Session, event: Event) -> None:
    """`organisation.withdrawn`: the row stays (its answers too), marked withdrawn, and the
    cohort it leaves is recomputed without it."""
    organisation_id = str(WithdrawnOrganisationPayload().load(event.payload)["organisation_id"])
    session.execute(update(known_organisations).where(known_organisations.c.id == organisation_id)
                    .values(status="withdrawn"))
    workshop_id = session.execute(select(known_organisations.c.workshop_id)
                                  .where(known_organisations.c.id == organisation_id)).scalar()
    if workshop_id is not None:
        _cohort_changed(session, workshop_id)


def _cohort_changed(session: Session, workshop_id: str) -> None:
    has_diagnoses = session.execute(select(diagnoses.c.id).where(diagnoses.c.workshop_id == workshop_id).limit(1)).first()
    if has_diagnoses:
        recompute(session, current_instrument(), workshop_id)


HANDLERS = {
    "workshop.created": remember_workshop,
    "workshop.updated": remember_workshop,
    "workshop.status_changed": remember_workshop,
    "organisation.registered": remember_organisation,
    "organisation.updated": remember_organisation,
    "organisation.withdrawn": forget_organisation,
}
