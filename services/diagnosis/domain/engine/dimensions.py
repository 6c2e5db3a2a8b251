"""Items and dimensions: several raters' rubric levels turned into 0–100 scores.

Only items of the instrument count; answers to unknown item codes are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from ..instrument import LEVELS, ROLES, Instrument
from .common import bi, level_to_score, mean, num, r1, r2, text_of
from .confidentiality import MIN_RATERS
from .inputs import TEAM_ROLES, RaterAnswers

DISAGREEMENT_SPREAD = 2  # levels; an item is flagged when max − min ≥ 2
NOTABLE_GAP = 15.0  # points; a leader-vs-team gap at least this large is pointed out
STRONG_SCORE = 200.0 / 3.0  # 66.7: the mean level is 3 or above
WEAK_SCORE = 100.0 / 3.0  # 33.3: the mean level is 2 or below


def _validated(raters: Iterable[RaterAnswers]) -> list[RaterAnswers]:
    raters = list(raters)
    for rater in raters:
        if rater.role not in ROLES:
            raise ValueError(f"unknown role {rater.role!r} for respondent {rater.respondent_id!r}")
        for code, level in rater.answers.items():
            if isinstance(level, bool) or level not in LEVELS:
                raise ValueError(f"level {level!r} for {code!r} is not one of {LEVELS}")
    return raters


def _given(raters: Sequence[RaterAnswers], code: str) -> list[tuple[str, int]]:
    """(role, level) of the raters who answered the item; the staff and board answers only
    when at least MIN_RATERS of them answered it (never one or two raters' answers)."""
    given = [(r.role, r.answers[code]) for r in raters if code in r.answers]
    if sum(1 for role, _ in given if role in TEAM_ROLES) < MIN_RATERS:
        given = [(role, level) for role, level in given if role not in TEAM_ROLES]
    return given


def item_statistics(
    instrument: Instrument, raters: Sequence[RaterAnswers], groups: dict[str, tuple[str, ...]] | None = None
) -> dict[str, Any]:
    """Per item, over the raters who answered it (staff and board only when at least 3 of
    them answered it: see rater_groups): mean = Σ levels / n; min; max; spread = max − min;
    flagged ⇔ spread ≥ 2 (raters disagree by two levels or more); by_role[g] = mean level of
    the raters of group g (the leader; staff or board when each has at least 3 raters, else
    "other" for staff and board together), for a rater group only when at least 3 of its
    raters answered the item. Means are kept to 2 decimals."""
    raters = _validated(raters)
    if groups is None:
        groups = {role: (role,) for role in ROLES}
    result = {}
    for code, item in instrument.items.items():
        given = _given(raters, code)
        if not given:
            result[code] = {
                "dimension": item.dimension,
                "n": 0,
                "mean": None,
                "min": None,
                "max": None,
                "spread": None,
                "flagged": False,
                "by_role": {},
            }
            continue
        levels = [level for _, level in given]
        spread = max(levels) - min(levels)
        result[code] = {
            "dimension": item.dimension,
            "n": len(levels),
            "mean": r2(mean(levels)),
            "min": min(levels),
            "max": max(levels),
            "spread": spread,
            "flagged": spread >= DISAGREEMENT_SPREAD,
            "by_role": _group_means(given, groups),
        }
    return result


def _group_means(given: list[tuple[str, int]], groups: dict[str, tuple[str, ...]]) -> dict[str, float | None]:
    means: dict[str, float | None] = {}
    for group, roles in groups.items():
        levels = [lv for rl, lv in given if rl in roles]
        if levels and (group == "leader" or len(levels) >= MIN_RATERS):
            means[group] = r2(mean(levels))
    return means


def _item_means(raters: list[RaterAnswers], codes: Sequence[str], roles: Sequence[str]) -> dict[str, float]:
    """Mean level per item over the raters with one of `roles` who answered it."""
    means: dict[str, float] = {}
    for code in codes:
        levels = [level for role, level in _given(raters, code) if role in roles]
        if levels:
            means[code] = cast(float, mean(levels))  # levels is not empty
    return means


def dimension_score(item_means: Iterable[float]) -> float | None:
    """score = (mean of the item means − 1) / 3 × 100 over the answered items (0–100);
    None when no item of the dimension was answered."""
    overall = mean(item_means)
    return None if overall is None else level_to_score(overall)


def leader_team_gap(leader_means: dict[str, float], team_means: dict[str, float]) -> float | None:
    """gap = (mean over the items answered by both the leader and the team of
    (leader item mean − team item mean)) / 3 × 100, in points.
    The team is every staff and board rater. Positive: the leader rates the organisation
    higher than the team. When both answered the same items this is exactly
    leader score − team score. None without a team of at least 3 raters or without a shared
    item."""
    shared = [code for code in leader_means if code in team_means]
    if not shared:
        return None
    return cast(float, mean(leader_means[c] - team_means[c] for c in shared)) / 3.0 * 100.0


def raw_dimension_scores(instrument: Instrument, raters: Sequence[RaterAnswers]) -> dict[str, Any]:
    """Unrounded score, leader score, team score and gap per dimension (for further formulas)."""
    raters = _validated(raters)
    raw = {}
    for dim in instrument.dimensions:
        codes = [item.code for item in dim.items]
        all_means = _item_means(raters, codes, ROLES)
        leader_means = _item_means(raters, codes, ("leader",))
        team_means = _item_means(raters, codes, TEAM_ROLES)
        raw[dim.code] = {
            "score": dimension_score(all_means.values()),
            "leader_score": dimension_score(leader_means.values()),
            "team_score": dimension_score(team_means.values()),
            "gap": leader_team_gap(leader_means, team_means),
            "answered_items": len(all_means),
        }
    return raw


def dimension_scores(instrument: Instrument, raw: dict[str, Any], items: dict[str, Any]) -> dict[str, Any]:
    """Per dimension (hub, spokes, governance): the score over all raters, the leader's own
    score, the team's (staff + board) score and the leader-vs-team gap; 1 decimal."""
    result = {}
    for dim in instrument.dimensions:
        codes = [item.code for item in dim.items]
        r = raw[dim.code]
        entry = {
            "code": dim.code,
            "kind": dim.kind,
            "name": text_of(dim.name),
            "score": r1(r["score"]),
            "leader_score": r1(r["leader_score"]),
            "team_score": r1(r["team_score"]),
            "gap": r1(r["gap"]),
            "answered_items": r["answered_items"],
            "total_items": len(codes),
            "flagged_items": [c for c in codes if items[c]["flagged"]],
        }
        entry["reasons"] = _dimension_reasons(entry)
        result[dim.code] = entry
    return result


def level_band(score: float) -> dict[str, Any]:
    """Words for one dimension's 0–100 score by rubric level: ≤ 33.3 (a mean level of 2 or
    below) a clear weakness, < 66.7 (below level 3) room to grow, else a strength."""
    if score <= WEAK_SCORE + 1e-9:
        return bi("明显短板", "a clear weakness")
    if score < STRONG_SCORE - 1e-9:
        return bi("有待加强", "room to grow")
    return bi("相对优势", "a relative strength")


def _dimension_reasons(entry: dict[str, Any]) -> list[dict[str, Any]]:
    name = entry["name"]
    if entry["score"] is None:
        return [bi(f"「{name['zh']}」没有人作答，无法评分。", f"Nobody answered “{name['en']}”, so it has no score.")]
    words = level_band(entry["score"])
    reasons = [
        bi(
            f"「{name['zh']}」得分 {num(entry['score'])}（满分 100，按 {entry['answered_items']}/{entry['total_items']} "
            f"个条目计算），属于{words['zh']}。",
            f"“{name['en']}” scores {num(entry['score'])} out of 100 over {entry['answered_items']} of "
            f"{entry['total_items']} items: {words['en']}.",
        )
    ]
    gap = entry["gap"]
    if gap is not None and gap >= NOTABLE_GAP:
        reasons.append(
            bi(
                f"负责人的评分比团队高 {num(gap)} 分：负责人看到的情况可能比团队感受到的更乐观。",
                f"The leader rates it {num(gap)} points higher than the team: the leader may see it rosier "
                f"than the team does.",
            )
        )
    elif gap is not None and gap <= -NOTABLE_GAP:
        reasons.append(
            bi(
                f"负责人的评分比团队低 {num(-gap)} 分：负责人对这方面的要求更高，或团队没有看到负责人看到的问题。",
                f"The leader rates it {num(-gap)} points lower than the team: the leader sees problems the team may not.",
            )
        )
    if entry["flagged_items"]:
        n = len(entry["flagged_items"])
        reasons.append(
            bi(
                f"有 {n} 个条目评分者之间相差两级或以上，值得当面讨论。",
                f"On {n} item(s) raters differ by two levels or more: worth discussing together.",
            )
        )
    return reasons


def strong_and_weak(dimension_entry: dict[str, Any], items: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Codes of the dimension's items whose mean level is ≥ 3 (strong) and ≤ 2 (weak)."""
    code = dimension_entry["code"]
    strong = [c for c, it in items.items() if it["dimension"] == code and it["mean"] is not None and it["mean"] >= 3]
    weak = [c for c, it in items.items() if it["dimension"] == code and it["mean"] is not None and it["mean"] <= 2]
    return strong, weak
