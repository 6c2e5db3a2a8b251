"""From what reporting knows to files: the organisation report (its view as JSON-safe data,
and the PDF Typst lays out from it) and the workshop summary (PDF, plus the scores as XLSX and
CSV)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any


def organisation_report(data: dict, language: str, generated_on: dt.date) -> tuple[dict[str, Any], bytes, bytes]:
    """The report's view (what the PDF and the phone page print, charts as SVG text under
    `chart_svg`), its PDF and the PDF of its method and answers appendix."""
    from .typst_pdf import render_pdf

    view = organisation_report_view(data, language, generated_on)
    return view, render_pdf("report.typ", view), render_pdf("appendix.typ", view)


def organisation_report_view(data: dict, language: str, generated_on: dt.date) -> dict[str, Any]:
    """The report's printable view from what a render task receives (workshop, profile, scored,
    cohort, appendix and the leader's inputs)."""
    from .report_view import organisation_report_context

    inputs = data.get("inputs") or {}
    context = organisation_report_context(
        data["workshop"],
        data["profile"],
        data["scored"],
        data["cohort"],
        data["appendix"],
        language,
        generated_on,
        scan=inputs.get("scan"),
        numbers=inputs.get("numbers"),
        intents=data.get("intents") or (),
        rings=data.get("rings"),
    )
    return printable_view(context)


def printable_view(context: dict) -> dict[str, Any]:
    """The report's context as plain JSON data (dates and the like as text), with its charts."""
    from .charts import report_charts

    view: dict[str, Any] = json.loads(json.dumps(context, ensure_ascii=False, default=str))
    view["chart_svg"] = report_charts(view.get("charts") or {})
    return view


def workshop_summary(data: dict, language: str, generated_on: dt.date) -> tuple[bytes, bytes, bytes]:
    from services.common.i18n import speaker

    from ..domain.workshop_summary import summary_facts, summary_words
    from .report_view import REPORTING_TRANSLATIONS
    from .scores_workbook import scores_csv, scores_workbook
    from .summary_charts import summary_charts
    from .typst_pdf import render_pdf

    speak = speaker(language, REPORTING_TRANSLATIONS)
    facts = summary_facts(
        data["workshop"],
        data["cohort"],
        data["results"],
        data["appendix"],
        generated_on,
        roster=data["roster"],
        agenda=data["agenda"],
        intents=data.get("intents") or (),
        round_=data.get("round") or 1,
    )
    view = summary_words(facts, speak)
    pdf = render_pdf("summary.typ", dict(view, charts=summary_charts(view)))
    return (
        pdf,
        scores_workbook(data["workshop"], data["organisations"], speak, intents=data.get("intents") or ()),
        scores_csv(data["workshop"], data["organisations"], speak, intents=data.get("intents") or ()),
    )


def warm_up() -> None:
    """Pay once per worker process what the first render would: imports, the compiler and its
    scan of the system fonts (the CJK font among them)."""
    from . import charts, summary_charts  # noqa: F401 - the imports (matplotlib) are the point
    from .typst_pdf import render_pdf

    render_pdf("warm_up.typ", {"text": "年轮 Nianlun"})
