from services.common.settings import Settings, load_settings

from . import SERVICE


def registration_settings() -> Settings:
    return load_settings(SERVICE)
