"""PDFs from Typst templates (`templates/typst/*.typ`): the template receives its view as one
JSON document (`sys.inputs.data`, read with `json(bytes(sys.inputs.data))`), so every text
in it, a name or an answer typed by a user, is data and never markup.

One compiler per process, made lazily in the process that renders (after Celery's fork): the
system fonts (Noto Sans CJK from `fonts-noto-cjk`) are scanned once, not per document.
Templates import no package (`@preview/...` would be fetched from the internet); the project
root of a compile is the templates folder, so a template reads nothing outside it."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "typst"


def render_pdf(template: str, view: dict[str, Any]) -> bytes:
    """The PDF of `templates/typst/<template>` laid out from `view` (JSON-serialisable; charts
    as SVG text, embedded by the template with `image(bytes(...), format: "svg")`)."""
    pdf = _compiler().compile(
        input=TEMPLATES / template,
        format="pdf",
        sys_inputs={"data": json.dumps(view, ensure_ascii=False, default=str)},
    )
    assert isinstance(pdf, bytes)
    return pdf


@functools.cache
def _compiler():
    import typst  # the worker's import: pages never compile

    return typst.Compiler(root=TEMPLATES)
