"""Collaboration matches: complementary strengths, shared focus, nearby regions, typed, explained."""

import itertools

from services.diagnosis.domain.engine import diagnose, matches
from services.diagnosis.domain.engine.matching import jaccard, match_score, match_type
from services.diagnosis.domain.engine.regions import shared_area

from .builders import answers, everything, instrument, leader, org

INSTRUMENT = instrument()

STRONG = dict(everything(3), **answers({"team_growth": 4, "service_innovation": 4}))
WEAK = dict(everything(3), **answers({"team_growth": 1, "service_innovation": 2}))


def pair(
    a_answers,
    b_answers,
    a_focus=("children", "family_education"),
    b_focus=("children",),
    a_region="安顺市西秀区",
    b_region="贵州省安顺市平坝区",
):
    inputs = [
        org("a", raters=(leader(a_answers),), focus=a_focus, region=a_region),
        org("b", raters=(leader(b_answers),), focus=b_focus, region=b_region),
    ]
    return [diagnose(INSTRUMENT, i) for i in inputs], inputs


def test_two_complementary_organisations_are_matched():
    found = matches(*pair(STRONG, WEAK))
    # team growth: c = (100 − 0) / 100 = 1; J = 1/2; same city → 100 × 1 × (.5 + .125 + .25) = 87.5
    # service innovation: c on the reported scores = (100 − 33.3) / 100 = .667 → 100 × .667 × .875 = 58.4,
    # project cooperation as they share a focus area
    assert [(m["from"], m["to"], m["type"], m["score"]) for m in found] == [
        ("a", "b", "staff_exchange", 87.5),
        ("a", "b", "project_cooperation", 58.4),
    ]
    first = found[0]
    assert (first["shared_focus"], first["focus_jaccard"], first["shared_region"]) == (["children"], 0.5, "安顺市")
    assert first["dimensions"] == [
        {
            "code": "team_growth",
            "name": {"zh": "团队专业成长", "en": "team growth"},
            "items": ["team_growth.q1", "team_growth.q2"],
        }
    ]
    assert first["reason"]["zh"] == (
        "机构a在「团队专业成长」方面较强，这正是机构b的短板，适合人员交流：机构b的同事可以到机构a跟岗学习，"
        "或请机构a派人来分享带团队的经验。两家有 1 个相同的服务领域；都在安顺市。"
    )
    assert "team growth" in first["reason"]["en"] and "机构b" in first["reason"]["en"]


def test_two_strong_organisations_are_not_matched():
    assert matches(*pair(everything(4), everything(4))) == []
    assert matches(*pair(everything(3), everything(3))) == []


def test_without_a_shared_focus_or_region_there_is_no_match_unless_asked():
    diagnoses, inputs = pair(STRONG, WEAK, a_focus=("x",), b_focus=("y",), a_region="安顺市", b_region="贵阳市")
    assert matches(diagnoses, inputs) == []
    loose = matches(diagnoses, inputs, require_link=False)
    # no shared focus: service innovation becomes resource sharing; link factor 0.5: 100 × .667 × .5
    assert [(m["type"], m["score"]) for m in loose] == [("staff_exchange", 50.0), ("resource_sharing", 33.4)]
    assert "两家没有相同的服务领域，地区也不相近" in loose[0]["reason"]["zh"]


def test_one_pair_per_direction_and_type_with_its_best_dimension_first():
    weak = dict(everything(3), **answers({"compliance": 1, "efficiency": 2}))
    strong = everything(4)
    found = matches(*pair(strong, weak))
    assert [(m["type"], m["score"], [d["code"] for d in m["dimensions"]]) for m in found] == [
        ("resource_sharing", 87.5, ["compliance", "efficiency"])
    ]


def test_matches_do_not_depend_on_the_order_of_the_cohort():
    inputs = [
        org("a", raters=(leader(STRONG),)),
        org("b", raters=(leader(WEAK),)),
        org("c", raters=(leader(dict(everything(2), **answers({"cooperation": 4}))),)),
    ]
    diagnoses = [diagnose(INSTRUMENT, i) for i in inputs]
    expected = matches(diagnoses, inputs)
    assert len(expected) >= 3
    for d_perm, i_perm in zip(itertools.permutations(diagnoses), itertools.permutations(inputs), strict=False):
        assert matches(list(d_perm), list(i_perm)) == expected
    assert len({(m["from"], m["to"], m["type"]) for m in expected}) == len(expected)


def test_the_rules():
    assert jaccard(["a", "b"], ["b", "c"]) == 1 / 3 and jaccard([], []) == 0.0
    assert match_type("team_growth", 0.0) == "staff_exchange"
    assert match_type("expansion", 0.5) == "project_cooperation"
    assert match_type("expansion", 0.0) == "resource_sharing"
    assert match_type("compliance", 1.0) == "resource_sharing"
    assert match_score(1.0, 1.0, True) == 100.0 and match_score(0.5, 0.0, False) == 25.0


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
