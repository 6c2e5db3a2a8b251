"""The rules of organisers' and facilitators' accounts, free of I/O: who they are, what a
login and a password must be, how long an invitation lasts."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from pathlib import Path

from services.common.i18n import N_

INVITATION_LIFETIME = dt.timedelta(days=7)
MIN_PASSWORD_LENGTH = 10
MOBILE = re.compile(r"^1[3-9]\d{9}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common_passwords.txt"


class AccountRole(enum.StrEnum):
    ORGANISER = "organiser"  # a foundation or a provincial support centre: the whole programme
    FACILITATOR = "facilitator"  # the workshops they were given


ROLE_LABELS = {AccountRole.ORGANISER: N_("Organiser"), AccountRole.FACILITATOR: N_("Facilitator")}


def login_key(login: str) -> str:
    """What makes two logins the same: spaces dropped, letters in one case (an e-mail's
    case does not matter in practice; a mobile number has none)."""
    return "".join(login.split()).casefold()


def login_problem(login: str) -> str | None:
    """Why this cannot be a login (a mobile number or an e-mail), or None."""
    key = login_key(login)
    if MOBILE.match(key) or EMAIL.match(key):
        return None
    return N_("Enter a mainland mobile number (11 digits) or an e-mail address.")


def password_problem(password: str, login: str) -> str | None:
    """Why this password is refused, or None: long enough, not a well-known one, not the login."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return N_("At least 10 characters, please.")
    folded = password.casefold()
    if folded in _common_passwords() or len(set(folded)) <= 2 or login_key(login) in folded:
        return N_("This password is too easy to guess; choose another.")
    return None


@functools.cache
def _common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def invitation_state(
    expires_at: dt.datetime, accepted_at: dt.datetime | None, revoked_at: dt.datetime | None, at: dt.datetime
) -> str:
    """usable, accepted, revoked or expired."""
    if accepted_at is not None:
        return "accepted"
    if revoked_at is not None:
        return "revoked"
    return "expired" if at >= expires_at else "usable"
