"""The growth ladder: majority of criteria, every lower step, a gap stops the climb."""

import pytest

from services.diagnosis.domain.engine.stage import growth_stage, ladder_stage, stage_met

from .builders import instrument

INSTRUMENT = instrument()
ACTIVITIES = {"act.regular": True, "act.volunteers": True}
PROJECTS = {"proj.budget": True, "proj.goals": True}  # 2 of 3
PRODUCTS = {"prod.standard": True, "prod.priced": True}
KNOW_HOW = {"know.train": True}


@pytest.mark.parametrize(
    "yes, total, met",
    [
        (1, 1, True),
        (0, 1, False),
        (1, 2, False),
        (2, 2, True),
        (2, 3, True),
        (1, 3, False),
        (2, 4, False),
        (3, 4, True),
        (0, 0, False),
    ],
)
def test_a_strict_majority_of_criteria(yes, total, met):
    assert stage_met(yes, total) is met


def test_ladder_counts_leading_steps():
    assert ladder_stage([True, True, False, True]) == 2
    assert ladder_stage([False, True, True, True]) == 0
    assert ladder_stage([True] * 4) == 4


def test_projects_stage_with_its_evidence():
    stage = growth_stage(INSTRUMENT, {**ACTIVITIES, **PROJECTS, "prod.standard": True})
    assert (stage["code"], stage["index"]) == ("projects", 2)
    assert stage["next"]["code"] == "products"
    assert stage["next"]["missing"] == [{"zh": "有定价", "en": "有定价"}]
    assert [(s["code"], s["yes"], s["total"], s["met"], s["reached"]) for s in stage["ladder"]] == [
        ("activities", 2, 2, True, True),
        ("projects", 2, 3, True, True),
        ("products", 1, 2, False, False),
        ("know_how", 0, 1, False, False),
    ]
    assert (
        stage["reasons"][0]["zh"]
        == "满足了「activities」、「projects」各级的标准，所以处在「projects」阶段；依据：项目有预算；项目有目标。"
    )


def test_a_gap_in_the_ladder_stops_it():
    stage = growth_stage(INSTRUMENT, {**ACTIVITIES, "proj.budget": True, **PRODUCTS, **KNOW_HOW})
    assert stage["code"] == "activities"
    assert [s["met"] for s in stage["ladder"]] == [True, False, True, True]
    assert [s["reached"] for s in stage["ladder"]] == [True, False, False, False]
    assert (
        stage["reasons"][0]["zh"]
        == "满足了「activities」阶段的标准，所以处在「activities」阶段；依据：定期开展活动；有稳定志愿者。"
    )
    assert stage["reasons"][1]["en"] == (
        "Only 1 of the 3 criteria of “projects” is met (more than half are needed): this is the next step to climb."
    )
    assert "不能跳级" in stage["reasons"][-1]["zh"]


def test_the_top_and_the_bottom_of_the_ladder():
    top = growth_stage(INSTRUMENT, {**ACTIVITIES, **PROJECTS, **PRODUCTS, **KNOW_HOW})
    assert (top["code"], top["index"], top["next"]) == ("know_how", 4, None)
    none = growth_stage(INSTRUMENT, {"act.regular": True, **PROJECTS, **PRODUCTS})
    assert (none["code"], none["name"], none["index"]) == (None, None, 0)
    assert "还没有进入阶梯" in none["reasons"][0]["zh"]
