"""Rings: a round compared with itself shows no change; a move below the instrument's
resolution reads "about the same"; a move that only the raters made is not progress."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from services.diagnosis.domain.engine import diagnose
from services.diagnosis.domain.engine.rings import (
    BETTER,
    DOWN,
    RATERS,
    RESOLUTION,
    SAME,
    UP,
    WORSE,
    compare,
    direction,
)

from .builders import everything, instrument, leader, org, staff
from .test_properties import FAST, organisations

INSTRUMENT = instrument()


@FAST
@given(organisations())
def test_a_round_compared_with_itself_shows_no_change(organisation):
    result = diagnose(INSTRUMENT, organisation)
    compared = compare(result, copy.deepcopy(result))
    assert compared["raters_differ"] is False
    for entry in [*compared["dimensions"].values(), *compared["indicators"].values()]:
        assert entry["direction"] in (SAME, None)
        assert entry["change"] in (0, None)
        assert entry.get("verdict") is None and entry.get("because") is None


@settings(max_examples=200, deadline=None)
@given(st.floats(0, 100), st.floats(-RESOLUTION * 0.999, RESOLUTION * 0.999))
def test_a_move_below_the_resolution_reads_about_the_same(score, move):
    assert direction(score, score + move, RESOLUTION) == SAME


@settings(max_examples=200, deadline=None)
@given(st.floats(0, 100), st.floats(RESOLUTION * 1.001, 100))
def test_a_move_at_or_above_the_resolution_has_its_direction(score, move):
    assert direction(score, score + move, RESOLUTION) == UP
    assert direction(score + move, score, RESOLUTION) == DOWN


def test_a_quarter_level_is_the_resolution():
    assert round(RESOLUTION, 2) == 8.33  # a quarter of one rubric level on 0–100
    assert direction(None, 50, RESOLUTION) is None


def test_a_level_higher_everywhere_is_progress_on_every_spoke():
    before = diagnose(INSTRUMENT, org(raters=(leader(everything(2)),)))
    after = diagnose(INSTRUMENT, org(raters=(leader(everything(3)),)))
    compared = compare(before, after)
    assert {e["direction"] for e in compared["dimensions"].values()} == {UP}
    # one level: 33.3 points, from scores already rounded to one decimal
    assert {e["change"] for e in compared["dimensions"].values()} <= {33.3, 33.4}


def test_a_move_that_only_new_raters_made_is_about_the_same_and_says_why():
    """The leader answers as before; three staff raters join and score higher."""
    alone = org(raters=(leader(everything(2)),))
    with_team = org(raters=(leader(everything(2)), *(staff(everything(4), rid=f"S{n}") for n in range(3))))
    compared = compare(diagnose(INSTRUMENT, alone), diagnose(INSTRUMENT, with_team))
    assert compared["raters_differ"] is True
    moved = [e for e in compared["dimensions"].values() if e["change"] and abs(e["change"]) >= RESOLUTION]
    assert moved, "the combined score moved by the team's answers"
    assert all(e["direction"] == SAME and e["because"] == RATERS for e in moved)


def test_an_indicator_reads_better_or_worse_by_its_risky_side():
    def result(value, risky_when):
        dimensions: dict = {}
        return {
            "dimensions": dimensions,
            "raters": {"by_role": {"leader": 1}},
            "finance": {"indicators": {"x": {"code": "x", "value": value, "threshold": 3.0, "risky_when": risky_when}}},
        }

    reserves = compare(result(2.0, "below"), result(4.0, "below"))["indicators"]["x"]
    assert (reserves["direction"], reserves["verdict"]) == (UP, BETTER)
    overhead = compare(result(2.0, "above"), result(4.0, "above"))["indicators"]["x"]
    assert (overhead["direction"], overhead["verdict"]) == (UP, WORSE)
    tiny = compare(result(2.0, "below"), result(2.05, "below"))["indicators"]["x"]
    assert (tiny["direction"], tiny["verdict"]) == (SAME, None)  # 2.5 % of the baseline
