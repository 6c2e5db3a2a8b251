from services.common.settings import Settings, load_settings

from . import SERVICE


def diagnosis_settings() -> Settings:
    return load_settings(SERVICE)
