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
        "methods": [_method(m, speak) for m in facts.methods],
        "cohort_text": _cohort(facts, version, speak),
        "instrument_version": version,
        "answers": [
            {"code": g.dimension, "name": speak.pick(g.name), "rows": [_row(a, speak) for a in g.answers]}
            for g in facts.groups
        ],
        "formula_note": speak.gettext("The formulas are written as the scoring code computes them."),
        "document_title": speak.gettext("Method and answers appendix"),
        "disagreements_more": speak.gettext(
            "The six widest are listed here; the appendix marks every item in dispute."
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
    title = METHOD_TITLES.get(method.code or "")
    return {
        "name": method.code,
        "title": speak.gettext(title) if title else method.code or "",
        "formula": method.formula,
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
