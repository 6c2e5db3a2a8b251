"""Schema fields every service's API accepts alike."""

from __future__ import annotations

import unicodedata

from marshmallow import ValidationError, fields, validate

from .i18n import N_


def no_control_characters(text: str) -> None:
    if any(unicodedata.category(c) == "Cc" for c in text):
        raise ValidationError(N_("Must not contain control characters."))


class Line(fields.String):
    """One line of text: trimmed, no control characters, at most `max_length` characters."""

    def __init__(self, max_length: int = 200, min_length: int = 0, **kwargs):
        super().__init__(validate=[validate.Length(min=min_length, max=max_length), no_control_characters], **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()
