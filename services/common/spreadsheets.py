"""Cells for spreadsheets that people open in Excel: values as the text a user sees, and
text made safe from formula injection (OWASP "CSV injection")."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import math
import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cell_text(value: object) -> str:
    """A cell value as the text the user sees: 2015 not 2015.0, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, decimal.Decimal)):
        return number_text(value)
    if isinstance(value, (dt.date, dt.time)):
        return iso_text(value)
    return str(value)


def number_text(value: int | float | decimal.Decimal) -> str:
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"  # as Excel shows it: 0.3, not 0.30000000000000004
    return str(value)


def iso_text(value: dt.date | dt.time) -> str:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None and value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def neutralise(value: object) -> object:
    """A value made safe for a spreadsheet cell (OWASP CSV injection): text starting with
    = + - @ tab or carriage return gets a leading "'"; numbers stay numbers; lists are joined
    with "、"; None becomes ""; dates become ISO text."""
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return neutralise(value.value)
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, decimal.Decimal)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else ""
    if isinstance(value, (dt.date, dt.time)):
        return iso_text(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_item_text(item) for item in value]
        if isinstance(value, (set, frozenset)):
            items.sort()
        text = "、".join(item for item in items if item)
    elif isinstance(value, (bytes, bytearray)):
        text = bytes(value).decode("utf-8", "replace")
    else:
        text = str(value)
    text = CONTROL_CHARACTERS.sub("", text)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _item_text(item: object) -> str:
    if item is None:
        return ""
    if isinstance(item, enum.Enum):
        item = item.value
    return cell_text(item)
