"""Cooperation intents between two organisations of one workshop (the seed's 链接与合作):
one proposes, the other accepts or declines; a facilitator may record one agreed in the room
for both sides. Pure: the rules of who may do what to an intent, and when it is agreed.

Kinds and states are codes; their names are msgids, said in the reader's language."""

from __future__ import annotations

import dataclasses
import datetime as dt

from services.common.i18n import N_

# The same codes as the matches suggested (engine.matching.TYPES), and learning from each other.
KINDS = {
    "resource_sharing": N_("Resource sharing"),
    "staff_exchange": N_("Staff exchange"),
    "project_cooperation": N_("Project cooperation"),
    "learning": N_("Learning from each other"),
}
PROPOSED, AGREED, DECLINED, WITHDRAWN = "proposed", "agreed", "declined", "withdrawn"
STATES = {
    PROPOSED: N_("Waiting for an answer"),
    AGREED: N_("Agreed"),
    DECLINED: N_("Declined"),
    WITHDRAWN: N_("Withdrawn"),
}
OPEN = (PROPOSED, AGREED)  # an intent of a kind between two organisations is not made twice
MAX_WHAT = 200  # one sentence
MONTHS_AHEAD = 24  # a target further off is not an intent but a wish


class IntentRefused(ValueError):
    """A change the rules do not allow (its message a msgid)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


class NotASide(IntentRefused):
    """The organisation is not the side that may do this (to it, the intent is not there)."""


class NotOpen(IntentRefused):
    """The intent was answered or withdrawn already."""


class BadIntent(IntentRefused):
    """An input at fault (`field`)."""


@dataclasses.dataclass(frozen=True)
class Intent:
    proposer_id: str
    partner_id: str
    state: str

    def sides(self) -> tuple[str, str]:
        return self.proposer_id, self.partner_id


def check_new(proposer_id: str, partner_id: str, target_month: str, today: dt.date) -> None:
    """A new intent: with another organisation, for a month from this one up to two years on."""
    if proposer_id == partner_id:
        raise BadIntent(N_("Choose another organisation than your own."), "partner_id")
    first, last = month_ahead(today, 0), month_ahead(today, MONTHS_AHEAD)
    if not first <= target_month <= last:
        raise BadIntent(N_("Choose a month from this month up to two years ahead."), "target_month")


def answer(intent: Intent, organisation_id: str, accept: bool) -> str:
    """The partner's answer to a proposal: its new state."""
    if organisation_id != intent.partner_id:
        raise NotASide(N_("No such cooperation intent."))
    if intent.state != PROPOSED:
        raise NotOpen(N_("This intent has already been answered or withdrawn."))
    return AGREED if accept else DECLINED


def withdraw(intent: Intent, organisation_id: str) -> str:
    """Either side may step back from an open intent; a declined one stays as it was."""
    if organisation_id not in intent.sides():
        raise NotASide(N_("No such cooperation intent."))
    if intent.state not in OPEN:
        raise NotOpen(N_("This intent has already been answered or withdrawn."))
    return WITHDRAWN


def month_ahead(day: dt.date, count: int) -> str:
    """The month `count` months after `day`'s, as an intent's target month (YYYY-MM)."""
    index = day.year * 12 + day.month - 1 + count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
