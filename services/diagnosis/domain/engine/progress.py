"""A cohort's progress in a follow-up round: what the facilitator (and, over the workshops of
a programme, the organiser) sees of the rings of every organisation compared with its
baseline. Pure: the organisations' rings documents in, the picture out.

The rule of five holds here as everywhere: with fewer than MIN_COHORT organisations compared,
no median and no list is shown, only how many have been compared so far."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from .cohort import MIN_COHORT
from .rings import DOWN, SAME, UP

SHOWN = 5  # who improved most: the first few are a story for the room; thirty are a table
CLOSED_SHARE = 0.5  # a shared weakness is closed when at most half as many still have it


def cohort_progress(compared: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """`compared`: per organisation compared with its baseline, {organisation_id, name_zh,
    name_en, rings} (its rings: contracts.diagnosis.RingsSchema)."""
    n = len(compared)
    if n < MIN_COHORT:
        return {"compared": n, "min_cohort": MIN_COHORT, "suppressed": True}
    changes = [c["rings"]["since_baseline"]["dimensions"] for c in compared]
    ranked = sorted(compared, key=lambda c: _mean_change(c), reverse=True)
    return {
        "compared": n,
        "min_cohort": MIN_COHORT,
        "suppressed": False,
        "dimensions": _per_dimension(changes),
        "improved": sum(1 for c in compared if _moved(c, UP)),
        "improved_most": [_who(c) for c in ranked if _moved(c, UP)][:SHOWN],
        "stalled": [_who(c) for c in sorted(compared, key=lambda c: c["name_zh"]) if not _moved(c, UP)],
        "weaknesses": _weaknesses(compared),
        "intents": _intents(compared),
    }


def programme_progress(compared: Sequence[Mapping[str, Any]], workshops: int) -> dict[str, Any]:
    """The same across the workshops of a programme that have a follow-up round (the
    organiser's view): no organisation named, since the programme pools workshops that
    different facilitators run."""
    shown = cohort_progress(compared)
    named = ("improved_most", "stalled")
    return {
        **{key: value for key, value in shown.items() if key not in named},
        "workshops": workshops,
        **({} if shown["suppressed"] else {"stalled": len(shown["stalled"])}),
    }


def _per_dimension(changes: list[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    codes = [code for code in changes[0] if all(code in c for c in changes)]
    result = {}
    for code in codes:
        moves = [c[code]["change"] for c in changes if c[code]["change"] is not None]
        directions = Counter(c[code]["direction"] for c in changes)
        result[code] = {
            "median_change": round(statistics.median(moves), 1) if moves else None,
            "up": directions[UP],
            "same": directions[SAME],
            "down": directions[DOWN],
        }
    return result


def _mean_change(compared: Mapping[str, Any]) -> float:
    moves = [d["change"] for d in compared["rings"]["since_baseline"]["dimensions"].values() if d["change"] is not None]
    return sum(moves) / len(moves) if moves else 0.0


def _moved(compared: Mapping[str, Any], direction: str) -> bool:
    return any(d["direction"] == direction for d in compared["rings"]["since_baseline"]["dimensions"].values())


def _who(compared: Mapping[str, Any]) -> dict[str, Any]:
    dimensions = compared["rings"]["since_baseline"]["dimensions"]
    return {
        "organisation_id": compared["organisation_id"],
        "name_zh": compared["name_zh"],
        "name_en": compared.get("name_en"),
        "mean_change": round(_mean_change(compared), 1),
        "up": sorted(code for code, d in dimensions.items() if d["direction"] == UP),
        "down": sorted(code for code, d in dimensions.items() if d["direction"] == DOWN),
    }


def _weaknesses(compared: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The areas most often among the last round's priorities, with how many still have them
    among their priorities now: closed when at most half as many do."""
    before = Counter(area for c in compared for area in c["rings"]["priorities_before"])
    now = Counter(area for c in compared for area in c["rings"]["priorities_now"])
    names = {a["area"]: a.get("name") for c in compared for a in c["rings"].get("actions") or []}
    return [
        {
            "area": area,
            "name": names.get(area),
            "before": count,
            "now": now[area],
            "closed": now[area] <= count * CLOSED_SHARE,
        }
        for area, count in before.most_common()
        if count >= 2  # one organisation's weakness is not a shared one
    ]


def _intents(compared: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Each agreed intent once (both sides report it): what the two sides say it came to;
    'differ' when they say different things."""
    said: dict[str, set[str]] = {}
    for c in compared:
        for intent in c["rings"].get("intents") or []:
            answers = said.setdefault(intent["intent_id"], set())
            answers.update(a for a in (intent.get("mine"), intent.get("partner")) if a)
    counts = Counter(
        "unanswered" if not answers else next(iter(answers)) if len(answers) == 1 else "differ"
        for answers in said.values()
    )
    return {
        "total": len(said),
        **{k: counts[k] for k in ("happened", "in_progress", "dropped", "differ", "unanswered")},
    }
