"""What reporting holds for one organisation's report, read once at the boundary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from services.common.contracts.diagnosis import MIN_COHORT


@dataclass(frozen=True)
class ReportInputs:
    """workshop     the workshop (title_zh/en, city, venue, starts_on, ends_on)
    profile      the organisation's public profile (legal form, focus areas, region, staff…)
    scored       the `diagnosis.scored` payload: names, versions, headline scores, `result`
    cohort       its slice of the workshop: size, benchmark (suppressed under 5), percentiles,
                 worst-quintile flags, vulnerability, matches
    appendix     method formulas and the instrument's wording (dimensions, items, scan items)
    respondents  raters by role ({"leader": 1, "staff": 2} or [{"role": "staff"}, …]); by
                 default the counts in the result
    scan         the organisation's own industry-scan choices (item code → 0/1/2) and
    scan_text    its free text, when reporting holds them (they are not part of `scored`)
    numbers      its hard numbers (income.* amounts), for the full income mix
    intents      the agreed cooperation intents it is a side of (both sides' names, kind, what,
                 target month YYYY-MM, recorded_by organisation | facilitator)
    rings        a follow-up round's comparison with the rounds before it (the diagnosis
                 document's `rings`); None for the baseline (round 1)"""

    workshop: Mapping[str, Any]
    profile: Mapping[str, Any]
    scored: Mapping[str, Any]
    cohort: Mapping[str, Any]
    appendix: Mapping[str, Any]
    generated_on: dt.date | str
    respondents: Mapping[str, int] | Iterable[Any] | None = None
    scan: Mapping[str, int] | None = None
    scan_text: str | None = None
    numbers: Mapping[str, Any] | None = field(default=None)
    intents: Sequence[Mapping[str, Any]] = ()
    rings: Mapping[str, Any] | None = None

    @cached_property
    def result(self) -> Mapping[str, Any]:
        """The diagnosis result, its dimensions in the wheel's order (hub, spokes, governance)
        as the appendix gives it: an event's keys arrive sorted."""
        result = self.scored.get("result") or {}
        order = self.appendix.get("dimension_order") or []
        dimensions = result.get("dimensions") or {}
        if not order or not dimensions:
            return result
        rank = {code: n for n, code in enumerate(order)}
        ordered = dict(sorted(dimensions.items(), key=lambda entry: rank.get(entry[0], len(rank))))
        return {**result, "dimensions": ordered}

    @property
    def benchmark(self) -> Mapping[str, Any]:
        return self.cohort.get("benchmark") or {}

    @property
    def cohort_size(self) -> int:
        return int(self.cohort.get("size") or self.benchmark.get("n_organisations") or 0)

    @property
    def compared(self) -> bool:
        """Whether the cohort may be shown at all: from five organisations, never fewer."""
        return self.cohort_size >= MIN_COHORT and not self.benchmark.get("suppressed", True)

    def position(self, group: str, code: str) -> tuple[Mapping[str, Any], float | None]:
        """The cohort's benchmark of one row of a group (its median, quartiles) and this
        organisation's percentile in it: empty and None where the cohort or the row is suppressed,
        so that no section can show a figure of a cohort too small to be shown."""
        bench = (self.benchmark.get(group) or {}).get(code) or {}
        if not self.compared or bench.get("suppressed", True):
            return {}, None
        percentiles = (self.cohort.get("percentiles") or {}).get(group) or {}
        return bench, percentiles.get(code)
