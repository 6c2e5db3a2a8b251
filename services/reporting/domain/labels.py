"""The bilingual names of registration's choice lists, as reports print them (reporting keeps
its own copy: it learns codes from events and never imports another service's code)."""

LEGAL_FORMS = {
    "social_service_agency": ("社会服务机构（民办非企业单位）", "Social service agency"),
    "social_group": ("社会团体", "Social group / association"),
    "foundation": ("基金会", "Foundation"),
    "unregistered": ("未注册", "Not registered"),
    "other": ("其他", "Other"),
}

FOCUS_AREAS = {
    "children": ("儿童", "children"),
    "family_education": ("家庭教育", "family education"),
    "elderly": ("养老", "elderly"),
    "disability": ("助残", "disability"),
    "community_governance": ("社区治理", "community governance"),
    "rural_development": ("乡村振兴", "rural development"),
    "social_work": ("社会工作", "social work"),
    "environment": ("环境保护", "environment"),
    "health": ("健康", "health"),
    "education": ("教育", "education"),
    "other": ("其他", "other"),
}
