"""The organisation report's view in one language, from what reporting holds: the pure
builder's facts and words, spoken with the reporting catalogue (loading it is the I/O)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from services.common.i18n import speaker

from ..domain.organisation_report import ReportInputs, report_facts, report_view

REPORTING_TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"


def organisation_report_context(
    workshop: Mapping[str, Any],
    profile: Mapping[str, Any],
    scored: Mapping[str, Any],
    cohort: Mapping[str, Any],
    appendix: Mapping[str, Any],
    language: str,
    generated_on: dt.date | str,
    respondents: Mapping[str, int] | Iterable[Any] | None = None,
    *,
    scan: Mapping[str, int] | None = None,
    scan_text: str | None = None,
    numbers: Mapping[str, Any] | None = None,
    intents: Sequence[Mapping[str, Any]] = (),
    rings: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The view the report's layouts print (see `ReportInputs` for what each argument holds)."""
    inputs = ReportInputs(
        workshop=workshop,
        profile=profile,
        scored=scored,
        cohort=cohort,
        appendix=appendix,
        generated_on=generated_on,
        respondents=respondents,
        scan=scan,
        scan_text=scan_text,
        numbers=numbers,
        intents=intents,
        rings=rings,
    )
    return report_view(report_facts(inputs), speaker(language, REPORTING_TRANSLATIONS))
