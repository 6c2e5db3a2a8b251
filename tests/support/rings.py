"""A hand-made follow-up (round 2) of a sample organisation: its `rings` document as diagnosis
sends it, with one spoke clearly up, one about the same, one clearly down and one that moved
only because the raters differ; what the leader typed carries Typst and HTML markup."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

HOSTILE_CHANGE = "#set page(fill: red) <b>粗体</b> $x^2$ [链接](http://x) *重点* <script>alert(1)</script>"
UP, SAME, DOWN, BY_RATERS = "structure_strategy", "service_innovation", "team_growth", "compliance"
SHIFTS = {UP: 15.0, SAME: 4.0, DOWN: -12.5, BY_RATERS: 10.4}  # points from the baseline to round 2


def follow_up(result: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(round 2's result, its rings document) from a baseline result: four spokes moved."""
    after = copy.deepcopy(dict(result))
    for code, shift in SHIFTS.items():
        after["dimensions"][code]["score"] = round(after["dimensions"][code]["score"] + shift, 1)
    after["raters"] = dict(after["raters"], by_role={"leader": 1, "staff": 3, "board": 3}, count=7, team=6)

    def wheel(res: Mapping[str, Any], round_: int, raters: Mapping[str, int]) -> dict[str, Any]:
        return {
            "round": round_,
            "overall": sum(d["score"] for d in res["dimensions"].values() if d.get("kind") == "spoke") / 8,
            "dimensions": {code: d["score"] for code, d in res["dimensions"].items()},
            "raters": dict(raters),
        }

    def change(code: str) -> dict[str, Any]:
        before, now = result["dimensions"][code]["score"], after["dimensions"][code]["score"]
        direction = "up" if code == UP else "down" if code == DOWN else "same"
        return {
            "before": before,
            "after": now,
            "change": round(now - before, 1),
            "direction": direction,
            "because": "raters" if code == BY_RATERS else None,
        }

    baseline_raters = dict(result["raters"]["by_role"])
    equity = result["finance"]["indicators"]["equity_ratio"]["value"]
    margin = result["finance"]["indicators"]["operating_margin"]["value"]
    priorities_before = [p["area"] for p in result["priorities"]]
    rings = {
        "round": 2,
        "rounds": [wheel(result, 1, baseline_raters), wheel(after, 2, after["raters"]["by_role"])],
        "since_baseline": {
            "round": 1,
            "raters_differ": True,
            "resolution": 100 / 3 / 4,
            "dimensions": {code: change(code) for code in SHIFTS},
            "indicators": {
                "equity_ratio": {
                    "before": equity,
                    "after": equity + 0.2,
                    "change": 0.2,
                    "direction": "up",
                    "verdict": "better",
                },
                "operating_margin": {
                    "before": margin,
                    "after": margin - 0.1,
                    "change": -0.1,
                    "direction": "down",
                    "verdict": "worse",
                },
            },
        },
        "since_previous": None,
        "priorities_before": priorities_before,
        "priorities_now": [priorities_before[1], "team_growth"],
        "actions": [  # one per priority of the last round, named as it (diagnosis does so)
            {"area": p["area"], "name": p["name"], "outcome": outcome, "note": note}
            for p, outcome, note in zip(
                result["priorities"], ("done", "partly", "not_yet"), ("签了两家基金会", None, None), strict=False
            )
        ],
        "intents": [
            {
                "intent_id": "00000000-0000-4000-8000-000000000001",
                "partner_id": "00000000-0000-4000-8000-000000000002",
                "partner_name_zh": "安顺伙伴社工中心",
                "partner_name_en": None,
                "kind": "staff_exchange",
                "what": "互派社工学习个案管理",
                "target_month": "2027-03",
                "mine": "happened",
                "partner": "in_progress",
                "note": None,
            }
        ],
        "changes": {"hub": HOSTILE_CHANGE, "numbers": "收入来源从一个变成三个"},
    }
    return after, rings
