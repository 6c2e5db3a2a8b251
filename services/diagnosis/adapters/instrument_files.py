"""Instrument files: `services/diagnosis/instrument/<version>.yaml` read, checked and turned into
the frozen objects of `domain/instrument.py`.

An instrument file is content written by people, so every rule is checked when it is read
(at start-up) and a broken file is refused with every problem found, each naming its place,
e.g. ``dimensions[hub].items[hub.mission_known].levels[1].en: Missing data for required field.``
List entries are named by their code where they have one, otherwise by their index.

The rules: zh and en for every text; the dimensions are exactly DIMENSIONS, in that order and
of those kinds (one hub, eight spokes, governance); 3–5 items each, item codes unique and
"<dimension>.<name>"; exactly 4 levels per item; the perspectives are exactly PERSPECTIVES,
their weights name only known dimensions and INDICATORS and sum to 1 (± WEIGHT_TOLERANCE);
scan quadrants, stages and paths come from the tuples of `domain/instrument.py`; the numbers are
exactly NUMBERS with the unit of their group; 2–3 criteria per stage; at least
ACTIONS_PER_DIMENSION actions for every dimension and ACTIONS_PER_INDICATOR for every indicator;
and the file's `version` equals its file name.
"""

from __future__ import annotations

import functools
import math
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from services.diagnosis.domain.instrument import (
    PATHS,
    SCAN_QUADRANTS,
    STAGES,
    Action,
    DevelopmentPath,
    Dimension,
    Instrument,
    Item,
    NumberField,
    Perspective,
    ScanItem,
    Stage,
    StageCriterion,
    Text,
)

INSTRUMENT_FOLDER = Path(__file__).resolve().parent.parent / "instrument"

# The operations wheel: hub, the eight spokes in the order the workshop drew them, governance.
DIMENSIONS: tuple[tuple[str, str], ...] = (
    ("hub", "hub"),
    ("structure_strategy", "spoke"),
    ("service_innovation", "spoke"),
    ("team_growth", "spoke"),
    ("compliance", "spoke"),
    ("efficiency", "spoke"),
    ("cooperation", "spoke"),
    ("satisfaction", "spoke"),
    ("expansion", "spoke"),
    ("governance", "governance"),
)
DIMENSION_CODES = tuple(code for code, _ in DIMENSIONS)
DIMENSION_KINDS = ("hub", "spoke", "governance")
PERSPECTIVES = ("clients", "operations", "finance", "growth")
# Financial indicators computed from the numbers (see the scoring module for the formulas).
INDICATORS = (
    "equity_ratio",
    "revenue_concentration",
    "admin_cost_ratio",
    "operating_margin",
    "months_of_reserve",
    "programme_expense_ratio",
    "self_sufficiency",
    "staff_turnover",
)
NUMBERS = (
    "income.government_purchase",
    "income.foundation_grants",
    "income.corporate_giving",
    "income.public_donations",
    "income.leader_donations",
    "income.earned_income",
    "income.other",
    "expense.programme",
    "expense.administration",
    "expense.fundraising",
    "balance.net_assets",
    "balance.unrestricted_reserves",
    "people.staff_full_time",
    "people.staff_part_time",
    "people.departures_12m",
    "people.volunteers",
    "people.fundraising_staff",
)
UNIT_OF_GROUP = {"income": "yuan", "expense": "yuan", "balance": "yuan", "people": "people"}

ITEMS_PER_DIMENSION = (3, 5)
LEVEL_COUNT = 4
CRITERIA_PER_STAGE = (2, 3)
ACTIONS_PER_DIMENSION = 3
ACTIONS_PER_INDICATOR = 2
WEIGHT_TOLERANCE = 1e-6

_NAME = r"[a-z][a-z0-9_]*"
_SIMPLE_CODE = re.compile(rf"^{_NAME}$")
_DOTTED_CODE = re.compile(rf"^{_NAME}\.{_NAME}$")
_VERSION = re.compile(r"^\d{4}\.\d+$")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_MAX_CODE_LENGTH = 64  # what the submission API accepts as an item code


class InstrumentError(ValueError):
    """An instrument file cannot be used. `problems` lists (place, message) pairs;
    the message of the exception shows the file and every problem on its own line."""

    def __init__(self, source: str, problems: list[tuple[str, str]]):
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  {place}: {message}" for place, message in problems)
        super().__init__(f"instrument {source} is not valid ({len(problems)} problem(s)):\n{lines}")


# ---------------------------------------------------------------------------- field checks


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("must not be empty.")


def _has_chinese(value: str) -> None:
    _not_blank(value)
    if not _CJK.search(value):
        raise ValidationError("the Chinese text holds no Chinese characters.")


def _simple_code(value: str) -> None:
    if not _SIMPLE_CODE.match(value) or len(value) > _MAX_CODE_LENGTH:
        raise ValidationError(f"{value!r} is not a code (lower-case letters, digits and _).")


def _dotted_code(value: str) -> None:
    if not _DOTTED_CODE.match(value) or len(value) > _MAX_CODE_LENGTH:
        raise ValidationError(
            f"{value!r} is not a code of the form '<prefix>.<name>' (lower-case letters, digits and _)."
        )


def _exactly_four_levels(value: list) -> None:
    if len(value) != LEVEL_COUNT:
        raise ValidationError(
            f"exactly {LEVEL_COUNT} levels are needed (level 1 weakest … level 4 strongest); found {len(value)}."
        )


def _items_count(value: list) -> None:
    low, high = ITEMS_PER_DIMENSION
    if not low <= len(value) <= high:
        raise ValidationError(f"a dimension needs {low}–{high} items; found {len(value)}.")


def _prefix(code: str) -> str:
    return code.split(".", 1)[0]


def _duplicates(codes: list[str]) -> dict[int, dict[str, list[str]]]:
    """{index: {"code": [message]}} for every code that already appeared earlier in the list."""
    first: dict[str, int] = {}
    errors: dict[int, dict[str, list[str]]] = {}
    for index, code in enumerate(codes):
        if code in first:
            errors[index] = {"code": [f"duplicate code {code!r}: entry {index} repeats entry {first[code]}."]}
        else:
            first[code] = index
    return errors


def _exact_codes(found: list[str], expected: Iterable[str], what: str) -> str | None:
    expected = list(expected)
    if found == expected:
        return None
    missing = [c for c in expected if c not in found]
    unknown = [c for c in found if c not in expected]
    detail = []
    if missing:
        detail.append(f"missing {missing}")
    if unknown:
        detail.append(f"unknown {unknown}")
    if not detail:
        detail.append(f"found in the order {found}")
    return f"the {what} must be exactly {expected}, in this order; " + ", ".join(detail) + "."


# ---------------------------------------------------------------------------- schemas


class TextSchema(Schema):
    zh = fields.String(required=True, validate=_has_chinese)
    en = fields.String(required=True, validate=_not_blank)

    @post_load
    def make(self, data, **kwargs):
        return Text(zh=data["zh"], en=data["en"])


class ItemSchema(Schema):
    code = fields.String(required=True, validate=_dotted_code)
    text = fields.Nested(TextSchema, required=True)
    levels = fields.List(fields.Nested(TextSchema), required=True, validate=_exactly_four_levels)

    @post_load
    def make(self, data, **kwargs):
        return Item(code=data["code"], dimension=_prefix(data["code"]), text=data["text"], levels=tuple(data["levels"]))


class DimensionSchema(Schema):
    code = fields.String(required=True, validate=_simple_code)
    kind = fields.String(required=True, validate=validate.OneOf(DIMENSION_KINDS))
    name = fields.Nested(TextSchema, required=True)
    items = fields.List(fields.Nested(ItemSchema), required=True, validate=_items_count)

    @validates_schema
    def check_items(self, data, **kwargs):
        errors: dict[int, dict[str, list[str]]] = {}
        for index, item in enumerate(data["items"]):
            if item.dimension != data["code"]:
                errors[index] = {"code": [f"must start with '{data['code']}.' (the dimension's code)."]}
        for index, error in _duplicates([item.code for item in data["items"]]).items():
            errors.setdefault(index, {}).setdefault("code", []).extend(error["code"])
        if errors:
            raise ValidationError({"items": errors})

    @post_load
    def make(self, data, **kwargs):
        return Dimension(code=data["code"], kind=data["kind"], name=data["name"], items=tuple(data["items"]))


def _weights():
    return fields.Dict(keys=fields.String(), values=fields.Float(allow_nan=False), required=True)


class PerspectiveSchema(Schema):
    code = fields.String(required=True, validate=_simple_code)
    name = fields.Nested(TextSchema, required=True)
    question = fields.Nested(TextSchema, required=True)
    dimension_weights = _weights()
    indicator_weights = _weights()

    @validates_schema
    def check_weights(self, data, **kwargs):
        errors: dict[str, Any] = {}
        for field, known, what in (
            ("dimension_weights", DIMENSION_CODES, "dimension"),
            ("indicator_weights", INDICATORS, "financial indicator"),
        ):
            for key, weight in data[field].items():
                if key not in known:
                    errors.setdefault(field, {})[key] = [f"unknown {what} {key!r}; known: {list(known)}."]
                elif not 0 < weight <= 1:
                    errors.setdefault(field, {})[key] = [f"a weight must be above 0 and at most 1; found {weight}."]
        if errors:
            raise ValidationError(errors)
        total = math.fsum([*data["dimension_weights"].values(), *data["indicator_weights"].values()])
        if abs(total - 1) > WEIGHT_TOLERANCE:
            raise ValidationError(f"the dimension and indicator weights must sum to 1; they sum to {total:g}.")

    @post_load
    def make(self, data, **kwargs):
        return Perspective(
            code=data["code"],
            name=data["name"],
            question=data["question"],
            dimension_weights=dict(data["dimension_weights"]),
            indicator_weights=dict(data["indicator_weights"]),
        )


class ScanItemSchema(Schema):
    code = fields.String(required=True, validate=_dotted_code)
    text = fields.Nested(TextSchema, required=True)

    @validates_schema
    def check_quadrant(self, data, **kwargs):
        if _prefix(data["code"]) not in SCAN_QUADRANTS:
            raise ValidationError({"code": [f"must start with a quadrant: one of {list(SCAN_QUADRANTS)}."]})

    @post_load
    def make(self, data, **kwargs):
        return ScanItem(code=data["code"], quadrant=_prefix(data["code"]), text=data["text"])


class NumberSchema(Schema):
    code = fields.String(required=True, validate=_dotted_code)
    unit = fields.String(required=True)
    label = fields.Nested(TextSchema, required=True)

    @validates_schema
    def check_unit(self, data, **kwargs):
        group = _prefix(data["code"])
        if group not in UNIT_OF_GROUP:
            raise ValidationError({"code": [f"must start with a group: one of {list(UNIT_OF_GROUP)}."]})
        if data["unit"] != UNIT_OF_GROUP[group]:
            raise ValidationError({"unit": [f"the unit of the {group} group is {UNIT_OF_GROUP[group]!r}."]})

    @post_load
    def make(self, data, **kwargs):
        return NumberField(code=data["code"], group=_prefix(data["code"]), label=data["label"], unit=data["unit"])


class StageSchema(Schema):
    code = fields.String(required=True, validate=validate.OneOf(STAGES))
    name = fields.Nested(TextSchema, required=True)
    description = fields.Nested(TextSchema, required=True)

    @post_load
    def make(self, data, **kwargs):
        return Stage(**data)


class StageCriterionSchema(Schema):
    code = fields.String(required=True, validate=_dotted_code)
    text = fields.Nested(TextSchema, required=True)

    @validates_schema
    def check_stage(self, data, **kwargs):
        if _prefix(data["code"]) not in STAGES:
            raise ValidationError({"code": [f"must start with a stage: one of {list(STAGES)}."]})

    @post_load
    def make(self, data, **kwargs):
        return StageCriterion(code=data["code"], stage=_prefix(data["code"]), text=data["text"])


class PathSchema(Schema):
    code = fields.String(required=True, validate=validate.OneOf(PATHS))
    name = fields.Nested(TextSchema, required=True)
    description = fields.Nested(TextSchema, required=True)

    @post_load
    def make(self, data, **kwargs):
        return DevelopmentPath(**data)


class ActionSchema(Schema):
    code = fields.String(required=True, validate=_dotted_code)
    area = fields.String(
        required=True,
        validate=validate.OneOf(
            DIMENSION_CODES + INDICATORS,
            error="unknown area {input!r}: it must be a dimension or a financial indicator code.",
        ),
    )
    text = fields.Nested(TextSchema, required=True)

    @validates_schema
    def check_prefix(self, data, **kwargs):
        if _prefix(data["code"]) != data["area"]:
            raise ValidationError({"code": [f"must start with '{data['area']}.' (the action's area)."]})

    @post_load
    def make(self, data, **kwargs):
        return Action(**data)


def _list(schema: type[Schema]):
    return fields.List(fields.Nested(schema), required=True)


class InstrumentSchema(Schema):
    version = fields.String(
        required=True, validate=validate.Regexp(_VERSION, error="{input!r} is not a version like '2026.1'.")
    )
    title = fields.Nested(TextSchema, required=True)
    dimensions = _list(DimensionSchema)
    perspectives = _list(PerspectiveSchema)
    scan_items = _list(ScanItemSchema)
    numbers = _list(NumberSchema)
    stages = _list(StageSchema)
    stage_criteria = _list(StageCriterionSchema)
    paths = _list(PathSchema)
    actions = _list(ActionSchema)

    @validates_schema
    def check_whole(self, data, **kwargs):
        errors: dict[str, Any] = {}

        def add(field: str, message: str | dict) -> None:
            slot = errors.setdefault(field, {})
            if isinstance(message, dict):
                for index, sub in message.items():
                    for key, messages in sub.items():
                        slot.setdefault(index, {}).setdefault(key, []).extend(messages)
            else:
                slot.setdefault("_schema", []).append(message)

        # dimensions: exactly these, in this order, of these kinds
        dimensions = data["dimensions"]
        problem = _exact_codes([d.code for d in dimensions], DIMENSION_CODES, "dimensions")
        if problem:
            add("dimensions", problem)
        kind_of = dict(DIMENSIONS)
        for index, dimension in enumerate(dimensions):
            if dimension.code in kind_of and dimension.kind != kind_of[dimension.code]:
                add("dimensions", {index: {"kind": [f"must be {kind_of[dimension.code]!r}."]}})
        add("dimensions", _duplicates([d.code for d in dimensions]))
        # (item codes start with their dimension's code and are unique within it, so they are
        # unique across the instrument once the dimension codes are)

        # perspectives
        problem = _exact_codes([p.code for p in data["perspectives"]], PERSPECTIVES, "perspectives")
        if problem:
            add("perspectives", problem)

        # scan: codes unique, every quadrant present
        scan = data["scan_items"]
        add("scan_items", _duplicates([s.code for s in scan]))
        for quadrant in SCAN_QUADRANTS:
            if not any(s.quadrant == quadrant for s in scan):
                add("scan_items", f"the quadrant {quadrant!r} has no items.")

        # numbers: exactly these, in this order
        problem = _exact_codes([n.code for n in data["numbers"]], NUMBERS, "numbers")
        if problem:
            add("numbers", problem)

        # stages, their criteria, paths
        problem = _exact_codes([s.code for s in data["stages"]], STAGES, "stages")
        if problem:
            add("stages", problem)
        criteria = data["stage_criteria"]
        add("stage_criteria", _duplicates([c.code for c in criteria]))
        low, high = CRITERIA_PER_STAGE
        for stage in STAGES:
            count = sum(1 for c in criteria if c.stage == stage)
            if not low <= count <= high:
                add("stage_criteria", f"the stage {stage!r} needs {low}–{high} criteria; found {count}.")
        problem = _exact_codes([p.code for p in data["paths"]], PATHS, "paths")
        if problem:
            add("paths", problem)

        # actions: codes unique, enough for every dimension and indicator
        actions = data["actions"]
        add("actions", _duplicates([a.code for a in actions]))
        for areas, minimum, what in (
            (DIMENSION_CODES, ACTIONS_PER_DIMENSION, "dimension"),
            (INDICATORS, ACTIONS_PER_INDICATOR, "financial indicator"),
        ):
            for area in areas:
                count = sum(1 for a in actions if a.area == area)
                if count < minimum:
                    add("actions", f"the {what} {area!r} needs at least {minimum} actions; found {count}.")

        errors = {field: slot for field, slot in errors.items() if slot}
        if errors:
            raise ValidationError(errors)

    @post_load
    def make(self, data, **kwargs):
        return Instrument(
            version=data["version"],
            title=data["title"],
            dimensions=tuple(data["dimensions"]),
            perspectives=tuple(data["perspectives"]),
            scan_items=tuple(data["scan_items"]),
            numbers=tuple(data["numbers"]),
            stages=tuple(data["stages"]),
            stage_criteria=tuple(data["stage_criteria"]),
            paths=tuple(data["paths"]),
            actions=tuple(data["actions"]),
        )


# ---------------------------------------------------------------------------- reading


def parse_instrument(data: Any, *, source: str = "<data>", expected_version: str | None = None) -> Instrument:
    """Check already-parsed YAML (a dict) and build the Instrument. With expected_version (the
    file name's stem), the `version` field must equal it. Raises InstrumentError."""
    if not isinstance(data, dict):
        raise InstrumentError(source, [("(top level)", f"must be a mapping of fields; found {type(data).__name__}.")])
    problems: list[tuple[str, str]] = []
    if expected_version is not None and data.get("version") != expected_version:
        problems.append(
            ("version", f"{data.get('version')!r} does not match the file name {expected_version + '.yaml'!r}.")
        )
    try:
        instrument = InstrumentSchema().load(data)
    except ValidationError as error:
        problems.extend(_flatten(error.messages, data, ""))
    if problems:
        raise InstrumentError(source, problems)
    return instrument


def load_instrument(path: str | os.PathLike) -> Instrument:
    """Read, check and build one instrument file. Raises InstrumentError."""
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InstrumentError(source, [("(file)", f"cannot be read: {error}")]) from error
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        place = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        problem = getattr(error, "problem", None) or str(error)
        raise InstrumentError(source, [(place, f"not valid YAML: {problem}")]) from error
    return parse_instrument(data, source=source, expected_version=path.stem)


def version_key(version: str) -> tuple[int, ...]:
    """ "2026.10" sorts after "2026.9"."""
    return tuple(int(part) for part in version.split("."))


def load_all(folder: str | os.PathLike = INSTRUMENT_FOLDER) -> dict[str, Instrument]:
    """Every `*.yaml` instrument in the folder, keyed by version, oldest first."""
    instruments = [load_instrument(path) for path in sorted(Path(folder).glob("*.yaml"))]
    return {i.version: i for i in sorted(instruments, key=lambda i: version_key(i.version))}


@functools.cache
def current_instrument() -> Instrument:
    """The newest instrument in services/diagnosis/instrument/, read once per process."""
    instruments = load_all(INSTRUMENT_FOLDER)
    if not instruments:
        raise InstrumentError(str(INSTRUMENT_FOLDER), [("(folder)", "holds no *.yaml instrument.")])
    return instruments[max(instruments, key=version_key)]


# ---------------------------------------------------------------------------- error places


def _flatten(errors: Any, raw: Any, place: str) -> list[tuple[str, str]]:
    """marshmallow's nested error dict as (place, message) pairs; list entries are named by the
    `code` of the raw entry when it has one, e.g. dimensions[hub].items[hub.mission_known]."""
    found: list[tuple[str, str]] = []
    if isinstance(errors, dict):
        for key, sub in errors.items():
            if key == "_schema":
                found += _flatten(sub, raw, place)
                continue
            if isinstance(key, int):
                entry = raw[key] if isinstance(raw, list) and 0 <= key < len(raw) else None
                code = entry.get("code") if isinstance(entry, dict) else None
                label = code if isinstance(code, str) and code else str(key)
                found += _flatten(sub, entry, f"{place}[{label}]")
            else:
                entry = raw.get(key) if isinstance(raw, dict) else None
                found += _flatten(sub, entry, f"{place}.{key}" if place else str(key))
    elif isinstance(errors, list):
        for message in errors:
            if isinstance(message, (dict, list)):
                found += _flatten(message, raw, place)
            else:
                found.append((place or "(top level)", str(message)))
    else:
        found.append((place or "(top level)", str(errors)))
    return found
