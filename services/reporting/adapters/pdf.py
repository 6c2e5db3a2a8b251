"""HTML and PDF rendering: Jinja templates (autoescaped) to WeasyPrint.

WeasyPrint may fetch nothing from the outside: only inline `data:` resources are allowed, so
text in a report can never make the worker read a local file or call an address."""

from __future__ import annotations

import functools

from services.common.templates import render_template


def render_html(template: str, context: dict) -> str:
    return render_template("services.reporting", template, context)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy: imported by the worker only
    from weasyprint.urls import URLFetcher

    # Only inline data: resources; no file://, no network, whatever the text of a report says.
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}))
    return document.write_pdf(font_config=_font_configuration())


@functools.cache
def _font_configuration():
    """One per process, made in the process that renders (after Celery's fork). A new one per
    document, WeasyPrint's default, left native font memory behind: a worker grew about
    0.25 MiB a report; with one it stays flat (BENCHMARKS.md, leak check)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()
