"""The organisation report's facts (numbers, flags and codes, no sentences) and the words the
catalogue gives them, in both languages, from the same facts."""

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Mapping

import pytest

from services.common.i18n import speaker
from services.diagnosis.adapters.instrument_files import current_instrument
from services.reporting.adapters.report_view import REPORTING_TRANSLATIONS
from services.reporting.domain.organisation_report import (
    ReportInputs,
    cover,
    finance,
    perspectives,
    report_facts,
    report_view,
    summary,
    wheel,
)
from simulator.workshop_data import sample_workshop_data

DAY = dt.date(2024, 5, 10)
CODE = re.compile(r"^[a-z][a-z0-9_.]*$")
# What users and the workshop typed, or versions and dates: data, printed as given.
DATA_FIELDS = {
    "zh",
    "en",
    "city",
    "venue",
    "service_region",
    "leader_name",
    "instrument_version",
    "diagnosis_version",
    "starts_on",
    "ends_on",
    "generated_on",
}


def speak(language):
    return speaker(language, REPORTING_TRANSLATIONS)


@pytest.fixture(scope="module")
def workshop():
    return sample_workshop_data(current_instrument())


def inputs_for(data, index=0, **overrides):
    organisation = data["organisations"][index]
    fields = dict(
        workshop=data["workshop"],
        profile=organisation["profile"],
        scored=organisation["scored"],
        cohort=organisation["cohort"],
        appendix=data["appendix"],
        generated_on=DAY,
    )
    fields.update(overrides)
    return ReportInputs(**fields)


def dimension(kind, score, name):
    return {"kind": kind, "score": score, "name": {"zh": name, "en": name}, "answered_items": 4, "total_items": 4}


def tiny(dimensions, medians=None, size=12):
    """Inputs with only the wheel's dimensions, and a cohort of `size` with those medians."""
    benchmark = {
        "suppressed": size < 5,
        "n_organisations": size,
        "dimensions": {
            code: {"median": m, "q1": m - 5, "q3": m + 5, "suppressed": False} for code, m in (medians or {}).items()
        },
    }
    return ReportInputs(
        workshop={},
        profile={},
        scored={"result": {"dimensions": dimensions}},
        cohort={"size": size, "benchmark": benchmark},
        appendix={},
        generated_on=DAY,
    )


# --- facts -----------------------------------------------------------------------------------


def test_the_wheel_names_every_spoke_of_a_tie():
    inputs = tiny(
        {
            "hub": dimension("hub", 70.0, "Hub"),
            "a": dimension("spoke", 80.0, "A"),
            "b": dimension("spoke", 80.0, "B"),
            "c": dimension("spoke", 40.0, "C"),
            "d": dimension("spoke", None, "D"),
        },
        medians={"a": 80.0, "b": 60.0, "c": 50.0, "d": 50.0},
    )
    facts = wheel.facts(inputs)
    assert facts.best == ("a", "b") and facts.worst == ("c",)
    assert (facts.top, facts.low) == (80.0, 40.0)
    assert facts.above == ("b",) and facts.below == ("c",)  # a is level with its median, d unknown
    assert facts.hub is not None and facts.hub.code == "hub"
    text = wheel.words(facts, speak("en"))["text"]
    assert "the highest is “A” and “B” (80.0) and the lowest “C” (40.0), 40.0 points apart" in text
    assert "1 spoke is above it and 1 is below it: “C”." in text


def test_a_cohort_too_small_is_never_compared():
    inputs = tiny({"a": dimension("spoke", 80.0, "A")}, medians={"a": 50.0}, size=1)
    facts = wheel.facts(inputs)
    assert not facts.compared and facts.rows[0].median is None and facts.above == facts.below == ()
    assert "Only 1 organisation of the cohort has submitted" in wheel.note(facts, speak("en"))
    three = wheel.facts(tiny({"a": dimension("spoke", 80.0, "A")}, size=3))
    assert "Only 3 organisations of the cohort have submitted" in wheel.note(three, speak("en"))
    assert "只有 3 家" in wheel.note(three, speak("zh"))


def test_a_perspective_with_tied_parts_has_no_strongest_but_names_its_weak_parts():
    part = perspectives.PartFacts(name={"zh": "甲", "en": "A"}, score=40.0, weight=0.5, indicator=False)
    facts = perspectives.PerspectiveFacts(
        code="growth",
        name={"zh": "成长", "en": "Growth"},
        question={},
        score=40.0,
        median=None,
        percentile=None,
        parts=(part, dataclasses.replace(part, name={"zh": "乙", "en": "B"})),
    )
    assert facts.strongest is None and facts.weakest is not None and len(facts.weak) == 2
    text = perspectives.words(perspectives.PerspectivesFacts((facts,)), speak("en"))["rows"][0]["text"]
    assert "strongest" not in text and "“A” and “B” (below 50)" in text


def test_the_income_mix_without_numbers_is_partial_and_adds_up(workshop):
    facts = finance.facts(inputs_for(workshop))
    assert facts.mix_partial and [m.source for m in facts.mix][-1] == finance.OTHER_SOURCES
    assert sum(m.amount for m in facts.mix) == pytest.approx(facts.revenue)
    assert sum(m.share for m in facts.mix) == pytest.approx(1.0)
    assert {i.code for i in facts.concerns} == {i.code for i in facts.indicators if i.flag is True or i.worst_fifth}


def test_the_cover_counts_raters_by_role_known_roles_first():
    raters = [{"role": "guest"}, {"role": "staff"}, {"role": "leader"}, {"role": "staff"}]
    inputs = ReportInputs(
        workshop={}, profile={}, scored={}, cohort={}, appendix={}, generated_on=DAY, respondents=raters
    )
    facts = cover.facts(inputs)
    assert [(r.role, r.count) for r in facts.respondents] == [("leader", 1), ("staff", 2), ("guest", 1)]
    assert facts.respondents_total == 4
    assert cover.words(facts, speak("en"))["respondents_text"] == "1 leader, 2 staff, and 1 guest (4 in all)"


def _strings(value, field=""):
    """Every string in the facts outside bilingual data, with the field it stands in."""
    if isinstance(value, str):
        yield field, value
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name), f.name)
    elif isinstance(value, Mapping):
        if set(value) <= {"zh", "en"}:
            return  # the instrument's or the engine's own wording: data in both languages
        for key, item in value.items():
            yield from _strings(key, field)
            yield from _strings(item, field)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _strings(item, field)


def test_the_facts_hold_no_sentences(workshop):
    facts = report_facts(inputs_for(workshop))
    first_half = (facts.name, facts.cover, facts.summary, facts.wheel, facts.perspectives, facts.finance)
    strings = [(field, s) for part in first_half for field, s in _strings(part)]
    assert strings
    words = [(field, s) for field, s in strings if field not in DATA_FIELDS and not CODE.match(s)]
    assert words == [("band", facts.summary.band)]  # a MATURITY_BANDS message, spoken by the words
    assert summary.KEY_PERSON_BANDS.get(facts.summary.key_person_band)  # a code, named by the words


# --- words -----------------------------------------------------------------------------------


def test_one_set_of_facts_speaks_both_languages_as_json(workshop):
    facts = report_facts(inputs_for(workshop))
    zh, en = report_view(facts, speak("zh")), report_view(facts, speak("en"))
    assert list(zh) == list(en)
    assert json.loads(json.dumps(zh, ensure_ascii=False))["summary"]["overall_text"] == "69.5"
    assert json.loads(json.dumps(en))["organisation_name"] == zh["organisation_name"]  # no English name: the Chinese
    assert zh["html_lang"] == "zh-CN" and en["html_lang"] == "en"
    assert zh["summary"]["band"] == "基础扎实" and en["summary"]["key_figures"][1]["value"] == "Well founded"
    assert (
        zh["sections"]["finance"]["heading"] == "四、财务健康"
        and en["sections"]["finance"]["heading"] == "4. Financial health"
    )
    assert zh["labels"]["page"] == "第 " and zh["labels"]["page_after"] == " 页"
    assert en["labels"]["page"] == "Page " and en["labels"]["page_after"] == ""
    assert "见第八部分" in zh["summary"]["priorities_intro"] and "section 8" in en["summary"]["priorities_intro"]
    assert not re.search(r"[\u4e00-\u9fff]", en["finance"]["text"] + en["perspectives"]["intro"])


def _shape(value):
    """The view's keys and list lengths, without its words."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_shape(item) for item in value]
    return type(value).__name__ if value is None or isinstance(value, (bool, int, float)) else "text"


@pytest.mark.parametrize("index", [0, 1, 2])
def test_both_languages_have_the_same_shape(workshop, index):
    facts = report_facts(inputs_for(workshop, index))
    assert _shape(report_view(facts, speak("zh"))) == _shape(report_view(facts, speak("en")))


def test_indicator_values_and_plurals_read_as_their_readers_expect(workshop):
    facts = report_facts(inputs_for(workshop))
    zh, en = report_view(facts, speak("zh")), report_view(facts, speak("en"))
    months = {r["code"]: r["value_text"] for r in en["finance"]["rows"]}["months_of_reserve"]
    assert months.endswith(" months") and months[0].isdigit()
    sources = facts.finance.income_sources
    assert f"Income comes from {sources} source{'s' if sources != 1 else ''}." in en["finance"]["text"]
    assert f"收入来自 {sources} 个来源。" in zh["finance"]["text"]
    positions = [r["position_text"] for r in en["finance"]["rows"] if r["position_text"] != "–"]
    assert positions and all(re.fullmatch(r"percentile \d+", p) for p in positions)
