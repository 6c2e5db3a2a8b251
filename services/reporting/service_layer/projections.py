"""What reporting keeps of other services' events: the newest diagnosis of each organisation,
the newest cohort of each workshop with the instrument's wording, and the profiles and
agendas that reports print. Each keeps only the newest version it has seen."""
from __future__ import annotations

import datetime as dt

from marshmallow import EXCLUDE, Schema, fields
from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from services.common.events import Event

from ..adapters.orm import appendices, cohort_snapshots, diagnosis_snapshots, organisation_profiles, workshop_profiles


class _Payload(Schema):
    class Meta:
        unknown = EXCLUDE


class CohortPayload(_Payload):
    workshop_id = fields.UUID(required=True)
    cohort_version = fields.Integer(required=True)
    instrument_version = fields.String(required=True)
    figures = fields.Dict(required=True)
    view = fields.Dict(required=True)
    appendix = fields.Dict(required=True)


class OrganisationPayload(_Payload):
    organisation_id = fields.UUID(required=True)
    workshop_id = fields.UUID(required=True)
    name_zh = fields.String(required=True)
    name_en = fields.String(load_default=None, allow_none=True)
    status = fields.String(load_default="registered")


class WorkshopPayload(_Payload):
    workshop_id = fields.UUID(required=True)


def _upsert(session: Session, table: Table, key: str, key_value, values: dict, newer_than=None) -> bool:
    """Insert, or update if `newer_than(existing row)` allows; returns whether it wrote."""
    existing = session.execute(select(table).where(table.c[key] == key_value)).mappings().first()
    if existing is None:
        session.execute(insert(table).values({key: key_value, **values}))
        return True
    if newer_than is not None and not newer_than(existing):
        return False
    session.execute(update(table).where(table.c[key] == key_value).values(**values))
    return True


def remember_diagnosis(session: Session, organisation_id: str, payload: dict, event: Event) -> bool:
    """The newest version wins; returns False when the event is older than what we have."""
    return _upsert(session, diagnosis_snapshots, "organisation_id", organisation_id, dict(
        workshop_id=str(payload["workshop_id"]), version=payload["diagnosis_version"],
        instrument_version=event.payload.get("instrument_version", ""), result=payload["result"],
        inputs=payload["inputs"], updated_at=event.time), newer_than=lambda row: row["version"] <= payload["diagnosis_version"])


def remember_cohort(session: Session, event: Event) -> int:
    payload = CohortPayload().load(event.payload)
    workshop_id = str(payload["workshop_id"])
    _upsert(session, appendices, "instrument_version", payload["instrument_version"], {"content": payload["appendix"]})
    _upsert(session, cohort_snapshots, "workshop_id", workshop_id, dict(
        version=payload["cohort_version"], instrument_version=payload["instrument_version"],
        figures=payload["figures"], view=payload["view"], updated_at=event.time),
        newer_than=lambda row: row["version"] <= payload["cohort_version"])
    return payload["cohort_version"]


def remember_organisation(session: Session, event: Event) -> None:
    payload = OrganisationPayload().load(event.payload)
    profile = {k: v for k, v in event.payload.items() if k not in ("organisation_id", "workshop_id")}
    _upsert(session, organisation_profiles, "id", str(payload["organisation_id"]), dict(
        workshop_id=str(payload["workshop_id"]), name_zh=payload["name_zh"], name_en=payload["name_en"],
        status=payload["status"], profile=profile, updated_at=event.time),
        newer_than=lambda row: row["updated_at"] <= event.time)


def forget_organisation(session: Session, event: Event) -> None:
    session.execute(update(organisation_profiles).where(
        organisation_profiles.c.id == str(event.payload.get("organisation_id"))).values(status="withdrawn"))


def remember_workshop(session: Session, event: Event) -> None:
    workshop_id = str(WorkshopPayload().load(event.payload)["workshop_id"])
    values = {field: event.payload[field] for field in ("title_zh", "title_en", "province", "city", "venue", "status")
              if field in event.payload}
    if "to" in event.payload:
        values["status"] = event.payload["to"]
    for field in ("starts_on", "ends_on"):
        if field in event.payload:
            values[field] = dt.date.fromisoformat(event.payload[field])
    if "slots" in event.payload:
        values["agenda"] = event.payload["slots"]
    _upsert(session, workshop_profiles, "id", workshop_id, dict(values, updated_at=event.time),
            newer_than=lambda row: row["updated_at"] <= event.time)


HANDLERS = {
    "organisation.registered": remember_organisation,
    "organisation.updated": remember_organisation,
    "organisation.withdrawn": forget_organisation,
    "workshop.created": remember_workshop,
    "workshop.updated": remember_workshop,
    "workshop.status_changed": remember_workshop,
    "workshop.agenda_changed": remember_workshop,
}
