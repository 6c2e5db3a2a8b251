"""Reporting's PDFs: its Typst templates (`templates/typst/*.typ`) through the one compiler
of services.common.typst_pdf (data as JSON in `sys.inputs`, never markup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from services.common.typst_pdf import TypstTemplates

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "typst"
_TEMPLATES = TypstTemplates(TEMPLATES)


def render_pdf(template: str, view: dict[str, Any]) -> bytes:
    """The PDF of `templates/typst/<template>` laid out from `view` (charts as SVG text)."""
    return _TEMPLATES.render(template, view)
