"""What diagnosis announces: each organisation's new diagnosis (`diagnosis.scored`), each
workshop's new cohort figures (`cohort.scored`), and each change of a cooperation intent
between two of its organisations (`intent.changed`).

The diagnosis result is one document (every figure with its reasons, bilingual): its
schema documents and checks its shape, and it travels and is stored as that document."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from marshmallow import INCLUDE, Schema, fields

from .base import Document, EventContract, Id, PayloadSchema

PRODUCER = "diagnosis"
# No aggregate over fewer organisations than this is published, so that no single
# organisation's figures can be worked out from it.
MIN_COHORT = 5
# Raters (staff, board) are kept confidential: no figure is published over fewer raters than
# this, so that no one rater's answers can be read or worked out from a report.
MIN_RATERS = 3
TEAM_ROLES = ("staff", "board")
OTHER_RATERS = "other"  # staff and board merged into one group (其他评分人)


def rater_groups(counts: Mapping[str, int]) -> dict[str, tuple[str, ...]]:
    """The groups of staff and board raters that may have figures of their own, from how
    many of each role submitted: none when the team (staff + board) is below MIN_RATERS;
    each role when every role with raters has at least MIN_RATERS (a smaller role could
    otherwise be worked out from the team's figure minus the other role's); else one merged
    group, "other raters". The leader is one person and sees their own figures regardless."""
    sizes = {role: int(counts.get(role) or 0) for role in TEAM_ROLES}
    if sum(sizes.values()) < MIN_RATERS:
        return {}
    present = [role for role in TEAM_ROLES if sizes[role]]
    if all(sizes[role] >= MIN_RATERS for role in present):
        return {role: (role,) for role in present}
    return {OTHER_RATERS: TEAM_ROLES}


class _Document(Schema):
    """Documents and checks the result's shape: any figure may be unknown (null), as when
    nobody answered or no stage criterion was met, and what it does not declare stays."""

    class Meta:
        unknown = INCLUDE

    def on_bind_field(self, field_name: str, field_obj: fields.Field[Any]) -> None:
        field_obj.allow_none = True


class TextSchema(_Document):
    zh = fields.String(required=True)
    en = fields.String(allow_none=True)


def _text(**kwargs: Any) -> fields.Nested:
    return fields.Nested(TextSchema, **kwargs)


class RatersSchema(_Document):
    count = fields.Integer(required=True)
    by_role = fields.Dict(
        keys=fields.String(), values=fields.Integer(), metadata={"description": "leader, staff, board"}
    )
    team = fields.Integer(metadata={"description": "staff and board raters who submitted"})
    counted = fields.Integer(metadata={"description": "raters whose answers count in the figures"})
    team_counted = fields.Boolean(
        metadata={"description": f"the team's answers count in the figures only when at least {MIN_RATERS} answered"}
    )
    groups = fields.List(
        fields.String(),
        metadata={
            "description": "the rater groups with figures of their own: staff, board (each ≥ 3) or other (merged)"
        },
    )
    min_raters = fields.Integer()


class ItemStatisticsSchema(_Document):
    dimension = fields.String(required=True)
    n = fields.Integer(metadata={"description": "raters who answered"})
    mean = fields.Float(allow_none=True)
    min = fields.Integer(allow_none=True)
    max = fields.Integer(allow_none=True)
    spread = fields.Integer(allow_none=True)
    flagged = fields.Boolean(metadata={"description": "raters disagree by two levels or more"})
    by_role = fields.Dict(
        keys=fields.String(),
        values=fields.Float(allow_none=True),
        metadata={"description": "mean level of the leader and of each rater group of at least MIN_RATERS"},
    )


class DimensionScoreSchema(_Document):
    code = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "hub | spoke | rim"})
    name = _text(required=True)
    score = fields.Float(allow_none=True, metadata={"description": "0–100"})
    leader_score = fields.Float(allow_none=True)
    team_score = fields.Float(allow_none=True)
    gap = fields.Float(allow_none=True, metadata={"description": "leader minus team"})
    answered_items = fields.Integer()
    total_items = fields.Integer()
    flagged_items = fields.List(fields.String())
    reasons = fields.List(fields.Dict())


class PerspectiveScoreSchema(_Document):
    code = fields.String(required=True)
    name = _text(required=True)
    question = _text()
    score = fields.Float(allow_none=True)
    reason = _text()
    parts = fields.List(fields.Dict())


class IndicatorSchema(_Document):
    code = fields.String(required=True)
    name = _text()
    value = fields.Float(allow_none=True)
    threshold = fields.Float(allow_none=True)
    risky_when = fields.String(allow_none=True)
    flag = fields.Boolean(allow_none=True, metadata={"description": "past its threshold; null when not computable"})
    health = fields.Float(allow_none=True)
    formula = fields.String()
    reason = _text()


class FinanceSchema(_Document):
    total_revenue = fields.Float(allow_none=True)
    total_expenses = fields.Float(allow_none=True)
    income_sources = fields.Integer(allow_none=True)
    indicators = fields.Dict(keys=fields.String(), values=fields.Nested(IndicatorSchema))
    tuckman_chang_flags = fields.Integer(allow_none=True)
    tuckman_chang_known = fields.Integer(allow_none=True)


class KeyPersonRiskSchema(_Document):
    index = fields.Float(allow_none=True)
    band = fields.String(allow_none=True, metadata={"description": "low | medium | high"})
    reason = _text()
    parts = fields.List(fields.Dict())


class StageSchema(_Document):
    code = fields.String(required=True)
    index = fields.Integer()
    name = _text()
    next = fields.Dict(allow_none=True)
    ladder = fields.List(fields.Dict())
    reasons = fields.List(fields.Nested(TextSchema))


class PathSchema(_Document):
    code = fields.String(required=True)
    rank = fields.Integer()
    fit = fields.Float(allow_none=True)
    view = fields.Integer(allow_none=True, metadata={"description": "the leader's own view, 1–4"})
    name = _text()
    description = _text()
    signals = fields.List(fields.Dict())
    reasons_for = fields.List(fields.Dict())
    reasons_against = fields.List(fields.Dict())
    reasons_mixed = fields.List(fields.Dict())
    # A payload field named "unknown" shadows Schema.unknown (the EXCLUDE/INCLUDE/RAISE option).
    unknown = fields.List(fields.Raw())  # type: ignore[assignment]


class PrioritySchema(_Document):
    rank = fields.Integer()
    area = fields.String(required=True)
    kind = fields.String()
    name = _text()
    score = fields.Float(allow_none=True)
    value = fields.Float(allow_none=True)
    need = fields.Float(allow_none=True)
    importance = fields.Float(allow_none=True)
    why = fields.List(fields.Dict())
    actions = fields.List(fields.Dict())


class DiagnosisResultSchema(_Document):
    """One organisation's own diagnosis: every figure with its reasons."""

    organisation_id = fields.String(required=True)
    workshop_id = fields.String(required=True)
    name_zh = fields.String()
    instrument_version = fields.String()
    raters = fields.Nested(RatersSchema, required=True)
    items = fields.Dict(keys=fields.String(), values=fields.Nested(ItemStatisticsSchema))
    disagreements = fields.List(fields.String(), metadata={"description": "items the raters disagree on"})
    dimensions = fields.Dict(keys=fields.String(), values=fields.Nested(DimensionScoreSchema), required=True)
    perspectives = fields.Dict(keys=fields.String(), values=fields.Nested(PerspectiveScoreSchema))
    finance = fields.Nested(FinanceSchema)
    key_person_risk = fields.Nested(KeyPersonRiskSchema)
    stage = fields.Nested(StageSchema, required=True)
    paths = fields.List(fields.Nested(PathSchema), required=True)
    priorities = fields.List(fields.Nested(PrioritySchema))


OUTCOMES = ("done", "partly", "not_yet")  # what a follow-up says of an action the last report set
INTENT_OUTCOMES = ("happened", "in_progress", "dropped")  # what a follow-up says of an agreed intent


class RoundScoresSchema(_Document):
    round = fields.Integer(required=True)
    overall = fields.Float(allow_none=True)
    dimensions = fields.Dict(keys=fields.String(), values=fields.Float(allow_none=True))
    raters = fields.Dict(keys=fields.String(), values=fields.Integer(), metadata={"description": "by role"})


class ChangeSchema(_Document):
    before = fields.Float(allow_none=True)
    after = fields.Float(allow_none=True)
    change = fields.Float(allow_none=True)
    direction = fields.String(allow_none=True, metadata={"description": "up | down | same (within the resolution)"})
    because = fields.String(allow_none=True, metadata={"description": "raters: only the raters changed"})
    verdict = fields.String(allow_none=True, metadata={"description": "indicators: better | worse"})


class ComparisonSchema(_Document):
    round = fields.Integer(required=True, metadata={"description": "the round compared with"})
    raters_differ = fields.Boolean(required=True)
    resolution = fields.Float()
    dimensions = fields.Dict(keys=fields.String(), values=fields.Nested(ChangeSchema))
    indicators = fields.Dict(keys=fields.String(), values=fields.Nested(ChangeSchema))


class ActionOutcomeSchema(_Document):
    area = fields.String(required=True, metadata={"description": "the priority of the last round it came from"})
    name = _text()
    outcome = fields.String(allow_none=True, metadata={"description": "done | partly | not_yet; null: not answered"})
    note = fields.String(allow_none=True)


class IntentOutcomeSchema(_Document):
    intent_id = fields.String(required=True)
    partner_id = fields.String(required=True)
    partner_name_zh = fields.String()
    partner_name_en = fields.String(allow_none=True)
    kind = fields.String()
    what = fields.String()
    target_month = fields.String()
    mine = fields.String(
        allow_none=True, metadata={"description": "happened | in_progress | dropped; null: not answered"}
    )
    partner = fields.String(allow_none=True, metadata={"description": "the partner's answer in this round"})
    note = fields.String(allow_none=True)


class RingsSchema(_Document):
    """A follow-up round against the rounds before it: every round's wheel, the change since
    the baseline and since the previous round, what the last report's priorities and the
    agreed intents came to, and the leader's own words on what changed, per section."""

    round = fields.Integer(required=True)
    rounds = fields.List(fields.Nested(RoundScoresSchema), required=True, metadata={"description": "oldest first"})
    since_baseline = fields.Nested(ComparisonSchema, required=True)
    since_previous = fields.Nested(ComparisonSchema, allow_none=True)
    priorities_before = fields.List(fields.String(), metadata={"description": "the last round's priority areas"})
    priorities_now = fields.List(fields.String())
    actions = fields.List(fields.Nested(ActionOutcomeSchema))
    intents = fields.List(fields.Nested(IntentOutcomeSchema))
    changes = fields.Dict(keys=fields.String(), values=fields.String(), metadata={"description": "section: text"})


@dataclasses.dataclass(frozen=True)
class Headline:
    """What a report's cover and a progress list need without opening the result."""

    overall: float
    answered: int
    stage: str | None
    best_path: str | None


class HeadlineSchema(PayloadSchema):
    model = Headline
    overall = fields.Float(required=True)
    answered = fields.Integer(required=True)
    stage = fields.String(required=True, allow_none=True)
    best_path = fields.String(allow_none=True, load_default=None)


@dataclasses.dataclass(frozen=True)
class LeaderInputs:
    """The leader's own figures and scan, which the organisation's report prints."""

    numbers: Mapping[str, float] = dataclasses.field(default_factory=dict)
    scan: Mapping[str, int] = dataclasses.field(default_factory=dict)


class LeaderInputsSchema(PayloadSchema):
    model = LeaderInputs
    numbers = fields.Dict(keys=fields.String(), values=fields.Float(), load_default=dict)
    scan = fields.Dict(keys=fields.String(), values=fields.Integer(), load_default=dict)


@dataclasses.dataclass(frozen=True)
class DiagnosisScored:
    organisation_id: str
    workshop_id: str
    organisation_name_zh: str
    organisation_name_en: str | None
    diagnosis_version: int
    instrument_version: str
    scores: Headline
    result: Mapping[str, Any]
    inputs: LeaderInputs
    round: int = 1  # the baseline (the workshop itself); follow-up rounds are 2, 3, …
    rings: Mapping[str, Any] | None = None  # a follow-up round against the rounds before it


class DiagnosisScoredSchema(PayloadSchema):
    model = DiagnosisScored
    organisation_id = Id(required=True)
    workshop_id = Id(required=True)
    organisation_name_zh = fields.String(required=True)
    organisation_name_en = fields.String(load_default=None, allow_none=True)
    diagnosis_version = fields.Integer(required=True, validate=lambda v: v >= 1)
    instrument_version = fields.String(load_default="")
    scores = fields.Nested(HeadlineSchema, required=True)
    result = Document(DiagnosisResultSchema, required=True)
    inputs = fields.Nested(LeaderInputsSchema, load_default=LeaderInputs)
    round = fields.Integer(load_default=1, validate=lambda v: v >= 1)
    rings = Document(RingsSchema, load_default=None, allow_none=True)


@dataclasses.dataclass(frozen=True)
class CohortScored:
    """A workshop's cohort after a change: the figures every report quotes (aggregates
    over fewer than five are already suppressed), the facilitator's picture, and the
    instrument's wording and formulas that reports quote."""

    workshop_id: str
    cohort_version: int
    instrument_version: str
    figures: Mapping[str, Any]
    view: Mapping[str, Any]
    appendix: Mapping[str, Any]
    round: int = 1  # each round has its own cohort and benchmark


class CohortScoredSchema(PayloadSchema):
    model = CohortScored
    workshop_id = Id(required=True)
    cohort_version = fields.Integer(required=True)
    instrument_version = fields.String(required=True)
    figures = fields.Dict(required=True)
    view = fields.Dict(required=True)
    appendix = fields.Dict(required=True)
    round = fields.Integer(load_default=1, validate=lambda v: v >= 1)


DIAGNOSIS_SCORED = EventContract[DiagnosisScored]("diagnosis.scored", PRODUCER, DiagnosisScoredSchema)
COHORT_SCORED = EventContract[CohortScored]("cohort.scored", PRODUCER, CohortScoredSchema)


@dataclasses.dataclass(frozen=True)
class IntentChanged:
    """A cooperation intent between two organisations of one workshop, as it is after a
    change (proposed, agreed, declined or withdrawn): a consumer keeps the newest per intent
    (`revision` grows by one with each change)."""

    intent_id: str
    workshop_id: str
    proposer_id: str
    partner_id: str
    kind: str  # resource_sharing | staff_exchange | project_cooperation | learning
    what: str
    target_month: str  # YYYY-MM
    state: str  # proposed | agreed | declined | withdrawn
    recorded_by: str  # organisation | facilitator (agreed in the room)
    revision: int


class IntentChangedSchema(PayloadSchema):
    model = IntentChanged
    intent_id = Id(required=True)
    workshop_id = Id(required=True)
    proposer_id = Id(required=True)
    partner_id = Id(required=True)
    kind = fields.String(required=True)
    what = fields.String(required=True)
    target_month = fields.String(required=True)
    state = fields.String(required=True)
    recorded_by = fields.String(required=True)
    revision = fields.Integer(required=True, validate=lambda v: v >= 1)


INTENT_CHANGED = EventContract[IntentChanged]("intent.changed", PRODUCER, IntentChangedSchema)
