"""From what reporting knows to files: the organisation report (HTML and PDF from one
template) and the workshop summary (PDF, plus the scores as XLSX and CSV)."""

from __future__ import annotations

import datetime as dt

from .pdf import html_to_pdf


def organisation_report(data: dict, language: str, generated_on: dt.date) -> tuple[dict, bytes]:
    """(view, pdf): the view (JSON-safe, charts as SVG text) is what the report page shows."""
    from .report_html import render_organisation_report, report_charts
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
    )
    charts = report_charts(context.get("charts") or {})
    view = dict(context, chart_svg={name: None if svg is None else str(svg) for name, svg in charts.items()})
    return view, html_to_pdf(render_organisation_report(context))


def workshop_summary(data: dict, language: str, generated_on: dt.date) -> tuple[bytes, bytes, bytes]:
    from pathlib import Path

    from services.common.i18n import speaker

    from ..domain.workshop_summary import summary_facts, summary_words
    from .scores_workbook import scores_csv, scores_workbook
    from .summary_charts import summary_charts
    from .typst_pdf import render_pdf

    speak = speaker(language, Path(__file__).resolve().parents[1] / "translations")
    facts = summary_facts(
        data["workshop"],
        data["cohort"],
        data["results"],
        data["appendix"],
        generated_on,
        roster=data["roster"],
        agenda=data["agenda"],
    )
    view = summary_words(facts, speak)
    pdf = render_pdf("summary.typ", dict(view, charts=summary_charts(view)))
    return (
        pdf,
        scores_workbook(data["workshop"], data["organisations"], speak),
        scores_csv(data["workshop"], data["organisations"], speak),
    )


def warm_up() -> None:
    """Pay once per worker process what the first render would: imports and the CJK fonts."""
    import matplotlib.pyplot as plt  # the import is the point

    plt.close("all")

    html_to_pdf("<p style=\"font-family: 'Noto Sans CJK SC'\">年轮 Nianlun</p>")
