"""The workshop summary as HTML: the context, its charts and the autoescaped template."""

from __future__ import annotations

from services.reporting.adapters.pdf import render_html
from services.reporting.adapters.summary_charts import distribution_chart, network_chart, spread_chart


def render_workshop_summary(context: dict) -> str:
    """The summary page (HTML, self-contained: inline SVG charts, no external resource) for a
    context from `domain.workshop_summary.workshop_summary_context`. Render it to PDF with
    `adapters.pdf.html_to_pdf`."""
    charts = {}
    distribution = context["distribution"]
    if not distribution.get("suppressed") and any(d["scores"] for d in distribution.get("dimensions", [])):
        charts["distribution"] = distribution_chart(
            distribution["dimensions"], context["t"]["score_axis"], context["language"]
        )
    if not context["stages"].get("suppressed") or not context["paths"].get("suppressed"):
        charts["spread"] = spread_chart(context["stages"], context["paths"], context["t"], context["language"])
    if context["network"]["nodes"]:
        charts["network"] = network_chart(context["network"])
    return render_html("summary.html", dict(context, charts=charts))
