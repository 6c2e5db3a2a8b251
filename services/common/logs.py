"""Logging: one line per record, the service name on every line, to stderr; and no secrets.
Private links (/link/<token>) and signed downloads (/downloads/<signature>) carry their
capability in the path, so every line, gunicorn's access log included, has it blanked out."""

from __future__ import annotations

import logging
import logging.config
import re

from gunicorn.glogging import Logger as GunicornLogger

_SECRET_IN_PATH = re.compile(r"(/(?:link|downloads)/)[^/?#\s\"']+")
_BEARER = re.compile(r"(Bearer\s+)\S+", re.IGNORECASE)


def redact(text: str) -> str:
    return _BEARER.sub(r"\1[redacted]", _SECRET_IN_PATH.sub(r"\1[redacted]", text))


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class AccessLogger(GunicornLogger):
    """Gunicorn's logger with the request line, path, query and referer redacted
    (`--logger-class services.common.logs.AccessLogger`)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms


def configure_logging(service: str, level: str = "INFO") -> None:
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {
                "line": {
                    "()": RedactingFormatter,
                    "format": f"%(asctime)s %(levelname)s {service} %(name)s: %(message)s",
                }
            },
            "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "line"}},
            "root": {"handlers": ["stderr"], "level": level},
        }
    )
