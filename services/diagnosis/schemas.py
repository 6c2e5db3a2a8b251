"""What the diagnosis API accepts and returns (the events it reads and writes have their
contracts in services.common.contracts)."""

from __future__ import annotations

import math

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from services.common.contracts.diagnosis import INTENT_OUTCOMES, OUTCOMES, DiagnosisResultSchema, RingsSchema
from services.common.fields import Line
from services.common.i18n import N_

from .adapters.instrument_files import current_instrument
from .domain import cooperation
from .domain.amounts import NotAnAmount, parse_amount
from .domain.cooperation import KINDS
from .domain.instrument import LEVELS, PATHS, SCAN_CHOICES

MAX_AMOUNT = 1e12  # yuan; far above any grassroots organisation, far below overflow
LEADER_ONLY = ("numbers", "scan", "scan_text", "scan_text_named", "stage_evidence", "path_views", "follow_up")
CHANGE_MAX, NOTE_MAX = 1000, 300  # characters: a few sentences, not an essay


def _unknown(message: str, codes) -> ValidationError:
    return ValidationError({code: [message] for code in codes})


NOT_AN_AMOUNT = N_("Not an amount: type a number, for example 35000 or 3.5万.")


class Amount(fields.Field):
    """A figure as a number, or as people type it: "3.5万", "12,000", "1.2万元", full-width
    digits (domain.amounts). It is always returned as a number. (A plain Field, so that the
    OpenAPI document says "a number or a string" rather than only a number.)"""

    default_error_messages = {"invalid": NOT_AN_AMOUNT}

    def __init__(self, **kwargs):
        metadata = {
            "oneOf": [{"type": "number"}, {"type": "string", "example": "3.5万"}],
            **kwargs.pop("metadata", {}),
        }
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> float:
        if isinstance(value, str):
            try:
                return parse_amount(value)
            except NotAnAmount as error:
                raise self.make_error("invalid") from error
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.make_error("invalid")
        try:
            number = float(value)
        except OverflowError:  # an integer beyond any float: far out of range anyway
            number = math.inf
        if math.isnan(number):
            raise self.make_error("invalid")
        return number  # ±inf is refused by the range check, in words

    def _serialize(self, value, attr, obj, **kwargs):
        return value


class AnswerNoteSchema(Schema):
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=NOTE_MAX))


class ActionAnswerSchema(AnswerNoteSchema):
    outcome = fields.String(
        required=True, validate=validate.OneOf(OUTCOMES), metadata={"description": "done | partly | not_yet"}
    )


class IntentAnswerSchema(AnswerNoteSchema):
    outcome = fields.String(
        required=True,
        validate=validate.OneOf(INTENT_OUTCOMES),
        metadata={"description": "happened | in_progress | dropped"},
    )


class FollowUpSchema(Schema):
    """A follow-up round's own answers (the leader's): what changed, per section of the
    questionnaire; what each action of the last report's priorities came to (by priority
    area); what each agreed intent came to (by intent id)."""

    changes = fields.Dict(
        keys=fields.String(), values=fields.String(validate=validate.Length(max=CHANGE_MAX)), load_default=dict
    )
    actions = fields.Dict(keys=fields.String(), values=fields.Nested(ActionAnswerSchema), load_default=dict)
    intents = fields.Dict(keys=fields.String(), values=fields.Nested(IntentAnswerSchema), load_default=dict)


class ResponseSchema(Schema):
    """A respondent's answers; a draft may be partial. Staff and board answer the rubric
    items only; the leader also gives the numbers, the scan, the stage and the paths."""

    answers = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(strict=True, validate=validate.OneOf(LEVELS)),
        load_default=dict,
        metadata={"description": "题目代码 → 等级 1–4"},
    )
    numbers = fields.Dict(
        keys=fields.String(),
        values=Amount(),
        load_default=dict,
        metadata={"description": "硬数据（元 / 人）：数字，或“3.5万”“12,000”这样的写法 / a number, or as typed"},
    )
    scan = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(strict=True, validate=validate.OneOf(SCAN_CHOICES)),
        load_default=dict,
        metadata={"description": "0 不适用 / 1 适用 / 2 非常适用"},
    )
    scan_text = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))
    scan_text_named = fields.Boolean(
        load_default=False,
        metadata={"description": "the workshop summary may quote scan_text under the organisation's name (default no)"},
    )
    stage_evidence = fields.Dict(keys=fields.String(), values=fields.Boolean(), load_default=dict)
    path_views = fields.Dict(
        keys=fields.String(validate=validate.OneOf(PATHS)),
        values=fields.Integer(strict=True, validate=validate.OneOf(LEVELS)),
        load_default=dict,
    )
    follow_up = fields.Nested(
        FollowUpSchema, load_default=dict, metadata={"description": "a follow-up round's own answers (the leader's)"}
    )

    @validates_schema(skip_on_field_errors=False)  # every error in one round, the fields' and these
    def _known_codes(self, data, **_kwargs):
        instrument = current_instrument()
        errors = {}
        for field, known, message in (
            ("answers", instrument.items, N_("Unknown item.")),
            ("numbers", {n.code for n in instrument.numbers}, N_("Unknown figure.")),
            ("scan", {s.code for s in instrument.scan_items}, N_("Unknown scan item.")),
            ("stage_evidence", {c.code for c in instrument.stage_criteria}, N_("Unknown stage criterion.")),
        ):
            unknown = sorted(set(data.get(field, {})) - set(known))
            if unknown:
                errors[field] = _unknown(message, unknown).messages
        errors.update(_number_problems(instrument, data.get("numbers", {})))
        if errors:
            raise ValidationError(errors)


def _number_problems(instrument, numbers: dict) -> dict:
    units = {n.code: n.unit for n in instrument.numbers}
    problems = {}
    for code, value in numbers.items():
        if code not in units:
            continue
        if not -MAX_AMOUNT <= value <= MAX_AMOUNT:
            problems[code] = [N_("The amount is out of any plausible range.")]
        elif value < 0 and not code.startswith("balance."):  # only balances can be negative (a deficit)
            problems[code] = [N_("Must not be negative.")]
        elif units[code] == "people" and value != int(value):
            problems[code] = [N_("A number of people is a whole number.")]
    staff = numbers.get("people.staff_full_time", 0) + numbers.get("people.staff_part_time", 0)
    if numbers.get("people.fundraising_staff", 0) > staff and "people.fundraising_staff" not in problems:
        problems["people.fundraising_staff"] = [N_("Fundraising staff cannot exceed full- plus part-time staff.")]
    net, reserves = numbers.get("balance.net_assets"), numbers.get("balance.unrestricted_reserves")
    if (
        net is not None
        and reserves is not None
        and reserves > max(net, 0)
        and "balance.unrestricted_reserves" not in problems
    ):
        problems["balance.unrestricted_reserves"] = [
            N_("Unrestricted reserves are part of net assets and cannot exceed them.")
        ]
    return {"numbers": problems} if problems else {}


class StoredResponseSchema(ResponseSchema):
    id = fields.String(dump_only=True)
    respondent_id = fields.String(dump_only=True)
    version = fields.Integer(dump_only=True)
    round = fields.Integer(dump_only=True, metadata={"description": "1: the workshop; 2…: its follow-up rounds"})
    instrument_version = fields.String(dump_only=True)
    state = fields.String(dump_only=True, metadata={"description": "draft | submitted"})
    updated_at = fields.AwareDateTime(dump_only=True)
    submitted_at = fields.AwareDateTime(dump_only=True, allow_none=True)


class RespondentCreateSchema(Schema):
    role = fields.String(required=True, validate=validate.OneOf(["staff", "board"]))
    label = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=100),
        metadata={"description": "e.g. 项目主管 小王"},
    )


class RespondentSchema(Schema):
    id = fields.String()
    role = fields.String()
    label = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    revoked_at = fields.AwareDateTime(allow_none=True)
    state = fields.String(allow_none=True, metadata={"description": "none | draft | submitted"})


class InvitedRespondentSchema(RespondentSchema):
    token = fields.String(metadata={"description": "填写链接的令牌，只显示这一次 / the respondent's token, shown once"})


class DiagnosisSchema(Schema):
    organisation_id = fields.String()
    workshop_id = fields.String()
    version = fields.Integer()
    round = fields.Integer(metadata={"description": "1: the workshop; 2…: its follow-up rounds"})
    instrument_version = fields.String()
    computed_at = fields.AwareDateTime()
    result = fields.Nested(DiagnosisResultSchema, metadata={"description": "every figure with its reasons"})
    rings = fields.Nested(
        RingsSchema, allow_none=True, metadata={"description": "a follow-up round against the rounds before it"}
    )
    cohort = fields.Dict(
        metadata={
            "description": "benchmarks within the workshop (benchmark, percentiles) and across the workshops of "
            "the same programme (n ≥ 5) (benchmark_all_workshops, percentiles_all_workshops); "
            "never over another programme's workshops"
        }
    )


class CohortSchema(Schema):
    workshop_id = fields.String()
    round = fields.Integer(metadata={"description": "the round its figures are of"})
    participation = fields.Dict()
    benchmark = fields.Dict(allow_none=True)
    benchmark_all_workshops = fields.Dict(
        allow_none=True,
        metadata={"description": "across the workshops of the same programme (n ≥ 5); never another programme's"},
    )
    scan = fields.List(fields.Dict(), allow_none=True)
    scan_texts = fields.List(fields.Dict())
    stages = fields.Dict()
    paths = fields.Dict()
    common_weaknesses = fields.List(fields.Dict())
    matches = fields.List(fields.Dict(), metadata={"description": "the 100 best suggestions at most"})
    matches_total = fields.Integer(metadata={"description": "how many suggestions there are in all"})


class ProgrammeDimensionSchema(Schema):
    code = fields.String()
    name = fields.Dict(metadata={"description": "zh, en"})
    median = fields.Float(allow_none=True, metadata={"description": "0–100; null below 5 organisations"})
    q1 = fields.Float(allow_none=True)
    q3 = fields.Float(allow_none=True)
    n_organisations = fields.Integer(metadata={"description": "organisations with a score on the dimension"})
    n_workshops = fields.Integer(metadata={"description": "workshops those organisations come from"})
    suppressed = fields.Boolean()


class ProgrammeBenchmarkSchema(Schema):
    """Across the workshops of the same programme (n ≥ 5): the latest diagnosis of every
    organisation of the programme's workshops, never of another programme's."""

    workshop_id = fields.String()
    programme_id = fields.String(allow_none=True, metadata={"description": "null: workshops without a programme"})
    min_cohort = fields.Integer()
    n_organisations = fields.Integer()
    n_workshops = fields.Integer()
    suppressed = fields.Boolean(metadata={"description": "fewer than min_cohort organisations: no median is shown"})
    dimensions = fields.List(fields.Nested(ProgrammeDimensionSchema))


MONTH = validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", error=N_("Choose a month (YYYY-MM)."))


class IntentCreateSchema(Schema):
    partner_id = fields.String(required=True, metadata={"description": "the other organisation of the workshop"})
    kind = fields.String(required=True, validate=validate.OneOf(list(KINDS)))
    what = Line(cooperation.MAX_WHAT, min_length=1, required=True, metadata={"description": "一句话：做什么"})
    target_month = fields.String(required=True, validate=MONTH, metadata={"example": "2027-03"})


class IntentRecordSchema(IntentCreateSchema):
    """An intent agreed in the room, recorded by the facilitator for both sides."""

    proposer_id = fields.String(required=True)


class NameSchema(Schema):
    zh = fields.String()
    en = fields.String(allow_none=True)


class IntentSchema(Schema):
    id = fields.String()
    workshop_id = fields.String()
    proposer_id = fields.String()
    partner_id = fields.String()
    proposer_name = fields.Nested(NameSchema)
    partner_name = fields.Nested(NameSchema)
    kind = fields.String()
    what = fields.String()
    target_month = fields.String()
    state = fields.String(metadata={"description": "proposed | agreed | declined | withdrawn"})
    recorded_by = fields.String(metadata={"description": "organisation | facilitator (agreed in the room)"})
    mine_to_answer = fields.Boolean(metadata={"description": "proposed to the caller, waiting for its answer"})
    created_at = fields.AwareDateTime()
    answered_at = fields.AwareDateTime(allow_none=True)


class PeerSchema(Schema):
    id = fields.String()
    name_zh = fields.String()
    name_en = fields.String(allow_none=True)
    suggested_kind = fields.String(allow_none=True, metadata={"description": "a suggested match's kind, if one"})


class MyIntentsSchema(Schema):
    organisation_id = fields.String()
    intents = fields.List(fields.Nested(IntentSchema))
    peers = fields.List(fields.Nested(PeerSchema))


class WorkshopIntentsSchema(Schema):
    intents = fields.List(fields.Nested(IntentSchema))
    organisations = fields.List(fields.Nested(PeerSchema))


class _ProgressFigures(Schema):
    workshop_id = fields.String()
    compared = fields.Integer(metadata={"description": "organisations with a baseline that answered this round"})
    min_cohort = fields.Integer()
    suppressed = fields.Boolean(metadata={"description": "fewer than min_cohort compared: no figure shown"})
    dimensions = fields.Dict(metadata={"description": "per dimension: median change, how many up, same, down"})
    improved = fields.Integer(metadata={"description": "organisations with at least one dimension clearly up"})
    weaknesses = fields.List(
        fields.Dict(),
        metadata={"description": "shared weaknesses of the last round: closed when half as many have them"},
    )
    intents = fields.Dict(metadata={"description": "agreed intents by what both sides say they came to"})


class ProgressSchema(_ProgressFigures):
    round = fields.Integer(metadata={"description": "the round answered now; 1: no follow-up yet"})
    improved_most = fields.List(fields.Dict())
    stalled = fields.List(fields.Dict(), metadata={"description": "no dimension clearly up since the baseline"})


class ProgrammeProgressSchema(_ProgressFigures):
    workshops = fields.Integer(metadata={"description": "the programme's workshops with a follow-up round"})
    stalled = fields.Integer(metadata={"description": "how many have no dimension clearly up (none named)"})
