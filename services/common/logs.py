"""Logging: one line per record, the service name on every line, to stderr."""
from __future__ import annotations

import logging
import logging.config


def configure_logging(service: str, level: str = "INFO") -> None:
    logging.config.dictConfig({
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"line": {
            "format": f"%(asctime)s %(levelname)s {service} %(name)s: %(message)s",
        }},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "line"}},
        "root": {"handlers": ["stderr"], "level": level},
    })
