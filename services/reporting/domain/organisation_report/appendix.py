"""Section 10, the method appendix and the answers: every formula the scoring code computes,
what the cohort is, and every item's mean, range and spread, area by area."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.common.contracts.diagnosis import MIN_COHORT
from services.common.i18n import DASH, N_, Speaker

from .inputs import ReportInputs
from .shared import Text

METHOD_TITLES = {
    "level_to_score": N_("From level to score"),
    "item_statistics": N_("Item statistics"),
    "dimension_score": N_("Area score"),
    "leader_team_gap": N_("Leader-versus-team gap"),
    "weighted_mean": N_("Weighted mean"),
    "perspective_score": N_("Perspective score"),
    "total_revenue": N_("Total revenue"),
    "total_expenses": N_("Total expenses"),
    "equity_ratio": N_("Equity ratio"),
    "revenue_concentration": N_("Revenue concentration (HHI)"),
    "admin_cost_ratio": N_("Administrative cost ratio"),
    "operating_margin": N_("Operating margin"),
    "months_of_reserve": N_("Months of reserve"),
    "programme_expense_ratio": N_("Programme expense ratio"),
    "self_sufficiency": N_("Self-sufficiency"),
    "staff_turnover": N_("Staff turnover"),
    "leader_donation_share": N_("Leader donation share"),
    "indicator_flag": N_("Threshold flag"),
    "indicator_health": N_("Indicator health"),
    "governance_weakness": N_("Governance weakness"),
    "leader_donation_part": N_("Leader-donation part"),
    "gap_part": N_("Gap part"),
    "key_person_index": N_("Key-person risk index"),
    "stage_met": N_("When a stage is met"),
    "ladder_stage": N_("Stage on the growth ladder"),
    "path_signals": N_("Development-path signals"),
    "path_fit": N_("Path fit"),
    "priority_need": N_("Ranking the priorities"),
    "quartiles": N_("Quartiles"),
    "percentile": N_("Percentile"),
    "risky_rank": N_("Rank from the risky end"),
    "worst_quintile_flags": N_("Cohort's worst fifth"),
    "vulnerability_counts": N_("Vulnerability count"),
    "scan_summary": N_("Industry-scan summary"),
    "complementarity": N_("Complementarity"),
    "jaccard": N_("Focus overlap (Jaccard)"),
    "shared_area": N_("Shared area"),
    "match_type": N_("Kind of cooperation"),
    "match_score": N_("Match score"),
}

# Every formula in the reader's words (the diagnosis sends it as the scoring code writes it,
# in English and with code names): the catalogue gives it in the report's language.
METHOD_FORMULAS = {
    "level_to_score": N_("score = (level − 1) ÷ 3 × 100: level 1 → 0, 2 → 33.3, 3 → 66.7, 4 → 100."),
    "item_statistics": N_(
        "For each item, over the raters who answered it: mean = sum of the levels ÷ number of raters; lowest and highest level; spread = highest − lowest; marked “discuss” when the spread is 2 or more. The mean of each role is shown too. Means are kept to 2 decimals."
    ),
    "dimension_score": N_(
        "area score = (mean of the item means − 1) ÷ 3 × 100 over the answered items (0–100); none when no item of the area was answered."
    ),
    "leader_team_gap": N_(
        "gap = mean, over the items answered by both the leader and the team, of (leader's item mean − team's item mean) ÷ 3 × 100, in points. The team is every staff and board rater. Positive: the leader rates the organisation higher than the team. None without a team or without an item answered by both."
    ),
    "weighted_mean": N_(
        "weighted mean = Σ (weight × value) ÷ Σ weights over the parts whose value is known (the weights are rescaled); none when no part is known."
    ),
    "perspective_score": N_(
        "perspective score = weighted mean of its parts: the scores of its areas and the 0–100 health of its financial indicators, each with its weight; unknown parts are left out and the remaining weights rescaled."
    ),
    "total_revenue": N_(
        "total revenue = sum of the income from the seven sources (government purchase of services, foundation grants, corporate giving, public donations, leader and board donations, earned income, other)."
    ),
    "total_expenses": N_("total expenses = programme expenses + administration expenses + fundraising expenses."),
    "equity_ratio": N_(
        "equity ratio = net assets ÷ total revenue (negative net assets give a negative ratio). Risky below 10%."
    ),
    "revenue_concentration": N_(
        "revenue concentration (HHI) = Σ (share of each income source)², over the sources with a positive amount; 1 means a single source, and 1 ÷ HHI is the equivalent number of equal sources. Risky above 0.5."
    ),
    "admin_cost_ratio": N_(
        "administrative cost ratio = administration expenses ÷ total revenue. After Tuckman & Chang a very low ratio is risky (nothing left to cut, too thin to run the organisation): below 5%."
    ),
    "operating_margin": N_("operating margin = (total revenue − total expenses) ÷ total revenue. Risky below 0."),
    "months_of_reserve": N_("months of reserve = unrestricted reserves ÷ (total expenses ÷ 12). Risky below 3 months."),
    "programme_expense_ratio": N_("programme expense ratio = programme expenses ÷ total expenses. Risky below 60%."),
    "self_sufficiency": N_(
        "self-sufficiency = earned income ÷ total expenses. No fixed threshold; compared with the cohort, lower is the riskier side."
    ),
    "staff_turnover": N_(
        "staff turnover = departures in the last 12 months ÷ current full-time and part-time staff. None without staff. Risky above 30%."
    ),
    "leader_donation_share": N_(
        "leader donation share = personal donations of the leader and the board ÷ total revenue. Risky above 30% (our own threshold: the organisation hangs on a few people's pockets)."
    ),
    "indicator_flag": N_(
        "flag = the value is below the threshold (for an indicator risky below) or above it (risky above); none when the value is unknown or the indicator has no fixed threshold."
    ),
    "indicator_health": N_(
        "Each indicator as a 0–100 health score for the scorecard perspectives, kept between 0 and 100:\nequity ratio: value ÷ 50% × 100;\nrevenue concentration: (1 − HHI) ÷ 0.75 × 100;\nadministrative cost ratio: up to 10% → value ÷ 10% × 100; 10–20% → 100; above 20% → (1 − (value − 20%) ÷ 30%) × 100;\noperating margin: (value + 10%) ÷ 20% × 100;\nmonths of reserve: value ÷ 6 × 100;\nprogramme expense ratio: (value − 40%) ÷ 40% × 100;\nself-sufficiency: value ÷ 50% × 100;\nstaff turnover: (1 − value ÷ 60%) × 100;\nleader donation share: (1 − value ÷ 50%) × 100."
    ),
    "governance_weakness": N_("governance weakness = 100 − governance score."),
    "leader_donation_part": N_("leader-donation part = leader donation share ÷ 50% × 100, at most 100."),
    "gap_part": N_(
        "gap part = average leader-above-team gap ÷ 33.3 × 100, at most 100: over the areas with a known gap, only the leader rating higher than the team counts; a one-level gap on average counts as 100."
    ),
    "key_person_index": N_(
        "key-person risk index = (0.5 × governance weakness + 0.25 × leader-donation part + 0.25 × gap part) ÷ the sum of the weights of the known parts. 0–100, higher means more dependent on one person. Below 33.3 low, below 66.7 medium, otherwise high."
    ),
    "stage_met": N_(
        "A stage is met when more than half of its criteria are answered yes (1 of 1, 2 of 2, 2 of 3, 3 of 4, 3 of 5); a missing answer counts as no."
    ),
    "ladder_stage": N_(
        "The stage reached is the highest stage that is met with every lower stage met too: a stage not met stops the ladder."
    ),
    "path_signals": N_(
        "Every development path has signals, each between 0 and 1 with a weight, taken from the area scores (score ÷ 100), the number of focus areas, the number of staff, the income mix and the industry scan. A signal of 0.6 or more is a reason for the path, below 0.4 a reason against, in between a mixed reason; an unknown signal is left out and listed as unknown."
    ),
    "path_fit": N_(
        "fit = 0.85 × signal score + 0.15 × own interest, where signal score = weighted mean of the known signals × 100 and own interest = (answer − 1) ÷ 3 × 100 (answers 1–4). When one of the two is unknown the other alone is the fit. 0–100."
    ),
    "priority_need": N_(
        "need = (100 − score) × importance, with importance 1.2 for mission, vision and values and for governance, 1.0 for the other areas and for a flagged financial indicator (whose score counts as 20). The three with the highest need are the priorities."
    ),
    "quartiles": N_(
        "Quartiles (first quartile, median, third quartile): linear interpolation between the sorted values at position 1 + p × (n − 1), as Excel's QUARTILE.INC; they always lie within the data."
    ),
    "percentile": N_(
        "percentile = (number of organisations below + 0.5 × number equal) ÷ number of organisations × 100, the organisation itself included; shown only with at least 5 values."
    ),
    "risky_rank": N_(
        "rank from the risky end = (number riskier + 0.5 × number equal) ÷ number of organisations × 100, where riskier means lower for an indicator risky below and higher for one risky above."
    ),
    "worst_quintile_flags": N_(
        "An indicator is in the cohort's worst fifth when its rank from the risky end is at most 20; equal values share a rank. Only once at least 5 organisations have a value for that indicator."
    ),
    "vulnerability_counts": N_(
        "vulnerability count = how many of the four ratios of Tuckman & Chang (equity ratio, revenue concentration, administrative cost ratio, operating margin) are in the cohort's worst fifth: 0 healthy … 4 severely at risk."
    ),
    "scan_summary": N_(
        "For each scan item: how many organisations chose “applies” and “strongly applies”, and their share of all organisations; sorted by that number. With fewer than 5 organisations no count is shown."
    ),
    "complementarity": N_(
        "complementarity (0–1) in an area, the larger of: (a) (helper's score − helped one's score) ÷ 100, when the helper scores at least 66.7 and the other at most 33.3; (b) the mean of (helper's level − helped one's level) ÷ 3 over the area's items where the helper's mean level is at least 3 and the other's at most 2."
    ),
    "jaccard": N_(
        "focus overlap = number of focus areas both have ÷ number of focus areas either has (0 when neither has any)."
    ),
    "shared_area": N_(
        "Two organisations share an area when their regions, without the province, begin with the same city or county of at least two characters."
    ),
    "match_type": N_(
        "kind of cooperation: a match in team growth → staff exchange; in service innovation or expansion with a shared focus area → project cooperation; otherwise → resource sharing."
    ),
    "match_score": N_(
        "match score = 100 × complementarity × (0.5 + 0.25 × focus overlap + 0.25 × shared area), shared area being 1 when the two share a city or county, else 0. A match with neither a shared focus area nor a shared area is left out."
    ),
}


@dataclass(frozen=True)
class Method:
    code: str | None
    formula: str  # as the scoring code computes it: mathematical notation, not a sentence to translate


@dataclass(frozen=True)
class Answer:
    code: str
    wording: Text | None
    mean: float | None
    min: int | None
    max: int | None
    spread: int | None
    flagged: bool  # raters two levels or more apart


@dataclass(frozen=True)
class AnswerGroup:
    dimension: str
    name: Text | None
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class AppendixFacts:
    methods: tuple[Method, ...]
    workshop_title: Text
    instrument_version: str | None
    diagnosis_version: str | None
    cohort_size: int
    compared: bool
    min_cohort: int
    groups: tuple[AnswerGroup, ...]


def facts(inputs: ReportInputs) -> AppendixFacts:
    workshop, scored, appendix = inputs.workshop, inputs.scored, inputs.appendix
    groups = (_group(code, d, appendix, inputs.result) for code, d in (appendix.get("dimensions") or {}).items())
    return AppendixFacts(
        methods=tuple(Method(code=m.get("name"), formula=m.get("formula") or "") for m in appendix.get("method") or []),
        workshop_title={"zh": workshop.get("title_zh"), "en": workshop.get("title_en")},
        instrument_version=scored.get("instrument_version") or inputs.result.get("instrument_version"),
        diagnosis_version=scored.get("diagnosis_version"),
        cohort_size=inputs.cohort_size,
        compared=inputs.compared,
        min_cohort=MIN_COHORT,
        groups=tuple(g for g in groups if g.answers),
    )


def _group(
    dimension: str, about: Mapping[str, Any], appendix: Mapping[str, Any], result: Mapping[str, Any]
) -> AnswerGroup:
    answers = result.get("items") or {}
    return AnswerGroup(
        dimension=dimension,
        name=about.get("name"),
        answers=tuple(
            _answer(code, item, answers.get(code) or {})
            for code, item in (appendix.get("items") or {}).items()
            if item.get("dimension") == dimension
        ),
    )


def _answer(code: str, item: Mapping[str, Any], answer: Mapping[str, Any]) -> Answer:
    return Answer(
        code=code,
        wording=item.get("text"),
        mean=answer.get("mean"),
        min=answer.get("min"),
        max=answer.get("max"),
        spread=answer.get("spread"),
        flagged=bool(answer.get("flagged")),
    )


# --- words -----------------------------------------------------------------------------------


def words(facts: AppendixFacts, speak: Speaker) -> dict[str, Any]:
    version = facts.instrument_version or DASH
    return {
        # a method reporting has no words for is left out rather than printed in code
        "methods": [_method(m, speak) for m in facts.methods if m.code in METHOD_FORMULAS and m.code in METHOD_TITLES],
        "cohort_text": _cohort(facts, version, speak),
        "instrument_version": version,
        "answers": [
            {"code": g.dimension, "name": speak.pick(g.name), "rows": [_row(a, speak) for a in g.answers]}
            for g in facts.groups
        ],
        "formula_note": speak.gettext("Each formula below is how the report computes its figures."),
        "document_title": speak.gettext("Method and answers appendix"),
        "disagreements_more": speak.gettext(
            "The five widest are listed here; the appendix marks every item in dispute."
        ),
        "pointer": speak.gettext(
            "The method, every formula and every answer are in the Method and answers appendix: a "
            "second PDF, downloaded beside this report, and at the end of the report's web page."
        ),
        "answers_note": speak.gettext(
            "Every item is answered on 4 levels (between two levels, choose the lower). The spread is "
            "the highest minus the lowest level; items with a spread of two levels or more are marked "
            "“discuss”."
        ),
    }


def _method(method: Method, speak: Speaker) -> dict[str, Any]:
    code = method.code or ""
    return {
        "name": code,
        "title": speak.gettext(METHOD_TITLES[code]),
        "formula": speak.gettext(METHOD_FORMULAS[code]),
    }


def _cohort(facts: AppendixFacts, version: str, speak: Speaker) -> str:
    sentences = [
        speak.ngettext(
            "The cohort is the %(num)d organisation of %(workshop)s that has submitted.",
            "The cohort is the %(num)d organisations of %(workshop)s that have submitted.",
            facts.cohort_size,
            workshop=speak.quote(speak.pick(facts.workshop_title)),
        ),
        speak.gettext(
            "No aggregate over fewer than %(min)d organisations is shown, so that no single "
            "organisation's figures can be inferred.",
            min=facts.min_cohort,
        ),
    ]
    if not facts.compared:
        sentences.append(
            speak.gettext(
                "There are fewer than %(min)d so far, so this report has no cohort comparison.", min=facts.min_cohort
            )
        )
    sentences.append(
        speak.gettext(
            "Instrument version %(instrument)s; diagnosis version %(diagnosis)s.",
            instrument=version,
            diagnosis=facts.diagnosis_version or DASH,
        )
    )
    return speak.join(sentences)


def _row(answer: Answer, speak: Speaker) -> dict[str, Any]:
    return {
        "code": answer.code,
        "text": speak.pick(answer.wording),
        "mean_text": speak.number(answer.mean, 2),
        "range_text": DASH
        if answer.min is None
        else speak.pgettext(
            "from the lowest to the highest level",
            "%(low)s–%(high)s",
            low=speak.number(answer.min),
            high=speak.number(answer.max),
        ),
        "spread_text": speak.number(answer.spread),
        "flagged": answer.flagged,
    }
