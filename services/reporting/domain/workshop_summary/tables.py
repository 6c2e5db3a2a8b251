"""The names the summary gives to codes (English msgids, marked with `N_` and translated
where they are spoken, in `words`), and the training topic each shared weakness suggests."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.common.i18n import N_, Speaker

from ..labels import FOCUS_AREAS

SECTIONS = {
    "roster": N_("Roster and agenda"),
    "participation": N_("Participation"),
    "distribution": N_("Score distributions by dimension"),
    "scan": N_("Industry scan"),
    "stages_paths": N_("Growth stages and development paths"),
    "network": N_("Collaboration network"),
    "topics": N_("Shared weaknesses and suggested training topics"),
}
STATUSES = {
    "registered": N_("registered"),
    "waitlisted": N_("waitlisted"),
    "withdrawn": N_("withdrawn"),
}
QUADRANTS = {  # the seed's order: outside in, then inside
    "opportunity": N_("Opportunities"),
    "threat": N_("Threats"),
    "strength": N_("Strengths"),
    "weakness": N_("Weaknesses"),
}
OTHER_QUADRANT = N_("Other")
STAGES = {
    "none": N_("Not yet at “activities”"),
    "activities": N_("Activities"),
    "projects": N_("Projects"),
    "products": N_("Products"),
    "know_how": N_("Exporting know-how"),
}
PATHS = {
    "specialise": N_("Specialise"),
    "core_two_wings": N_("One core, two wings"),
    "regional": N_("Regional comprehensive provider"),
    "group": N_("Group"),
    "consortium": N_("Consortium"),
    "new_type": N_("New-type organisation"),
}
MATCH_TYPES = {  # drawing order and colours are the adapter's; names here
    "resource_sharing": N_("resource sharing"),
    "staff_exchange": N_("staff exchange"),
    "project_cooperation": N_("project cooperation"),
}
AREA_KINDS = {"dimension": N_("Operations wheel"), "indicator": N_("Financial indicator")}

# The training topic each shared weakness suggests: (title, what the session does).
TOPICS: dict[str, tuple[str, str]] = {
    "hub": (
        N_("Mission, vision and values: from a one-line mission to criteria for taking on projects"),
        N_(
            "Each organisation writes a one-line mission and a 3–5-year vision, sets criteria for accepting "
            "projects, and uses its values to discuss the dilemma of taking projects just to pay staff."
        ),
    ),
    "structure_strategy": (
        N_("A three-year strategic plan and a clear structure"),
        N_(
            "Draft the three-year plan in a day (positioning, goals, budget), then break it into an "
            "annual plan, job duties and a six-monthly review."
        ),
    ),
    "service_innovation": (
        N_("From projects to products: service design and innovation"),
        N_(
            "Using the 联众力 ladder (activities → projects → products → know-how), turn one project into a "
            "replicable service package with a needs study and a package template."
        ),
    ),
    "team_growth": (
        N_("Team growth: skills maps, supervision and career paths"),
        N_(
            "Draw a skills map for each post, plan a year of training and supervision and a social-work "
            "career ladder, answering talent loss and unstable teams."
        ),
    ),
    "compliance": (
        N_("Administrative compliance and financial rules"),
        N_(
            "Against the annual inspection and the finance rules of government contracts, build a self-check "
            "list for financial rules, records, labour contracts and safety."
        ),
    ),
    "efficiency": (
        N_("Operating efficiency: routines, data and simple digital tools"),
        N_(
            "Map the three most common routines and use a spreadsheet or mini-app to track service records "
            "and costs, cutting repeated work."
        ),
    ),
    "cooperation": (
        N_("Links and cooperation with government, funders and peers"),
        N_(
            "Draw a stakeholder map, practise working with government purchasers, and agree concrete "
            "resource sharing, staff exchange and joint applications."
        ),
    ),
    "satisfaction": (
        N_("Client-centred: collecting and using feedback"),
        N_(
            "Design simple ways to collect satisfaction and feedback, turn it into service changes, and "
            "report results clearly to purchasers and funders."
        ),
    ),
    "expansion": (
        N_("Growing the work and diversifying income"),
        N_("Assess new fields and regions, design one fee-based service or product, and work out its cost and price."),
    ),
    "governance": (
        N_("Board governance and second-line leaders: an organisation that runs without its leader"),
        N_(
            "How a board meets and decides, a one-page table of decision rights, the “leader away for two "
            "weeks” test, and growing second-line leaders."
        ),
    ),
    "equity_ratio": (
        N_("Financial resilience: building net assets"),
        N_(
            "Read the balance sheet, set a yearly target for retained surplus, and decide with the board "
            "what it is for."
        ),
    ),
    "revenue_concentration": (
        N_("Diversified fundraising: not all eggs in one basket"),
        N_(
            "Map funding sources, prepare for the largest one stopping, and open one new channel (small "
            "grants, a company partnership, monthly giving) within six months."
        ),
    ),
    "admin_cost_ratio": (
        N_("Administrative costs and full-cost budgeting"),
        N_(
            "Too little spent on administration is risky too: budget administrative costs properly in "
            "projects and explain full cost to funders."
        ),
    ),
    "operating_margin": (
        N_("Balancing the books: full-cost pricing and monthly checks"),
        N_(
            "Price projects at full cost, compare income and spending every month, and raise loss-making "
            "projects with funders in time."
        ),
    ),
    "months_of_reserve": (
        N_("Reserves and cash-flow management"),
        N_("Build unrestricted reserves of at least three months' spending and a twelve-month cash-flow forecast."),
    ),
    "programme_expense_ratio": (
        N_("Money for the mission: the shape of spending"),
        N_("Analyse programme, administration and fundraising spending and find costs that can be cut."),
    ),
    "self_sufficiency": (
        N_("Earning income: fee-based services and social enterprise"),
        N_(
            "List services that could charge fees, learn from social enterprises and the “two wings feed "
            "the core” model, and work out the break-even of a paid service."
        ),
    ),
    "staff_turnover": (
        N_("Keeping people: pay, growth and a stable team"),
        N_(
            "Analyse why people leave, design pay and growth paths, set up mentoring for newcomers and "
            "incentives for key staff."
        ),
    ),
    "leader_donation_share": (
        N_("Beyond the leader's pocket: less reliance on personal donations"),
        N_(
            "Measure how much income comes from the leader and board personally, and plan to lower it "
            "over three years with other sources."
        ),
    ),
}


def named(table: Mapping[str, str], code: str | None, speak: Speaker) -> str:
    """A code's name from one of the tables above; an unknown code stands for itself."""
    if code is None:
        return ""
    message = table.get(code)
    return speak.gettext(message) if message else code


def focus_area(code: str, speak: Speaker) -> str:
    """A focus area's name from the shared table, whichever form it has: a message (`N_`) or a
    (zh, en) pair."""
    return _shared_name(FOCUS_AREAS.get(code), code, speak)


def _shared_name(entry: Any, code: str, speak: Speaker) -> str:
    if entry is None:
        return code
    if isinstance(entry, str):
        return speak.gettext(entry)
    zh, en = entry
    return speak.pick({"zh": zh, "en": en}) or code
