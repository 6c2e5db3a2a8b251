"""The cover: the workshop, the dates, the versions, who rated, the organisation's profile."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from services.common.i18n import DASH, N_, Speaker

from ..labels import FOCUS_AREAS, LEGAL_FORMS
from .inputs import ReportInputs
from .shared import get, labels

ROLES = {"leader": N_("leader"), "staff": N_("staff"), "board": N_("board")}


@dataclass(frozen=True)
class RoleCount:
    role: str  # leader, staff, board, or a role reporting does not know
    count: int


@dataclass(frozen=True)
class CoverFacts:
    workshop_title: Mapping[str, str | None]  # {"zh", "en"}
    city: str | None
    venue: str | None
    starts_on: dt.date | str | None
    ends_on: dt.date | str | None
    generated_on: dt.date | str
    instrument_version: str | None
    diagnosis_version: str | None
    respondents: tuple[RoleCount, ...]  # the known roles first, in ROLES' order; no zero
    legal_form: str | None  # a code of LEGAL_FORMS (or one it does not know)
    founded_year: int | None
    service_region: str | None
    focus_areas: tuple[str, ...]  # codes of FOCUS_AREAS
    staff_full_time: int | None
    staff_part_time: int | None
    volunteers: int | None
    leader_name: str | None

    @property
    def respondents_total(self) -> int:
        return sum(r.count for r in self.respondents)


def facts(inputs: ReportInputs) -> CoverFacts:
    workshop, profile, scored, result = inputs.workshop, inputs.profile, inputs.scored, inputs.result
    counts = _respondent_counts(inputs.respondents, result)
    order = list(ROLES)
    ranked = sorted(counts.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
    return CoverFacts(
        workshop_title={"zh": workshop.get("title_zh"), "en": workshop.get("title_en")},
        city=workshop.get("city") or None,
        venue=workshop.get("venue") or None,
        starts_on=workshop.get("starts_on"),
        ends_on=workshop.get("ends_on"),
        generated_on=inputs.generated_on,
        instrument_version=scored.get("instrument_version") or result.get("instrument_version"),
        diagnosis_version=scored.get("diagnosis_version"),
        respondents=tuple(RoleCount(role, n) for role, n in ranked if n),
        legal_form=profile.get("legal_form") or None,
        founded_year=profile.get("founded_year") or None,
        service_region=profile.get("service_region") or None,
        focus_areas=tuple(profile.get("focus_areas") or ()),
        staff_full_time=profile.get("staff_full_time"),
        staff_part_time=profile.get("staff_part_time") or None,
        volunteers=profile.get("volunteers") or None,
        leader_name=profile.get("leader_name") or None,
    )


def _respondent_counts(respondents: Mapping[str, int] | Iterable[Any] | None, result: Mapping) -> dict[str, int]:
    if respondents is None:
        return {str(role): int(n or 0) for role, n in get(result, "raters", "by_role", default={}).items()}
    if isinstance(respondents, Mapping):
        return {str(role): int(n or 0) for role, n in respondents.items()}
    counts: dict[str, int] = {}
    for respondent in respondents:
        role = str(respondent.get("role")) if isinstance(respondent, Mapping) else str(respondent)
        counts[role] = counts.get(role, 0) + 1
    return counts


def role_name(speak: Speaker, role: str) -> str:
    return speak.gettext(ROLES[role]) if role in ROLES else role


def words(facts: CoverFacts, speak: Speaker) -> dict[str, Any]:
    roles = [{"role": role_name(speak, r.role), "count": r.count} for r in facts.respondents]
    counts = [speak.gettext("%(count)s %(role)s", count=r["count"], role=r["role"]) for r in roles]
    raters = speak.gettext("%(raters)s (%(total)s in all)", raters=speak.list(counts), total=facts.respondents_total)
    return {
        "workshop_title": speak.pick(facts.workshop_title),
        "place": " · ".join(x for x in (facts.city, facts.venue) if x),
        "dates": speak.date_range(facts.starts_on, facts.ends_on),
        "generated_on": speak.date(facts.generated_on),
        "instrument_version": facts.instrument_version or DASH,
        "diagnosis_version": facts.diagnosis_version or DASH,
        "respondents": roles,
        "respondents_total": facts.respondents_total,
        "respondents_text": raters if roles else DASH,
        "facts": [{"label": k, "value": v} for k, v in _profile(facts, speak)],
    }


def _profile(facts: CoverFacts, speak: Speaker) -> list[tuple[str, str]]:
    label = labels(speak)
    rows = []
    if facts.legal_form:
        form = LEGAL_FORMS.get(facts.legal_form)
        rows.append((label["legal_form"], speak.gettext(form) if form else facts.legal_form))
    if facts.founded_year:
        rows.append((label["founded"], speak.pgettext("year founded", "%(year)s", year=facts.founded_year)))
    if facts.service_region:
        rows.append((label["region"], facts.service_region))
    focus = [speak.gettext(FOCUS_AREAS[c]) if c in FOCUS_AREAS else c for c in facts.focus_areas]
    if focus:
        rows.append((label["focus"], speak.list(focus)))
    people = _people(facts, speak)
    if people:
        rows.append((label["staff"], speak.list(people)))
    if facts.leader_name:
        rows.append((label["leader"], facts.leader_name))
    return rows


def _people(facts: CoverFacts, speak: Speaker) -> list[str]:
    people = []
    if facts.staff_full_time is not None:
        people.append(speak.gettext("%(count)s full-time", count=facts.staff_full_time))
    if facts.staff_part_time:
        people.append(speak.gettext("%(count)s part-time", count=facts.staff_part_time))
    if facts.volunteers:
        people.append(speak.ngettext("%(num)d volunteer", "%(num)d volunteers", facts.volunteers))
    return people
