from __future__ import annotations

import dataclasses

from services.common.settings import Settings, base_settings, env

from . import SERVICE


@dataclasses.dataclass(frozen=True)
class RegistrationSettings(Settings):
    registration_rate_limit: str  # public registrations per client address
    max_roster_bytes: int
    max_roster_rows: int


def registration_settings() -> RegistrationSettings:
    return RegistrationSettings(
        **base_settings(SERVICE),
        # A whole room may register from one venue address: generous, yet it stops a script.
        registration_rate_limit=env.str("REGISTRATION_RATE_LIMIT", "60 per minute"),
        max_roster_bytes=env.int("MAX_ROSTER_BYTES", 1_500_000),
        max_roster_rows=env.int("MAX_ROSTER_ROWS", 1000),
    )
