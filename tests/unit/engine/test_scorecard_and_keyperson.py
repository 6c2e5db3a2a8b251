"""Scorecard perspectives (renormalised weights) and the key-person risk index."""

import pytest

from services.diagnosis.domain.engine import diagnose
from services.diagnosis.domain.engine.keyperson import gap_part, key_person_index

from .builders import HEALTHY_NUMBERS, answers, everything, instrument, leader, org, staff

INSTRUMENT = instrument()


def test_perspectives_weigh_dimensions_and_indicator_health():
    d = diagnose(
        INSTRUMENT,
        org(
            raters=(
                leader(
                    answers(
                        {"satisfaction": 4, "service_innovation": 1, "team_growth": 2, "efficiency": 3, "compliance": 3}
                    )
                ),
            ),
            numbers=HEALTHY_NUMBERS,
        ),
    )
    p = d["perspectives"]
    assert p["clients"]["score"] == 66.7  # (2 × 100 + 1 × 0) / 3
    # programme ratio 7/9 → health c((7/9 − .4)/.4) = 0.944; (66.7 + 66.7 + 94.4) / 3
    assert p["operations"]["score"] == 75.9
    # months 4 → 66.7, margin 0.1 → 100, HHI 0.3 → 93.3 (weight 2): (66.7 + 100 + 2 × 93.3) / 4
    assert p["finance"]["score"] == 88.3
    # team growth 33.3 and turnover 0.1 → 83.3
    assert p["growth"]["score"] == 58.3
    assert [part["effective_weight"] for part in p["clients"]["parts"]] == [0.667, 0.333]


def test_unknown_parts_are_left_out_and_weights_renormalised():
    d = diagnose(INSTRUMENT, org(raters=(leader(answers({"team_growth": 4, "satisfaction": 2})),)))
    p = d["perspectives"]
    assert p["growth"]["score"] == 100.0  # turnover unknown: team growth alone
    assert p["finance"]["score"] is None  # only indicators, none known
    assert p["clients"]["score"] == 33.3  # service innovation unanswered: satisfaction alone
    assert [part["effective_weight"] for part in p["growth"]["parts"]] == [1.0, 0.0]
    assert "重新分配" in p["growth"]["reason"]["zh"]
    assert "没有数据" in p["finance"]["reason"]["zh"]


def test_key_person_index_from_its_three_parts():
    raters = (leader(everything(4)), *(staff(everything(2), f"S{i}") for i in range(3)))
    numbers = {"income.leader_donations": 25_000, "income.public_donations": 75_000}
    kp = diagnose(INSTRUMENT, org(raters=raters, numbers=numbers))["key_person_risk"]
    parts = {p["code"]: p["value"] for p in kp["parts"]}
    # governance (4+2+2+2)/4 = 2.5 → 50, weakness 50; share 25% → 50; spoke gaps 66.7 each → capped at 100
    assert parts == {"governance_weakness": 50.0, "leader_donations": 50.0, "leader_team_gap": 100.0}
    assert kp["index"] == 62.5  # 0.5 × 50 + 0.25 × 50 + 0.25 × 100
    assert kp["band"] == "medium"
    assert "62.5" in kp["reason"]["zh"]


def test_a_single_rater_without_numbers_rests_on_governance_alone():
    kp = diagnose(INSTRUMENT, org(raters=(leader(everything(1)),)))["key_person_risk"]
    assert (kp["index"], kp["band"]) == (100.0, "high")
    assert [p["effective_weight"] for p in kp["parts"]] == [1.0, 0.0, 0.0]
    assert "跳过" in kp["parts"][2]["reason"]["zh"]


def test_only_a_leader_rating_higher_than_the_team_counts():
    assert gap_part([-30.0, -10.0]) == (0.0, 0.0)
    part, average = gap_part([20.0, -20.0, None])
    assert (round(part, 1), average) == (30.0, 10.0)  # mean(20, 0) = 10 → 10 / 33.3 × 100
    assert gap_part([None]) == (None, None)


def test_nothing_known_means_no_index():
    assert key_person_index({"governance_weakness": None, "leader_donations": None, "leader_team_gap": None}) is None
    kp = diagnose(INSTRUMENT, org(raters=(leader(answers({"hub": 3})),)))["key_person_risk"]
    assert (kp["index"], kp["band"]) == (None, None)


@pytest.mark.parametrize(
    "governance, index, band", [(4, 0.0, "low"), (3, 33.3, "medium"), (2, 66.7, "high"), (1, 100.0, "high")]
)
def test_bands_on_the_reported_index(governance, index, band):
    kp = diagnose(INSTRUMENT, org(raters=(leader(answers({"governance": governance})),)))["key_person_risk"]
    assert (kp["index"], kp["band"]) == (index, band)
