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


BASELINE = 1
WHEEL = ("hub", "spoke")  # the wheel's overall score: the mean of the hub and the spokes


def overall(result: Mapping[str, Any]) -> float:
    """The wheel's overall score: the mean of the hub and spoke scores that are known."""
    wheel = [d["score"] for d in result["dimensions"].values() if d["kind"] in WHEEL and d["score"] is not None]
    return round(sum(wheel) / len(wheel), 1) if wheel else 0.0


def follow_up(
    round_: int,
    earlier: Mapping[int, Mapping[str, Any]],
    now: Mapping[str, Any],
    answers: Mapping[str, Any],
    intents: list[dict[str, Any]],
) -> dict[str, Any] | None:
    """A follow-up round's rings (contracts.diagnosis.RingsSchema), or None for the
    baseline or for an organisation that has no baseline to compare with.

    `earlier`: the newest diagnosis of each earlier round; `answers`: the leader's own
    follow-up answers (what changed per section, the actions, the intents); `intents`: the
    agreed intents the organisation is part of, each with `partner` (the partner's answer)."""
    if round_ <= BASELINE or BASELINE not in earlier:
        return None
    previous_round = max(earlier)
    previous = earlier[previous_round]
    said_of_actions = answers.get("actions") or {}
    said_of_intents = answers.get("intents") or {}
    return {
        "round": round_,
        "rounds": [_round(r, earlier[r]) for r in sorted(earlier)] + [_round(round_, now)],
        "since_baseline": dict(compare(earlier[BASELINE], now), round=BASELINE),
        "since_previous": None if previous_round == BASELINE else dict(compare(previous, now), round=previous_round),
        "priorities_before": [p["area"] for p in previous.get("priorities") or []],
        "priorities_now": [p["area"] for p in now.get("priorities") or []],
        "actions": [
            {
                "area": p["area"],
                "name": p.get("name"),
                "outcome": (said_of_actions.get(p["area"]) or {}).get("outcome"),
                "note": (said_of_actions.get(p["area"]) or {}).get("note") or None,
            }
            for p in previous.get("priorities") or []
        ],
        "intents": [
            dict(
                intent,
                mine=(said_of_intents.get(intent["intent_id"]) or {}).get("outcome"),
                note=(said_of_intents.get(intent["intent_id"]) or {}).get("note") or None,
            )
            for intent in intents
        ],
        "changes": {section: text for section, text in (answers.get("changes") or {}).items() if text},
    }


def _round(number: int, result: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "round": number,
        "overall": overall(result),
        "dimensions": {code: d.get("score") for code, d in result["dimensions"].items()},
        "raters": _raters(result),
    }
