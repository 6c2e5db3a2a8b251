"""Rater confidentiality: no figure over fewer than MIN_RATERS staff and board raters."""

import pytest

from services.common.contracts.diagnosis import MIN_RATERS
from services.diagnosis.domain.engine import diagnose
from services.diagnosis.domain.engine.confidentiality import rater_groups
from services.diagnosis.domain.engine.inputs import RaterAnswers

from .builders import answers, instrument, leader, org, staff

INSTRUMENT = instrument()


def board(ans, rid="B"):
    return RaterAnswers(respondent_id=rid, role="board", answers=ans)


def team(roles, level=1):
    makers = {"staff": staff, "board": board}
    return tuple(
        makers[role](answers({"hub": level, "governance": level}), f"{role}{i}") for i, role in enumerate(roles)
    )


def test_the_threshold_is_three():
    assert MIN_RATERS == 3


@pytest.mark.parametrize(
    ("roles", "groups", "counted"),
    [
        ((), [], 1),
        (("staff",), [], 1),
        (("board",), [], 1),
        (("staff", "staff"), [], 1),
        (("staff", "staff", "staff"), ["staff"], 4),
        (("staff", "staff", "board"), ["other"], 4),
        (("staff", "staff", "staff", "board"), ["other"], 5),
        (("staff", "staff", "staff", "board", "board", "board"), ["staff", "board"], 7),
    ],
)
def test_the_merge_rule(roles, groups, counted):
    raters = (leader(answers({"hub": 4})), *team(roles))
    kept, found = rater_groups(raters)
    assert [g for g in found if g != "leader"] == groups
    assert len(kept) == counted
    d = diagnose(INSTRUMENT, org(raters=raters))
    assert d["raters"]["groups"] == groups and d["raters"]["counted"] == counted
    assert d["raters"]["team_counted"] is bool(groups)
    shown = {key for item in d["items"].values() for key in item["by_role"]}
    assert shown == {"leader", *groups}


def test_one_board_member_is_nowhere_in_the_result():
    """The leader rates 4 everywhere and one board member 1: no figure may move off 4."""
    raters = (leader(answers({"hub": 4, "governance": 4})), *team(("board",)))
    d = diagnose(INSTRUMENT, org(raters=raters))
    for item in (d["items"]["hub.q1"], d["items"]["governance.q2"]):
        assert (item["n"], item["mean"], item["min"], item["by_role"]) == (1, 4.0, 4, {"leader": 4.0})
    for code in ("hub", "governance"):
        dim = d["dimensions"][code]
        assert (dim["score"], dim["team_score"], dim["gap"]) == (100.0, None, None)
    assert d["disagreements"] == []
    assert d["raters"]["count"] == 2 and d["raters"]["by_role"]["board"] == 1
    gap = next(p for p in d["key_person_risk"]["parts"] if p["code"] == "leader_team_gap")
    assert gap["value"] is None


def test_two_staff_and_one_board_merge_into_other_raters():
    raters = (leader(answers({"hub": 4})), *team(("staff", "staff")), board(answers({"hub": 2}), "B"))
    d = diagnose(INSTRUMENT, org(raters=raters))
    # other raters: mean(1, 1, 2) = 1.33; all: mean(4, 1, 1, 2) = 2
    assert d["items"]["hub.q1"]["by_role"] == {"leader": 4.0, "other": 1.33}
    assert d["items"]["hub.q1"]["mean"] == 2.0
    assert "staff" not in d["items"]["hub.q1"]["by_role"] and "board" not in d["items"]["hub.q1"]["by_role"]
    assert d["dimensions"]["hub"]["team_score"] == 11.1


def test_an_item_only_two_raters_answered_shows_only_the_leader():
    raters = (
        leader({"hub.q1": 4, "hub.q2": 4}),
        staff({"hub.q1": 1, "hub.q2": 1}, "S1"),
        staff({"hub.q1": 1, "hub.q2": 1}, "S2"),
        staff({"hub.q1": 1}, "S3"),
    )
    d = diagnose(INSTRUMENT, org(raters=raters))
    assert d["items"]["hub.q1"]["by_role"] == {"leader": 4.0, "staff": 1.0}
    assert d["items"]["hub.q2"]["by_role"] == {"leader": 4.0}
    assert (d["items"]["hub.q2"]["n"], d["items"]["hub.q2"]["mean"]) == (1, 4.0)


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        ({"leader": 1}, ("leader",)),
        ({"leader": 1, "board": 1}, ("leader",)),
        ({"leader": 1, "staff": 2}, ("leader",)),
        ({"leader": 1, "staff": 2, "board": 1}, ("leader", "other")),
        ({"leader": 1, "staff": 3}, ("leader", "staff")),
        ({"leader": 1, "staff": 3, "board": 1}, ("leader", "other")),
        ({"leader": 1, "staff": 4, "board": 3}, ("leader", "staff", "board")),
    ],
)
def test_reporting_applies_the_same_rule_to_what_it_prints(counts, shown):
    from services.reporting.domain.organisation_report.shared import shown_groups, team_size

    result = {"raters": {"count": sum(counts.values()), "by_role": counts}}
    assert shown_groups(result) == shown
    assert team_size(result) == sum(n for role, n in counts.items() if role != "leader")
