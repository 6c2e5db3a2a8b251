"""The bilingual lists a registration chooses from. Codes are stored; labels are shown."""

from __future__ import annotations

from services.common.messages import LANGUAGE_NAMES

LEGAL_FORMS = {
    "social_service_agency": ("社会服务机构（民办非企业单位）", "Social service agency (private non-enterprise unit)"),
    "social_group": ("社会团体", "Social group / association"),
    "foundation": ("基金会", "Foundation"),
    "unregistered": ("未注册", "Not registered"),
    "other": ("其他", "Other"),
}

FOCUS_AREAS = {
    "children": ("儿童", "Children"),
    "family_education": ("家庭教育", "Family education"),
    "elderly": ("养老", "Elderly"),
    "disability": ("助残", "Disability"),
    "community_governance": ("社区治理", "Community governance"),
    "rural_development": ("乡村振兴", "Rural development"),
    "social_work": ("社会工作", "Social work"),
    "environment": ("环境保护", "Environment"),
    "health": ("健康", "Health"),
    "education": ("教育", "Education"),
    "other": ("其他", "Other"),
}

LANGUAGES = LANGUAGE_NAMES  # a workshop is run in one of the languages the project speaks


def code_for_label(choices: dict[str, tuple[str, str]], text: str) -> str | None:
    """A code from its code or either label, as people type them in a spreadsheet."""
    wanted = text.strip().casefold()
    for code, (zh, en) in choices.items():
        if wanted in (code, zh.casefold(), en.casefold()):
            return code
    return None


ORGANISATION_STATUSES = {
    "registered": ("已报名", "Registered"),
    "waitlisted": ("候补", "Waiting list"),
    "withdrawn": ("已退出", "Withdrawn"),
}

WORKSHOP_STATUSES = {
    "draft": ("草稿", "Draft"),
    "open": ("开放报名中", "Open"),
    "closed": ("已结束", "Closed"),
    "archived": ("已归档", "Archived"),
}
