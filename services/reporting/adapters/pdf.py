"""HTML and PDF rendering: Jinja templates (autoescaped) to WeasyPrint.

WeasyPrint may fetch nothing from the outside: only inline `data:` resources are allowed, so
text in a report can never make the worker read a local file or call an address."""
from __future__ import annotations

from services.common.templates import render_template


def render_html(template: str, context: dict) -> str:
    return render_template("services.reporting", template, context)


def _inline_only(url: str, *args, **kwargs):
    from weasyprint import default_url_fetcher
    if url.startswith("data:"):
        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"report rendering does not fetch {url[:80]!r}")


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy: imported by the worker only
    return HTML(string=html, url_fetcher=_inline_only).write_pdf()
