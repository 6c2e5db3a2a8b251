"""Collaboration matches (链接与合作): one organisation's strength covers another's weakness.

A match never shows either organisation's scores: only the dimension, who can help whom,
what links the two, and a score for ordering.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .common import bi, mean, r1, r3
from .inputs import OrganisationInput
from .regions import shared_area

STRONG = 66.7  # a dimension score (as reported, 1 decimal) at or above this is a strength
WEAK = 33.3  # … at or below this a weakness
STRONG_LEVEL = 3.0  # an item's mean level at or above this is a strength
WEAK_LEVEL = 2.0  # … at or below this a weakness
TYPES = ("project_cooperation", "staff_exchange", "resource_sharing")
TYPE_NAMES = {
    "resource_sharing": bi("资源共享", "resource sharing"),
    "staff_exchange": bi("人员交流", "staff exchange"),
    "project_cooperation": bi("项目合作", "project cooperation"),
}


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
    """Every (helper → helped, type) once at most, scored by its best dimension, best first
    (ties: helper id, helped id, type). Dimensions: those scored in both diagnoses."""
    profiles = {org.organisation_id: org for org in inputs}
    ordered = sorted(diagnoses, key=lambda d: d["organisation_id"])
    found = []
    for helper in ordered:
        for helped in ordered:
            if helper["organisation_id"] == helped["organisation_id"]:
                continue
            hp, dp = profiles.get(helper["organisation_id"]), profiles.get(helped["organisation_id"])
            focus_a, focus_b = (hp.focus_areas if hp else ()), (dp.focus_areas if dp else ())
            j = jaccard(focus_a, focus_b)
            area = shared_area(hp.service_region if hp else None, dp.service_region if dp else None)
            if require_link and j == 0 and area is None:
                continue
            by_type: dict[str, list[tuple[float, int, str, list[str]]]] = {}
            for position, code in enumerate(helper["dimensions"]):
                if code not in helped["dimensions"]:
                    continue
                c, covered = complementarity(helper, helped, code)
                if c is None:
                    continue
                by_type.setdefault(match_type(code, j), []).append(
                    (match_score(c, j, area is not None), position, code, covered)
                )
            for kind, dims in by_type.items():
                dims.sort(key=lambda x: (-x[0], x[1]))
                found.append(_match(helper, helped, kind, dims, sorted(set(focus_a) & set(focus_b)), j, area))
    found.sort(key=lambda m: (-m["score"], m["from"], m["to"], TYPES.index(m["type"])))
    return found


def _match(
    helper: dict[str, Any],
    helped: dict[str, Any],
    kind: str,
    dims: list[tuple[float, int, str, list[str]]],
    shared: list[str],
    j: float,
    area: str | None,
) -> dict[str, Any]:
    a_name, b_name = helper["name_zh"], helped["name_zh"]
    names = [helper["dimensions"][code]["name"] for _, _, code, _ in dims]
    dims_zh = "、".join(f"「{n['zh']}」" for n in names)
    dims_en = ", ".join(f"“{n['en']}”" for n in names)
    verb = TYPE_NAMES[kind]
    detail = {
        "staff_exchange": bi(
            f"{b_name}的同事可以到{a_name}跟岗学习，或请{a_name}派人来分享带团队的经验",
            f"{b_name}'s staff can shadow {a_name}'s, or {a_name} can send someone to share how they grow their team",
        ),
        "project_cooperation": bi(
            "在两家共同关注的领域里一起设计和执行项目", "design and run a project together in a field both work in"
        ),
        "resource_sharing": bi(
            f"{a_name}可以分享做法、工具和资源", f"{a_name} can share its methods, tools and resources"
        ),
    }[kind]
    links_zh, links_en = [], []
    if shared:
        links_zh.append(f"两家有 {len(shared)} 个相同的服务领域")
        links_en.append(f"they share {len(shared)} focus area(s)")
    if area:
        links_zh.append(f"都在{area}")
        links_en.append(f"both work in {area}")
    link_zh = "；".join(links_zh) if links_zh else "两家没有相同的服务领域，地区也不相近"
    link_en = " and ".join(links_en) if links_en else "they share neither a focus area nor a region"
    reason = bi(
        f"{a_name}在{dims_zh}方面较强，这正是{b_name}的短板，适合{verb['zh']}：{detail['zh']}。{link_zh}。",
        f"{a_name} is strong in {dims_en}, where {b_name} is weak: a fit for {verb['en']} — "
        f"{detail['en']}. Also, {link_en}.",
    )
    return {
        "from": helper["organisation_id"],
        "to": helped["organisation_id"],
        "from_name": a_name,
        "to_name": b_name,
        "type": kind,
        "type_name": verb,
        "score": r1(dims[0][0]),
        "dimensions": [
            {"code": code, "name": helper["dimensions"][code]["name"], "items": covered} for _, _, code, covered in dims
        ],
        "shared_focus": shared,
        "focus_jaccard": r3(j),
        "shared_region": area,
        "reason": reason,
    }
