"""Financial and people indicators on hand-computed cases, including every undefined edge."""

import pytest

from services.diagnosis.domain.engine.finance import (
    financial_indicators,
    health,
    is_risky,
    revenue_concentration,
    staff_turnover,
)

from .builders import HEALTHY_NUMBERS


def values(numbers):
    return {code: ind["value"] for code, ind in financial_indicators(numbers)["indicators"].items()}


def flags(numbers):
    return {code: ind["flag"] for code, ind in financial_indicators(numbers)["indicators"].items()}


def test_a_healthy_organisation():
    f = financial_indicators(HEALTHY_NUMBERS)
    assert (f["total_revenue"], f["total_expenses"], f["income_sources"]) == (1_000_000.0, 900_000.0, 4)
    assert values(HEALTHY_NUMBERS) == {
        "equity_ratio": 0.5,  # 500 000 / 1 000 000
        "revenue_concentration": 0.3,  # .4² + .3² + .2² + .1²
        "admin_cost_ratio": 0.15,  # 150 000 / 1 000 000
        "operating_margin": 0.1,  # (1 000 000 − 900 000) / 1 000 000
        "months_of_reserve": 4.0,  # 300 000 / (900 000 / 12)
        "programme_expense_ratio": 0.778,  # 700 000 / 900 000
        "self_sufficiency": 0.111,  # 100 000 / 900 000
        "staff_turnover": 0.1,  # 1 / (8 + 2)
        "leader_donation_share": None,  # not given
    }
    assert flags(HEALTHY_NUMBERS) == {
        "equity_ratio": False,
        "revenue_concentration": False,
        "admin_cost_ratio": False,
        "operating_margin": False,
        "months_of_reserve": False,
        "programme_expense_ratio": False,
        "self_sufficiency": None,
        "staff_turnover": False,
        "leader_donation_share": None,
    }
    assert (f["tuckman_chang_flags"], f["tuckman_chang_known"]) == (0, 4)
    assert f["indicators"]["revenue_concentration"]["reason"]["zh"] == (
        "收入集中度（HHI）为 0.3，不高于 0.5，来源比较多元（相当于 3.3 个同样大的来源）。"
    )
    assert f["indicators"]["leader_donation_share"]["reason"]["zh"] == "缺少负责人和理事个人捐赠数据，无法计算。"


def test_zero_income_makes_every_revenue_ratio_undefined():
    numbers = dict(HEALTHY_NUMBERS, **{c: 0 for c in HEALTHY_NUMBERS if c.startswith("income.")})
    v = values(numbers)
    assert [v[c] for c in ("equity_ratio", "revenue_concentration", "admin_cost_ratio", "operating_margin")] == [
        None
    ] * 4
    assert v["months_of_reserve"] == 4.0 and v["self_sufficiency"] == 0.0
    ind = financial_indicators(numbers)["indicators"]
    assert ind["equity_ratio"]["reason"]["zh"] == "总收入为零，无法计算。"
    assert ind["equity_ratio"]["flag"] is None and ind["equity_ratio"]["health"] is None


def test_zero_expenses():
    numbers = dict(HEALTHY_NUMBERS, **{"expense.programme": 0, "expense.administration": 0, "expense.fundraising": 0})
    v = values(numbers)
    assert (v["months_of_reserve"], v["programme_expense_ratio"], v["self_sufficiency"]) == (None, None, None)
    assert v["operating_margin"] == 1.0 and v["admin_cost_ratio"] == 0.0


def test_one_income_source_has_hhi_one_and_is_flagged():
    numbers = {"income.government_purchase": 250_000}
    assert revenue_concentration(numbers) == (1.0, None)
    assert flags(numbers)["revenue_concentration"] is True
    assert (
        "相当于 1 个同样大的来源"
        in financial_indicators(numbers)["indicators"]["revenue_concentration"]["reason"]["zh"]
    )


def test_hhi_of_two_equal_sources_is_one_half_and_not_flagged():
    numbers = {"income.government_purchase": 100, "income.foundation_grants": 100, "income.other": 0}
    assert values(numbers)["revenue_concentration"] == 0.5
    assert flags(numbers)["revenue_concentration"] is False


def test_no_staff_means_no_turnover():
    assert staff_turnover({"people.staff_full_time": 0, "people.departures_12m": 0})[0] is None
    assert staff_turnover({"people.departures_12m": 2})[0] is None
    assert staff_turnover({"people.staff_full_time": 0, "people.staff_part_time": 3, "people.departures_12m": 1})[
        0
    ] == pytest.approx(1 / 3)
    ind = financial_indicators({"people.staff_full_time": 0, "people.departures_12m": 0})["indicators"]
    assert ind["staff_turnover"]["reason"]["zh"] == "员工人数为零，无法计算流失率。"


def test_negative_net_assets():
    numbers = dict(HEALTHY_NUMBERS, **{"balance.net_assets": -50_000})
    ind = financial_indicators(numbers)["indicators"]["equity_ratio"]
    assert (ind["value"], ind["flag"], ind["health"]) == (-0.05, True, 0.0)
    assert ind["reason"]["zh"] == "净资产为负（相当于年收入的 -5%）：机构欠的比拥有的多，已经资不抵债。"


def test_thresholds_sit_where_documented():
    assert is_risky("equity_ratio", 0.099) and not is_risky("equity_ratio", 0.1)
    assert is_risky("revenue_concentration", 0.501) and not is_risky("revenue_concentration", 0.5)
    assert is_risky("admin_cost_ratio", 0.049) and not is_risky("admin_cost_ratio", 0.05)
    assert is_risky("operating_margin", -0.001) and not is_risky("operating_margin", 0.0)
    assert is_risky("months_of_reserve", 2.99) and not is_risky("months_of_reserve", 3.0)
    assert is_risky("programme_expense_ratio", 0.59) and not is_risky("programme_expense_ratio", 0.6)
    assert is_risky("staff_turnover", 0.31) and not is_risky("staff_turnover", 0.3)
    assert is_risky("leader_donation_share", 0.31) and not is_risky("leader_donation_share", 0.3)
    assert is_risky("self_sufficiency", 0.0) is None
    assert is_risky("equity_ratio", None) is None


def test_a_fragile_organisation_raises_all_four_tuckman_chang_flags():
    numbers = {
        "income.leader_donations": 100_000,
        "expense.programme": 110_000,
        "expense.administration": 2_000,
        "balance.net_assets": 5_000,
        "balance.unrestricted_reserves": 10_000,
        "people.staff_full_time": 2,
        "people.departures_12m": 1,
    }
    f = financial_indicators(numbers)
    assert values(numbers) == {
        "equity_ratio": 0.05,
        "revenue_concentration": 1.0,
        "admin_cost_ratio": 0.02,
        "operating_margin": -0.12,
        "months_of_reserve": 1.07,  # 10 000 / (112 000 / 12)
        "programme_expense_ratio": 0.982,
        "self_sufficiency": None,
        "staff_turnover": 0.5,
        "leader_donation_share": 1.0,
    }
    assert (f["tuckman_chang_flags"], f["tuckman_chang_known"]) == (4, 4)
    assert f["indicators"]["operating_margin"]["reason"]["zh"] == "收支结余率为 -12%：支出超过收入，机构在消耗积累。"


def test_missing_lines_of_a_known_group_count_as_zero_and_an_empty_form_is_unknown():
    assert values({"income.earned_income": 50, "expense.programme": 100})["self_sufficiency"] == 0.5
    empty = financial_indicators({})
    assert (empty["total_revenue"], empty["total_expenses"]) == (None, None)
    assert all(ind["value"] is None for ind in empty["indicators"].values())
    assert empty["indicators"]["equity_ratio"]["reason"]["zh"] == "缺少收入数据，无法计算。"


@pytest.mark.parametrize(
    "code, value, expected",
    [
        ("months_of_reserve", 3, 50.0),
        ("months_of_reserve", 9, 100.0),
        ("months_of_reserve", -1, 0.0),
        ("equity_ratio", 0.1, 20.0),
        ("revenue_concentration", 0.25, 100.0),
        ("revenue_concentration", 1.0, 0.0),
        ("admin_cost_ratio", 0.05, 50.0),
        ("admin_cost_ratio", 0.15, 100.0),
        ("admin_cost_ratio", 0.35, 50.0),
        ("operating_margin", 0.0, 50.0),
        ("programme_expense_ratio", 0.6, 50.0),
        ("self_sufficiency", 0.25, 50.0),
        ("staff_turnover", 0.3, 50.0),
        ("leader_donation_share", 0.25, 50.0),
    ],
)
def test_health_mapping(code, value, expected):
    assert health(code, value) == pytest.approx(expected)


def test_a_denominator_of_almost_zero_is_undefined_not_infinite():
    numbers = {
        "income.other": 5e-324,
        "expense.programme": 5e-324,
        "balance.net_assets": 1e6,
        "balance.unrestricted_reserves": 1e6,
        "income.earned_income": float("inf"),
    }
    ind = financial_indicators(numbers)["indicators"]
    assert (ind["equity_ratio"]["value"], ind["months_of_reserve"]["value"]) == (None, None)
    assert ind["equity_ratio"]["reason"]["zh"] == "数值超出可计算的范围（分母几乎为零），无法计算。"
    assert ind["self_sufficiency"]["value"] is None  # an infinite input is unknown
