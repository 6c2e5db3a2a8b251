"""What an error or a message says in each language, from the service's catalogue (as the
responses say it)."""

from pathlib import Path

from services.common.i18n import speaker
from services.common.messages import say

ROOT = Path(__file__).resolve().parents[2]


def said(error_or_message, language: str, service: str = "registration") -> str:
    message = getattr(error_or_message, "message", error_or_message)
    return say(message, speaker(language, ROOT / "services" / service / "translations"))


def zh(error_or_message) -> str:
    return said(error_or_message, "zh")


def en(error_or_message) -> str:
    return said(error_or_message, "en")
