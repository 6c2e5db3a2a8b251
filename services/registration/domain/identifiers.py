"""Checks of Chinese identifiers, free of I/O."""

from __future__ import annotations

import re

from services.common.i18n import N_
from services.common.messages import Message

# GB 32100-2015: the unified social credit code (统一社会信用代码) is 18 characters over
# this alphabet (no I, O, S, V, Z); the 18th is a check character over the first 17.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_character(first17: str) -> str:
    total = sum(CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=False))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> Message | None:
    """None for a valid code, else what is wrong."""
    if len(code) != 18:
        return Message(N_("A unified social credit code has 18 characters."))
    bad = [c for c in code if c not in CREDIT_CODE_ALPHABET]
    if bad:
        return Message(
            N_("Invalid character “%(character)s” in the credit code (I, O, S, V and Z are never used)."),
            character=bad[0],
        )
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        return Message(
            N_("The credit code's check character does not match (the last should be %(expected)s); check for a typo."),
            expected=expected,
        )
    return None


def normalise_credit_code(code: str) -> str:
    return re.sub(r"\s", "", code).upper()


# Mainland mobile numbers: 11 digits starting 13–19, optionally written with +86 / 0086.
_MOBILE = re.compile(r"^(?:\+?86|0086)?(1[3-9]\d{9})$")


def normalise_mobile(number: str) -> str | None:
    """The 11-digit number, or None if it is not a mainland mobile number."""
    match = _MOBILE.match(re.sub(r"[\s\-()]", "", number))
    return match.group(1) if match else None
