"""Error messages in the listener's language (Chinese first), from the gettext catalogues like
every other sentence: code carries the English msgid (and its named parameters), the
catalogue the Chinese, and the message is translated where the response is made.

marshmallow writes its own messages in English, already formatted ("Shorter than minimum
length 2."). The fixed ones are msgids as they stand; the few with a figure in them are
matched by a pattern whose replacement is a msgid with a named placeholder, so their Chinese
is in the catalogue too (marshmallow's templates use `{min}`, which gettext cannot check)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .i18n import LANGUAGES, N_, Speaker

LANGUAGE_NAMES = {"zh": N_("Chinese"), "en": N_("English")}

_HTTP_MESSAGES = {
    400: N_("The request could not be understood."),
    404: N_("Not found."),
    405: N_("Method not allowed."),
    409: N_("This conflicts with existing data."),
    413: N_("The request is too large."),
    415: N_("Unsupported content type."),
    422: N_("The input is invalid; see the fields listed."),
    429: N_("Too many requests; try again later."),
    500: N_("Internal error; it has been logged."),
    503: N_("The service is temporarily unavailable; retry shortly."),
}

# marshmallow's (and webargs's) fixed messages, marked here so that the catalogue has them.
MARSHMALLOW_MESSAGES = (
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Unknown field."),
    N_("Not a valid string."),
    N_("Not a valid integer."),
    N_("Not a valid number."),
    N_("Not a valid boolean."),
    N_("Not a valid date."),
    N_("Not a valid UUID."),
    N_("Not a valid mapping type."),
    N_("Not a valid list."),
    N_("Invalid input type."),
)

# marshmallow's messages with figures: the pattern's named groups are the msgid's parameters.
_FORMATTED = [
    (re.compile(r"^Shorter than minimum length (?P<min>\d+)\.$"), N_("Shorter than minimum length %(min)s.")),
    (re.compile(r"^Longer than maximum length (?P<max>\d+)\.$"), N_("Longer than maximum length %(max)s.")),
    (
        re.compile(r"^Length must be between (?P<min>\d+) and (?P<max>\d+)\.$"),
        N_("Length must be between %(min)s and %(max)s."),
    ),
    (
        re.compile(r"^Must be greater than or equal to (?P<min>\S+) and less than or equal to (?P<max>\S+)\.$"),
        N_("Must be greater than or equal to %(min)s and less than or equal to %(max)s."),
    ),
    (re.compile(r"^Must be greater than or equal to (?P<min>\S+)\.$"), N_("Must be greater than or equal to %(min)s.")),
    (re.compile(r"^Must be less than or equal to (?P<max>\S+)\.$"), N_("Must be less than or equal to %(max)s.")),
    (re.compile(r"^Must be one of: (?P<choices>.*)\.$"), N_("Must be one of: %(choices)s.")),
]


class Message(str):
    """A message to be spoken later in the listener's language: its text is the English (the
    msgid formatted with its parameters), and it carries the msgid and parameters to
    translate. Mark the msgid where it is written: `Message(N_("… %(year)s …"), year=year)`."""

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, **params: Any) -> Message:
        message = super().__new__(cls, msgid % params if params else msgid)
        message.msgid = msgid
        message.params = params
        return message


def say(message: str, speak: Speaker) -> str:
    """One message in the speaker's language: a `Message`, a msgid, or one of marshmallow's
    English messages; anything the catalogue does not know passes through."""
    if isinstance(message, Message):  # a parameter may be a message too (a status's name)
        params = {k: say(v, speak) if isinstance(v, Message) else v for k, v in message.params.items()}
        return speak.gettext(message.msgid, **params)
    for pattern, msgid in _FORMATTED:
        if match := pattern.match(message):
            return speak.gettext(msgid, **match.groupdict())
    return speak.gettext(message)


def preferred_language(accept_languages) -> str:
    """The first of our languages in the client's order of preference ("zh-CN" counts as
    "zh"); Chinese when the client names neither."""
    for value, _quality in accept_languages or ():
        primary = value.split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return "zh"


def http_message(code: int, speak: Speaker) -> str:
    fallback = _HTTP_MESSAGES[500] if code >= 500 else _HTTP_MESSAGES[400]
    return speak.gettext(_HTTP_MESSAGES.get(code, fallback))


def translate_errors(errors: Any, speak: Speaker) -> Any:
    """Field messages in the speaker's language, keeping the nesting (location → field →
    messages)."""
    if isinstance(errors, Mapping):
        return {key: translate_errors(value, speak) for key, value in errors.items()}
    if isinstance(errors, list):
        return [translate_errors(value, speak) for value in errors]
    if isinstance(errors, str):
        return say(errors, speak)
    return errors
