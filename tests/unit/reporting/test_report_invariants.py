"""What a leader reads must never contradict itself or its figures: property tests over random
cohorts (the simulator's sample cohort, altered: flat answers, chosen levels, no income, a
single rater, a surplus), on the report's facts and words (no PDF), and one regression example
for each contradiction found in a real report.

Every sentence below is chosen by a rule table (organisation_report/rules.py); the tests check
which rule spoke, from which facts, and what the words then say."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.common.i18n import speaker
from services.diagnosis.adapters.instrument_files import current_instrument
from services.reporting.adapters.report_view import REPORTING_TRANSLATIONS
from services.reporting.domain.organisation_report import (
    ReportInputs,
    actions,
    finance,
    key_person,
    perspectives,
    report_facts,
    report_view,
    scan,
    summary,
    wheel,
)
from services.reporting.domain.organisation_report.rules import chosen, say
from services.reporting.domain.organisation_report.shared import INDICATOR_FORMAT, level
from simulator.cohort import InstrumentCodes, SampleOrganisation, sample_cohort
from simulator.workshop_data import sample_workshop_data

INSTRUMENT = current_instrument()
CODES = InstrumentCodes.from_instrument(INSTRUMENT)
DAY = dt.date(2024, 5, 10)
ZH = speaker("zh", REPORTING_TRANSLATIONS)
EN = speaker("en", REPORTING_TRANSLATIONS)

# The catalogue's own words for what must never be said in the wrong place.
MOST_NEED_WORK = ("最需要加强", "most need work")
ALL_FINE = ("Every indicator is within its threshold",)


def zh(msgid: str) -> str:
    return ZH.gettext(msgid)


# --- random cohorts ----------------------------------------------------------------------------

ALTERATIONS = ("as_is", "flat", "levels", "no_income", "no_figures", "solo", "surplus", "strong")


def _set_levels(org: SampleOrganisation, levels: dict[str, int]) -> SampleOrganisation:
    """Every rater answers every item of a dimension at that dimension's level."""
    by_item = {item: levels[dim] for dim, items in CODES.items.items() for item in items}
    answers = {code: by_item.get(code, level) for code, level in org.leader["answers"].items()}
    raters = [(role, {code: by_item.get(code, v) for code, v in a.items()}) for role, a in org.raters]
    return dataclasses.replace(org, leader=dict(org.leader, answers=answers), raters=raters)


def _numbers(org: SampleOrganisation, numbers: dict[str, Any]) -> SampleOrganisation:
    return dataclasses.replace(org, leader=dict(org.leader, numbers=numbers))


class Cohort(list):
    """The altered sample cohort, shown by how it was made (a failing example stays readable)."""

    def __init__(self, organisations: list[SampleOrganisation], recipe: str) -> None:
        super().__init__(organisations)
        self.recipe = recipe

    def __repr__(self) -> str:
        return f"Cohort({self.recipe})"


@st.composite
def cohorts(draw: st.DrawFn) -> Cohort:
    size = draw(st.integers(min_value=1, max_value=12))
    seed = draw(st.integers(min_value=0, max_value=10**6))
    base = sample_cohort(CODES, size=size, seed=seed)
    altered, hows = [], []
    for org in base:
        how = draw(st.sampled_from(ALTERATIONS))
        hows.append(how)
        if how == "flat":
            one = draw(st.integers(min_value=1, max_value=4))
            org = _set_levels(org, dict.fromkeys(CODES.items, one))
        elif how in ("levels", "strong"):
            low = 3 if how == "strong" else 1
            org = _set_levels(org, {d: draw(st.integers(min_value=low, max_value=4)) for d in CODES.items})
        elif how == "no_income":
            org = _numbers(org, {k: (0 if k.startswith("income.") else v) for k, v in org.leader["numbers"].items()})
        elif how == "no_figures":  # only the people figures: no financial indicator can be computed
            org = _numbers(org, {k: v for k, v in org.leader["numbers"].items() if k.startswith("people.staff")})
        elif how == "solo":
            org = dataclasses.replace(org, raters=[])
        elif how == "surplus":
            numbers = dict(org.leader["numbers"])
            for k in ("expense.programme", "expense.administration", "expense.fundraising"):
                numbers[k] = round(numbers[k] * draw(st.floats(min_value=0.3, max_value=0.95)), -2)
            org = _numbers(org, numbers)
        altered.append(org)
    return Cohort(altered, f"seed={seed}, size={size}, {hows}")


def reports(cohort: list[SampleOrganisation]) -> list[tuple[Any, Any, dict[str, Any]]]:
    """(inputs, facts, the Chinese view) of every organisation of the cohort."""
    data = sample_workshop_data(INSTRUMENT, cohort=cohort)
    out = []
    for organisation in data["organisations"]:
        scored = organisation["scored"]
        inputs = ReportInputs(
            workshop=data["workshop"],
            profile=organisation["profile"],
            scored=scored,
            cohort=organisation["cohort"],
            appendix=data["appendix"],
            generated_on=DAY,
            scan=scored["inputs"]["scan"],
            numbers=scored["inputs"]["numbers"],
        )
        facts = report_facts(inputs)
        out.append((inputs, facts, report_view(facts, ZH)))
    return out


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)


@FAST
@given(cohorts())
def test_nothing_is_both_the_highest_and_the_lowest(cohort):
    for _inputs, facts, view in reports(cohort):
        w = facts.wheel
        rule = chosen(wheel.EXTREMES, w)
        assert rule is not None
        if rule.key == "spread":
            assert w.top is not None and w.low is not None and w.top > w.low
            assert not set(w.best) & set(w.worst)
        if w.top is not None and w.top == w.low:
            assert rule.key in ("tie", "single")
            assert "最高" not in view["wheel"]["text"] and "最低" not in view["wheel"]["text"]


@FAST
@given(cohorts())
def test_a_strength_is_never_called_a_weakness(cohort):
    for inputs, facts, view in reports(cohort):
        for p, said in zip(facts.summary.priorities, view["summary"]["priorities"], strict=True):
            rule = chosen(actions.WHY, p.need)
            assert rule is not None
            if p.kind == "dimension":
                assert rule.key == level(p.score)
            if level(p.score) == "strong" and p.kind == "dimension":
                assert not any(w in said["why"] for w in MOST_NEED_WORK), said["why"]
        for plan, p in zip(view["actions"]["plans"], facts.actions.priorities, strict=True):
            if p.kind == "dimension" and level(p.score) == "strong":
                assert not any(w in why for why in plan["why"] for w in MOST_NEED_WORK)
        # the engine's own reasons (the diagnosis payload) agree
        for p in inputs.result.get("priorities") or []:
            if p["kind"] == "dimension" and level(p["score"]) == "strong":
                assert not any(w in (p["why"][0].get(lang) or "") for w in MOST_NEED_WORK for lang in ("zh", "en"))
        # the wheel's own words for an area follow the same bands as the priorities
        for row in facts.wheel.rows:
            band = level(row.score)
            reason = ZH.pick(row.reasons[0]) if row.reasons else ""
            if band == "strong":
                assert "短板" not in reason and "有待加强" not in reason


@FAST
@given(cohorts())
def test_a_suggested_mentor_is_never_weak_in_what_it_passes_on(cohort):
    for _inputs, facts, view in reports(cohort):
        s = facts.summary
        rule = chosen(summary.AHEAD, s)
        assert rule is not None
        assert (rule.key == "next_step") == (s.stage.following is not None)
        if rule.key == "top_mentor":
            assert s.strengths and not set(s.strengths) & set(s.weak_points)
            assert all(level(r.score) == "strong" for r in s.wheel.rows if r.code in s.strengths)
            assert len(s.strengths) <= summary.MENTOR_AREAS  # a phone screen, not the whole wheel
            named = {ZH.pick(r.name) for r in s.wheel.rows if r.code in s.weak_points}
            sentence = say(summary.AHEAD, s, ZH)
            assert sentence in view["summary"]["stage"]["text"]
            assert not any(n in sentence for n in named if n)


@FAST
@given(cohorts())
def test_an_attribution_names_the_largest_part(cohort):
    for inputs, facts, view in reports(cohort):
        kp = facts.key_person
        rule = chosen(key_person.ATTRIBUTION, kp)
        assert rule is not None
        raw = (inputs.result.get("key_person_risk") or {}).get("parts") or []
        points = {p["code"]: p["value"] * p["effective_weight"] for p in raw if p["value"] is not None}
        if kp.index is None:
            assert rule.key == "unknown"
            continue
        top = max(points.values())
        if rule.key in ("mostly", "largest"):
            named = {p.code for p in key_person.largest(kp)}
            assert named == {c for c, v in points.items() if abs(v - top) < 1e-9}
            for code in named:
                assert ZH.gettext(key_person.KEY_PERSON_PARTS[code]) in view["key_person"]["reason"]
        if rule.key == "mostly":
            (part,) = key_person.largest(kp)
            assert (part.value or 0) >= key_person.MATERIAL and 2 * key_person.contribution(part) >= kp.index
        if rule.key == "nothing":
            assert top < key_person.NEGLIGIBLE
        # the engine's own sentence (the diagnosis payload) blames a part only when it is high and dominant
        engine = (inputs.result.get("key_person_risk") or {}).get("reason") or {}
        if "主要来自" in (engine.get("zh") or ""):
            (named,) = [p for p in raw if p["value"] is not None and abs(points[p["code"]] - top) < 1e-9][:1]
            assert named["value"] >= 100 / 3 and 2 * points[named["code"]] >= kp.index


@FAST
@given(cohorts())
def test_all_fine_is_never_said_of_what_could_not_be_computed(cohort):
    for _inputs, facts, view in reports(cohort):
        f = facts.finance
        rule = chosen(finance.CLOSING, f)
        assert rule is not None
        if rule.key in ("all_fine", "all_fine_compared"):
            assert all(i.value is not None for i in f.indicators) and not f.concerns
        if not f.known:
            assert rule.key in ("concerns", "nothing_known")
            assert zh(finance.CLOSING[-1].message)[:8] not in view["finance"]["closing"]
        vulnerability = chosen(finance.VULNERABILITY, f)
        assert vulnerability is not None
        if vulnerability.key.startswith("all"):
            assert f.tuckman_chang_known == len(finance.TUCKMAN_CHANG)


@FAST
@given(cohorts())
def test_no_sentence_contradicts_the_sign_or_threshold_of_its_figure(cohort):
    for _inputs, facts, view in reports(cohort):
        f = facts.finance
        balance = chosen(finance.BALANCE, f)
        assert balance is not None
        if f.revenue is not None and f.expenses is not None:
            expected = "surplus" if f.revenue > f.expenses else "deficit" if f.revenue < f.expenses else "balanced"
            assert balance.key == expected
        meanings = {m["name"]: m["text"] for m in view["finance"]["meaning"]}
        for i in f.concerns:
            text = meanings[ZH.pick(i.name)]
            absolute = zh(finance.INDICATOR_MEANING[i.code])
            rule = chosen(finance.MEANING, i)
            assert rule is not None
            if i.flag is not True:
                # in the worst fifth only: said to be relative to peers, nothing absolute foretold
                assert rule.key.startswith("relative") and absolute not in text
                assert "同批" in text
            else:
                assert rule.key == "past_threshold" and absolute in text
            surplus = f.revenue is not None and f.expenses is not None and f.revenue > f.expenses
            if i.code == "operating_margin" and surplus:
                assert absolute not in text  # a surplus is never said to wear the reserves down
            if i.code == "operating_margin" and i.flag is True:
                assert balance.key == "deficit"  # and a margin past its line goes with a deficit


@FAST
@given(cohorts())
def test_cohort_relative_words_say_they_are_relative_and_follow_the_sign(cohort):
    for _inputs, facts, view in reports(cohort):
        w = facts.wheel
        median_rule = chosen(wheel.AGAINST_THE_MEDIAN, w)
        assert median_rule is not None
        assert (median_rule.key == "not_compared") == (not w.compared)
        if w.compared:
            assert "同批" in say(wheel.AGAINST_THE_MEDIAN, w, ZH) and str(w.cohort_size) in say(
                wheel.AGAINST_THE_MEDIAN, w, ZH
            )
            assert (median_rule.key == "some_below") == bool(w.below)
        for p, said in zip(facts.perspectives.rows, view["perspectives"]["rows"], strict=True):
            where = chosen(perspectives.WHERE, p)
            assert where is not None
            if p.score is None or p.median is None:
                assert where.key == "none"
                assert "中位数" not in said["text"]
                continue
            gap = p.score - p.median
            assert where.key == ("level" if abs(gap) < perspectives.LEVEL else "above" if gap > 0 else "below")
            assert "同批中位数" in said["text"]
        # the summary's count of ratios past their line is the count of the table's flags
        flagged = sum(1 for i in facts.finance.indicators if i.tuckman_chang and i.flag is True)
        assert facts.summary.tuckman_chang_flags == flagged


@settings(max_examples=40, deadline=None)
@given(cohorts())
def test_the_words_are_the_same_rules_in_english(cohort):
    """The English report is chosen by the same rules: spot-check the sentences that were wrong."""
    for _inputs, facts, _view in reports(cohort)[:3]:
        view = report_view(facts, EN)
        if facts.wheel.top is not None and facts.wheel.top == facts.wheel.low:
            assert "highest" not in view["wheel"]["text"]
        if not facts.finance.known:
            assert not any(s in view["finance"]["closing"] for s in ALL_FINE)


# --- regression examples: the seven contradictions found ------------------------------------------


def _dimension(kind: str, score: float | None, name: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "score": score,
        "name": {"zh": name, "en": name},
        "answered_items": 4,
        "total_items": 4,
        "reasons": [],
    }


SPOKES = ("结构与战略", "服务创新", "团队成长", "合规", "效率", "合作", "满意度", "拓展")


def _inputs(result: dict[str, Any], cohort: dict[str, Any] | None = None, scan_choices=None, appendix=None):
    return ReportInputs(
        workshop={},
        profile={},
        scored={"result": result},
        cohort=cohort or {"size": 1},
        appendix=appendix or {},
        generated_on=DAY,
        scan=scan_choices,
    )


def test_regression_eight_tied_spokes_are_not_both_highest_and_lowest():
    dims = {f"s{i}": _dimension("spoke", 50.0, n) for i, n in enumerate(SPOKES)}
    facts = wheel.facts(_inputs({"dimensions": dims}))
    text = wheel.words(facts, ZH)["text"]
    assert chosen(wheel.EXTREMES, facts).key == "tie"
    assert "最高" not in text and "最低" not in text and "相差 0.0" not in text
    assert "50.0" in text


def test_regression_a_spoke_at_75_is_not_among_those_most_needing_work():
    engine_why = {"zh": "「合作」得分 75.0（满分 100），属于相对优势，是最需要加强的方面之一。", "en": "…"}
    priority = {"rank": 1, "area": "cooperation", "kind": "dimension", "name": {"zh": "合作", "en": "Cooperation"}}
    priority.update(score=75.0, why=[engine_why], actions=[])
    result = {"dimensions": {"cooperation": _dimension("spoke", 75.0, "合作")}, "priorities": [priority]}
    facts = report_facts(_inputs(result))
    said = summary.words(facts.summary, ZH)["priorities"][0]["why"]
    assert "相对优势" in said and "最需要加强" not in said
    plan = actions.words(facts.actions, ZH)["plans"][0]
    assert not any("最需要加强" in w for w in plan["why"])


def test_regression_an_organisation_is_not_told_to_pass_on_what_it_is_weak_in():
    dims = {
        "hub": _dimension("hub", 90.0, "使命愿景价值观"),
        "cooperation": _dimension("spoke", 80.0, "合作"),
        "team_growth": _dimension("spoke", 30.0, "团队成长"),
        "expansion": _dimension("spoke", 70.0, "拓展"),
    }
    priority = {"rank": 1, "area": "expansion", "kind": "dimension", "name": {"zh": "拓展", "en": "Expansion"}}
    priority.update(score=70.0, why=[], actions=[])
    stage = {"name": {"zh": "输出经验", "en": "exporting know-how"}, "next": None, "ladder": []}
    result = {"dimensions": dims, "priorities": [priority], "stage": stage}
    facts = report_facts(_inputs(result))
    assert chosen(summary.AHEAD, facts.summary).key == "top_mentor"
    assert set(facts.summary.strengths) == {"hub", "cooperation"}  # not expansion (a priority), not team growth
    text = summary.words(facts.summary, ZH)["stage"]["text"]
    assert "合作" in text and "团队成长" not in text and "拓展" not in text


def test_regression_key_person_risk_is_not_put_on_governance_scoring_86_7():
    parts = [
        {"code": "governance_weakness", "input": 86.7, "value": 13.3, "effective_weight": 0.5},
        {"code": "leader_donations", "input": 0.2, "value": 20.0, "effective_weight": 0.25},
        {"code": "leader_team_gap", "input": 1.0, "value": 3.0, "effective_weight": 0.25},
    ]
    engine = {"zh": "关键人物风险指数 12.4（满分 100），属于较低水平；主要来自治理薄弱。", "en": "…"}
    kpr = {"index": 12.4, "band": "low", "parts": parts, "reason": engine}
    facts = key_person.facts(_inputs({"key_person_risk": kpr}))
    reason = key_person.words(facts, ZH)["reason"]
    assert [p.code for p in key_person.largest(facts)] == ["governance_weakness"]  # 6.65 > 5.0 > 0.75 points
    assert chosen(key_person.ATTRIBUTION, facts).key == "largest"  # 13.3 is low in itself: not "mostly"
    assert "主要来自" not in reason and ZH.gettext(key_person.KEY_PERSON_PARTS["governance_weakness"]) in reason
    facts = dataclasses.replace(facts, parts=(dataclasses.replace(facts.parts[0], value=0.0),) + facts.parts[1:])
    assert [p.code for p in key_person.largest(facts)] == ["leader_donations"]


def test_regression_the_scan_goes_outside_in_as_it_says():
    items = {
        "strength.a": {"quadrant": "strength", "text": {"zh": "优", "en": "S"}},
        "weakness.a": {"quadrant": "weakness", "text": {"zh": "劣", "en": "W"}},
        "opportunity.a": {"quadrant": "opportunity", "text": {"zh": "机", "en": "O"}},
        "threat.a": {"quadrant": "threat", "text": {"zh": "挑", "en": "T"}},
    }
    facts = scan.facts(_inputs({}, scan_choices=dict.fromkeys(items, 1), appendix={"scan_items": items}))
    said = scan.words(facts, EN)
    assert [q["code"] for q in said["quadrants"]] == ["opportunity", "threat", "strength", "weakness"]
    assert "outside in" in said["intro"]


def _indicator(code: str, value: float | None, flag: bool | None) -> dict[str, Any]:
    return {"name": {"zh": code, "en": code}, "value": value, "threshold": 0.0, "risky_when": "below", "flag": flag}


def test_regression_no_income_is_not_every_indicator_within_its_threshold():
    indicators = {code: _indicator(code, None, None) for code in INDICATOR_FORMAT}
    result = {"finance": {"indicators": indicators, "tuckman_chang_known": 0, "tuckman_chang_flags": 0}}
    facts = finance.facts(_inputs(result))
    assert chosen(finance.CLOSING, facts).key == "nothing_known"
    closing = finance.words(facts, EN)["closing"]
    assert "within" not in closing and "could be computed" in closing
    assert "在警戒线以内" not in finance.words(facts, ZH)["closing"]


def test_regression_a_surplus_in_the_worst_fifth_is_not_told_deficits_thin_its_reserves():
    indicators = {"operating_margin": _indicator("operating_margin", 0.02, False)}
    benchmark = {"suppressed": False, "n_organisations": 12}
    cohort = {"size": 12, "benchmark": benchmark, "quintile_flags": {"operating_margin": True}}
    result = {"finance": {"indicators": indicators, "total_revenue": 100000.0, "total_expenses": 98000.0}}
    facts = finance.facts(_inputs(result, cohort=cohort))
    said = finance.words(facts, ZH)
    (meaning,) = said["meaning"]
    assert zh(finance.INDICATOR_MEANING["operating_margin"]) not in meaning["text"]
    assert "同批" in meaning["text"] and "结余" in said["text"]
