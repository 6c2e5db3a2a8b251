"""The lists a registration chooses from. Codes are stored; their names are msgids, said in
the reader's language from the catalogue."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from services.common.i18n import N_, Speaker
from services.common.messages import LANGUAGE_NAMES

LEGAL_FORMS = {
    "social_service_agency": N_("Social service agency (private non-enterprise unit)"),
    "social_group": N_("Social group / association"),
    "foundation": N_("Foundation"),
    "unregistered": N_("Not registered"),
    "other": N_("Other"),
}

FOCUS_AREAS = {
    "children": N_("Children"),
    "family_education": N_("Family education"),
    "elderly": N_("Elderly"),
    "disability": N_("Disability"),
    "community_governance": N_("Community governance"),
    "rural_development": N_("Rural development"),
    "social_work": N_("Social work"),
    "environment": N_("Environment"),
    "health": N_("Health"),
    "education": N_("Education"),
    "other": N_("Other"),
}

LANGUAGES = LANGUAGE_NAMES  # a workshop is run in one of the languages the project speaks


def code_for_label(choices: Mapping[str, str], text: str, speakers: Iterable[Speaker]) -> str | None:
    """A code from its code or its name in any of the speakers' languages, as people type
    them in a spreadsheet."""
    wanted = text.strip().casefold()
    speakers = list(speakers)
    for code, name in choices.items():
        if wanted == code or any(wanted == speak.gettext(name).casefold() for speak in speakers):
            return code
    return None


ORGANISATION_STATUSES = {
    "registered": N_("Registered"),
    "waitlisted": N_("Waiting list"),
    "withdrawn": N_("Withdrawn"),
}

WORKSHOP_STATUSES = {
    "draft": N_("Draft"),
    "open": N_("Open for registration"),
    "closed": N_("Closed"),
    "follow_up": N_("Follow-up round under way"),
    "archived": N_("Archived"),
}
