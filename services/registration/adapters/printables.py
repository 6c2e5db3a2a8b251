"""What registration prints for a workshop's room, as PDFs from its Typst templates
(`templates/typst/`): the registration poster and the organisations' sheets, each QR code
drawn as SVG. The words are the views' (domain.printables), in Chinese then English."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from services.common.contracts.diagnosis import MIN_RATERS
from services.common.i18n import speaker
from services.common.typst_pdf import TypstTemplates
from services.common.web.qr import qr_svg

from ..domain.printables import poster_view, sheets_view

TEMPLATES = TypstTemplates(Path(__file__).resolve().parents[1] / "templates" / "typst")


def poster_pdf(workshop: Mapping[str, Any], link: str, translations: Path) -> bytes:
    """The A4 poster of the workshop's registration `link`."""
    view = poster_view(workshop, link, qr_svg(link), speaker("zh", translations), speaker("en", translations))
    return TEMPLATES.render("poster.typ", view)


def sheets_pdf(workshop: Mapping[str, Any], organisations: Sequence[Mapping[str, Any]], translations: Path) -> bytes:
    """One A4 page per organisation (each with name_zh, name_en and its private `link`), in order."""
    sheets = [dict(organisation, qr=qr_svg(organisation["link"])) for organisation in organisations]
    view = sheets_view(workshop, sheets, MIN_RATERS, speaker("zh", translations), speaker("en", translations))
    return TEMPLATES.render("sheets.typ", view)
