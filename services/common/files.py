"""File names made from what users typed (an organisation's name, a workshop's title), for
downloads and zip entries in every service."""

from __future__ import annotations

import re
import unicodedata

_UNSAFE_IN_NAMES = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_NAME_LENGTH = 80  # characters of a name before its suffix: a zip entry stays readable everywhere


def safe_file_name(text: str | None, fallback: str) -> str:
    """A piece of a file name out of what a user typed (an organisation's name, a workshop's
    title): no separators or controls, no leading dots (no `..`, no hidden file), no leading
    or trailing spaces; `fallback` if nothing is left."""
    cleaned = _UNSAFE_IN_NAMES.sub("_", unicodedata.normalize("NFC", text or ""))
    cleaned = " ".join(cleaned.split()).strip(" ._")
    return cleaned[:_NAME_LENGTH].rstrip(" .") or fallback
