"""What the engine scores: one organisation's answers, numbers, scan and evidence.

The engine is pure: these frozen objects come in, JSON-ready dicts go out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

INCOME_CODES = (
    "income.government_purchase",
    "income.foundation_grants",
    "income.corporate_giving",
    "income.public_donations",
    "income.leader_donations",
    "income.earned_income",
    "income.other",
)
EXPENSE_CODES = ("expense.programme", "expense.administration", "expense.fundraising")
BALANCE_CODES = ("balance.net_assets", "balance.unrestricted_reserves")
PEOPLE_CODES = (
    "people.staff_full_time",
    "people.staff_part_time",
    "people.departures_12m",
    "people.volunteers",
    "people.fundraising_staff",
)
STAFF_CODES = ("people.staff_full_time", "people.staff_part_time")
NUMBER_CODES = INCOME_CODES + EXPENSE_CODES + BALANCE_CODES + PEOPLE_CODES

TEAM_ROLES = ("staff", "board")


@dataclass(frozen=True)
class RaterAnswers:
    respondent_id: str
    role: str  # "leader" | "staff" | "board"
    answers: Mapping[str, int]  # item code -> level 1..4 (partial allowed)


@dataclass(frozen=True)
class OrganisationInput:
    organisation_id: str
    workshop_id: str
    name_zh: str
    focus_areas: tuple[str, ...]  # e.g. ("children", "family_education")
    service_region: str | None  # free text such as "安顺市西秀区"
    raters: tuple[RaterAnswers, ...]  # the leader's submitted answers and any staff/board ones
    numbers: Mapping[str, float] = field(default_factory=dict)  # missing keys = unknown
    scan: Mapping[str, int] = field(default_factory=dict)  # scan item code -> 0/1/2
    stage_evidence: Mapping[str, bool] = field(default_factory=dict)  # criterion code -> yes/no
    path_views: Mapping[str, int] = field(default_factory=dict)  # path code -> 1..4
    years_in_sector: int | None = None  # from the registered profile; None = unknown


def known(numbers: Mapping[str, float], code: str) -> float | None:
    """The number under `code`, or None when it is missing, None, NaN or infinite (unknown)."""
    value = numbers.get(code)
    if value is None or isinstance(value, bool):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def group_total(numbers: Mapping[str, float], codes: tuple[str, ...]) -> float | None:
    """Σ of the known numbers of a group; a missing member counts as 0 once at least one
    member of the group is given; None when none is given."""
    values = [v for v in (known(numbers, c) for c in codes) if v is not None]
    return math.fsum(values) if values else None


def staff_count(numbers: Mapping[str, float]) -> float | None:
    """staff = full-time + part-time (a missing one counts as 0); None when neither is given."""
    return group_total(numbers, STAFF_CODES)
