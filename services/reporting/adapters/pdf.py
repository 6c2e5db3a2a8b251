"""HTML and PDF rendering: Jinja templates (autoescaped) to WeasyPrint.

WeasyPrint may fetch nothing from the outside: only inline `data:` resources are allowed, so
text in a report can never make the worker read a local file or call an address."""
from __future__ import annotations

from services.common.templates import render_template


def render_html(template: str, context: dict) -> str:
    return render_template("services.reporting", template, context)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy: imported by the worker only
    from weasyprint.urls import URLFetcher

    # Only inline data: resources; no file://, no network, whatever the text of a report says.
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
