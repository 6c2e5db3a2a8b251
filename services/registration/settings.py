from __future__ import annotations

import dataclasses

from services.common.settings import Settings, load_settings, setting

from . import SERVICE


@dataclasses.dataclass(frozen=True)
class RegistrationSettings(Settings):
    # Public registrations per client address. A whole room may register from one venue
    # address: generous, yet it stops a script.
    registration_rate_limit: str = setting("REGISTRATION_RATE_LIMIT", "60 per minute")
    max_roster_bytes: int = setting("MAX_ROSTER_BYTES", 1_500_000)
    max_roster_rows: int = setting("MAX_ROSTER_ROWS", 1000)


def registration_settings() -> RegistrationSettings:
    return load_settings(SERVICE, RegistrationSettings)
