"""Wires the registration service to its real adapters, once per process."""

import functools

from services.common.runtime import Runtime

from .settings import RegistrationSettings, registration_settings


@functools.cache
def runtime() -> Runtime[RegistrationSettings]:
    return Runtime(registration_settings())
