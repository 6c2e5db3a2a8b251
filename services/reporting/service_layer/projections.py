"""What reporting keeps of other services' events: the newest diagnosis of each organisation
and the newest cohort of each workshop, in each round (the baseline and every follow-up keep
their own), with the instrument's wording, the cooperation intents, and the profiles and
agendas that reports print. Each keeps only the newest version it has seen."""

from __future__ import annotations

import dataclasses

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from services.common.contracts import payload_of
from services.common.contracts.diagnosis import CohortScored, DiagnosisScored, IntentChanged
from services.common.contracts.registration import (
    OrganisationProfile,
    OrganisationWithdrawn,
    WorkshopAgenda,
    WorkshopProfile,
    WorkshopStatusChanged,
)
from services.common.events import Event

from ..adapters.orm import (
    appendices,
    cohort_snapshots,
    cooperation_intents,
    diagnosis_snapshots,
    organisation_profiles,
    workshop_profiles,
)


def _upsert(session: Session, table: Table, key: str, key_value, values: dict, newer_than=None) -> bool:
    """Insert, or update if `newer_than(existing row)` allows; returns whether it wrote."""
    return _upsert_keyed(session, table, {key: key_value}, values, newer_than)


def _upsert_keyed(session: Session, table: Table, keys: dict, values: dict, newer_than=None) -> bool:
    """`_upsert` of a row named by several columns (an organisation's round)."""
    where = [table.c[k] == v for k, v in keys.items()]
    existing = session.execute(select(table).where(*where)).mappings().first()
    if existing is None:
        session.execute(insert(table).values({**keys, **values}))
        return True
    if newer_than is not None and not newer_than(existing):
        return False
    session.execute(update(table).where(*where).values(**values))
    return True


def remember_diagnosis(session: Session, scored: DiagnosisScored, event: Event) -> bool:
    """The newest version within its round wins (each round keeps its own); returns False
    when the event is older than what we have of that round."""
    return _upsert_keyed(
        session,
        diagnosis_snapshots,
        {"organisation_id": scored.organisation_id, "round": scored.round},
        dict(
            workshop_id=scored.workshop_id,
            version=scored.diagnosis_version,
            instrument_version=scored.instrument_version,
            result=dict(scored.result),
            inputs=dataclasses.asdict(scored.inputs),
            rings=dict(scored.rings) if scored.rings is not None else None,
            updated_at=event.time,
        ),
        newer_than=lambda row: row["version"] <= scored.diagnosis_version,
    )


def remember_cohort(session: Session, event: Event) -> bool:
    """The newest version within its round wins; returns whether this one is the newest seen."""
    cohort: CohortScored = payload_of(event)
    _upsert(session, appendices, "instrument_version", cohort.instrument_version, {"content": cohort.appendix})
    return _upsert_keyed(
        session,
        cohort_snapshots,
        {"workshop_id": cohort.workshop_id, "round": cohort.round},
        dict(
            version=cohort.cohort_version,
            instrument_version=cohort.instrument_version,
            figures=cohort.figures,
            view=cohort.view,
            updated_at=event.time,
        ),
        newer_than=lambda row: row["version"] <= cohort.cohort_version,
    )


def remember_intent(session: Session, event: Event) -> bool:
    """Keep the intent if this revision is newer than the one kept (a redelivered or late older
    one is not); returns whether the agreed intents changed (one agreed, or one agreed no
    longer), which is what reports print."""
    intent: IntentChanged = payload_of(event)
    kept: dict[str, str] = {}

    def newer(row) -> bool:
        kept["state"] = row["state"]
        return row["revision"] < intent.revision

    wrote = _upsert(
        session,
        cooperation_intents,
        "intent_id",
        intent.intent_id,
        dict(
            workshop_id=intent.workshop_id,
            proposer_id=intent.proposer_id,
            partner_id=intent.partner_id,
            kind=intent.kind,
            what=intent.what,
            target_month=intent.target_month,
            state=intent.state,
            recorded_by=intent.recorded_by,
            revision=intent.revision,
            updated_at=event.time,
        ),
        newer_than=newer,
    )
    return wrote and "agreed" in (kept.get("state"), intent.state)


def remember_organisation(session: Session, event: Event) -> None:
    organisation: OrganisationProfile = payload_of(event)
    _upsert(
        session,
        organisation_profiles,
        "id",
        organisation.organisation_id,
        dict(
            workshop_id=organisation.workshop_id,
            name_zh=organisation.name_zh,
            name_en=organisation.name_en,
            status=organisation.status,
            profile=organisation.public_fields(),
            updated_at=event.time,
        ),
        newer_than=lambda row: row["updated_at"] <= event.time,
    )


def forget_organisation(session: Session, event: Event) -> None:
    withdrawn: OrganisationWithdrawn = payload_of(event)
    session.execute(
        update(organisation_profiles)
        .where(organisation_profiles.c.id == withdrawn.organisation_id)
        .values(status="withdrawn")
    )


def remember_workshop(session: Session, event: Event) -> None:
    workshop: WorkshopProfile = payload_of(event)
    _remember_workshop(
        session,
        event,
        workshop.workshop_id,
        dict(
            title_zh=workshop.title_zh,
            title_en=workshop.title_en,
            province=workshop.province,
            city=workshop.city,
            venue=workshop.venue,
            status=workshop.status,
            starts_on=workshop.starts_on,
            ends_on=workshop.ends_on,
        ),
    )


def remember_workshop_status(session: Session, event: Event) -> None:
    change: WorkshopStatusChanged = payload_of(event)
    _remember_workshop(session, event, change.workshop_id, {"status": change.status})


def remember_agenda(session: Session, event: Event) -> None:
    agenda: WorkshopAgenda = payload_of(event)
    _remember_workshop(
        session, event, agenda.workshop_id, {"agenda": [dataclasses.asdict(slot) for slot in agenda.slots]}
    )


def _remember_workshop(session: Session, event: Event, workshop_id: str, values: dict) -> None:
    _upsert(
        session,
        workshop_profiles,
        "id",
        workshop_id,
        dict(values, updated_at=event.time),
        newer_than=lambda row: row["updated_at"] <= event.time,
    )


HANDLERS = {
    "organisation.registered": remember_organisation,
    "organisation.updated": remember_organisation,
    "organisation.withdrawn": forget_organisation,
    "workshop.created": remember_workshop,
    "workshop.updated": remember_workshop,
    "workshop.status_changed": remember_workshop_status,
    "workshop.agenda_changed": remember_agenda,
}
