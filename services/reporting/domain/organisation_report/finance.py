"""Financial health: the nine indicators against their thresholds and the cohort, the income
mix, and what the concerning ones mean."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.common.i18n import DASH, N_, Speaker

from .inputs import ReportInputs
from .rules import Rule, always, chosen, say
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

    @property
    def known(self) -> tuple[IndicatorFacts, ...]:
        """The indicators that could be computed."""
        return tuple(i for i in self.indicators if i.value is not None)

    @property
    def unknown(self) -> tuple[IndicatorFacts, ...]:
        return tuple(i for i in self.indicators if i.value is None)


def facts(inputs: ReportInputs) -> FinanceFacts:
    finance = inputs.result.get("finance") or {}
    quintiles = inputs.cohort.get("quintile_flags") or {}
    indicators = []
    for code, ind in (finance.get("indicators") or {}).items():
        bench, percentile = inputs.position("indicators", code)
        indicators.append(
            IndicatorFacts(
                code=code,
                name=ind.get("name") or {},
                value=ind.get("value"),
                threshold=ind.get("threshold"),
                risky_when=ind.get("risky_when"),
                flag=ind.get("flag"),
                reason=ind.get("reason"),
                median=bench.get("median"),
                percentile=percentile,
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
    return say(MIX_NOTE, facts, speak)


def _money(f: FinanceFacts, speak: Speaker) -> dict[str, str]:
    revenue, expenses = f.revenue or 0.0, f.expenses or 0.0
    return {
        "revenue": speak.money(revenue),
        "expenses": speak.money(expenses),
        "balance": speak.money(abs(revenue - expenses)),
    }


# The year's balance, first match wins: its word follows the sign of revenue minus expenses.
BALANCE: tuple[Rule[FinanceFacts], ...] = (
    Rule("unknown", lambda f: f.revenue is None or f.expenses is None, ""),
    Rule(
        "surplus",
        lambda f: (f.revenue or 0.0) > (f.expenses or 0.0),
        N_("Annual revenue is %(revenue)s and expenses %(expenses)s: a surplus of %(balance)s."),
        _money,
    ),
    Rule(
        "deficit",
        lambda f: (f.revenue or 0.0) < (f.expenses or 0.0),
        N_("Annual revenue is %(revenue)s and expenses %(expenses)s: a deficit of %(balance)s."),
        _money,
    ),
    Rule(
        "balanced",
        always,
        N_("Annual revenue and expenses are both %(revenue)s: the year breaks even."),
        _money,
    ),
)


SOURCES: tuple[Rule[FinanceFacts], ...] = (
    Rule("unknown", lambda f: f.income_sources is None, ""),
    Rule(
        "count",
        always,
        "",
        words=lambda f, s: s.ngettext(
            "Income comes from %(num)d source.", "Income comes from %(num)d sources.", f.income_sources or 0
        ),
    ),
)
MIX_NOTE: tuple[Rule[FinanceFacts], ...] = (
    Rule(
        "no_mix",
        lambda f: not f.mix,
        N_("The diagnosis carries no income figures, so the income mix cannot be drawn."),
    ),
    Rule(
        "partial",
        lambda f: f.mix_partial,
        N_(
            "Only the two sources visible in the diagnosis are shown apart; the others are combined. The "
            "organisation's own figures give the full breakdown."
        ),
    ),
)


def _sentences(facts: FinanceFacts, speak: Speaker) -> list[str]:
    return [say(table, facts, speak) for table in (BALANCE, SOURCES, VULNERABILITY)]


def _flags(facts: FinanceFacts, speak: Speaker) -> str:
    return speak.ngettext(
        "%(num)d is past the absolute threshold", "%(num)d are past the absolute threshold", facts.tuckman_chang_flags
    )


def _cohort(facts: FinanceFacts, speak: Speaker) -> str:
    return speak.ngettext(
        "against the cohort, %(num)d falls in its worst fifth (0 is healthy, 4 severely at risk)",
        "against the cohort, %(num)d fall in its worst fifth (0 is healthy, 4 severely at risk)",
        facts.cohort_worst_fifths or 0,
    )


def _vulnerability_values(facts: FinanceFacts, speak: Speaker) -> dict[str, Any]:
    return {"flags": _flags(facts, speak), "cohort": _cohort(facts, speak), "known": facts.tuckman_chang_known}


# Tuckman and Chang's four ratios, first match wins: when some could not be computed, the
# sentence says how many could, so that "none past" is never read as "all four fine".
VULNERABILITY: tuple[Rule[FinanceFacts], ...] = (
    Rule("none_known", lambda f: not f.tuckman_chang_known, ""),
    Rule(
        "partial_compared",
        lambda f: f.tuckman_chang_known < len(TUCKMAN_CHANG) and f.cohort_worst_fifths is not None,
        N_(
            "Only %(known)s of Tuckman and Chang's (1991) four vulnerability ratios (equity, revenue "
            "concentration, administrative cost, operating margin) could be computed: %(flags)s; %(cohort)s."
        ),
        _vulnerability_values,
    ),
    Rule(
        "partial",
        lambda f: f.tuckman_chang_known < len(TUCKMAN_CHANG),
        N_(
            "Only %(known)s of Tuckman and Chang's (1991) four vulnerability ratios (equity, revenue "
            "concentration, administrative cost, operating margin) could be computed: %(flags)s."
        ),
        _vulnerability_values,
    ),
    Rule(
        "all_compared",
        lambda f: f.cohort_worst_fifths is not None,
        N_(
            "Of Tuckman and Chang's (1991) four vulnerability ratios (equity, revenue concentration, "
            "administrative cost, operating margin), %(flags)s; %(cohort)s."
        ),
        _vulnerability_values,
    ),
    Rule(
        "all",
        always,
        N_(
            "Of Tuckman and Chang's (1991) four vulnerability ratios (equity, revenue concentration, "
            "administrative cost, operating margin), %(flags)s."
        ),
        _vulnerability_values,
    ),
)


# What a concerning indicator means, first match wins. What the indicator predicts in absolute
# terms (INDICATOR_MEANING) is said only when it is past its threshold; in the cohort's worst
# fifth alone it is said to be relative to peers, and nothing the figure itself denies is foretold.
MEANING: tuple[Rule[IndicatorFacts], ...] = (
    Rule("past_threshold", lambda i: i.flag is True and i.value is not None, ""),  # INDICATOR_MEANING[code]
    Rule(
        "relative_within",
        lambda i: i.worst_fifth and i.flag is False,
        N_(
            "It is within its threshold, so this is no warning in itself: only compared with its peers is it "
            "in the cohort's worst fifth. Watch whether it keeps falling behind them."
        ),
    ),
    Rule(
        "relative_reference",
        lambda i: i.worst_fifth,
        N_(
            "This indicator has no absolute threshold; compared with its peers it is in the cohort's worst "
            "fifth. Watch whether it keeps falling behind them."
        ),
    ),
)


def meaning_text(i: IndicatorFacts, speak: Speaker) -> str:
    rule = chosen(MEANING, i)
    if rule is not None and rule.key == "past_threshold":
        meaning = INDICATOR_MEANING.get(i.code)
        return speak.gettext(meaning) if meaning else ""
    return say(MEANING, i, speak)


def _meaning(i: IndicatorFacts, speak: Speaker) -> dict[str, str]:
    return {"name": speak.pick(i.name), "text": speak.join([speak.pick(i.reason), meaning_text(i, speak)])}


def _known_values(f: FinanceFacts, speak: Speaker) -> dict[str, Any]:
    return {"known": len(f.known), "total": len(f.indicators)}


# The closing sentence, first match wins: "all fine" only of what could be computed, and never
# when nothing could.
CLOSING: tuple[Rule[FinanceFacts], ...] = (
    Rule(
        "concerns",
        lambda f: bool(f.concerns),
        N_(
            "Money is not the goal but what lets the mission go further. Left alone, the issues above hit the "
            "team's stability and the continuity of services first."
        ),
    ),
    Rule(
        "nothing_known",
        lambda f: not f.known,
        N_(
            "No financial indicator could be computed: the diagnosis lacks the income, spending or balance "
            "figures they need. Fill them in and generate the report again to see where the organisation stands."
        ),
    ),
    Rule(
        "partial_compared",
        lambda f: bool(f.unknown) and f.compared,
        N_(
            "Of the %(known)s indicators that could be computed (out of %(total)s), none is past its threshold "
            "or in the cohort's worst fifth; the others lack the figures they need. Compute the same figures "
            "every year and watch the trend, not one year."
        ),
        _known_values,
    ),
    Rule(
        "partial",
        lambda f: bool(f.unknown),
        N_(
            "Of the %(known)s indicators that could be computed (out of %(total)s), none is past its "
            "threshold; the others lack the figures they need. Compute the same figures every year and watch "
            "the trend, not one year."
        ),
        _known_values,
    ),
    Rule(
        "all_fine_compared",
        lambda f: f.compared,
        N_(
            "Every indicator is within its threshold and none is in the cohort's worst fifth. The task is to "
            "keep it so: compute the same figures every year and watch the trend, not one year."
        ),
    ),
    Rule(
        "all_fine",
        always,
        N_(
            "Every indicator is within its threshold. The task is to keep it so: compute the same figures every "
            "year and watch the trend, not one year."
        ),
    ),
)


def _closing(facts: FinanceFacts, speak: Speaker) -> str:
    return say(CLOSING, facts, speak)
