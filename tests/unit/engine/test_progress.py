"""A cohort's progress in a follow-up round: nothing under five organisations compared, a
median change per dimension, who improved and who stalled, shared weaknesses closed, and
each agreed intent counted once from what both sides say."""

from __future__ import annotations

from services.diagnosis.domain.engine import diagnose
from services.diagnosis.domain.engine.progress import cohort_progress
from services.diagnosis.domain.engine.rings import follow_up

from .builders import instrument, leader, org

INSTRUMENT = instrument()
SPOKE = "team_growth"


def _result(name: str, level: int, spoke_level: int | None = None):
    answers = {code: level for code in INSTRUMENT.items}
    if spoke_level is not None:
        answers.update({c: spoke_level for c, item in INSTRUMENT.items.items() if item.dimension == SPOKE})
    return diagnose(INSTRUMENT, org(name, raters=[leader(answers)]))


def _compared(name: str, later_spoke: int, intents=(), said=None):
    before, now = _result(name, 1), _result(name, 1, later_spoke)
    rings = follow_up(2, {1: before}, now, {"intents": said or {}}, list(intents))
    return {"organisation_id": name, "name_zh": name, "name_en": None, "rings": rings}


def test_nothing_is_shown_under_five_organisations_compared():
    shown = cohort_progress([_compared(f"机构{n}", 3) for n in range(4)])
    assert shown == {"compared": 4, "min_cohort": 5, "suppressed": True}


def test_the_median_change_and_who_improved_and_who_stalled():
    compared = [_compared(f"机构{n}", 3) for n in range(3)] + [_compared("甲", 1), _compared("乙", 2)]
    shown = cohort_progress(compared)
    growth = shown["dimensions"][SPOKE]
    assert (growth["up"], growth["same"], growth["down"]) == (4, 1, 0)
    assert growth["median_change"] == 66.7  # two levels up for three, one for one, none for one
    assert [w["name_zh"] for w in shown["improved_most"]][-1] == "乙"  # the smallest gain last
    assert [w["name_zh"] for w in shown["stalled"]] == ["甲"]
    assert shown["dimensions"]["hub"]["median_change"] == 0.0


def test_an_intent_is_counted_once_and_where_the_sides_differ_it_says_so():
    def intent(intent_id, partner=None):
        return {"intent_id": intent_id, "partner_id": "x", "partner": partner}

    compared = [
        _compared("甲", 3, [intent("i1", "happened"), intent("i2", "dropped")], {"i1": {"outcome": "happened"}}),
        _compared("乙", 3, [intent("i1", "happened"), intent("i2"), intent("i3")], {"i2": {"outcome": "happened"}}),
    ] + [_compared(f"机构{n}", 3) for n in range(3)]
    counts = cohort_progress(compared)["intents"]
    assert counts == {
        "total": 3,
        "happened": 1,
        "in_progress": 0,
        "dropped": 0,
        "differ": 1,
        "unanswered": 1,
    }
