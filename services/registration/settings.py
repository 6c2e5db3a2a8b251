from __future__ import annotations

import dataclasses

from services.common.settings import Settings, load_settings, setting

from . import SERVICE


@dataclasses.dataclass(frozen=True)
class RegistrationSettings(Settings):
    # Public registration attempts per client address. A whole room registers from one venue
    # address at once: 80 organisations, each sending the form up to five times while it
    # fixes its errors, pass; a script filling the waiting list does not.
    registration_rate_limit: str = setting("REGISTRATION_RATE_LIMIT", "400 per 10 minutes")
    # Failed sign-ins: per address (a venue shares one) and per login (a guessed password).
    sign_in_limit_per_address: str = setting("SIGN_IN_LIMIT_PER_ADDRESS", "30 per 10 minutes")
    sign_in_limit_per_account: str = setting("SIGN_IN_LIMIT_PER_ACCOUNT", "8 per 10 minutes")
    max_roster_bytes: int = setting("MAX_ROSTER_BYTES", 1_500_000)
    max_roster_rows: int = setting("MAX_ROSTER_ROWS", 1000)


def registration_settings() -> RegistrationSettings:
    return load_settings(SERVICE, RegistrationSettings)
