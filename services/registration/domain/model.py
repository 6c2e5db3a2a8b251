"""Registration rules, free of I/O."""
from __future__ import annotations

import enum
import secrets

# No 0/O, 1/I/L: a code is read aloud in the room and typed on phones.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


class WorkshopStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    ARCHIVED = "archived"


def new_registration_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_name(name: str) -> str:
    """Two registrations are the same organisation when their names match after trimming
    spaces and ignoring letter case (full-width spaces included)."""
    return "".join(name.split()).casefold()


class RegistrationRefused(Exception):
    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh = zh
        self.en = en


def check_can_register(status: WorkshopStatus) -> None:
    if status != WorkshopStatus.OPEN:
        raise RegistrationRefused(
            "该工作坊目前不接受报名。", "This workshop is not accepting registrations.")
