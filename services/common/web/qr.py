"""QR codes for the links handed over in a room (segno): scanned from a phone or a
projector rather than typed. A page shows one as a data address for <img>, which the pages'
policy allows and which runs nothing; a printed sheet embeds one as SVG text, which its Typst
template draws as a picture."""

from __future__ import annotations

import base64
import io

import segno

QUIET_ZONE = 4  # modules of white around the code, as scanners expect


def qr_image(link: str, scale: int = 6) -> str:
    """The link as a QR code, a PNG data address."""
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=scale, border=QUIET_ZONE)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def qr_svg(link: str) -> str:
    """The link as a QR code, a standalone SVG document (one unit a module; sized where it is
    placed), for a PDF."""
    out = io.BytesIO()
    segno.make(link, error="m").save(
        out, kind="svg", scale=1, border=QUIET_ZONE, xmldecl=False, svgclass=None, lineclass=None
    )
    return out.getvalue().decode("utf-8")
