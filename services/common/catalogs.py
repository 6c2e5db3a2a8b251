"""Message catalogs: the translations are kept as .po files (text, reviewed in git); the .mo
files gettext reads are made from them when missing or older, so no build step is needed."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

log = logging.getLogger(__name__)


def compile_catalogs(directory: Path) -> None:
    for po_path in directory.glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as source:
            catalog = read_po(source)
        draft = mo_path.with_name(f".{mo_path.name}.{os.getpid()}")
        try:
            with draft.open("wb") as target:
                write_mo(target, catalog)
            os.replace(draft, mo_path)  # atomic: gunicorn workers may compile at the same time
        except OSError as error:  # a read-only install ships its compiled catalogs
            log.warning("cannot compile %s: %s", po_path, error)
