"""Collaboration matches (链接与合作): one organisation's confirmed strength covers another's
weakness.

A strength is put forward for mentoring (role "mentor", 可以帮助) only where it is confirmed:
the organisation's own staff or board agree with the leader within a level, or its figures
support it (`CONFIRMING_FIGURES`, one row per dimension). An organisation whose diagnosis
rests on the leader's self-rating alone is matched as a peer (role "peer", 同伴互助), never
as a mentor. No organisation is put forward in more than `MAX_OFFERED` dimensions.

The engine gives facts only — codes, figures, the kind of evidence — and never a sentence:
reporting words the reasons in the report's language. A match never shows either
organisation's scores.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .common import bi, mean, r1, r2, r3
from .inputs import INCOME_CODES, TEAM_ROLES, OrganisationInput, known, staff_count
from .regions import shared_area

STRONG = 66.7  # a dimension score (as reported, 1 decimal) at or above this is a strength
WEAK = 33.3  # … at or below this a weakness
STRONG_LEVEL = 3.0  # an item's mean level at or above this is a strength
WEAK_LEVEL = 2.0  # … at or below this a weakness
TEAM_AGREEMENT = 1.0  # levels: the team agrees when its mean is within this of the leader's
MAX_OFFERED = 3  # dimensions one organisation is put forward in, at most (its best-confirmed)
MIN_TEAM_FOR_TURNOVER = 3  # staff: below this a turnover rate says nothing
ROLES = ("mentor", "peer")
EVIDENCE = ("team", "figures", "self")  # 已由团队评分印证 / 有数据支撑 / 仅自评
TYPES = ("project_cooperation", "staff_exchange", "resource_sharing")
TYPE_NAMES = {
    "resource_sharing": bi("资源共享", "resource sharing"),
    "staff_exchange": bi("人员交流", "staff exchange"),
    "project_cooperation": bi("项目合作", "project cooperation"),
}


@dataclass(frozen=True)
class FigureRule:
    """A figure that supports a strength: `fact` at least `at_least` or at most `at_most`."""

    fact: str
    at_least: float | None = None
    at_most: float | None = None

    def holds(self, value: float | None) -> bool:
        if value is None:
            return False
        if self.at_least is not None and value < self.at_least:
            return False
        return not (self.at_most is not None and value > self.at_most)


# Which figures support a self-rated strength, per dimension (any one row suffices).
# A dimension without a row is confirmed by the team's agreement only.
CONFIRMING_FIGURES: dict[str, tuple[FigureRule, ...]] = {
    "hub": (FigureRule("years_in_sector", at_least=8),),  # a mission kept for years
    "structure_strategy": (FigureRule("years_in_sector", at_least=8),),  # experience
    "service_innovation": (),
    "team_growth": (FigureRule("staff_turnover", at_most=0.15),),  # a stable team (≥ 3 staff)
    "compliance": (FigureRule("years_in_sector", at_least=5),),  # several annual inspections
    "efficiency": (FigureRule("months_of_reserve", at_least=3.0),),  # costs kept below income
    "cooperation": (FigureRule("income_sources", at_least=3),),  # government, funders, donors
    "satisfaction": (),
    "expansion": (  # fundraising
        FigureRule("income_sources", at_least=3),
        FigureRule("fundraising_staff", at_least=1),
    ),
    "governance": (FigureRule("months_of_reserve", at_least=3.0),),  # finances that outlast a crisis
}


def figures_of(org: OrganisationInput | None, diagnosis: Mapping[str, Any]) -> dict[str, float | None]:
    """The facts the rules read: positive income lines, fundraising staff, months of
    reserve, staff turnover (only with at least 3 staff), years in the sector."""
    numbers = org.numbers if org else {}
    indicators = (diagnosis.get("finance") or {}).get("indicators") or {}
    lines = [known(numbers, c) for c in INCOME_CODES]
    staff = staff_count(numbers)
    turnover = (indicators.get("staff_turnover") or {}).get("value")
    return {
        "income_sources": float(sum(1 for v in lines if v is not None and v > 0)) if any(lines) else None,
        "fundraising_staff": known(numbers, "people.fundraising_staff"),
        "months_of_reserve": (indicators.get("months_of_reserve") or {}).get("value"),
        "staff_turnover": turnover if staff is not None and staff >= MIN_TEAM_FOR_TURNOVER else None,
        "years_in_sector": float(org.years_in_sector) if org and org.years_in_sector is not None else None,
    }


def team_agreement(org: OrganisationInput | None, item_codes: Sequence[str]) -> bool | None:
    """Over the dimension's items answered by both the leader and the team (staff, board):
    True when the team's mean level is at least 3 and within one level of the leader's;
    False when the team answered and does not agree; None when no team rater answered."""
    if org is None:
        return None
    leader = [r for r in org.raters if r.role == "leader"]
    team = [r for r in org.raters if r.role in TEAM_ROLES]
    shared = [c for c in item_codes if any(c in r.answers for r in team) and any(c in r.answers for r in leader)]
    if not shared:
        return None
    team_level = mean(mean(r.answers[c] for r in team if c in r.answers) or 0 for c in shared) or 0.0
    leader_level = mean(mean(r.answers[c] for r in leader if c in r.answers) or 0 for c in shared) or 0.0
    return team_level >= STRONG_LEVEL and abs(team_level - leader_level) <= TEAM_AGREEMENT


def only_self_rated(org: OrganisationInput | None) -> bool:
    """No staff or board rater answered anything: the leader's word alone."""
    return org is None or not any(r.role in TEAM_ROLES and r.answers for r in org.raters)


def evidence(org: OrganisationInput | None, diagnosis: Mapping[str, Any], code: str) -> dict[str, Any]:
    """What confirms the organisation's strength in dimension `code`:
    kind "team" when its staff/board agree (see `team_agreement`); else "figures" when the
    team did not contradict it and a row of CONFIRMING_FIGURES holds; else "self". An
    organisation with only self-ratings is always "self". `facts` are the figures that hold."""
    figures = figures_of(org, diagnosis)
    facts = {
        rule.fact: _rounded(figures[rule.fact])
        for rule in CONFIRMING_FIGURES.get(code, ())
        if rule.holds(figures.get(rule.fact))
    }
    item_codes = [c for c, item in diagnosis["items"].items() if item["dimension"] == code]
    agreed = team_agreement(org, item_codes)
    if only_self_rated(org):
        kind = "self"
    elif agreed:
        kind = "team"
    elif agreed is None and facts:
        kind = "figures"
    else:
        kind = "self"
    return {"kind": kind, "facts": facts}


def _rounded(value: float | None) -> float | None:
    return None if value is None else r2(value)


def cohort_medians(diagnoses: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    """Per dimension, the median of the scores (as reported) over the cohort."""
    by_code: dict[str, list[float]] = {}
    for d in diagnoses:
        for code, entry in d["dimensions"].items():
            if entry["score"] is not None:
                by_code.setdefault(code, []).append(entry["score"])
    return {code: statistics.median(values) for code, values in by_code.items()}


def can_mentor(score: float | None, median: float | None, kind: str) -> bool:
    """A mentor is strong (level 3 or above), not below the cohort's median, and confirmed."""
    return score is not None and score >= STRONG and (median is None or score >= median) and kind in ("team", "figures")


def offered(
    org: OrganisationInput | None,
    diagnosis: Mapping[str, Any],
    medians: Mapping[str, float],
    needed: Mapping[str, int],
) -> dict[str, tuple[str, dict[str, Any]]]:
    """The (at most MAX_OFFERED) dimensions the organisation is put forward in, with its role
    in each and the evidence: among the dimensions some other organisation of the cohort
    needs (`needed`: how many, see `complementarity`), confirmed strengths first (team and
    figures before one of them), then by score, then by how many need it; the unconfirmed
    ones as a peer after them."""
    ranked = []
    for position, (code, entry) in enumerate(diagnosis["dimensions"].items()):
        score = entry["score"]
        if score is None or not needed.get(code):
            continue
        ev = evidence(org, diagnosis, code)
        role = "mentor" if can_mentor(score, medians.get(code), ev["kind"]) else "peer"
        weight = (ev["kind"] == "team") + bool(ev["facts"]) if role == "mentor" else -1
        ranked.append((-weight, -score, -needed[code], position, code, role, ev))
    ranked.sort(key=lambda x: x[:4])
    return {code: (role, ev) for *_, code, role, ev in ranked[:MAX_OFFERED]}


def complementarity(helper: dict[str, Any], helped: dict[str, Any], code: str) -> tuple[float | None, list[str]]:
    """How well the helper's strength covers the helped one's weakness in dimension `code`,
    in [0, 1]: the larger of
    (a) dimension level: (score_helper − score_helped) / 100 when score_helper ≥ 66.7 and
        score_helped ≤ 33.3;
    (b) item level: the mean over the dimension's covered items — mean level ≥ 3 for the
        helper and ≤ 2 for the helped — of (level_helper − level_helped) / 3.
    None when neither holds. Computed on the figures as reported in the diagnoses (scores to
    1 decimal, item means to 2). Also returns the covered item codes."""
    a, b = helper["dimensions"][code]["score"], helped["dimensions"][code]["score"]
    candidates = []
    if a is not None and b is not None and a >= STRONG and b <= WEAK:
        candidates.append((a - b) / 100)
    covered = []
    for item_code, item in helper["items"].items():
        other = helped["items"].get(item_code)
        if item["dimension"] != code or other is None or item["mean"] is None or other["mean"] is None:
            continue
        if item["mean"] >= STRONG_LEVEL and other["mean"] <= WEAK_LEVEL:
            covered.append((item_code, (item["mean"] - other["mean"]) / 3))
    if covered:
        candidates.append(mean(g for _, g in covered))
    return (max(candidates) if candidates else None), [c for c, _ in covered]


def jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    """J = |A ∩ B| / |A ∪ B| over the two sets of focus areas (0 when both are empty)."""
    set_a, set_b = set(a), set(b)
    return len(set_a & set_b) / len(set_a | set_b) if set_a | set_b else 0.0


def match_type(code: str, shared_focus: float) -> str:
    """team_growth → staff_exchange; service_innovation or expansion with at least one
    shared focus area → project_cooperation; anything else → resource_sharing."""
    if code == "team_growth":
        return "staff_exchange"
    if code in ("service_innovation", "expansion") and shared_focus > 0:
        return "project_cooperation"
    return "resource_sharing"


def match_score(complement: float, shared_focus: float, nearby: bool) -> float:
    """score = 100 × c × (0.5 + 0.25 × J + 0.25 × near), c the complementarity, J the focus
    Jaccard, near = 1 when the two share a city or county (see regions.shared_area), else 0.
    A match with neither a shared focus area nor a shared area is dropped (unless asked for)."""
    return 100 * complement * (0.5 + 0.25 * shared_focus + 0.25 * (1.0 if nearby else 0.0))


def matches(
    diagnoses: Sequence[dict[str, Any]], inputs: Sequence[OrganisationInput], require_link: bool = True
) -> list[dict[str, Any]]:
    """Every (helper → helped, role, type) once at most, scored by its best dimension;
    mentors first, then best first (ties: helper id, helped id, type). Dimensions: those
    scored in both diagnoses and offered by the helper (see `offered`)."""
    profiles = {org.organisation_id: org for org in inputs}
    ordered = sorted(diagnoses, key=lambda d: d["organisation_id"])
    medians = cohort_medians(ordered)
    offers = {
        d["organisation_id"]: offered(profiles.get(d["organisation_id"]), d, medians, _needed(d, ordered))
        for d in ordered
    }
    found = []
    for helper in ordered:
        offer = offers[helper["organisation_id"]]
        for helped in ordered:
            if helper["organisation_id"] == helped["organisation_id"]:
                continue
            hp, dp = profiles.get(helper["organisation_id"]), profiles.get(helped["organisation_id"])
            focus_a, focus_b = (hp.focus_areas if hp else ()), (dp.focus_areas if dp else ())
            j = jaccard(focus_a, focus_b)
            area = shared_area(hp.service_region if hp else None, dp.service_region if dp else None)
            if require_link and j == 0 and area is None:
                continue
            groups: dict[tuple[str, str], list[tuple[float, int, str, list[str]]]] = {}
            for position, code in enumerate(helper["dimensions"]):
                if code not in helped["dimensions"] or code not in offer:
                    continue
                c, covered = complementarity(helper, helped, code)
                if c is None:
                    continue
                groups.setdefault((offer[code][0], match_type(code, j)), []).append(
                    (match_score(c, j, area is not None), position, code, covered)
                )
            for (role, kind), dims in groups.items():
                dims.sort(key=lambda x: (-x[0], x[1]))
                found.append(
                    _match(helper, helped, role, kind, dims, offer, sorted(set(focus_a) & set(focus_b)), j, area)
                )
    found.sort(key=lambda m: (ROLES.index(m["role"]), -m["score"], m["from"], m["to"], TYPES.index(m["type"])))
    return found


def _needed(helper: dict[str, Any], cohort: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Per dimension, how many other organisations the helper's strength would complement."""
    needed: dict[str, int] = {}
    for other in cohort:
        if other["organisation_id"] == helper["organisation_id"]:
            continue
        for code in helper["dimensions"]:
            if code in other["dimensions"] and complementarity(helper, other, code)[0] is not None:
                needed[code] = needed.get(code, 0) + 1
    return needed


def _match(
    helper: dict[str, Any],
    helped: dict[str, Any],
    role: str,
    kind: str,
    dims: list[tuple[float, int, str, list[str]]],
    offer: Mapping[str, tuple[str, dict[str, Any]]],
    shared: list[str],
    j: float,
    area: str | None,
) -> dict[str, Any]:
    dimensions = [
        {
            "code": code,
            "name": helper["dimensions"][code]["name"],
            "items": covered,
            "evidence": offer[code][1]["kind"],
            "facts": offer[code][1]["facts"],
            "helped_weak": (helped["dimensions"][code]["score"] or 0) <= WEAK,
        }
        for _, _, code, covered in dims
    ]
    return {
        "from": helper["organisation_id"],
        "to": helped["organisation_id"],
        "from_name": helper["name_zh"],
        "to_name": helped["name_zh"],
        "role": role,
        "type": kind,
        "type_name": TYPE_NAMES[kind],
        "evidence": dimensions[0]["evidence"],
        "score": r1(dims[0][0]),
        "dimensions": dimensions,
        "shared_focus": shared,
        "focus_jaccard": r3(j),
        "shared_region": area,
    }
