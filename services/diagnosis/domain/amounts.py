"""Amounts as people type them on a phone: "35000", "12,000", "3.5万", "1.2万元",
full-width digits "３５０００" and the full-width comma "１２，０００". Pure: no I/O.

A thousands separator is accepted only where it groups by three ("12,000", not "1,2"), so a
comma typed for a decimal point is refused rather than read as a number ten times too big."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

MULTIPLIERS = {"": 1, "千": 1_000, "万": 10_000, "亿": 100_000_000}
_AMOUNT = re.compile(
    r"^(?P<sign>[+-]?)[¥￥]?(?P<digits>\d{1,3}(?:,\d{3})+|\d+)?(?P<fraction>\.\d+)?"
    r"(?P<unit>[千万亿]?)(?:元|人)?$"
)


class NotAnAmount(ValueError):
    """The text is not an amount in any form we read."""


def parse_amount(text: str) -> float:
    """The amount `text` stands for, e.g. parse_amount("3.5万") == 35000.0."""
    cleaned = unicodedata.normalize("NFKC", text).strip()  # full-width digits, "，" and "．" become ASCII
    cleaned = re.sub(r"\s+", "", cleaned)
    match = _AMOUNT.match(cleaned)
    if not match or not (match["digits"] or match["fraction"]):
        raise NotAnAmount(text)
    try:
        value = Decimal((match["digits"] or "0").replace(",", "") + (match["fraction"] or ""))
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only digits
        raise NotAnAmount(text) from error
    value *= MULTIPLIERS[match["unit"]]
    return float(-value if match["sign"] == "-" else value)
