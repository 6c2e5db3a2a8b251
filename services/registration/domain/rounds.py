"""Follow-up rounds (“rings”): months after a closed workshop, its organisations diagnose
again. When a round is due and which number it takes, free of I/O."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from typing import Any

from services.common.contracts.registration import BASELINE_ROUND, ROUND_KINDS
from services.common.i18n import N_

from .model import NotAllowed

MONTHS_AFTER = {"3_months": 3, "6_months": 6}
ON_A_DATE = "date"
KINDS = ROUND_KINDS  # the contract's: 3_months, 6_months, date

KIND_LABELS = {
    "3_months": N_("3 months after the workshop"),
    "6_months": N_("6 months after the workshop"),
    "date": N_("On a date"),
}


class UnfitRound(NotAllowed):
    """A round's kind or date the rules refuse (a 422 on `field`)."""

    def __init__(self, field: str, message: str, **params: Any):
        super().__init__(message, **params)
        self.field = field


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later, or that month's last day if it is
    shorter (31 August + 6 months = 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def round_date(kind: str, ends_on: dt.date, given: dt.date | None = None) -> dt.date:
    """When a round of this kind is due: 3 or 6 months after the workshop's last day, or
    the date given (not before that last day)."""
    if kind in MONTHS_AFTER:
        return months_after(ends_on, MONTHS_AFTER[kind])
    if kind != ON_A_DATE:
        raise UnfitRound("kind", N_("Choose when the round is: 3 months or 6 months after the workshop, or a date."))
    if given is None:
        raise UnfitRound("opens_on", N_("Give the date of the follow-up round."))
    if given < ends_on:
        raise UnfitRound(
            "opens_on",
            N_("A follow-up round cannot be before the workshop ended (%(ends_on)s)."),
            ends_on=ends_on.isoformat(),
        )
    return given


def next_round_number(numbers: Iterable[int]) -> int:
    """Follow-up rounds are numbered after the workshop itself (round 1): 2, 3, …"""
    return max(numbers, default=BASELINE_ROUND) + 1
