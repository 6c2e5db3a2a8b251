"""Wires the registration service to its real adapters, once per process."""

import functools

from services.common.runtime import Runtime

from .settings import registration_settings


@functools.cache
def runtime() -> Runtime:
    return Runtime(registration_settings())
