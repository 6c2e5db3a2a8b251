"""The questionnaire as people fill it in: the instrument cut into pages ("sections"), one
at a time, and how far a response has got on each. Pure: no I/O.

Everyone rates the wheel, one page per dimension (hub, the eight spokes, governance). The
leader also gives the hard numbers, the industry scan, the growth-ladder evidence and a view
of the six paths. Only the rubric items, and the leader's numbers, are needed to submit."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from .instrument import Instrument, Text

RUBRIC, NUMBERS, SCAN, STAGE, PATHS = "rubric", "numbers", "scan", "stage", "paths"

LEADER_SECTIONS = {
    NUMBERS: Text("机构的硬数据", "The organisation's numbers"),
    SCAN: Text("行业扫描", "Industry scan"),
    STAGE: Text("成长阶梯", "Growth ladder"),
    PATHS: Text("六条发展路径", "The six development paths"),
}


@dataclasses.dataclass(frozen=True)
class Section:
    code: str
    kind: str
    title: Text
    required: bool  # must be complete before submitting


@dataclasses.dataclass(frozen=True)
class SectionProgress:
    section: Section
    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.answered >= self.total


def sections_for(instrument: Instrument, role: str) -> list[Section]:
    sections = [Section(d.code, RUBRIC, d.name, True) for d in instrument.dimensions]
    if role == "leader":
        sections += [Section(code, code, title, code == NUMBERS) for code, title in LEADER_SECTIONS.items()]
    return sections


def find_section(instrument: Instrument, role: str, code: str) -> Section | None:
    return next((s for s in sections_for(instrument, role) if s.code == code), None)


def progress(instrument: Instrument, role: str, response: dict[str, Any] | None) -> list[SectionProgress]:
    response = response or {}
    return [
        SectionProgress(section, *_counts(instrument, section, response)) for section in sections_for(instrument, role)
    ]


def overall(progresses: list[SectionProgress]) -> tuple[int, int]:
    """(answered, total) over every section the respondent is asked to answer (the leader's
    scan, ladder and paths too), so that 100 % means nothing is left."""
    return sum(min(p.answered, p.total) for p in progresses), sum(p.total for p in progresses)


def first_open(progresses: list[SectionProgress]) -> Section:
    """Where to go on: the first section not complete yet (the first one when all are)."""
    return next((p.section for p in progresses if not p.complete), progresses[0].section)


# About how long one question takes, in seconds: a rubric item is four descriptions to read,
# a figure is looked up in the accounts, a scan statement or a ladder criterion is one tap.
SECONDS_PER_QUESTION = {RUBRIC: 25, NUMBERS: 40, SCAN: 10, STAGE: 8, PATHS: 20}


def minutes_needed(instrument: Instrument, role: str) -> int:
    """The time estimate shown on the first page, from the number of questions, to the
    nearest five minutes."""
    seconds = sum(
        SECONDS_PER_QUESTION[section.kind] * _counts(instrument, section, {})[1]
        for section in sections_for(instrument, role)
    )
    return max(5, round(seconds / 300) * 5)


def plain(value: float) -> str:
    """A stored figure as it is typed back into its field: 1234567, 2.5 (never 1.23457e+06)."""
    return str(int(value)) if value == int(value) else repr(value)


def echo(speak: Any, value: float, unit: str) -> str:
    """What was understood of a typed figure, shown next to its field: "= 35,000 元"."""
    number = speak.number(value, 0 if value == int(value) else 2)
    if unit == "people":
        return str(speak.gettext("= %(number)s people", number=number))
    return str(speak.gettext("= %(number)s yuan", number=number))


def next_section(instrument: Instrument, role: str, code: str) -> Section | None:
    sections = sections_for(instrument, role)
    codes = [s.code for s in sections]
    position = codes.index(code) if code in codes else -1
    return sections[position + 1] if position + 1 < len(sections) else None


def _counts(instrument: Instrument, section: Section, response: dict[str, Any]) -> tuple[int, int]:
    if section.kind == RUBRIC:
        dimension = next(d for d in instrument.dimensions if d.code == section.code)
        answers = response.get("answers") or {}
        return sum(1 for item in dimension.items if item.code in answers), len(dimension.items)
    field, codes = {
        NUMBERS: ("numbers", [n.code for n in instrument.numbers]),
        SCAN: ("scan", [s.code for s in instrument.scan_items]),
        STAGE: ("stage_evidence", [c.code for c in instrument.stage_criteria]),
        PATHS: ("path_views", [p.code for p in instrument.paths]),
    }[section.kind]
    given = response.get(field) or {}
    return sum(1 for code in codes if code in given), len(codes)


CHANGED = "changed"  # a follow-up page's own field: what changed in this section since the last round


def changes_from_form(
    instrument: Instrument, section: Section, form: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """One page's fields as (changes, cleared): what to set, and which numbers were emptied.
    Figures are passed on as typed, for the schema to read ("3.5万") or refuse in words. In
    a follow-up, the leader's words on what changed in the section come along."""
    changes, cleared = _section_changes(instrument, section, form)
    if CHANGED in form:
        changes["follow_up"] = {"changes": {section.code: (form.get(CHANGED) or "").strip()}}
    return changes, cleared


def looking_back_from_form(form: Mapping[str, Any], asked: Mapping[str, Any]) -> dict[str, Any]:
    """The follow-up's questions on the last round, as answered: an outcome (and a note)
    per priority of the last report and per agreed intent; one left unanswered stays so."""
    parts: dict[str, dict[str, Any]] = {"actions": {}, "intents": {}}
    for part, codes in (
        ("actions", [p["area"] for p in asked["priorities"]]),
        ("intents", [i["intent_id"] for i in asked["intents"]]),
    ):
        for code in codes:
            outcome = form.get(f"{part}.{code}")
            if outcome:
                parts[part][code] = {
                    "outcome": outcome,
                    "note": (form.get(f"{part}_note.{code}") or "").strip() or None,
                }
    return parts


def _section_changes(
    instrument: Instrument, section: Section, form: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    if section.kind == RUBRIC:
        dimension = next(d for d in instrument.dimensions if d.code == section.code)
        return {"answers": _choices(form, "answers", [i.code for i in dimension.items])}, {}
    if section.kind == NUMBERS:
        numbers, cleared = {}, []
        for field in instrument.numbers:
            raw = (form.get(f"numbers.{field.code}") or "").strip()  # "3.5万", "12,000": the schema reads them
            if raw:
                numbers[field.code] = raw
            else:
                cleared.append(field.code)
        return {"numbers": numbers}, {"numbers": cleared}
    if section.kind == SCAN:
        text = (form.get("scan_text") or "").strip()
        return {
            "scan": _choices(form, "scan", [s.code for s in instrument.scan_items]),
            "scan_text": text or None,
            "scan_text_named": form.get("scan_text_named") == "yes",
        }, {}
    if section.kind == STAGE:  # an unticked box is an answer too: "no"
        return {"stage_evidence": {c.code: form.get(f"stage.{c.code}") == "yes" for c in instrument.stage_criteria}}, {}
    return {"path_views": _choices(form, "paths", [p.code for p in instrument.paths])}, {}


def _choices(form: Mapping[str, Any], prefix: str, codes: list[str]) -> dict[str, Any]:
    chosen = {}
    for code in codes:
        value = form.get(f"{prefix}.{code}")
        if value is not None and value != "":
            chosen[code] = int(value) if value.isdigit() else value
    return chosen


NUMBER_GROUPS = {
    "income": Text("收入（上一年度，元）", "Income (last year, yuan)"),
    "expense": Text("支出（上一年度，元）", "Expenditure (last year, yuan)"),
    "balance": Text("年末资产（元）", "Assets at year end (yuan)"),
    "people": Text("人员", "People"),
}
UNITS = {"yuan": Text("元", "yuan"), "people": Text("人", "people")}
SCAN_QUADRANTS = {
    "opportunity": Text("机会", "Opportunities"),
    "threat": Text("威胁", "Threats"),
    "strength": Text("优势", "Strengths"),
    "weakness": Text("劣势", "Weaknesses"),
}
SCAN_CHOICES = (Text("不适用", "Does not apply"), Text("适用", "Applies"), Text("非常适用", "Strongly applies"))
PATH_VIEWS = (
    Text("不适合我们", "Not for us"),
    Text("有点适合", "Somewhat"),
    Text("比较适合", "Quite well"),
    Text("非常适合", "Very well"),
)


def empty_response() -> dict[str, Any]:
    return {
        "state": "none",
        "answers": {},
        "numbers": {},
        "scan": {},
        "scan_text": None,
        "scan_text_named": False,
        "stage_evidence": {},
        "path_views": {},
        "round": 1,
        "follow_up": {},
    }


def as_filled(response: dict[str, Any] | None) -> dict[str, Any]:
    """A stored response with every part present (an empty one if nothing was saved yet)."""
    filled = empty_response()
    for field, value in (response or {}).items():
        if value is not None:
            filled[field] = value
    return filled
