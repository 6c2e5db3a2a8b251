"""The three priorities: the weakest areas that matter most, each with concrete actions."""

from __future__ import annotations

from typing import Any

from ..instrument import Instrument
from .common import bi, num, r1, text_of
from .dimensions import STRONG_SCORE, level_band
from .finance import INDICATOR_NAMES, INDICATORS

HOW_MANY = 3
ACTIONS_PER_PRIORITY = 3
IMPORTANCE = {"hub": 1.2, "governance": 1.2, "spoke": 1.0, "indicator": 1.0}
FLAGGED_INDICATOR_SCORE = 20.0  # a flagged financial indicator counts as a score of 20


def need(score: float, importance: float) -> float:
    """need = (100 − score) × importance, with importance 1.2 for the hub (mission, vision,
    values) and governance, 1.0 for a spoke and for a flagged financial indicator, whose score
    counts as 20. The candidates are the hub, the eight spokes, governance (when scored) and
    every flagged indicator; the three with the highest need are the priorities (ties: hub,
    spokes and governance in the instrument's order, then indicators in their fixed order)."""
    return (100.0 - score) * importance


def priorities(instrument: Instrument, dimensions: dict[str, Any], finance: dict[str, Any]) -> list[dict[str, Any]]:
    candidates = []
    for code, d in dimensions.items():
        if d["score"] is None:
            continue
        importance = IMPORTANCE.get(d["kind"], 1.0)
        candidates.append(
            {
                "area": code,
                "kind": "dimension",
                "name": d["name"],
                "score": d["score"],
                "value": None,
                "importance": importance,
                "_entry": d,
            }
        )
    for spec in INDICATORS:
        ind = finance["indicators"][spec.code]
        if ind["flag"]:
            candidates.append(
                {
                    "area": spec.code,
                    "kind": "indicator",
                    "name": INDICATOR_NAMES[spec.code],
                    "score": FLAGGED_INDICATOR_SCORE,
                    "value": ind["value"],
                    "importance": IMPORTANCE["indicator"],
                    "_entry": ind,
                }
            )
    for position, c in enumerate(candidates):
        c["need"] = need(c["score"], c["importance"])
        c["_position"] = position
    chosen = sorted(candidates, key=lambda c: (-round(c["need"], 6), c["_position"]))[:HOW_MANY]
    result = []
    for rank, c in enumerate(chosen, start=1):
        actions = [a for a in instrument.actions if a.area == c["area"]][:ACTIONS_PER_PRIORITY]
        result.append(
            {
                "rank": rank,
                "area": c["area"],
                "kind": c["kind"],
                "name": c["name"],
                "score": c["score"],
                "value": c["value"],
                "importance": c["importance"],
                "need": r1(c["need"]),
                "why": _why(c),
                "actions": [{"code": a.code, "text": text_of(a.text)} for a in actions],
            }
        )
    return result


def _why(c: dict[str, Any]) -> list[dict[str, Any]]:
    name, entry = c["name"], c["_entry"]
    if c["kind"] == "indicator":
        return [
            entry["reason"],
            bi(
                f"「{name['zh']}」越过了警戒线，按 {num(FLAGGED_INDICATOR_SCORE)} 分计入优先排序。",
                f"“{name['en']}” is past its threshold and counts as a score of {num(FLAGGED_INDICATOR_SCORE)} here.",
            ),
        ]
    words = level_band(c["score"])
    if c["score"] >= STRONG_SCORE - 1e-9:  # a strength on the list is not called one that most needs work
        first = bi(
            f"「{name['zh']}」得分 {num(c['score'])}（满分 100），属于{words['zh']}；列入优先事项是因为其他方面得分更高或权重更低。",
            f"“{name['en']}” scores {num(c['score'])} out of 100, {words['en']}: listed because the other areas "
            f"score higher still or weigh less.",
        )
    else:
        first = bi(
            f"「{name['zh']}」得分 {num(c['score'])}（满分 100），属于{words['zh']}，是最需要加强的方面之一。",
            f"“{name['en']}” scores {num(c['score'])} out of 100, {words['en']}: among the areas that most need work.",
        )
    why = [first]
    if entry["kind"] == "hub":
        why.append(
            bi(
                "使命、愿景、价值观是运营之轮的轴心，其他方面都围绕它转，所以加权 1.2 倍。",
                "Mission, vision and values are the hub of the wheel that everything turns around: weighted ×1.2.",
            )
        )
    elif entry["kind"] == "governance":
        why.append(
            bi(
                "治理决定机构能否离开负责人一人运转，所以加权 1.2 倍。",
                "Governance decides whether the organisation can run without its leader alone: weighted ×1.2.",
            )
        )
    gap = entry.get("gap")
    if gap is not None and gap >= 15:
        why.append(
            bi(
                f"负责人的评分比团队高 {num(gap)} 分，团队感受到的问题可能更多。",
                f"The leader rates it {num(gap)} points above the team: the team may feel more problems.",
            )
        )
    if entry.get("flagged_items"):
        why.append(
            bi(
                f"其中 {len(entry['flagged_items'])} 个条目大家看法分歧较大，先对齐认识再行动。",
                f"Raters disagree strongly on {len(entry['flagged_items'])} item(s): "
                f"agree on the picture before acting.",
            )
        )
    return why
