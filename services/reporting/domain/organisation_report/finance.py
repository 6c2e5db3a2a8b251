"""Financial health: the nine indicators against their thresholds and the cohort, the income
mix, and what the concerning ones mean."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.common.i18n import DASH, N_, Speaker

from .inputs import ReportInputs
from .shared import Text, get, indicator_value, labels

INCOME_SOURCES = {  # code in the hard numbers: its name
    "income.government_purchase": N_("Government purchase of services"),
    "income.foundation_grants": N_("Foundation grants"),
    "income.corporate_giving": N_("Corporate giving"),
    "income.public_donations": N_("Public donations"),
    "income.leader_donations": N_("Leader and board donations"),
    "income.earned_income": N_("Earned income and fees"),
    "income.other": N_("Other income"),
}
OTHER_SOURCES = "income.rest"  # every source the diagnosis does not show apart
OTHER_SOURCES_NAME = N_("All other sources")

TUCKMAN_CHANG = ("equity_ratio", "revenue_concentration", "admin_cost_ratio", "operating_margin")

# Why an indicator matters, for an organisation in the seed's situation: said after the
# engine's own reason (which gives the figure and its threshold), so it never repeats it.
INDICATOR_MEANING = {
    "equity_ratio": N_(
        "Net assets are the cushion against a late payment or a lost project; the thinner they are, the less "
        "a surprise can be absorbed."
    ),
    "revenue_concentration": N_(
        "The more concentrated the income, the faster a change of course by the main funder, or a cut in "
        "government purchase budgets, is felt — the very threat the industry scan named."
    ),
    "admin_cost_ratio": N_(
        "When administration is cut this thin, finance, HR and compliance are done on the side by programme "
        "staff; as government-purchased projects face stricter financial rules, this is where problems "
        "appear first."
    ),
    "operating_margin": N_(
        "Spending more than comes in, year after year, wears the reserves down; salaries and the team's "
        "stability suffer first."
    ),
    "months_of_reserve": N_("The smaller the reserve, the more likely one late grant puts salaries at risk."),
    "programme_expense_ratio": N_(
        "When a low share of spending goes to programmes, funders and purchasers ask whether the money "
        "reaches the people served."
    ),
    "self_sufficiency": N_("The less the organisation earns itself, the more it runs to the rhythm of outside money."),
    "staff_turnover": N_(
        "People who leave take project know-how and community relationships with them — the “talent loss” "
        "of the industry scan, in figures."
    ),
    "leader_donation_share": N_(
        "The more the organisation lives on the leader's and board's own money, the more the leader's "
        "personal situation decides its survival."
    ),
}


@dataclass(frozen=True)
class IndicatorFacts:
    code: str
    name: Text
    value: float | None
    threshold: float | None
    risky_when: str | None  # below, above
    flag: bool | None  # past its threshold; None: no threshold, for reference only
    reason: Text | None  # the engine's, with the figure and its threshold
    median: float | None  # the cohort's, when it may be shown
    percentile: float | None
    worst_fifth: bool  # in the cohort's worst fifth (only when compared)

    @property
    def tuckman_chang(self) -> bool:
        return self.code in TUCKMAN_CHANG

    @property
    def concerning(self) -> bool:
        return self.flag is True or self.worst_fifth

    @property
    def flag_class(self) -> str:
        if self.value is not None and self.flag is True:
            return "risk"
        if self.value is not None and self.flag is False:
            return "ok"
        return "na"


@dataclass(frozen=True)
class IncomeFacts:
    source: str  # a code of INCOME_SOURCES, or OTHER_SOURCES
    amount: float
    share: float  # of the positive amounts


@dataclass(frozen=True)
class FinanceFacts:
    indicators: tuple[IndicatorFacts, ...]
    revenue: float | None
    expenses: float | None
    income_sources: int | None  # how many sources the income comes from
    mix: tuple[IncomeFacts, ...]
    mix_partial: bool  # only what the indicators reveal, the rest combined
    tuckman_chang_known: int
    tuckman_chang_flags: int
    cohort_worst_fifths: int | None  # Tuckman-Chang ratios in the cohort's worst fifth, when compared
    compared: bool

    @property
    def concerns(self) -> tuple[IndicatorFacts, ...]:
        return tuple(i for i in self.indicators if i.concerning)


def facts(inputs: ReportInputs) -> FinanceFacts:
    finance = inputs.result.get("finance") or {}
    bench = inputs.benchmark.get("indicators") or {}
    percentiles = get(inputs.cohort, "percentiles", "indicators", default={})
    quintiles = inputs.cohort.get("quintile_flags") or {}
    indicators = []
    for code, ind in (finance.get("indicators") or {}).items():
        b = bench.get(code) or {}
        shown = inputs.compared and not b.get("suppressed", True)
        indicators.append(
            IndicatorFacts(
                code=code,
                name=ind.get("name") or {},
                value=ind.get("value"),
                threshold=ind.get("threshold"),
                risky_when=ind.get("risky_when"),
                flag=ind.get("flag"),
                reason=ind.get("reason"),
                median=b.get("median") if shown else None,
                percentile=percentiles.get(code) if shown else None,
                worst_fifth=bool(quintiles.get(code)) if inputs.compared else False,
            )
        )
    vulnerability = inputs.cohort.get("vulnerability") or {}
    mix = _income_mix(finance, inputs.numbers)
    return FinanceFacts(
        indicators=tuple(indicators),
        revenue=finance.get("total_revenue"),
        expenses=finance.get("total_expenses"),
        income_sources=finance.get("income_sources"),
        mix=mix,
        mix_partial=bool(mix) and not inputs.numbers,
        tuckman_chang_known=int(finance.get("tuckman_chang_known") or 0),
        tuckman_chang_flags=int(finance.get("tuckman_chang_flags") or 0),
        cohort_worst_fifths=(
            int(vulnerability.get("flags") or 0) if inputs.compared and vulnerability.get("known") else None
        ),
        compared=inputs.compared,
    )


def _income_mix(finance: Mapping[str, Any], numbers: Mapping[str, Any] | None) -> tuple[IncomeFacts, ...]:
    """The income by source: every source from the hard numbers, or else the two the
    indicators reveal (leader donations, earned income) and the rest combined."""
    if numbers:
        amounts = [(code, float(numbers.get(code) or 0.0)) for code in INCOME_SOURCES]
    else:
        revenue, expenses = finance.get("total_revenue"), finance.get("total_expenses")
        leader_share = get(finance, "indicators", "leader_donation_share", "value")
        self_sufficiency = get(finance, "indicators", "self_sufficiency", "value")
        if not revenue or leader_share is None or self_sufficiency is None or expenses is None:
            return ()
        leader = float(leader_share) * float(revenue)
        earned = float(self_sufficiency) * float(expenses)
        amounts = [
            ("income.leader_donations", leader),
            ("income.earned_income", earned),
            (OTHER_SOURCES, max(float(revenue) - leader - earned, 0.0)),
        ]
    total = sum(amount for _, amount in amounts if amount > 0)
    return tuple(IncomeFacts(code, amount, amount / total if total else 0.0) for code, amount in amounts)


def source_name(speak: Speaker, source: str) -> str:
    return speak.gettext(INCOME_SOURCES.get(source, OTHER_SOURCES_NAME))


def words(facts: FinanceFacts, speak: Speaker) -> dict[str, Any]:
    rows = [_row(i, speak) for i in facts.indicators]
    mix = [_mix_row(m, speak) for m in facts.mix]
    return {
        "rows": rows,
        "text": speak.join(_sentences(facts, speak)),
        "meaning": [_meaning(i, speak) for i in facts.concerns],
        "closing": _closing(facts, speak),
        "mix": mix,
        "mix_note": _mix_note(facts, speak),
        "chart": (
            {
                "labels": [r["label"] for r in mix],
                "amounts": [r["amount"] for r in mix],
                "value_labels": [r["bar_label"] for r in mix],
            }
            if mix
            else None
        ),
        "total_revenue_text": speak.money(facts.revenue),
        "total_expenses_text": speak.money(facts.expenses),
        "compared": facts.compared,
        "percentile_note": (
            labels(speak)["percentile_note"]
            if facts.compared
            else speak.gettext(
                "Fewer than five organisations of the cohort have submitted: no cohort median or position yet."
            )
        ),
    }


def _row(i: IndicatorFacts, speak: Speaker) -> dict[str, Any]:
    return {
        "code": i.code,
        "name": speak.pick(i.name),
        "value_text": indicator_value(speak, i.code, i.value),
        "threshold_text": _threshold(i, speak),
        "median_text": indicator_value(speak, i.code, i.median) if i.median is not None else DASH,
        "position_text": (
            DASH
            if i.percentile is None
            else speak.pgettext("cohort position", "percentile %(percentile)s", percentile=speak.number(i.percentile))
        ),
        "worst_fifth": i.worst_fifth,
        "worst_fifth_text": speak.gettext("cohort's worst fifth") if i.worst_fifth else "",
        "flag_text": _flag(i, speak),
        "flag_class": i.flag_class,
        "reason": speak.pick(i.reason),
        "tuckman_chang": i.tuckman_chang,
    }


def _threshold(i: IndicatorFacts, speak: Speaker) -> str:
    if i.threshold is None:
        return speak.pgettext("threshold", "none")
    value = indicator_value(speak, i.code, i.threshold)
    if i.risky_when == "below":
        return speak.gettext("below %(value)s", value=value)
    return speak.gettext("above %(value)s", value=value)


def _flag(i: IndicatorFacts, speak: Speaker) -> str:
    if i.value is None:
        return speak.pgettext("indicator flag", "no data")
    if i.flag is True:
        return speak.pgettext("indicator flag", "past threshold")
    if i.flag is False:
        return speak.pgettext("indicator flag", "within")
    return speak.pgettext("indicator flag", "for reference")


def _mix_row(m: IncomeFacts, speak: Speaker) -> dict[str, Any]:
    amount_text = speak.money(m.amount) if m.amount else speak.number(0)
    share_text = speak.percent(m.share, 0) if m.amount else ""
    return {
        "label": source_name(speak, m.source),
        "amount": m.amount,
        "share": m.share,
        "amount_text": amount_text,
        "share_text": share_text,
        "bar_label": f"{amount_text} · {share_text}" if m.amount else amount_text,
    }


def _mix_note(facts: FinanceFacts, speak: Speaker) -> str:
    if not facts.mix:
        return speak.gettext("The diagnosis carries no income figures, so the income mix cannot be drawn.")
    if facts.mix_partial:
        return speak.gettext(
            "Only the two sources visible in the diagnosis are shown apart; the others are combined. The "
            "organisation's own figures give the full breakdown."
        )
    return ""


def _sentences(facts: FinanceFacts, speak: Speaker) -> list[str]:
    sentences = []
    revenue, expenses = facts.revenue, facts.expenses
    if revenue is not None and expenses is not None:
        money = {"revenue": speak.money(revenue), "expenses": speak.money(expenses)}
        if revenue >= expenses:
            sentences.append(
                speak.gettext(
                    "Annual revenue is %(revenue)s and expenses %(expenses)s: a surplus of %(balance)s.",
                    balance=speak.money(revenue - expenses),
                    **money,
                )
            )
        else:
            sentences.append(
                speak.gettext(
                    "Annual revenue is %(revenue)s and expenses %(expenses)s: a deficit of %(balance)s.",
                    balance=speak.money(expenses - revenue),
                    **money,
                )
            )
    if facts.income_sources is not None:
        sentences.append(
            speak.ngettext(
                "Income comes from %(num)d source.", "Income comes from %(num)d sources.", facts.income_sources
            )
        )
    if facts.tuckman_chang_known:
        sentences.append(_vulnerability(facts, speak))
    return sentences


def _vulnerability(facts: FinanceFacts, speak: Speaker) -> str:
    flags = speak.ngettext(
        "%(num)d is past the absolute threshold", "%(num)d are past the absolute threshold", facts.tuckman_chang_flags
    )
    if facts.cohort_worst_fifths is None:
        return speak.gettext(
            "Of Tuckman and Chang's (1991) four vulnerability ratios (equity, revenue concentration, "
            "administrative cost, operating margin), %(flags)s.",
            flags=flags,
        )
    cohort = speak.ngettext(
        "against the cohort, %(num)d falls in its worst fifth (0 is healthy, 4 severely at risk)",
        "against the cohort, %(num)d fall in its worst fifth (0 is healthy, 4 severely at risk)",
        facts.cohort_worst_fifths,
    )
    return speak.gettext(
        "Of Tuckman and Chang's (1991) four vulnerability ratios (equity, revenue concentration, "
        "administrative cost, operating margin), %(flags)s; %(cohort)s.",
        flags=flags,
        cohort=cohort,
    )


def _meaning(i: IndicatorFacts, speak: Speaker) -> dict[str, str]:
    relative = ""
    if i.flag_class != "risk":  # only in the cohort's worst fifth, not past an absolute line
        relative = speak.gettext("It is not past an absolute threshold, but it is in the cohort's worst fifth.")
    meaning = INDICATOR_MEANING.get(i.code)
    return {
        "name": speak.pick(i.name),
        "text": speak.join([speak.pick(i.reason), relative, speak.gettext(meaning) if meaning else ""]),
    }


def _closing(facts: FinanceFacts, speak: Speaker) -> str:
    if facts.concerns:
        return speak.gettext(
            "Money is not the goal but what lets the mission go further. Left alone, the issues above hit the "
            "team's stability and the continuity of services first."
        )
    if facts.compared:
        return speak.gettext(
            "Every indicator is within its threshold and none is in the cohort's worst fifth. The task is to "
            "keep it so: compute the same figures every year and watch the trend, not one year."
        )
    return speak.gettext(
        "Every indicator is within its threshold. The task is to keep it so: compute the same figures every "
        "year and watch the trend, not one year."
    )
