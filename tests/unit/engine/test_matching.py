"""Collaboration matches: complementary strengths, confirmed by the team or the figures before
anyone is put forward as a mentor; shared focus, nearby regions, typed; facts, no sentences."""

import dataclasses
import itertools

from services.diagnosis.domain.engine import diagnose, matches
from services.diagnosis.domain.engine.matching import (
    CONFIRMING_FIGURES,
    MAX_OFFERED,
    FigureRule,
    can_mentor,
    evidence,
    jaccard,
    match_score,
    match_type,
)
from services.diagnosis.domain.engine.regions import shared_area

from .builders import DIMENSION_CODES, HEALTHY_NUMBERS, answers, everything, instrument, leader, org, staff

INSTRUMENT = instrument()

STRONG = dict(everything(3), **answers({"team_growth": 4, "service_innovation": 4}))
WEAK = dict(everything(3), **answers({"team_growth": 1, "service_innovation": 2}))


def pair(
    a_raters,
    b_answers,
    a_focus=("children", "family_education"),
    b_focus=("children",),
    a_region="安顺市西秀区",
    b_region="贵州省安顺市平坝区",
    a_numbers=None,
    a_years=None,
    b_years=None,
):
    inputs = [
        dataclasses.replace(
            org("a", raters=a_raters, focus=a_focus, region=a_region, numbers=a_numbers), years_in_sector=a_years
        ),
        dataclasses.replace(
            org("b", raters=(leader(b_answers),), focus=b_focus, region=b_region), years_in_sector=b_years
        ),
    ]
    return [diagnose(INSTRUMENT, i) for i in inputs], inputs


def confirmed(ans):
    """The leader's answers, and a staff member who rates every item the same."""
    return (leader(ans), staff(ans))


def test_a_strength_the_team_confirms_makes_a_mentor():
    found = matches(*pair(confirmed(STRONG), WEAK))
    # team growth: c = (100 − 0) / 100 = 1; J = 1/2; same city → 100 × 1 × (.5 + .125 + .25) = 87.5
    # service innovation: c on the reported scores = (100 − 33.3) / 100 = .667 → 100 × .667 × .875 = 58.4,
    # project cooperation as they share a focus area
    assert [(m["from"], m["to"], m["role"], m["type"], m["score"]) for m in found] == [
        ("a", "b", "mentor", "staff_exchange", 87.5),
        ("a", "b", "mentor", "project_cooperation", 58.4),
    ]
    first = found[0]
    assert (first["shared_focus"], first["focus_jaccard"], first["shared_region"]) == (["children"], 0.5, "安顺市")
    assert first["evidence"] == "team"
    assert first["dimensions"] == [
        {
            "code": "team_growth",
            "name": {"zh": "团队专业成长", "en": "team growth"},
            "items": ["team_growth.q1", "team_growth.q2"],
            "evidence": "team",
            "facts": {},
            "helped_weak": True,
        }
    ]
    assert "reason" not in first  # the words are reporting's


def test_a_strength_on_the_leaders_word_alone_makes_a_peer_not_a_mentor():
    found = matches(*pair((leader(STRONG),), WEAK))
    assert [(m["role"], m["type"], m["evidence"]) for m in found] == [
        ("peer", "staff_exchange", "self"),
        ("peer", "project_cooperation", "self"),
    ]


def test_a_team_that_disagrees_by_more_than_a_level_does_not_confirm():
    doubting = dict(STRONG, **answers({"team_growth": 2, "service_innovation": 2}))
    found = matches(*pair((leader(STRONG), staff(doubting)), WEAK))
    assert found and all(m["role"] == "peer" and m["evidence"] == "self" for m in found)
    # within a level (4 and 3) the team agrees
    close = dict(STRONG, **answers({"team_growth": 3, "service_innovation": 3}))
    found = matches(*pair((leader(STRONG), staff(close)), WEAK))
    assert {m["role"] for m in found} == {"mentor"}


def test_figures_confirm_where_the_team_did_not_rate():
    strong = dict(everything(3), **answers({"expansion": 4}))
    weak = dict(everything(3), **answers({"expansion": 1}))
    team = {c: v for c, v in strong.items() if not c.startswith("expansion.")}
    diagnoses, inputs = pair((leader(strong), staff(team)), weak, a_numbers=HEALTHY_NUMBERS)
    found = matches(diagnoses, inputs)
    assert [(m["role"], m["evidence"]) for m in found] == [("mentor", "figures")]
    # four positive income lines and one fundraiser
    assert found[0]["dimensions"][0]["facts"] == {"income_sources": 4.0, "fundraising_staff": 1.0}
    # without the figures the same strength is only the leader's word
    diagnoses, inputs = pair((leader(strong), staff(team)), weak)
    assert [(m["role"], m["evidence"]) for m in matches(diagnoses, inputs)] == [("peer", "self")]


def test_no_one_is_put_forward_in_more_than_three_dimensions():
    found = matches(*pair(confirmed(everything(4)), everything(1)))
    dims = [d["code"] for m in found for d in m["dimensions"]]
    assert len(dims) == MAX_OFFERED == 3 and len(set(dims)) == 3
    assert all(m["role"] == "mentor" for m in found)


def test_the_finding_a_self_rated_newcomer_is_no_mentor_to_a_veteran():
    """Issue 18: every item rated 4 by the leader, no rater answering, 0.6 months of
    reserves, 3 years in the sector — was a mentor in 9 dimensions to a 15-year organisation."""
    thin = dict(HEALTHY_NUMBERS, **{"balance.unrestricted_reserves": 50_000})  # 50 000 / (900 000 / 12) = 0.67
    newcomer = dataclasses.replace(
        org("new", raters=(leader(everything(4)),), numbers=thin, region="安顺市西秀区"), years_in_sector=3
    )
    veteran = dataclasses.replace(
        org("old", raters=(leader(everything(1)), staff(everything(2))), region="安顺市西秀区"), years_in_sector=15
    )
    inputs = [newcomer, veteran]
    diagnoses = [diagnose(INSTRUMENT, i) for i in inputs]
    assert diagnoses[0]["finance"]["indicators"]["months_of_reserve"]["value"] < 1
    found = matches(diagnoses, inputs)
    assert found, "still matched, as peers"
    assert all(m["role"] == "peer" and m["evidence"] == "self" for m in found)
    assert len({d["code"] for m in found for d in m["dimensions"]}) <= MAX_OFFERED


def test_a_mentor_is_never_below_the_cohort_median():
    # c is strong (level 3 everywhere), b and d at level 4: the median of team growth is 100
    a_like = {c: 3 for c in everything(3)}
    inputs = [
        org("a", raters=confirmed(a_like)),
        org("b", raters=confirmed(everything(4))),
        org("c", raters=(leader(everything(1)),)),
        org("d", raters=confirmed(everything(4))),
    ]
    diagnoses = [diagnose(INSTRUMENT, i) for i in inputs]
    found = matches(diagnoses, inputs)
    assert not any(m["from"] == "a" and m["role"] == "mentor" for m in found)
    assert any(m["from"] == "b" and m["role"] == "mentor" for m in found)


def test_two_strong_organisations_are_not_matched():
    assert matches(*pair(confirmed(everything(4)), everything(4))) == []
    assert matches(*pair(confirmed(everything(3)), everything(3))) == []


def test_without_a_shared_focus_or_region_there_is_no_match_unless_asked():
    diagnoses, inputs = pair(
        confirmed(STRONG), WEAK, a_focus=("x",), b_focus=("y",), a_region="安顺市", b_region="贵阳市"
    )
    assert matches(diagnoses, inputs) == []
    loose = matches(diagnoses, inputs, require_link=False)
    # no shared focus: service innovation becomes resource sharing; link factor 0.5: 100 × .667 × .5
    assert [(m["type"], m["score"]) for m in loose] == [("staff_exchange", 50.0), ("resource_sharing", 33.4)]
    assert loose[0]["shared_focus"] == [] and loose[0]["shared_region"] is None


def test_one_pair_per_direction_role_and_type_with_its_best_dimension_first():
    weak = dict(everything(3), **answers({"compliance": 1, "efficiency": 2}))
    strong = everything(4)
    found = matches(*pair(confirmed(strong), weak))
    assert [(m["role"], m["type"], m["score"], [d["code"] for d in m["dimensions"]]) for m in found] == [
        ("mentor", "resource_sharing", 87.5, ["compliance", "efficiency"])
    ]


def test_matches_do_not_depend_on_the_order_of_the_cohort():
    inputs = [
        org("a", raters=confirmed(STRONG)),
        org("b", raters=(leader(WEAK),)),
        org("c", raters=(leader(dict(everything(2), **answers({"cooperation": 4}))),)),
    ]
    diagnoses = [diagnose(INSTRUMENT, i) for i in inputs]
    expected = matches(diagnoses, inputs)
    assert len(expected) >= 3
    for d_perm, i_perm in zip(itertools.permutations(diagnoses), itertools.permutations(inputs), strict=False):
        assert matches(list(d_perm), list(i_perm)) == expected
    assert len({(m["from"], m["to"], m["role"], m["type"]) for m in expected}) == len(expected)


def test_the_rules():
    assert jaccard(["a", "b"], ["b", "c"]) == 1 / 3 and jaccard([], []) == 0.0
    assert match_type("team_growth", 0.0) == "staff_exchange"
    assert match_type("expansion", 0.5) == "project_cooperation"
    assert match_type("expansion", 0.0) == "resource_sharing"
    assert match_type("compliance", 1.0) == "resource_sharing"
    assert match_score(1.0, 1.0, True) == 100.0 and match_score(0.5, 0.0, False) == 25.0


def test_the_confirmation_table():
    assert set(CONFIRMING_FIGURES) == set(DIMENSION_CODES)
    assert FigureRule("income_sources", at_least=3).holds(3) and not FigureRule("income_sources", at_least=3).holds(2)
    assert FigureRule("staff_turnover", at_most=0.15).holds(0.1) and not FigureRule(
        "staff_turnover", at_most=0.15
    ).holds(0.2)
    assert not FigureRule("months_of_reserve", at_least=3).holds(None)
    assert can_mentor(70.0, 60.0, "team") and can_mentor(70.0, None, "figures")
    assert not can_mentor(70.0, 80.0, "team")  # below the cohort's median
    assert not can_mentor(60.0, 50.0, "team")  # below level 3
    assert not can_mentor(90.0, 50.0, "self")  # the leader's word alone


def test_years_in_the_sector_support_experience_but_not_without_a_team():
    alone = dataclasses.replace(org("a", raters=(leader(everything(4)),)), years_in_sector=12)
    d = diagnose(INSTRUMENT, alone)
    assert evidence(alone, d, "structure_strategy") == {"kind": "self", "facts": {"years_in_sector": 12.0}}
    team = {c: v for c, v in everything(4).items() if not c.startswith("structure_strategy.")}
    rated = dataclasses.replace(org("a", raters=(leader(everything(4)), staff(team))), years_in_sector=12)
    assert evidence(rated, diagnose(INSTRUMENT, rated), "structure_strategy")["kind"] == "figures"
    assert evidence(rated, diagnose(INSTRUMENT, rated), "hub")["kind"] == "team"


def test_shared_area():
    assert shared_area("安顺市西秀区", "安顺市平坝区") == "安顺市"
    assert shared_area("安顺市西秀区", " 安顺市 西秀区") == "安顺市西秀区"
    assert shared_area("贵州省安顺市", "贵州省贵阳市") is None
    assert shared_area("贵州安顺", "贵州贵阳") is None
    assert shared_area("黔东南州凯里市", "黔东南州从江县") == "黔东南州"
    assert shared_area("黔南州", "黔东南州") is None
    assert shared_area("北京市朝阳区", "北京市海淀区") == "北京市"
    assert shared_area("广西壮族自治区南宁市青秀区", "南宁市西乡塘区") == "南宁市"
    assert shared_area(None, "安顺市") is None and shared_area("", "") is None
