"""QR codes for the links handed over in a room (segno): scanned from a phone or a
projector rather than typed. A page shows one as a data address for <img>, which the pages'
policy allows and which runs nothing."""

from __future__ import annotations

import base64
import io

import segno


def qr_image(link: str, scale: int = 6) -> str:
    """The link as a QR code, a PNG data address (a quiet zone of 4 modules, as scanners expect)."""
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=scale, border=4)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")
