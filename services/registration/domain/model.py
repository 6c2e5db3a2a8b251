"""Registration rules, free of I/O."""

from __future__ import annotations

import enum
import secrets
from typing import Any

from services.common.i18n import N_
from services.common.messages import Message

# No 0/O, 1/I/L: a code is read aloud in the room and typed on phones.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


class WorkshopStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    FOLLOW_UP = "follow_up"  # months after the workshop: a follow-up round is open for answers
    ARCHIVED = "archived"


def new_registration_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_name(name: str) -> str:
    """Two registrations are the same organisation when their names match after trimming
    spaces and ignoring letter case (full-width spaces included)."""
    return "".join(name.split()).casefold()


class NotAllowed(Exception):
    """A rule of the workshop forbids this now (a 409 for the client)."""

    def __init__(self, message: str, **params: Any):
        self.message = Message(message, **params)
        super().__init__(str(self.message))


class OrganisationStatus(enum.StrEnum):
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    WITHDRAWN = "withdrawn"


_REFUSALS = {
    WorkshopStatus.DRAFT: N_("This workshop is not open for registration yet."),
    WorkshopStatus.CLOSED: N_("Registration for this workshop has closed; contact the organiser."),
    WorkshopStatus.FOLLOW_UP: N_("Registration for this workshop has closed; contact the organiser."),
    WorkshopStatus.ARCHIVED: N_("This workshop has ended and is archived."),
}


def status_on_registration(workshop_status: WorkshopStatus, registered: int, capacity: int) -> OrganisationStatus:
    """Registered while places are left, waitlisted once the workshop is full; refused
    unless registration is open."""
    if workshop_status in _REFUSALS:
        raise NotAllowed(_REFUSALS[workshop_status])
    return OrganisationStatus.REGISTERED if registered < capacity else OrganisationStatus.WAITLISTED


# A workshop's life: a draft is prepared, opened for registration, closed before the day
# (and may be reopened), and archived when it is over. Months later a closed workshop may
# hold follow-up rounds, one at a time: opening one makes it `follow_up`, closing it makes
# it closed again.
TRANSITIONS = {
    WorkshopStatus.DRAFT: {WorkshopStatus.OPEN, WorkshopStatus.ARCHIVED},
    WorkshopStatus.OPEN: {WorkshopStatus.CLOSED},
    WorkshopStatus.CLOSED: {WorkshopStatus.OPEN, WorkshopStatus.ARCHIVED, WorkshopStatus.FOLLOW_UP},
    WorkshopStatus.FOLLOW_UP: {WorkshopStatus.CLOSED},
    WorkshopStatus.ARCHIVED: set(),
}
# Taken only by opening or closing a follow-up round (which records the round), never by a
# plain change of status.
BY_ROUNDS_ONLY = {
    (WorkshopStatus.CLOSED, WorkshopStatus.FOLLOW_UP),
    (WorkshopStatus.FOLLOW_UP, WorkshopStatus.CLOSED),
}

STATUS_LABELS = {
    WorkshopStatus.DRAFT: N_("Draft"),
    WorkshopStatus.OPEN: N_("Open for registration"),
    WorkshopStatus.CLOSED: N_("Registration closed"),
    WorkshopStatus.FOLLOW_UP: N_("Follow-up round under way"),
    WorkshopStatus.ARCHIVED: N_("Archived"),
}


def check_transition(current: WorkshopStatus, wanted: WorkshopStatus, by_round: bool = False) -> None:
    if (current, wanted) in BY_ROUNDS_ONLY and not by_round:
        raise NotAllowed(
            N_("A follow-up round is opened and closed in the dashboard's “Follow-up rounds” block, not here.")
        )
    if wanted not in TRANSITIONS[current]:
        raise NotAllowed(
            N_("A workshop cannot go from “%(current)s” to “%(wanted)s”."),
            current=Message(STATUS_LABELS[current]),
            wanted=Message(STATUS_LABELS[wanted]),
        )
