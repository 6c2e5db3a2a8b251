"""Section 8, the action plan: the engine's three priorities (gap × importance), their
actions, and what to see at three and at six months."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.common.i18n import N_, Speaker

from .inputs import ReportInputs
from .rules import Rule, always, chosen, render
from .shared import Text, indicator_value, level, numeral

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
class Need:
    """Why one area is a priority: its kind, name and score, and the engine's first reason."""

    kind: str  # "dimension" or "indicator"
    name: Text | None
    score: float | None
    engine: Text | None

    @property
    def level(self) -> str | None:
        return level(self.score) if self.kind == "dimension" else None


def _need_values(n: Need, speak: Speaker) -> dict[str, str]:
    return {"name": speak.quote(speak.pick(n.name)), "score": speak.score(n.score)}


# The first reason a priority gives, first match wins: an area is called one of those that most
# need work only when its score says so; a relative strength on the list is said to be one.
WHY: tuple[Rule[Need], ...] = (
    Rule("engine", lambda n: n.level is None, ""),  # an indicator past its threshold: the engine's reason
    Rule(
        "weak",
        lambda n: n.level == "weak",
        N_("%(name)s scores %(score)s out of 100, a clear weakness: among the areas that most need work."),
        _need_values,
    ),
    Rule(
        "room",
        lambda n: n.level == "room",
        N_("%(name)s scores %(score)s out of 100, room to grow: among the areas that most need work."),
        _need_values,
    ),
    Rule(
        "strong",
        always,
        N_(
            "%(name)s scores %(score)s out of 100, already a relative strength: it is listed because the "
            "other areas score higher still or weigh less, not because it is weak. The aim is to hold it."
        ),
        _need_values,
    ),
)


def why_text(need: Need, speak: Speaker) -> str:
    rule = chosen(WHY, need)
    if rule is None or rule.key == "engine":
        return speak.pick(need.engine)
    return render(rule, need, speak)


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

    @property
    def need(self) -> Need:
        return Need(self.kind, self.name, self.score, self.why[0] if self.why else None)


@dataclass(frozen=True)
class ActionsFacts:
    priorities: tuple[Priority, ...]
    agreed_intents: int = 0  # the cooperation intents agreed with peers of the workshop, today


def facts(inputs: ReportInputs) -> ActionsFacts:
    me = inputs.scored.get("organisation_id") or inputs.result.get("organisation_id")
    return ActionsFacts(
        priorities=tuple(_priority(p) for p in inputs.result.get("priorities") or []),
        agreed_intents=sum(
            1
            for i in inputs.intents
            if i.get("state", "agreed") == "agreed" and me in (i.get("proposer_id"), i.get("partner_id"))
        ),
    )


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
    return {"intro": intro, "plans": [_plan(p, speak, facts.agreed_intents) for p in facts.priorities]}


def _plan(priority: Priority, speak: Speaker, agreed_intents: int = 0) -> dict[str, Any]:
    three, six = CHECKS.get(priority.area, GENERIC_CHECK)
    numeral_text = numeral(speak, priority.rank or 1)
    name = speak.pick(priority.name)
    return {
        "rank": priority.rank,
        "numeral": numeral_text,
        "name": name,
        "heading": speak.gettext("Priority %(numeral)s: %(name)s", numeral=numeral_text, name=name),
        "why": [why_text(priority.need, speak)] + [speak.pick(w) for w in priority.why[1:]] if priority.why else [],
        "actions": [speak.pick(a) for a in priority.actions],
        "check_3m": speak.gettext(three),
        "check_6m": _six_months(priority, speak.gettext(six), speak, agreed_intents),
    }


def _six_months(priority: Priority, check: str, speak: Speaker, agreed_intents: int = 0) -> str:
    """The six-month check with today's figure beside it, to compare against then (for
    cooperation, also how many intents are agreed today: the check is a target, not a fact)."""
    if priority.area == "cooperation" and priority.score is not None:
        return speak.ngettext(
            "%(check)s (today's score: %(score)s; %(num)d cooperation intent agreed)",
            "%(check)s (today's score: %(score)s; %(num)d cooperation intents agreed)",
            agreed_intents,
            check=check,
            score=speak.score(priority.score),
        )
    if priority.kind == "dimension" and priority.score is not None:
        return speak.gettext("%(check)s (today's score: %(score)s)", check=check, score=speak.score(priority.score))
    if priority.kind == "indicator" and priority.value is not None:
        return speak.gettext(
            "%(check)s (today: %(value)s)", check=check, value=indicator_value(speak, priority.area, priority.value)
        )
    return check
