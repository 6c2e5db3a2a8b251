"""The one mapping from an exception to what the client is told: the status code, the
message in the client's language, the field errors and the headers (Retry-After). The JSON
API writes it in the one error format (services.common.http), the pages as the error page
(services.common.web); neither decides anything else."""

from __future__ import annotations

import dataclasses
import logging

from flask import current_app, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from .errors import ServiceError
from .i18n import Speaker, speaker
from .limits import retry_after_seconds
from .messages import http_message, say, translate_errors

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Problem:
    code: int
    message: str
    errors: dict | None = None  # location -> field -> messages, as marshmallow nests them
    headers: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def status(self) -> str:
        return HTTP_STATUS_CODES.get(self.code, "Unknown Error")


def speaker_for(language: str) -> Speaker:
    """The running service's catalogue (over the common one) in `language`: what an error
    says, in the language its response is made in."""
    return speaker(language, current_app.config["NIANLUN_SETTINGS"].translations_dir)


def problem_of(error: ServiceError | HTTPException | OperationalError, language: str) -> Problem:
    speak = speaker_for(language)
    if isinstance(error, ServiceError):
        code, message = error.status, say(error.message, speak)
        errors = {"json": {error.field: [message]}} if error.field else None
        if error.errors:
            errors = {"json": translate_errors(error.errors, speak)}
        extra_headers: dict[str, str] = {}
    elif isinstance(error, OperationalError):  # the database is away: retry shortly, never a 500
        log.warning("database unavailable: %s", error.orig)
        code, message, errors, extra_headers = 503, http_message(503, speak), None, {}
    else:
        code = error.code or 500
        # webargs's abort passes the field errors (as "messages") and perhaps a message and headers
        data = getattr(error, "data", None) or {}
        message = say(data["message"], speak) if data.get("message") else http_message(code, speak)
        errors = data.get("errors", data.get("messages"))
        errors = translate_errors(errors, speak) if errors is not None else None
        extra_headers = dict(data.get("headers") or {})
        if code >= 500:
            log.error("%s %s -> %s", request.method, request.path, code)
    if retry_after := retry_after_seconds(error, code):
        extra_headers["Retry-After"] = str(retry_after)
    return Problem(code, message, errors, extra_headers)
