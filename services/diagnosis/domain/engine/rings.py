"""Rings (年轮): what changed between two rounds of one organisation's diagnosis.

A change counts only when it is larger than the instrument can tell apart:

- a dimension's score moves by at least a quarter of one rubric level (RESOLUTION, 100 / 3 / 4
  ≈ 8.3 points on the 0–100 score); a smaller move is "about the same";
- a financial indicator moves by at least INDICATOR_RESOLUTION (5 %) of its baseline value
  (of its threshold when the baseline is zero); better or worse by the side of the threshold
  that is risky;
- when the raters differ between the rounds (who answered, by role) and the leader's own
  score stayed within the resolution, a move of the combined score comes from the raters, not
  from the organisation: it reads "about the same", and says why.

Pure: two diagnosis results in (the `diagnosis.scored` document), a comparison out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LEVEL_POINTS = 100.0 / 3.0  # one rubric level on the 0–100 score
RESOLUTION = LEVEL_POINTS / 4.0
INDICATOR_RESOLUTION = 0.05
UP, DOWN, SAME = "up", "down", "same"
BETTER, WORSE = "better", "worse"
RATERS = "raters"  # why a move reads "about the same": only the raters changed


def compare(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """Every dimension and indicator scored in both rounds, with its change and direction."""
    differ = raters_differ(before, after)
    return {
        "raters_differ": differ,
        "resolution": RESOLUTION,
        "dimensions": {
            code: _dimension(before["dimensions"][code], entry, differ)
            for code, entry in after["dimensions"].items()
            if code in before["dimensions"]
        },
        "indicators": {
            code: _indicator(_indicators(before)[code], entry)
            for code, entry in _indicators(after).items()
            if code in _indicators(before)
        },
    }


def raters_differ(before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    """Who answered is not the same, by role (the leader, staff, board)."""
    return _raters(before) != _raters(after)


def direction(before: float | None, after: float | None, resolution: float) -> str | None:
    """UP, DOWN or SAME (within `resolution`); None when either round has no figure."""
    if before is None or after is None:
        return None
    if abs(after - before) < resolution:
        return SAME
    return UP if after > before else DOWN


def _dimension(before: Mapping[str, Any], after: Mapping[str, Any], differ: bool) -> dict[str, Any]:
    moved = direction(before.get("score"), after.get("score"), RESOLUTION)
    leader = direction(before.get("leader_score"), after.get("leader_score"), RESOLUTION)
    because = None
    if moved in (UP, DOWN) and differ and leader == SAME:
        moved, because = SAME, RATERS
    return {
        "before": before.get("score"),
        "after": after.get("score"),
        "change": _difference(before.get("score"), after.get("score")),
        "direction": moved,
        "because": because,
    }


def _indicator(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    old, new = before.get("value"), after.get("value")
    scale = abs(old) if old else abs(after.get("threshold") or 0.0)
    moved = direction(old, new, INDICATOR_RESOLUTION * scale) if scale else direction(old, new, 1e-9)
    verdict, risky = None, after.get("risky_when")
    if moved in (UP, DOWN) and risky in ("below", "above"):
        verdict = BETTER if (moved == UP) == (risky == "below") else WORSE
    return {"before": old, "after": new, "change": _difference(old, new), "direction": moved, "verdict": verdict}


def _indicators(result: Mapping[str, Any]) -> Mapping[str, Any]:
    return (result.get("finance") or {}).get("indicators") or {}


def _raters(result: Mapping[str, Any]) -> dict[str, int]:
    by_role = (result.get("raters") or {}).get("by_role") or {}
    return {role: int(count) for role, count in by_role.items() if count}


def _difference(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else round(after - before, 1)
