"""Items and dimensions: means, disagreement, leader-vs-team gap, 0–100 scores."""

import pytest

from services.diagnosis.domain.engine import diagnose
from services.diagnosis.domain.engine.dimensions import dimension_score, leader_team_gap
from services.diagnosis.domain.engine.inputs import RaterAnswers

from .builders import answers, everything, instrument, leader, org, staff

INSTRUMENT = instrument()


def test_levels_map_onto_0_to_100():
    assert [round(dimension_score([level]), 2) for level in (1, 2, 3, 4)] == [0.0, 33.33, 66.67, 100.0]
    assert dimension_score([]) is None
    assert dimension_score([1, 2]) == pytest.approx(50 / 3)


def test_a_single_rater_scores_every_dimension_and_has_no_team():
    d = diagnose(INSTRUMENT, org(raters=(leader(answers({"hub": 4, "compliance": 2})),)))
    hub = d["dimensions"]["hub"]
    assert (hub["score"], hub["leader_score"], hub["team_score"], hub["gap"]) == (100.0, 100.0, None, None)
    assert d["dimensions"]["compliance"]["score"] == 33.3
    assert d["items"]["hub.q1"] == {
        "dimension": "hub",
        "n": 1,
        "mean": 4.0,
        "min": 4,
        "max": 4,
        "spread": 0,
        "flagged": False,
        "by_role": {"leader": 4.0},
    }
    assert d["raters"] == {
        "count": 1,
        "by_role": {"leader": 1, "staff": 0, "board": 0},
        "team": 0,
        "counted": 1,
        "team_counted": False,
        "groups": [],
        "min_raters": 3,
    }


def test_one_leader_and_three_staff():
    raters = (
        leader({"hub.q1": 4, "hub.q2": 4}),
        staff({"hub.q1": 2, "hub.q2": 3}, "S1"),
        staff({"hub.q1": 3, "hub.q2": 3}, "S2"),
        staff({"hub.q1": 2, "hub.q2": 3}, "S3"),
    )
    d = diagnose(INSTRUMENT, org(raters=raters))
    q1, q2, hub = d["items"]["hub.q1"], d["items"]["hub.q2"], d["dimensions"]["hub"]
    assert (q1["mean"], q1["min"], q1["max"], q1["spread"], q1["flagged"]) == (2.75, 2, 4, 2, True)
    assert q1["by_role"] == {"leader": 4.0, "staff": 2.33}
    assert (q2["mean"], q2["spread"], q2["flagged"]) == (3.25, 1, False)
    # all: mean(2.75, 3.25) = 3 → 66.7; leader 100; team mean(7/3, 3) = 8/3 → 55.6;
    # gap mean(4 − 7/3, 4 − 3) = 4/3 → 44.4
    assert (hub["score"], hub["leader_score"], hub["team_score"], hub["gap"]) == (66.7, 100.0, 55.6, 44.4)
    assert hub["flagged_items"] == ["hub.q1"]
    assert d["disagreements"] == ["hub.q1"]
    assert "44.4" in hub["reasons"][1]["zh"] and "更乐观" in hub["reasons"][1]["zh"]


def test_two_staff_count_in_no_figure():
    raters = (
        leader({"hub.q1": 4, "hub.q2": 4}),
        staff({"hub.q1": 1, "hub.q2": 1}, "S1"),
        staff({"hub.q1": 2, "hub.q2": 1}, "S2"),
    )
    d = diagnose(INSTRUMENT, org(raters=raters))
    q1, hub = d["items"]["hub.q1"], d["dimensions"]["hub"]
    assert (q1["n"], q1["mean"], q1["min"], q1["max"], q1["flagged"], q1["by_role"]) == (
        1,
        4.0,
        4,
        4,
        False,
        {"leader": 4.0},
    )
    assert (hub["score"], hub["leader_score"], hub["team_score"], hub["gap"]) == (100.0, 100.0, None, None)
    assert d["disagreements"] == []
    assert (d["raters"]["count"], d["raters"]["team"], d["raters"]["counted"], d["raters"]["team_counted"]) == (
        3,
        2,
        1,
        False,
    )


def test_disagreement_is_flagged_at_a_spread_of_exactly_two_and_not_one():
    team = tuple(staff({"hub.q1": 1, "hub.q2": 2}, f"S{i}") for i in range(3))
    d = diagnose(INSTRUMENT, org(raters=(leader({"hub.q1": 3, "hub.q2": 3}), *team)))
    assert d["items"]["hub.q1"]["flagged"] is True and d["items"]["hub.q1"]["spread"] == 2
    assert d["items"]["hub.q2"]["flagged"] is False and d["items"]["hub.q2"]["spread"] == 1


def test_a_dimension_nobody_answered_has_no_score():
    d = diagnose(INSTRUMENT, org(raters=(leader(answers({"hub": 3})),)))
    expansion = d["dimensions"]["expansion"]
    assert (expansion["score"], expansion["leader_score"], expansion["team_score"], expansion["gap"]) == (
        None,
        None,
        None,
        None,
    )
    assert expansion["answered_items"] == 0 and expansion["total_items"] == 2
    assert "没有人作答" in expansion["reasons"][0]["zh"]
    assert d["items"]["expansion.q1"]["mean"] is None


def test_partial_answers_score_over_the_answered_items_only():
    d = diagnose(INSTRUMENT, org(raters=(leader({"hub.q1": 2}),)))
    assert d["dimensions"]["hub"]["score"] == 33.3
    assert d["dimensions"]["hub"]["answered_items"] == 1


def test_the_gap_compares_only_items_both_sides_answered():
    assert leader_team_gap({"a": 4.0, "b": 4.0}, {"a": 2.0}) == pytest.approx(200 / 3)
    assert leader_team_gap({"a": 4.0}, {}) is None
    assert leader_team_gap({"a": 2.0}, {"a": 3.0}) == pytest.approx(-100 / 3)
    team = tuple(staff({"hub.q1": 2}, f"S{i}") for i in range(3))
    d = diagnose(INSTRUMENT, org(raters=(leader({"hub.q1": 4, "hub.q2": 4}), *team)))
    hub = d["dimensions"]["hub"]
    assert (hub["leader_score"], hub["team_score"], hub["gap"]) == (100.0, 33.3, 66.7)


def test_board_members_count_in_the_team():
    board = tuple(RaterAnswers(f"B{i}", "board", {"governance.q1": 1, "governance.q2": 1}) for i in range(3))
    d = diagnose(INSTRUMENT, org(raters=(leader(answers({"governance": 4})), *board)))
    governance = d["dimensions"]["governance"]
    # each item: mean(4, 1, 1, 1) = 1.75 → 25.0; the team 1 → 0.0; the gap 3 levels → 100
    assert (governance["score"], governance["team_score"], governance["gap"]) == (25.0, 0.0, 100.0)
    assert d["items"]["governance.q1"]["by_role"] == {"leader": 4.0, "board": 1.0}


def test_unknown_item_codes_are_ignored_and_bad_levels_refused():
    d = diagnose(INSTRUMENT, org(raters=(leader({"hub.q1": 4, "nonsense.q9": 1}),)))
    assert d["dimensions"]["hub"]["score"] == 100.0 and "nonsense.q9" not in d["items"]
    with pytest.raises(ValueError):
        diagnose(INSTRUMENT, org(raters=(leader({"hub.q1": 5}),)))
    with pytest.raises(ValueError):
        diagnose(INSTRUMENT, org(raters=(RaterAnswers("X", "volunteer", {"hub.q1": 3}),)))


def test_everything_at_one_level():
    team = tuple(staff(everything(1), f"S{i}") for i in range(3))
    d = diagnose(INSTRUMENT, org(raters=(leader(everything(1)), *team)))
    assert {code: dim["score"] for code, dim in d["dimensions"].items()} == dict.fromkeys(d["dimensions"], 0.0)
    assert all(dim["gap"] == 0.0 for dim in d["dimensions"].values())
