"""Wires the diagnosis service to its real adapters, once per process."""

import functools

from services.common.runtime import Runtime
from services.common.settings import Settings

from .settings import diagnosis_settings


@functools.cache
def runtime() -> Runtime[Settings]:
    return Runtime(diagnosis_settings())
