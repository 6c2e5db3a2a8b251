"""The one clock: aware datetimes in UTC (the database refuses naive ones)."""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
