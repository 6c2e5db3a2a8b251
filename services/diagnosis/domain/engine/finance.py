"""Financial vulnerability and people indicators from the leader's hard numbers.

After Tuckman & Chang (1991): low equity, concentrated revenue, low administrative cost and a
negative operating margin make a nonprofit vulnerable. Every ratio is None when it is
undefined (a missing number, zero revenue, zero expenses, no staff): never a division by zero.
A missing income or expense line counts as 0 once at least one line of its group is given.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from .common import bi, clamp, num, pct, r2, r3
from .inputs import EXPENSE_CODES, INCOME_CODES, group_total, known, staff_count

Unknown = dict[str, Any]  # a bilingual reason why a value could not be computed


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: dict[str, Any]  # {"zh", "en"}
    formula: str
    threshold: float | None  # absolute threshold; None: reported, never flagged on its own
    risky_when: str  # "below" | "above": the side of the threshold (and of the cohort) that is risky
    tuckman_chang: bool = False  # one of the four vulnerability ratios of Tuckman & Chang (1991)


INDICATORS = (
    IndicatorSpec("equity_ratio", bi("净资产比率", "Equity ratio"), "net assets / total revenue", 0.1, "below", True),
    IndicatorSpec(
        "revenue_concentration",
        bi("收入集中度", "Revenue concentration"),
        "HHI = Σ sᵢ² over the shares of the positive income sources",
        0.5,
        "above",
        True,
    ),
    IndicatorSpec(
        "admin_cost_ratio",
        bi("管理费用率", "Administrative cost ratio"),
        "administration expenses / total revenue",
        0.05,
        "below",
        True,
    ),
    IndicatorSpec(
        "operating_margin",
        bi("收支结余率", "Operating margin"),
        "(total revenue − total expenses) / total revenue",
        0.0,
        "below",
        True,
    ),
    IndicatorSpec(
        "months_of_reserve",
        bi("储备月数", "Months of reserve"),
        "unrestricted reserves / (total expenses / 12)",
        3.0,
        "below",
    ),
    IndicatorSpec(
        "programme_expense_ratio",
        bi("项目支出占比", "Programme expense ratio"),
        "programme expenses / total expenses",
        0.6,
        "below",
    ),
    IndicatorSpec(
        "self_sufficiency", bi("自我造血率", "Self-sufficiency"), "earned income / total expenses", None, "below"
    ),
    IndicatorSpec(
        "staff_turnover",
        bi("人员流失率", "Staff turnover"),
        "departures in 12 months / (full-time + part-time staff)",
        0.3,
        "above",
    ),
    IndicatorSpec(
        "leader_donation_share",
        bi("负责人捐赠占比", "Leader donation share"),
        "leader and board personal donations / total revenue",
        0.3,
        "above",
    ),
)
SPECS = {spec.code: spec for spec in INDICATORS}
INDICATOR_NAMES = {spec.code: spec.name for spec in INDICATORS}
TUCKMAN_CHANG = tuple(spec.code for spec in INDICATORS if spec.tuckman_chang)

LABELS = {  # the numbers' names, for "missing" reasons
    "balance.net_assets": bi("净资产", "net assets"),
    "balance.unrestricted_reserves": bi("非限定性储备", "unrestricted reserves"),
    "expense.administration": bi("管理费用", "administration expenses"),
    "expense.programme": bi("项目支出", "programme expenses"),
    "income.earned_income": bi("自营收入", "earned income"),
    "income.leader_donations": bi("负责人和理事个人捐赠", "leader and board donations"),
    "people.departures_12m": bi("近 12 个月离职人数", "departures in the last 12 months"),
    "staff": bi("员工人数", "staff numbers"),
    "income": bi("收入", "income"),
    "expense": bi("支出", "expenses"),
}


def _missing(key: str) -> Unknown:
    label = LABELS[key]
    return bi(f"缺少{label['zh']}数据，无法计算。", f"Cannot be computed: {label['en']} not given.")


ZERO_REVENUE = bi("总收入为零，无法计算。", "Total revenue is zero, so this cannot be computed.")
ZERO_EXPENSES = bi("总支出为零，无法计算。", "Total expenses are zero, so this cannot be computed.")
NO_STAFF = bi("员工人数为零，无法计算流失率。", "There are no staff, so turnover cannot be computed.")

Result = tuple[float | None, Unknown | None]


def total_revenue(numbers: Mapping[str, float]) -> float | None:
    """total revenue = Σ income over the seven sources (government purchase of services,
    foundation grants, corporate giving, public donations, leader/board donations, earned
    income, other)."""
    return group_total(numbers, INCOME_CODES)


def total_expenses(numbers: Mapping[str, float]) -> float | None:
    """total expenses = programme + administration + fundraising."""
    return group_total(numbers, EXPENSE_CODES)


def _per_revenue(numbers: Mapping[str, float], key: str) -> Result:
    revenue = total_revenue(numbers)
    if revenue is None:
        return None, _missing("income")
    value = known(numbers, key)
    if value is None:
        return None, _missing(key)
    if revenue == 0:
        return None, ZERO_REVENUE
    return value / revenue, None


def _per_expenses(numbers: Mapping[str, float], key: str, factor: float = 1.0) -> Result:
    expenses = total_expenses(numbers)
    if expenses is None:
        return None, _missing("expense")
    value = known(numbers, key)
    if value is None:
        return None, _missing(key)
    if expenses == 0:
        return None, ZERO_EXPENSES
    return value / expenses * factor, None


def equity_ratio(numbers: Mapping[str, float]) -> Result:
    """equity_ratio = net assets / total revenue. Negative net assets give a negative ratio.
    Risky below 0.1."""
    return _per_revenue(numbers, "balance.net_assets")


def revenue_concentration(numbers: Mapping[str, float]) -> Result:
    """revenue_concentration = HHI = Σ sᵢ², sᵢ = xᵢ / Σ xⱼ over the income sources with a
    positive amount xᵢ > 0; with k such sources HHI lies in [1/k, 1] (1: a single source).
    1 / HHI is the "equivalent number of equal sources". Risky above 0.5."""
    positive = [v for v in (known(numbers, c) for c in INCOME_CODES) if v is not None and v > 0]
    if total_revenue(numbers) is None:
        return None, _missing("income")
    if not positive:
        return None, ZERO_REVENUE
    total = math.fsum(positive)
    return math.fsum((v / total) ** 2 for v in positive), None


def admin_cost_ratio(numbers: Mapping[str, float]) -> Result:
    """admin_cost_ratio = administration expenses / total revenue. Tuckman & Chang: a very
    low ratio is risky (nothing left to cut, too thin to run the organisation): below 0.05."""
    return _per_revenue(numbers, "expense.administration")


def operating_margin(numbers: Mapping[str, float]) -> Result:
    """operating_margin = (total revenue − total expenses) / total revenue. Risky below 0."""
    revenue, expenses = total_revenue(numbers), total_expenses(numbers)
    if revenue is None:
        return None, _missing("income")
    if expenses is None:
        return None, _missing("expense")
    if revenue == 0:
        return None, ZERO_REVENUE
    return (revenue - expenses) / revenue, None


def months_of_reserve(numbers: Mapping[str, float]) -> Result:
    """months_of_reserve = unrestricted reserves / (total expenses / 12)
    = 12 × reserves / expenses. Risky below 3 (the usual floor)."""
    return _per_expenses(numbers, "balance.unrestricted_reserves", 12.0)


def programme_expense_ratio(numbers: Mapping[str, float]) -> Result:
    """programme_expense_ratio = programme expenses / total expenses. Risky below 0.6."""
    return _per_expenses(numbers, "expense.programme")


def self_sufficiency(numbers: Mapping[str, float]) -> Result:
    """self_sufficiency = earned income / total expenses. Reported, no absolute threshold
    (lower is the riskier side when an organisation is compared with its cohort)."""
    return _per_expenses(numbers, "income.earned_income")


def staff_turnover(numbers: Mapping[str, float]) -> Result:
    """staff_turnover = departures in the last 12 months / average staff, with the
    simplification average staff = current full-time + part-time staff (we do not ask for
    the head count a year ago). None without staff. Risky above 0.3."""
    departures = known(numbers, "people.departures_12m")
    staff = staff_count(numbers)
    if departures is None:
        return None, _missing("people.departures_12m")
    if staff is None:
        return None, _missing("staff")
    if staff <= 0:
        return None, NO_STAFF
    return departures / staff, None


def leader_donation_share(numbers: Mapping[str, float]) -> Result:
    """leader_donation_share = leader and board personal donations / total revenue.
    Risky above 0.3 (our own threshold: the organisation hangs on a few people's pockets)."""
    return _per_revenue(numbers, "income.leader_donations")


COMPUTE: dict[str, Callable[[Mapping[str, float]], Result]] = {
    "equity_ratio": equity_ratio,
    "revenue_concentration": revenue_concentration,
    "admin_cost_ratio": admin_cost_ratio,
    "operating_margin": operating_margin,
    "months_of_reserve": months_of_reserve,
    "programme_expense_ratio": programme_expense_ratio,
    "self_sufficiency": self_sufficiency,
    "staff_turnover": staff_turnover,
    "leader_donation_share": leader_donation_share,
}


OUT_OF_RANGE = bi(
    "数值超出可计算的范围（分母几乎为零），无法计算。",
    "The figures are out of range (a denominator of almost zero), so this cannot be computed.",
)


def compute(code: str, numbers: Mapping[str, float]) -> Result:
    """One indicator's unrounded value and, when it is None, why; an infinite result
    (a denominator of almost zero) counts as undefined too."""
    value, unknown = COMPUTE[code](numbers)
    if value is not None and not math.isfinite(value):
        return None, OUT_OF_RANGE
    return value, unknown


def is_risky(code: str, value: float | None) -> bool | None:
    """flag = value < threshold (risky below) or value > threshold (risky above);
    None when the value is unknown or the indicator has no absolute threshold."""
    spec = SPECS[code]
    if value is None or spec.threshold is None:
        return None
    return value < spec.threshold if spec.risky_when == "below" else value > spec.threshold


def health(code: str, value: float | None) -> float | None:
    """An indicator as a 0–100 "health" score for the scorecard perspectives (c = clamp to [0, 1]):
    equity_ratio: c(v / 0.5) × 100 (0 or below → 0; half a year's revenue or more → 100);
    revenue_concentration: c((1 − HHI) / 0.75) × 100 (one source → 0; four equal sources → 100);
    admin_cost_ratio: v ≤ 0.10 → c(v / 0.10) × 100; 0.10–0.20 → 100; above 0.20 → c(1 − (v − 0.20) / 0.30) × 100;
    operating_margin: c((v + 0.10) / 0.20) × 100 (−10% → 0; break-even → 50; +10% → 100);
    months_of_reserve: c(v / 6) × 100 (six months → 100);
    programme_expense_ratio: c((v − 0.4) / 0.4) × 100 (40% → 0; 60% → 50; 80% → 100);
    self_sufficiency: c(v / 0.5) × 100 (half the expenses earned → 100);
    staff_turnover: c(1 − v / 0.6) × 100 (none → 100; 30% → 50; 60% → 0);
    leader_donation_share: c(1 − v / 0.5) × 100 (none → 100; half the revenue → 0).
    None when the value is unknown."""
    if value is None:
        return None
    v = value
    if code == "equity_ratio":
        h = clamp(v / 0.5)
    elif code == "revenue_concentration":
        h = clamp((1 - v) / 0.75)
    elif code == "admin_cost_ratio":
        h = clamp(v / 0.10) if v <= 0.10 else 1.0 if v <= 0.20 else clamp(1 - (v - 0.20) / 0.30)
    elif code == "operating_margin":
        h = clamp((v + 0.10) / 0.20)
    elif code == "months_of_reserve":
        h = clamp(v / 6)
    elif code == "programme_expense_ratio":
        h = clamp((v - 0.4) / 0.4)
    elif code == "self_sufficiency":
        h = clamp(v / 0.5)
    elif code == "staff_turnover":
        h = clamp(1 - v / 0.6)
    elif code == "leader_donation_share":
        h = clamp(1 - v / 0.5)
    else:
        raise KeyError(code)
    return h * 100.0


def _reason(code: str, v: float, flag: bool | None) -> dict[str, Any]:
    if code == "equity_ratio":
        if v < 0:
            return bi(
                f"净资产为负（相当于年收入的 {pct(v)}）：机构欠的比拥有的多，已经资不抵债。",
                f"Net assets are negative ({pct(v)} of annual revenue): the organisation owes more than it owns.",
            )
        if flag:
            return bi(
                f"净资产只相当于年收入的 {pct(v)}，低于 10% 的警戒线：收入一旦中断，几乎没有缓冲。",
                f"Net assets equal only {pct(v)} of annual revenue, below the 10% line: "
                f"little cushion if income stops.",
            )
        return bi(
            f"净资产相当于年收入的 {pct(v)}，不低于 10% 的警戒线。",
            f"Net assets equal {pct(v)} of annual revenue, not below the 10% line.",
        )
    if code == "revenue_concentration":
        k = num(1 / v)
        if flag:
            return bi(
                f"收入集中度（HHI）为 {num(v, 2)}，高于 0.5：收入基本靠一两个来源（相当于 {k} 个同样大的来源）。",
                f"Revenue concentration (HHI) is {num(v, 2)}, above 0.5: income rests on one or two sources "
                f"(like {k} equal sources).",
            )
        return bi(
            f"收入集中度（HHI）为 {num(v, 2)}，不高于 0.5，来源比较多元（相当于 {k} 个同样大的来源）。",
            f"Revenue concentration (HHI) is {num(v, 2)}, not above 0.5: income is fairly diversified "
            f"(like {k} equal sources).",
        )
    if code == "admin_cost_ratio":
        if flag:
            return bi(
                f"管理费用只占收入的 {pct(v)}，低于 5%：管理投入太薄，难以支撑机构正常运转"
                f"（Tuckman 和 Chang 认为管理费过低本身就是风险，遇到困难时已无可压缩）。",
                f"Administration costs are only {pct(v)} of revenue, below 5%: too thin to run the organisation "
                f"(Tuckman & Chang: with nothing left to cut, a low ratio is itself a risk).",
            )
        return bi(
            f"管理费用占收入的 {pct(v)}，不低于 5%。", f"Administration costs are {pct(v)} of revenue, not below 5%."
        )
    if code == "operating_margin":
        if flag:
            return bi(
                f"收支结余率为 {pct(v)}：支出超过收入，机构在消耗积累。",
                f"The operating margin is {pct(v)}: spending exceeds income, the organisation is eating its reserves.",
            )
        return bi(
            f"收支结余率为 {pct(v)}，收入能覆盖支出。", f"The operating margin is {pct(v)}: income covers spending."
        )
    if code == "months_of_reserve":
        if flag:
            return bi(
                f"非限定性储备只够维持 {num(v)} 个月的开支，低于通常 3 个月的底线。",
                f"Unrestricted reserves cover only {num(v)} months of spending, below the usual 3-month floor.",
            )
        return bi(
            f"非限定性储备可维持 {num(v)} 个月的开支，达到 3 个月的底线。",
            f"Unrestricted reserves cover {num(v)} months of spending, at or above the 3-month floor.",
        )
    if code == "programme_expense_ratio":
        if flag:
            return bi(
                f"项目支出只占总支出的 {pct(v)}，低于 60%：直接用在服务上的钱偏少。",
                f"Programme spending is only {pct(v)} of total spending, below 60%: little goes to services.",
            )
        return bi(
            f"项目支出占总支出的 {pct(v)}，不低于 60%。",
            f"Programme spending is {pct(v)} of total spending, not below 60%.",
        )
    if code == "self_sufficiency":
        return bi(
            f"自营收入（服务收费等）覆盖了总支出的 {pct(v)}；此项只作参考，不设警戒线。",
            f"Earned income (fees and sales) covers {pct(v)} of total spending; reported only, no threshold.",
        )
    if code == "staff_turnover":
        if flag:
            return bi(
                f"近 12 个月离职人数相当于现有员工的 {pct(v)}，高于 30%：团队不稳定，人才在流失。",
                f"Departures in the last 12 months equal {pct(v)} of current staff, above 30%: the team is unstable.",
            )
        return bi(
            f"近 12 个月离职人数相当于现有员工的 {pct(v)}，不高于 30%。",
            f"Departures in the last 12 months equal {pct(v)} of current staff, not above 30%.",
        )
    if code == "leader_donation_share":
        if flag:
            return bi(
                f"负责人和理事的个人捐赠占总收入的 {pct(v)}，高于 30%：机构的钱袋子系在少数人身上。",
                f"Personal donations of the leader and board are {pct(v)} of revenue, above 30%: "
                f"the organisation hangs on a few people's pockets.",
            )
        return bi(
            f"负责人和理事的个人捐赠占总收入的 {pct(v)}，不高于 30%。",
            f"Personal donations of the leader and board are {pct(v)} of revenue, not above 30%.",
        )
    raise KeyError(code)


def _rounded(code: str, value: float | None) -> float | None:
    return r2(value) if code == "months_of_reserve" else r3(value)


def financial_indicators(numbers: Mapping[str, float]) -> dict[str, Any]:
    """All indicators with value (ratios 3 decimals, months 2), threshold, risky side, flag,
    0–100 health and the reason; plus the totals and the count of Tuckman & Chang flags."""
    indicators = {}
    for spec in INDICATORS:
        value, unknown = compute(spec.code, numbers)
        flag = is_risky(spec.code, value)
        indicators[spec.code] = {
            "code": spec.code,
            "name": spec.name,
            "formula": spec.formula,
            "value": _rounded(spec.code, value),
            "threshold": spec.threshold,
            "risky_when": spec.risky_when,
            "flag": flag,
            "health": None if value is None else round(cast(float, health(spec.code, value)), 1),
            "reason": unknown if value is None else _reason(spec.code, value, flag),
        }
    revenue, expenses = total_revenue(numbers), total_expenses(numbers)
    flags = [indicators[c]["flag"] for c in TUCKMAN_CHANG]
    return {
        "total_revenue": r2(revenue),
        "total_expenses": r2(expenses),
        "income_sources": sum(1 for c in INCOME_CODES if (known(numbers, c) or 0) > 0),
        "indicators": indicators,
        "tuckman_chang_flags": sum(1 for f in flags if f),
        "tuckman_chang_known": sum(1 for f in flags if f is not None),
    }


def raw_value(numbers: Mapping[str, float], code: str) -> float | None:
    """The unrounded value of one indicator (None when undefined)."""
    return compute(code, numbers)[0]
