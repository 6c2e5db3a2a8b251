"""What registration announces: workshops and their follow-up rounds, organisations' public
profiles (never their contacts), the lightning-talk agenda, and access grants (only a
token's hash)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from marshmallow import fields

from .base import EventContract, Id, PayloadSchema

PRODUCER = "registration"


@dataclasses.dataclass(frozen=True)
class WorkshopProfile:
    workshop_id: str
    status: str
    title_zh: str | None = None
    title_en: str | None = None
    province: str | None = None
    city: str | None = None
    venue: str | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    capacity: int | None = None
    language: str = "zh"
    # the organiser's programme the workshop belongs to; figures are pooled only within it
    programme_id: str | None = None


class WorkshopProfileSchema(PayloadSchema):
    """Consumers need only the id and the status; reports print the rest when it is there.
    `programme_id` (absent from older events) bounds every figure pooled across workshops."""

    model = WorkshopProfile
    workshop_id = Id(required=True)
    status = fields.String(required=True)
    title_zh = fields.String(load_default=None, allow_none=True)
    title_en = fields.String(load_default=None, allow_none=True)
    province = fields.String(load_default=None, allow_none=True)
    city = fields.String(load_default=None, allow_none=True)
    venue = fields.String(load_default=None, allow_none=True)
    starts_on = fields.Date(load_default=None, allow_none=True)
    ends_on = fields.Date(load_default=None, allow_none=True)
    capacity = fields.Integer(load_default=None, allow_none=True)
    language = fields.String(load_default="zh")
    programme_id = fields.String(load_default=None, allow_none=True)


@dataclasses.dataclass(frozen=True)
class WorkshopStatusChanged:
    workshop_id: str
    previous: str
    status: str


class WorkshopStatusChangedSchema(PayloadSchema):
    model = WorkshopStatusChanged
    workshop_id = Id(required=True)
    previous = fields.String(required=True, data_key="from")
    status = fields.String(required=True, data_key="to")


ROUND_KINDS = ("3_months", "6_months", "date")  # when a follow-up round is due after the workshop
BASELINE_ROUND = 1  # the workshop itself; follow-up rounds are numbered 2, 3, …


@dataclasses.dataclass(frozen=True)
class RoundOpened:
    """A follow-up round of a closed workshop: its organisations diagnose again (the
    workshop's status becomes `follow_up` until the round closes)."""

    workshop_id: str
    round: int
    kind: str  # ROUND_KINDS
    opens_on: dt.date


class RoundOpenedSchema(PayloadSchema):
    model = RoundOpened
    workshop_id = Id(required=True)
    round = fields.Integer(required=True, validate=lambda v: v > BASELINE_ROUND)
    kind = fields.String(required=True)
    opens_on = fields.Date(required=True)


@dataclasses.dataclass(frozen=True)
class AgendaSlot:
    kind: str  # "talk" or "break"
    number: int | None
    starts_at: str  # HH:MM
    ends_at: str
    organisation_id: str | None
    name_zh: str | None
    name_en: str | None
    pinned: bool


class AgendaSlotSchema(PayloadSchema):
    model = AgendaSlot
    kind = fields.String(required=True)
    number = fields.Integer(load_default=None, allow_none=True)
    starts_at = fields.String(required=True)
    ends_at = fields.String(required=True)
    organisation_id = fields.String(load_default=None, allow_none=True)
    name_zh = fields.String(load_default=None, allow_none=True)
    name_en = fields.String(load_default=None, allow_none=True)
    pinned = fields.Boolean(load_default=False)


@dataclasses.dataclass(frozen=True)
class WorkshopAgenda:
    workshop_id: str
    slots: list[AgendaSlot]


class WorkshopAgendaSchema(PayloadSchema):
    model = WorkshopAgenda
    workshop_id = Id(required=True)
    slots = fields.List(fields.Nested(AgendaSlotSchema), required=True)


@dataclasses.dataclass(frozen=True)
class OrganisationProfile:
    organisation_id: str
    workshop_id: str
    name_zh: str
    name_en: str | None = None
    status: str = "registered"
    legal_form: str | None = None
    founded_year: int | None = None
    years_in_sector: int | None = None
    focus_areas: list[str] = dataclasses.field(default_factory=list)
    service_region: str | None = None
    staff_full_time: int | None = None
    staff_part_time: int | None = None
    volunteers: int | None = None

    def public_fields(self) -> dict[str, object]:
        """The profile without its ids, as reports and matching read it."""
        return {
            k: v
            for k, v in OrganisationProfileSchema().dump(self).items()
            if k not in ("organisation_id", "workshop_id")
        }


class OrganisationProfileSchema(PayloadSchema):
    model = OrganisationProfile
    organisation_id = Id(required=True)
    workshop_id = Id(required=True)
    name_zh = fields.String(required=True)
    name_en = fields.String(load_default=None, allow_none=True)
    status = fields.String(load_default="registered")
    legal_form = fields.String(load_default=None, allow_none=True)
    founded_year = fields.Integer(load_default=None, allow_none=True)
    years_in_sector = fields.Integer(load_default=None, allow_none=True)
    focus_areas = fields.List(fields.String(), load_default=list)
    service_region = fields.String(load_default=None, allow_none=True)
    staff_full_time = fields.Integer(load_default=None, allow_none=True)
    staff_part_time = fields.Integer(load_default=None, allow_none=True)
    volunteers = fields.Integer(load_default=None, allow_none=True)


@dataclasses.dataclass(frozen=True)
class OrganisationWithdrawn:
    organisation_id: str
    workshop_id: str


class OrganisationWithdrawnSchema(PayloadSchema):
    model = OrganisationWithdrawn
    organisation_id = Id(required=True)
    workshop_id = Id(required=True)


@dataclasses.dataclass(frozen=True)
class AccessGranted:
    token_hash: str
    role: str
    workshop_id: str
    organisation_id: str | None = None


class AccessGrantedSchema(PayloadSchema):
    model = AccessGranted
    token_hash = fields.String(required=True)
    role = fields.String(required=True)
    workshop_id = fields.String(required=True)
    organisation_id = fields.String(load_default=None, allow_none=True)


@dataclasses.dataclass(frozen=True)
class AccessRevoked:
    token_hash: str


class AccessRevokedSchema(PayloadSchema):
    model = AccessRevoked
    token_hash = fields.String(required=True)


WORKSHOP_CREATED = EventContract[WorkshopProfile]("workshop.created", PRODUCER, WorkshopProfileSchema)
WORKSHOP_UPDATED = EventContract[WorkshopProfile]("workshop.updated", PRODUCER, WorkshopProfileSchema)
WORKSHOP_STATUS_CHANGED = EventContract[WorkshopStatusChanged](
    "workshop.status_changed", PRODUCER, WorkshopStatusChangedSchema
)
WORKSHOP_AGENDA_CHANGED = EventContract[WorkshopAgenda]("workshop.agenda_changed", PRODUCER, WorkshopAgendaSchema)
ORGANISATION_REGISTERED = EventContract[OrganisationProfile](
    "organisation.registered", PRODUCER, OrganisationProfileSchema
)
ORGANISATION_UPDATED = EventContract[OrganisationProfile]("organisation.updated", PRODUCER, OrganisationProfileSchema)
ORGANISATION_WITHDRAWN = EventContract[OrganisationWithdrawn](
    "organisation.withdrawn", PRODUCER, OrganisationWithdrawnSchema
)
ROUND_OPENED = EventContract[RoundOpened]("round.opened", PRODUCER, RoundOpenedSchema)
ACCESS_GRANTED = EventContract[AccessGranted]("access.granted", PRODUCER, AccessGrantedSchema)
ACCESS_REVOKED = EventContract[AccessRevoked]("access.revoked", PRODUCER, AccessRevokedSchema)
