"""The organisation report as HTML: the context from `domain.organisation_report`, its charts
drawn by matplotlib, one autoescaped Jinja template for the browser and for WeasyPrint.

Only the SVG this module draws is marked safe; every text of the context (names, free text)
goes through the template's autoescaping."""

from __future__ import annotations

from markupsafe import Markup

from services.common.templates import render_template

from . import charts


def report_charts(chart_data: dict) -> dict[str, Markup | None]:
    """The report's charts as inline SVG, from `context["charts"]` (None when not drawable)."""
    drawn: dict[str, Markup | None] = {"radar": None, "income": None, "gap": None}
    radar = chart_data.get("radar")
    if radar and radar.get("labels"):
        drawn["radar"] = Markup(
            charts.radar_svg(
                radar["labels"],
                radar["organisation"],
                radar.get("median"),
                hub=radar.get("hub"),
                legend=tuple(radar["legend"]),
            )
        )
    income = chart_data.get("income")
    if income and income.get("labels"):
        drawn["income"] = Markup(charts.income_mix_svg(income["labels"], income["amounts"], income["value_labels"]))
    gap = chart_data.get("gap")
    if gap and gap.get("labels"):
        drawn["gap"] = Markup(
            charts.gap_bars_svg(
                gap["labels"], gap["gaps"], axis_label=gap.get("axis_label", ""), legend=tuple(gap["legend"])
            )
        )
    return drawn


def render_organisation_report(context: dict) -> str:
    """The full report as one HTML document (no external resources): feed it to
    `adapters.pdf.html_to_pdf` for the PDF, or serve it as it is."""
    return render_template(
        "services.reporting", "report.html", dict(context, chart_svg=report_charts(context.get("charts") or {}))
    )
