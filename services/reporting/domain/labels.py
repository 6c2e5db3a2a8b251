"""The names of registration's choice lists, as reports print them: messages of the reporting
catalogue, translated where they are spoken (reporting keeps its own copy: it learns codes
from events and never imports another service's code)."""

from services.common.i18n import N_

LEGAL_FORMS = {
    "social_service_agency": N_("Social service agency"),
    "social_group": N_("Social group / association"),
    "foundation": N_("Foundation"),
    "unregistered": N_("Not registered"),
    "other": N_("Other"),
}

FOCUS_AREAS = {
    "children": N_("children"),
    "family_education": N_("family education"),
    "elderly": N_("elderly"),
    "disability": N_("disability"),
    "community_governance": N_("community governance"),
    "rural_development": N_("rural development"),
    "social_work": N_("social work"),
    "environment": N_("environment"),
    "health": N_("health"),
    "education": N_("education"),
    "other": N_("other"),
}
