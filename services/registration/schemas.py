"""What the registration API accepts and returns (also its OpenAPI document)."""

from __future__ import annotations

import datetime as dt

from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from services.common.contracts.registration import ROUND_KINDS
from services.common.fields import Line
from services.common.i18n import N_
from services.common.messages import Message

from .domain.identifiers import credit_code_problem, normalise_credit_code, normalise_mobile
from .domain.model import WorkshopStatus
from .domain.reference import FOCUS_AREAS, LANGUAGES, LEGAL_FORMS

FIRST_FOUNDING_YEAR = 1949
MAX_PEOPLE = 100_000


class CreditCode(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        code = normalise_credit_code(super()._deserialize(value, attr, data, **kwargs))
        problem = credit_code_problem(code)
        if problem:
            raise ValidationError(problem)
        return code


class MainlandMobile(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        number = normalise_mobile(super()._deserialize(value, attr, data, **kwargs))
        if number is None:
            raise ValidationError(N_("Give an 11-digit mainland China mobile number."))
        return number


def _count(**kwargs):
    return fields.Integer(strict=True, validate=validate.Range(min=0, max=MAX_PEOPLE), **kwargs)


def _choice(choices: dict):
    return validate.OneOf(list(choices), error=f"Must be one of: {', '.join(choices)}.")


def _current_year() -> int:
    return dt.date.today().year


class OrganisationProfileSchema(Schema):
    """An organisation's profile as its leader (or a roster) gives it."""

    name_zh = Line(required=True, min_length=1, metadata={"description": "机构名称（中文）"})
    name_en = Line(load_default=None, allow_none=True)
    credit_code = CreditCode(
        load_default=None, allow_none=True, metadata={"description": "统一社会信用代码（18 位，GB 32100-2015 校验）"}
    )
    legal_form = fields.String(load_default=None, allow_none=True, validate=_choice(LEGAL_FORMS))
    founded_year = fields.Integer(strict=True, load_default=None, allow_none=True)
    years_in_sector = fields.Integer(
        strict=True,
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=0, max=70),
        metadata={"description": "负责人从业年限（站年轮排序用）"},
    )
    focus_areas = fields.List(
        fields.String(validate=_choice(FOCUS_AREAS)), load_default=list, validate=validate.Length(max=len(FOCUS_AREAS))
    )
    service_region = Line(100, load_default=None, allow_none=True)
    leader_name = Line(50, load_default=None, allow_none=True)
    mobile = MainlandMobile(load_default=None, allow_none=True)
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    staff_full_time = _count(load_default=None, allow_none=True)
    staff_part_time = _count(load_default=None, allow_none=True)
    volunteers = _count(load_default=None, allow_none=True)

    @validates_schema
    def _founding_year_possible(self, data, **_kwargs):
        year = data.get("founded_year")
        if year is not None and not FIRST_FOUNDING_YEAR <= year <= _current_year():
            raise ValidationError(
                Message(
                    N_("The founding year must be between %(first)s and %(last)s."),
                    first=FIRST_FOUNDING_YEAR,
                    last=_current_year(),
                ),
                "founded_year",
            )

    @post_load
    def _distinct_focus_areas(self, data, **_kwargs):
        if "focus_areas" in data:
            data["focus_areas"] = list(dict.fromkeys(data["focus_areas"]))
        return data


class OrganisationSchema(OrganisationProfileSchema):
    """An organisation as its owner and its workshop's facilitators see it."""

    id = fields.String(dump_only=True)
    workshop_id = fields.String(dump_only=True)
    status = fields.String(dump_only=True, metadata={"description": "registered | waitlisted | withdrawn"})
    registered_at = fields.AwareDateTime(dump_only=True)


class RegisteredOrganisationSchema(OrganisationSchema):
    access_token = fields.String(
        dump_only=True,
        metadata={
            "description": "机构专属访问令牌，只显示这一次，请妥善保存 / the organisation's private token, shown once"
        },
    )


class WorkshopFieldsSchema(Schema):
    title_zh = Line(required=True, min_length=1, metadata={"description": "标题（中文）"})
    title_en = Line(load_default=None, allow_none=True)
    province = Line(50, required=True, min_length=1)
    city = Line(100, required=True, min_length=1)
    venue = Line(200, load_default=None, allow_none=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    capacity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=500))
    language = fields.String(load_default="zh", validate=_choice(LANGUAGES))
    talk_minutes = fields.Integer(strict=True, load_default=2, validate=validate.Range(min=1, max=15))
    break_every = fields.Integer(
        strict=True,
        load_default=12,
        validate=validate.Range(min=0, max=100),
        metadata={"description": "每 N 个发言后茶歇，0 为不安排"},
    )
    break_minutes = fields.Integer(strict=True, load_default=10, validate=validate.Range(min=0, max=60))
    agenda_starts_at = fields.Time(load_default=dt.time(9, 0), format="%H:%M")
    agenda_order = fields.String(
        load_default="longest_first", validate=validate.OneOf(["longest_first", "shortest_first"])
    )

    @validates_schema
    def _dates_in_order(self, data, **_kwargs):
        if "starts_on" in data and "ends_on" in data and data["ends_on"] < data["starts_on"]:
            raise ValidationError(N_("Must not be before starts_on."), "ends_on")


class WorkshopSchema(WorkshopFieldsSchema):
    id = fields.String(dump_only=True)
    code = fields.String(dump_only=True, metadata={"description": "公开报名码 / public registration code"})
    status = fields.String(dump_only=True)
    counts = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        dump_only=True,
        metadata={"description": "registered / waitlisted / withdrawn"},
    )


class WorkshopCreatedSchema(WorkshopSchema):
    facilitator_token = fields.String(
        dump_only=True, metadata={"description": "主持人访问令牌，只显示这一次 / the facilitator's token, shown once"}
    )


class PublicWorkshopSchema(Schema):
    """What anyone with the registration code may see."""

    code = fields.String()
    title_zh = fields.String()
    title_en = fields.String(allow_none=True)
    province = fields.String()
    city = fields.String()
    venue = fields.String(allow_none=True)
    starts_on = fields.Date()
    ends_on = fields.Date()
    language = fields.String()
    status = fields.String()
    places_left = fields.Integer(metadata={"description": "剩余名额；为 0 时新报名进入候补"})


class StatusChangeSchema(Schema):
    status = fields.String(required=True, validate=_choice({s.value: s for s in WorkshopStatus}))


class TokenCreateSchema(Schema):
    label = Line(100, load_default=None, allow_none=True, metadata={"description": "e.g. 协同主持人 张老师"})


class TokenSchema(Schema):
    id = fields.String()
    role = fields.String()
    label = fields.String(allow_none=True)
    organisation_id = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    revoked_at = fields.AwareDateTime(allow_none=True)


class IssuedTokenSchema(TokenSchema):
    token = fields.String(metadata={"description": "只显示这一次 / shown once"})


class PrincipalSchema(Schema):
    role = fields.String()
    workshop_id = fields.String()
    organisation_id = fields.String(allow_none=True)


class RosterListSchema(Schema):
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    organisations = fields.List(fields.Nested(OrganisationSchema))


class ReferenceSchema(Schema):
    legal_forms = fields.Dict()
    focus_areas = fields.Dict()
    languages = fields.Dict()


class WorkshopChangesSchema(WorkshopFieldsSchema):
    """A PATCH: any of the workshop's fields (use with partial=True)."""


class OrganisationChangesSchema(OrganisationProfileSchema):
    """A PATCH: any of the profile's fields (use with partial=True)."""


class SlotSchema(Schema):
    kind = fields.String(metadata={"description": "talk | break"})
    number = fields.Integer(allow_none=True)
    starts_at = fields.Time(format="%H:%M")
    ends_at = fields.Time(format="%H:%M")
    organisation_id = fields.String(allow_none=True)
    name_zh = fields.String(allow_none=True)
    name_en = fields.String(allow_none=True)
    years_in_sector = fields.Integer(allow_none=True)
    pinned = fields.Boolean()


class AgendaSchema(Schema):
    workshop_id = fields.Function(lambda agenda: agenda["workshop"]["id"])
    talk_minutes = fields.Function(lambda agenda: agenda["settings"].talk_minutes)
    order = fields.Function(lambda agenda: str(agenda["settings"].order))
    slots = fields.List(fields.Nested(SlotSchema))


class MoveSchema(Schema):
    direction = fields.String(required=True, validate=validate.OneOf(["up", "down"]))


class PinSchema(Schema):
    position = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=1, max=1000),
        metadata={"description": "第几个发言（从 1 开始） / the talk's number, from 1"},
    )


class RosterUploadSchema(Schema):
    file = Upload(required=True, metadata={"description": ".xlsx 或 .csv（首行为表头）"})


class RosterIssueSchema(Schema):
    row = fields.Integer()
    column = fields.String(allow_none=True)
    field = fields.String(allow_none=True)
    message_zh = fields.String()
    message_en = fields.String()


class RosterRowSchema(Schema):
    row = fields.Integer()
    name_zh = fields.String(allow_none=True)
    valid = fields.Boolean()


class RosterPreviewSchema(Schema):
    rows = fields.List(fields.Nested(RosterRowSchema))
    errors = fields.List(fields.Nested(RosterIssueSchema))
    valid_rows = fields.Integer()
    invalid_rows = fields.Integer()
    warnings = fields.List(fields.Nested(RosterIssueSchema))


class ImportedOrganisationSchema(Schema):
    row = fields.Integer()
    id = fields.String()
    name_zh = fields.String()
    status = fields.String()
    access_token = fields.String(metadata={"description": "只显示这一次 / shown once"})


class RosterImportSchema(RosterPreviewSchema):
    imported = fields.List(fields.Nested(ImportedOrganisationSchema))


class RoundOpenSchema(Schema):
    """A follow-up round to open: 3 or 6 months after the workshop's end, or on a date."""

    kind = fields.String(
        required=True,
        validate=_choice({kind: kind for kind in ROUND_KINDS}),
        metadata={"description": "3_months | 6_months | date（回访时间：结束后 3 个月、6 个月，或指定日期）"},
    )
    opens_on = fields.Date(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "kind 为 date 时必填，不早于工作坊结束日 / with kind=date: not before the workshop's end"
        },
    )


class RoundSchema(Schema):
    id = fields.String()
    workshop_id = fields.String()
    number = fields.Integer(
        metadata={"description": "第几轮（工作坊本身为第 1 轮） / the round; the workshop is round 1"}
    )
    kind = fields.String()
    opens_on = fields.Date()
    opened_at = fields.AwareDateTime()
    closed_at = fields.AwareDateTime(allow_none=True)
    is_open = fields.Boolean()
