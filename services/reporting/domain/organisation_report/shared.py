"""What several sections of the report say alike: its sections and their headings, the short
labels of its tables, the numerals of its lists, the raters' roles and the formats of the
financial indicators."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.common.contracts.diagnosis import TEAM_ROLES, rater_groups
from services.common.i18n import DASH, N_, Speaker

# Bilingual data: the instrument's or the workshop's own wording, the engine's names and reasons.
Text = Mapping[str, str | None]  # {"zh", "en"}

SECTIONS = [  # key, title, starts a new page
    ("summary", N_("Summary: where the organisation stands"), True),
    ("wheel", N_("The operations wheel"), False),
    ("perspectives", N_("The four scorecard perspectives"), False),
    ("finance", N_("Financial health"), False),
    ("key_person", N_("Key-person risk and rater agreement"), False),
    ("scan", N_("Industry scan"), False),
    ("paths", N_("The six development paths"), False),
    ("actions", N_("Action plan"), False),
    ("partners", N_("Suggested partners"), False),
    ("appendix", N_("Method appendix and answers"), True),
]

# An area's 0–100 score by rubric level, as the diagnosis engine bands it: a mean level of 2 or
# below is a clear weakness, of 3 or above a relative strength, in between room to grow.
WEAK_SCORE = 100.0 / 3.0
STRONG_SCORE = 200.0 / 3.0


def level(score: float | None) -> str | None:
    """An area's band: "weak", "room" (to grow) or "strong" (None: not scored)."""
    if score is None:
        return None
    if score <= WEAK_SCORE + 1e-9:
        return "weak"
    if score < STRONG_SCORE - 1e-9:
        return "room"
    return "strong"


# in the order the report lists them; "other" is staff and board merged (其他评分人) where a
# role alone has fewer than MIN_RATERS raters
ROLES = {"leader": N_("leader"), "staff": N_("staff"), "board": N_("board"), "other": N_("other raters")}

# Chinese counts its sections and priorities in words; Babel has no spell-out rules for it.
CHINESE_NUMERALS = "一二三四五六七八九十"

INDICATOR_FORMAT = {
    "equity_ratio": "pct",
    "revenue_concentration": "ratio",
    "admin_cost_ratio": "pct",
    "operating_margin": "pct",
    "months_of_reserve": "months",
    "programme_expense_ratio": "pct",
    "self_sufficiency": "pct",
    "staff_turnover": "pct",
    "leader_donation_share": "pct",
}


def numeral(speak: Speaker, n: int) -> str:
    """一, 二, 三 in Chinese, 1, 2, 3 otherwise: the one place where the language decides,
    because the number is written in words that no locale formatter provides."""
    if speak.zh and 1 <= n <= len(CHINESE_NUMERALS):
        return CHINESE_NUMERALS[n - 1]
    return str(n)


def team_size(result: Mapping[str, Any]) -> int:
    """How many staff and board raters submitted (the leader not counted)."""
    by_role = get(result, "raters", "by_role", default={}) or {}
    return sum(int(by_role.get(role) or 0) for role in TEAM_ROLES)


def shown_groups(result: Mapping[str, Any]) -> tuple[str, ...]:
    """The rater groups whose own figures may be printed: the leader, and the staff and board
    groups the confidentiality rule allows (checked again here on what the result says of how
    many raters submitted, so that a figure over fewer than MIN_RATERS is never printed)."""
    by_role = get(result, "raters", "by_role", default={}) or {}
    return ("leader", *rater_groups(by_role))


def role_name(speak: Speaker, role: str) -> str:
    """A rater's role in this language (a role reporting does not know, as it came)."""
    return speak.gettext(ROLES[role]) if role in ROLES else role


def section_numeral(speak: Speaker, key: str) -> str:
    """How the report refers to one of its sections ("section 8", "第八部分")."""
    return numeral(speak, [k for k, *_ in SECTIONS].index(key) + 1)


def sections(speak: Speaker) -> list[dict[str, Any]]:
    """The numbered sections, in the order the report prints them."""
    rows = []
    for i, (key, title, new_page) in enumerate(SECTIONS, start=1):
        name = speak.gettext(title)
        rows.append(
            {
                "key": key,
                "number": i,
                "numeral": numeral(speak, i),
                "title": name,
                "heading": speak.gettext("%(numeral)s. %(title)s", numeral=numeral(speak, i), title=name),
                "new_page": new_page,
            }
        )
    return rows


def indicator_value(speak: Speaker, code: str, value: float | None) -> str:
    """A financial indicator as its readers expect it: a percentage, months, or a ratio."""
    if value is None:
        return DASH
    kind = INDICATOR_FORMAT.get(code, "ratio")
    if kind == "pct":
        return speak.percent(value)
    if kind == "months":
        return speak.gettext("%(months)s months", months=speak.number(value, 1))
    return speak.number(value, 2)


def pick_all(speak: Speaker, texts: Any) -> list[str]:
    """Every bilingual text of a list, in this language."""
    return [speak.pick(t) for t in texts or []]


def get(mapping: Any, *keys: str, default: Any = None) -> Any:
    """mapping[k1][k2]…, or `default` where a key or a level is missing (or None)."""
    for key in keys:
        if not isinstance(mapping, Mapping) or key not in mapping:
            return default
        mapping = mapping[key]
    return default if mapping is None else mapping


def sentence_case(text: str) -> str:
    """A name that begins a cell begins with a capital (a no-op for scripts without case)."""
    return text[:1].upper() + text[1:]


def labels(speak: Speaker) -> dict[str, str]:
    """The short words of the report's tables and headings, by key."""

    page, page_after = _around_page_number(speak)
    return {
        "report_title": speak.pgettext("report label", "Organisational diagnosis report"),
        "product": speak.pgettext("report label", "Nianlun 年轮"),
        "confidential": speak.pgettext(
            "report label", "For the organisation's internal use only; please do not circulate."
        ),
        "workshop": speak.pgettext("report label", "Workshop"),
        "place": speak.pgettext("report label", "Place"),
        "dates": speak.pgettext("report label", "Dates"),
        "generated_on": speak.pgettext("report label", "Report date"),
        "instrument_version": speak.pgettext("report label", "Instrument version"),
        "diagnosis_version": speak.pgettext("report label", "Diagnosis version"),
        "respondents": speak.pgettext("report label", "Raters"),
        "legal_form": speak.pgettext("report label", "Legal form"),
        "founded": speak.pgettext("report label", "Founded"),
        "region": speak.pgettext("report label", "Service region"),
        "focus": speak.pgettext("report label", "Focus areas"),
        "staff": speak.pgettext("report label", "People"),
        "leader": speak.pgettext("report label", "Leader"),
        "page": page,
        "page_after": page_after,
        "overall": speak.pgettext("report label", "Operations wheel score"),
        "out_of_100": speak.pgettext("report label", "out of 100"),
        "level": speak.pgettext("report label", "Overall level"),
        "stage": speak.pgettext("report label", "Growth ladder"),
        "best_path": speak.pgettext("report label", "Best-fitting path"),
        "key_person_risk": speak.pgettext("report label", "Key-person risk"),
        "risks": speak.pgettext("report label", "Risks at a glance"),
        "risk_level": speak.pgettext("report label", "Risk level"),
        "raters": speak.pgettext("report label: how many raters", "Raters"),
        "disagreement_count": speak.pgettext("report label", "Items in dispute"),
        "contents": speak.pgettext("report label", "Contents"),
        "priorities": speak.pgettext("report label", "Three priorities"),
        "dimension": speak.pgettext("report label", "Area"),
        "organisation": speak.pgettext("report label", "This organisation"),
        "cohort_median": speak.pgettext("report label", "Cohort median"),
        "quartiles": speak.pgettext("report label", "Cohort quartiles"),
        "percentile": speak.pgettext("report label", "Cohort percentile"),
        "col_score": speak.pgettext("report label", "Score"),
        "col_median": speak.pgettext("report label", "Median"),
        "col_quartiles": speak.pgettext("report label", "Quartiles"),
        "col_percentile": speak.pgettext("report label", "Percentile"),
        "indicator": speak.pgettext("report label", "Indicator"),
        "value": speak.pgettext("report label", "Value"),
        "threshold": speak.pgettext("report label", "Threshold"),
        "position": speak.pgettext("report label", "Cohort position"),
        "judgement": speak.pgettext("report label", "Flag"),
        "component": speak.pgettext("report label", "Component"),
        "input": speak.pgettext("report label", "Input"),
        "part_score": speak.pgettext("report label", "Part score"),
        "weight": speak.pgettext("report label", "Weight"),
        "leader_score": speak.pgettext("report label", "Leader"),
        "team_score": speak.pgettext("report label", "Team"),
        "gap": speak.pgettext("report label", "Gap"),
        "item": speak.pgettext("report label", "Item"),
        "range": speak.pgettext("report label", "Min–max"),
        "mean_level": speak.pgettext("report label", "Mean level"),
        "spread": speak.pgettext("report label", "Spread"),
        "by_role": speak.pgettext("report label", "Mean by role"),
        "reasons_for": speak.pgettext("report label", "Reasons for"),
        "reasons_against": speak.pgettext("report label", "Reasons against"),
        "reasons_mixed": speak.pgettext("report label", "Mixed"),
        "unknown": speak.pgettext("report label", "Not known"),
        "fit": speak.pgettext("report label", "Fit"),
        "own_interest": speak.pgettext("report label", "Own interest"),
        "action": speak.pgettext("report label", "Action"),
        "owner": speak.pgettext("report label", "Owner"),
        "due": speak.pgettext("report label", "Due"),
        "check_3m": speak.pgettext("report label", "3-month check"),
        "check_6m": speak.pgettext("report label", "6-month check"),
        "why": speak.pgettext("report label", "Why this one"),
        "partner": speak.pgettext("report label", "Partner"),
        "cooperation_type": speak.pgettext("report label", "Kind of cooperation"),
        "reason": speak.pgettext("report label", "Why"),
        "intent_with": speak.pgettext("report label", "With"),
        "intent_what": speak.pgettext("report label", "What"),
        "target_month": speak.pgettext("report label", "Target month"),
        "method": speak.pgettext("report label", "Method"),
        "cohort": speak.pgettext("report label", "The cohort"),
        "answers": speak.pgettext("report label", "The answers"),
        "formula_note": speak.pgettext("report label", "The formulas are written as the scoring code computes them."),
        "answers_note": speak.pgettext(
            "report label",
            "Every item is answered on 4 levels (between two levels, choose the lower). The spread is the "
            "highest minus the lowest level; items with a spread of two levels or more are marked “discuss”.",
        ),
        "discuss": speak.pgettext("report label", "discuss"),
        "scan_strengths": speak.pgettext("report label", "Strengths"),
        "scan_weaknesses": speak.pgettext("report label", "Weaknesses"),
        "scan_opportunities": speak.pgettext("report label", "Opportunities"),
        "scan_threats": speak.pgettext("report label", "Threats"),
        "scan_strongly": speak.pgettext("report label", "strongly"),
        "scan_none": speak.pgettext("report label", "none chosen"),
        "scan_text": speak.pgettext("report label", "In the organisation's own words"),
        "health": speak.pgettext("report label", "health"),
        "income_mix": speak.pgettext("report label", "Income mix"),
        "indicators": speak.pgettext("report label", "Financial indicators"),
        "what_it_means": speak.pgettext("report label", "What it means"),
        "leader_vs_team": speak.pgettext("report label", "Leader and team"),
        "disagreements": speak.pgettext("report label", "Items where raters disagree"),
        "guiding_question": speak.pgettext("report label", "Guiding question"),
        "what_figures_say": speak.pgettext("report label", "What the figures say"),
        "next_step": speak.pgettext("report label", "Next step"),
        "total_revenue": speak.pgettext("report label", "Total revenue"),
        "total_expenses": speak.pgettext("report label", "Total expenses"),
        "percentile_note": speak.pgettext(
            "report label",
            "Percentile: the share of the cohort whose value is below this organisation's. "
            "Higher is not always better: see which side of the threshold is risky.",
        ),
    }


def _around_page_number(speak: Speaker) -> tuple[str, str]:
    """The words before and after the page number: the page's CSS prints its own counter
    between them, so one message is cut where its number goes."""
    mark = "\x00"
    before, _, after = speak.gettext("Page %(number)s", number=mark).partition(mark)
    return before, after
