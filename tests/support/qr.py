"""Reading a QR code back as a phone would: zbarimg (Debian's zbar-tools, for tests only)."""

from __future__ import annotations

import base64
import re
import subprocess
import tempfile
from pathlib import Path


def decode_png(png: bytes) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        image = Path(folder) / "code.png"
        image.write_bytes(png)
        done = subprocess.run(
            ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
            capture_output=True,
            text=True,
            check=False,
        )
    return [line for line in done.stdout.splitlines() if line]


def codes_in_page(html: str, testid: str = "qr") -> list[str]:
    """What every <img data-testid=…> QR code of a page says, in page order."""
    decoded = []
    for tag in re.findall(r"<img[^>]*>", html):
        if f'data-testid="{testid}"' in tag:
            data = re.search(r'src="data:image/png;base64,([^"]+)"', tag)[1]
            decoded += decode_png(base64.b64decode(data))
    return decoded
