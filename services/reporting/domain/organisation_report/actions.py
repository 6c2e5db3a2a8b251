"""Section 8, the action plan: the engine's three priorities (gap × importance), their
actions, and what to see at three and at six months."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.common.i18n import N_, Speaker

from .inputs import ReportInputs

Text = Mapping[str, str | None]  # the engine's wording, {"zh", "en"}

# How an indicator's value reads: a share, a number of months, or a plain ratio.
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

# What to see at three and at six months, per priority area (a dimension or an indicator).
CHECKS = {
    "hub": (
        N_(
            "The one-page mission, vision and values statement is written and has been discussed "
            "line by line with all staff."
        ),
        N_(
            "Every new project is checked against the mission before it is accepted, in writing; "
            "the team rates this area again."
        ),
    ),
    "structure_strategy": (
        N_(
            "The organisation chart and the main job duties are written and shared; the outline "
            "of a three-year plan has been discussed."
        ),
        N_(
            "The three-year plan is final and the annual budget follows it; every project has a "
            "named lead and a line of reporting."
        ),
    ),
    "service_innovation": (
        N_("At least one needs assessment is done and one service has been adjusted in response."),
        N_("One service has before-and-after evidence of change (data or cases) to show purchasers and funders."),
    ),
    "team_growth": (
        N_("Every staff member has a written yearly learning plan; the monthly case review has met three times."),
        N_(
            "Every key post has someone who can stand in; staff rate this area again to see "
            "whether the score has risen."
        ),
    ),
    "compliance": (
        N_(
            "The finance, records and annual-inspection checklists are reviewed; every missing "
            "item has an owner and a date."
        ),
        N_(
            "The annual inspection and project audits raise no repeat findings; staff contracts "
            "and safety rules are all in place."
        ),
    ),
    "efficiency": (
        N_(
            "The three most frequent tasks are written up as procedures; service data is recorded "
            "in one shared format or tool."
        ),
        N_(
            "Every project has a monthly follow-up of progress and budget; duplicated work and rework are visibly down."
        ),
    ),
    "cooperation": (
        N_(
            "A list of partners in government, funders, peers and the community is made, with one "
            "visit or exchange arranged for each."
        ),
        N_(
            "At least one concrete cooperation with a peer organisation has started (a joint "
            "application, a staff exchange or shared resources)."
        ),
    ),
    "satisfaction": (
        N_(
            "Every project collects feedback from the people served; the first round is "
            "summarised and discussed by the team."
        ),
        N_(
            "At least one service has been improved in response, and the people served and the "
            "purchaser have been told."
        ),
    ),
    "expansion": (
        N_(
            "One new field or area of service has been assessed, with its feasibility and the "
            "resources it needs written down."
        ),
        N_(
            "A mature project is written up as a replicable package (manual, procedures, "
            "evaluation tools), or the first project in a new field is secured."
        ),
    ),
    "governance": (
        N_("The leader's two-week absence has been tried and reviewed; the table of decision rights is written."),
        N_(
            "The board has met on time and taken minuted decisions; a second-line leader runs one "
            "area of work independently."
        ),
    ),
    "equity_ratio": (
        N_("Net assets and restricted funds are worked out; where each project's surplus goes is set down in writing."),
        N_("Recompute the equity ratio, aiming to be back above the 10% line."),
    ),
    "revenue_concentration": (
        N_(
            "The list of funding sources and a plan for losing the main one are written; the new "
            "channel has an owner and a first contact has been made."
        ),
        N_(
            "The new channel has brought its first income; recompute the revenue concentration "
            "(HHI): it should be lower than today."
        ),
    ),
    "admin_cost_ratio": (
        N_("The true cost of finance, HR and compliance is known, including what programme staff do on the side."),
        N_("New project budgets include a fair share of administration; the ratio is back above 5%."),
    ),
    "operating_margin": (
        N_(
            "The monthly income-and-spending comparison has been done three times in a row, and "
            "every loss-making project has been raised with its funder."
        ),
        N_("All new projects are priced at full cost; the six-month operating margin is back above 0."),
    ),
    "months_of_reserve": (
        N_("A reserve target (at least three months of spending) and a monthly amount to set aside are agreed."),
        N_("Months of reserve are up on today and reported to the board."),
    ),
    "programme_expense_ratio": (
        N_("Spending categories are checked line by line so programme costs are not booked as administration."),
        N_("The programme expense ratio is back above 60%."),
    ),
    "self_sufficiency": (
        N_("The services the organisation could charge for, or the know-how it could sell, are listed and priced."),
        N_("The first fee or training income has come in."),
    ),
    "staff_turnover": (
        N_("Every staff member has had a career conversation; the reasons from exit interviews are summarised."),
        N_("No key post has been lost in six months; turnover is lower than today."),
    ),
    "leader_donation_share": (
        N_(
            "How much the leader and board put in each year is worked out and a plan to reduce it "
            "has been discussed with the board."
        ),
        N_("Income from another channel has replaced part of the leader's donations."),
    ),
}
GENERIC_CHECK = (
    N_("Every action has an owner and has started; progress has been reviewed at a team meeting."),
    N_("The leader and the team rate this area again and compare with today's score."),
)


@dataclass(frozen=True)
class Priority:
    rank: int | None
    area: str  # a dimension's or an indicator's code
    kind: str  # "dimension" or "indicator"
    name: Text | None
    why: tuple[Text, ...]
    actions: tuple[Text, ...]
    score: float | None  # today's score, for a dimension
    value: float | None  # today's value, for an indicator


@dataclass(frozen=True)
class ActionsFacts:
    priorities: tuple[Priority, ...]


def facts(inputs: ReportInputs) -> ActionsFacts:
    return ActionsFacts(priorities=tuple(_priority(p) for p in inputs.result.get("priorities") or []))


def _priority(priority: Mapping[str, Any]) -> Priority:
    return Priority(
        rank=priority.get("rank"),
        area=priority.get("area") or "",
        kind=priority.get("kind") or "",
        name=priority.get("name"),
        why=tuple(priority.get("why") or ()),
        actions=tuple(a.get("text") for a in priority.get("actions") or []),
        score=priority.get("score"),
        value=priority.get("value"),
    )


def words(facts: ActionsFacts, speak: Speaker) -> dict[str, Any]:
    intro = speak.gettext(
        "The three priorities below are ranked by gap × importance, each with concrete actions. "
        "Within two weeks of the workshop, write in an owner and a date for every action, and "
        "review at 3 and 6 months against the checks."
    )
    return {"intro": intro, "plans": [_plan(p, speak) for p in facts.priorities]}


def _plan(priority: Priority, speak: Speaker) -> dict[str, Any]:
    three, six = CHECKS.get(priority.area, GENERIC_CHECK)
    numeral = _numeral(speak, priority.rank or 1)
    name = speak.pick(priority.name)
    return {
        "rank": priority.rank,
        "numeral": numeral,
        "name": name,
        "heading": speak.gettext("Priority %(numeral)s: %(name)s", numeral=numeral, name=name),
        "why": [speak.pick(w) for w in priority.why],
        "actions": [speak.pick(a) for a in priority.actions],
        "check_3m": speak.gettext(three),
        "check_6m": _six_months(priority, speak.gettext(six), speak),
    }


def _six_months(priority: Priority, check: str, speak: Speaker) -> str:
    """The six-month check with today's figure beside it, to compare against then."""
    if priority.kind == "dimension" and priority.score is not None:
        return speak.gettext("%(check)s (today's score: %(score)s)", check=check, score=speak.score(priority.score))
    if priority.kind == "indicator" and priority.value is not None:
        return speak.gettext(
            "%(check)s (today: %(value)s)", check=check, value=_indicator(speak, priority.area, priority.value)
        )
    return check


def _indicator(speak: Speaker, code: str, value: float) -> str:
    kind = INDICATOR_FORMAT.get(code, "ratio")
    if kind == "pct":
        return speak.percent(value)
    if kind == "months":
        return speak.gettext("%(months)s months", months=speak.number(value, 1))
    return speak.number(value, 2)


def _numeral(speak: Speaker, n: int) -> str:
    """The rank as readers count it: 一、二、三 in Chinese, 1, 2, 3 in English."""
    numerals = (
        speak.pgettext("counting numeral", "1"),
        speak.pgettext("counting numeral", "2"),
        speak.pgettext("counting numeral", "3"),
        speak.pgettext("counting numeral", "4"),
        speak.pgettext("counting numeral", "5"),
        speak.pgettext("counting numeral", "6"),
        speak.pgettext("counting numeral", "7"),
        speak.pgettext("counting numeral", "8"),
        speak.pgettext("counting numeral", "9"),
        speak.pgettext("counting numeral", "10"),
    )
    return numerals[n - 1] if 1 <= n <= len(numerals) else speak.number(n)
