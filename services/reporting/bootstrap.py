"""Wires the reporting service to its real adapters, once per process."""
import functools

from services.common.runtime import Runtime

from .settings import reporting_settings


@functools.cache
def runtime() -> Runtime:
    return Runtime(reporting_settings())
