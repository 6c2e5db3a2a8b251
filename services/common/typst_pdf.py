"""PDFs from a service's Typst templates (`templates/typst/*.typ`): the template receives its
view as one JSON document (`sys.inputs.data`, read with `json(bytes(sys.inputs.data))`), so
every text in it, a name or an answer typed by a user, is data and never markup.

One compiler per templates folder and process, made lazily in the process that renders (after
Celery's or gunicorn's fork): the system fonts (Noto Sans CJK from `fonts-noto-cjk`) are
scanned once, not per document. Templates import no package (`@preview/...` would be fetched
from the internet); the project root of a compile is the templates folder, so a template reads
nothing outside it."""

from __future__ import annotations

import functools
import json
import threading
from pathlib import Path
from typing import Any


class TypstTemplates:
    """The Typst templates of one folder, compiled to PDF from JSON-serialisable views."""

    def __init__(self, folder: Path):
        self.folder = folder.resolve()

    def render(self, template: str, view: dict[str, Any]) -> bytes:
        """The PDF of `<folder>/<template>` laid out from `view` (JSON-serialisable; pictures
        as SVG text, embedded by the template with `image(bytes(...), format: "svg")`)."""
        compiler, lock = _compiler(self.folder)
        with lock:  # one compile at a time per compiler, whatever the server's threads
            pdf = compiler.compile(
                input=self.folder / template,
                format="pdf",
                sys_inputs={"data": json.dumps(view, ensure_ascii=False, default=str)},
            )
        assert isinstance(pdf, bytes)
        return pdf


@functools.cache
def _compiler(folder: Path):
    import typst  # imported where PDFs are made: most processes never compile

    return typst.Compiler(root=folder), threading.Lock()
