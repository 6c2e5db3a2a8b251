"""Development paths ranked with reasons; the three priorities with actions."""

import pytest

from services.diagnosis.domain.engine import diagnose
from services.diagnosis.domain.engine.paths import path_fit

from .builders import answers, everything, instrument, leader, org

INSTRUMENT = instrument()


def ranking(d):
    return [(p["code"], p["fit"]) for p in d["paths"]]


def test_path_fit_formula():
    assert path_fit([(1.0, 1.0), (1.0, 0.0)], None) == pytest.approx(50.0)
    assert path_fit([(1.0, 1.0), (1.0, 0.0)], 4) == pytest.approx(0.85 * 50 + 0.15 * 100)
    assert path_fit([(1.0, None), (0.5, 0.4)], 2) == pytest.approx(0.85 * 40 + 0.15 * 100 / 3)
    assert path_fit([(1.0, None)], 1) == pytest.approx(0.0)
    assert path_fit([(1.0, None)], None) is None


def test_a_narrow_innovative_organisation_ranks_specialise_first_with_reasons():
    ans = dict(everything(3), **answers({"service_innovation": 4}))
    d = diagnose(INSTRUMENT, org(raters=(leader(ans),), focus=("children",)))
    # specialise: narrow 1, innovation 1 → 100; new_type: innovation 1, earned unknown → 100 (tie: path order);
    # core: max(100, 66.7)/100 = 1 and one field 0.5 → 75; consortium: cooperation alone → 66.7;
    # group: stage 0, structure .667, compliance .667 → 44.4; regional: .667, .667, 0 fields, 0 scan → 33.3
    assert ranking(d) == [
        ("specialise", 100.0),
        ("new_type", 100.0),
        ("core_two_wings", 75.0),
        ("consortium", 66.7),
        ("group", 44.4),
        ("regional", 33.3),
    ]
    assert [p["rank"] for p in d["paths"]] == [1, 2, 3, 4, 5, 6]
    specialise = d["paths"][0]
    assert specialise["reasons_for"] == [
        {"zh": "只关注 1 个服务领域，聚焦清楚。", "en": "Only 1 focus area: a clear focus."},
        {
            "zh": "「服务创新」得分 100，有把一个领域做深做精的专业基础。",
            "en": "“service innovation” scores 100: a professional base to go deep in one field.",
        },
    ]
    assert specialise["reasons_against"] == []
    regional = d["paths"][-1]
    assert {
        "zh": "只覆盖 1 个服务领域，综合服务的面还窄。",
        "en": "Only 1 focus area: too narrow for a comprehensive provider.",
    } in regional["reasons_against"]
    group = next(p for p in d["paths"] if p["code"] == "group")
    assert {"zh": "没有员工人数。", "en": "No staff numbers."} in group["unknown"]
    assert "还没有进入成长阶梯" in group["reasons_against"][0]["zh"]


def test_the_organisations_own_view_weighs_in():
    ans = dict(everything(3), **answers({"service_innovation": 4}))
    d = diagnose(INSTRUMENT, org(raters=(leader(ans),), focus=("children",), views={"specialise": 1}))
    assert ranking(d)[:2] == [("new_type", 100.0), ("specialise", 85.0)]
    specialise = d["paths"][1]
    assert specialise["view"] == 1
    assert specialise["reasons_against"] == [
        {
            "zh": "机构自己对这条路兴趣不大（自评 1/4）。",
            "en": "The organisation itself shows little interest in this path (1/4).",
        }
    ]


def test_a_small_cooperative_organisation_with_one_funder_fits_a_consortium():
    ans = dict(everything(2), **answers({"cooperation": 4}))
    numbers = {"income.government_purchase": 200_000, "people.staff_full_time": 5, "people.fundraising_staff": 0}
    d = diagnose(INSTRUMENT, org(raters=(leader(ans),), numbers=numbers, focus=("children", "elderly", "disability")))
    assert d["paths"][0]["code"] == "consortium" and d["paths"][0]["fit"] == 100.0
    assert [r["zh"] for r in d["paths"][0]["reasons_for"]] == [
        "只有 5 名员工，单打独斗成本高，抱团更划算。",
        "收入集中度 1，来源单一，联合筹资能分散风险。",
        "没有专职筹款人员，可以和伙伴共用筹款力量。",
        "「合作发展」得分 100，有合作的习惯和能力，联合体能运转起来。",
    ]


def test_regional_strengths_from_the_scan():
    ans = dict(everything(2), **answers({"cooperation": 4, "expansion": 4}))
    d = diagnose(
        INSTRUMENT,
        org(
            raters=(leader(ans),),
            focus=("a", "b", "c", "d"),
            scan={"strength.regional_influence": 2, "strength.local_resources": 2},
        ),
    )
    assert d["paths"][0]["code"] == "regional" and d["paths"][0]["fit"] == 100.0
    assert d["paths"][0]["reasons_for"][-1]["zh"] == "行业扫描中把「区域影响力」、「在地资源」选为自己的优势。"


def test_every_path_says_why_and_ranking_is_deterministic_without_data():
    d = diagnose(INSTRUMENT, org(raters=(), focus=()))
    # known: the scan (nothing chosen → 0) for regional and the stage (none → 0) for group; the tie and
    # the paths without any known signal keep the order of PATHS
    assert ranking(d) == [
        ("regional", 0.0),
        ("group", 0.0),
        ("specialise", None),
        ("core_two_wings", None),
        ("consortium", None),
        ("new_type", None),
    ]
    for p in d["paths"]:
        assert p["reasons_for"] or p["reasons_against"] or p["reasons_mixed"] or p["unknown"]
        assert p["name"]["zh"]


def test_priorities_pick_the_weakest_that_matter_most_with_actions():
    ans = dict(everything(4), **answers({"compliance": 1, "governance": 2, "hub": 3}))
    d = diagnose(INSTRUMENT, org(raters=(leader(ans),), numbers={"income.government_purchase": 100_000}))
    pr = d["priorities"]
    # needs: compliance 100 × 1; governance (100 − 33.3) × 1.2 = 80.04; HHI flagged (100 − 20) × 1 = 80;
    # hub (100 − 66.7) × 1.2 = 40
    assert [(p["area"], p["kind"], p["score"], p["need"]) for p in pr] == [
        ("compliance", "dimension", 0.0, 100.0),
        ("governance", "dimension", 33.3, 80.0),
        ("revenue_concentration", "indicator", 20.0, 80.0),
    ]
    assert [p["name"]["zh"] for p in pr] == ["行政合规", "治理", "收入集中度"]
    assert [[a["code"] for a in p["actions"]] for p in pr] == [
        ["comp.audit"],
        ["gov.board", "gov.deputy", "gov.manual"],
        ["hhi.diversify"],
    ]
    assert pr[2]["value"] == 1.0
    assert "高于 0.5" in pr[2]["why"][0]["zh"]
    assert "加权 1.2 倍" in pr[1]["why"][1]["zh"]


def test_priorities_break_ties_in_instrument_order():
    ans = dict(everything(4), **answers({"efficiency": 2, "team_growth": 2, "structure_strategy": 2}))
    d = diagnose(INSTRUMENT, org(raters=(leader(ans),)))
    assert [p["area"] for p in d["priorities"]] == ["structure_strategy", "team_growth", "efficiency"]
    assert [p["rank"] for p in d["priorities"]] == [1, 2, 3]
    assert d["priorities"][1]["actions"] == [{"code": "team.mentor", "text": {"zh": "导师制", "en": "导师制"}}]
