"""Key-person risk: how much the organisation depends on its leader alone (决策层依赖负责人一人)."""

from __future__ import annotations

from typing import Any, cast

from .common import bi, clamp, mean, num, pct, r1, r3, weighted_mean

WEIGHTS = {"governance_weakness": 0.5, "leader_donations": 0.25, "leader_team_gap": 0.25}
DONATION_SHARE_FULL = 0.5  # a leader-donation share of 50% of revenue counts as 100
GAP_FULL = 100.0 / 3.0  # an average positive gap of one rubric level (33.3 points) counts as 100


def governance_weakness(governance_score: float | None) -> float | None:
    """governance weakness = 100 − governance dimension score."""
    return None if governance_score is None else 100.0 - governance_score


def leader_donation_part(share: float | None) -> float | None:
    """leader-donation part = clamp(share / 0.5, 0, 1) × 100 (half the revenue from the leader
    and board's own pockets → 100)."""
    return None if share is None else clamp(share / DONATION_SHARE_FULL) * 100.0


def gap_part(spoke_gaps: list[float | None]) -> tuple[float | None, float | None]:
    """gap part = clamp(ḡ / 33.3, 0, 1) × 100 where ḡ = mean over the spokes with a known
    leader-vs-team gap of max(gap, 0): only the leader rating higher than the team counts,
    and a one-level gap (33.3 points) on average counts as 100. Returns (part, ḡ)."""
    gaps = [max(g, 0.0) for g in spoke_gaps if g is not None]
    if not gaps:
        return None, None
    average = cast(float, mean(gaps))  # gaps is not empty
    return clamp(average / GAP_FULL) * 100.0, average


def key_person_index(parts: dict[str, float | None]) -> float | None:
    """index = (0.5 × governance weakness + 0.25 × leader-donation part + 0.25 × gap part)
    / (sum of the weights of the known parts): unknown parts are skipped and the weights
    renormalised. 0–100, higher = more dependent on one person; None when nothing is known.
    Bands on the index rounded to 1 decimal: below 33.3 low, below 66.7 medium, otherwise high."""
    return weighted_mean((WEIGHTS[code], value) for code, value in parts.items())


def key_person_risk(dimensions: dict[str, Any], raw: dict[str, Any], leader_share: float | None) -> dict[str, Any]:
    """The index with its parts (value, weight, effective weight, input, reason) and a band;
    `raw` holds the unrounded dimension scores and gaps."""
    governance = raw["governance"]["score"] if "governance" in raw else None
    spoke_gaps = [raw[code]["gap"] for code, d in dimensions.items() if d["kind"] == "spoke"]
    gap_value, average_gap = gap_part(spoke_gaps)
    values = {
        "governance_weakness": governance_weakness(governance),
        "leader_donations": leader_donation_part(leader_share),
        "leader_team_gap": gap_value,
    }
    index = r1(key_person_index(values))
    parts: list[dict[str, Any]] = [
        {
            "code": "governance_weakness",
            "weight": WEIGHTS["governance_weakness"],
            "value": r1(values["governance_weakness"]),
            "input": r1(governance),
            "reason": (
                bi("没有治理方面的评分，此项跳过。", "No governance ratings: this part is skipped.")
                if governance is None
                else bi(
                    f"治理得分 {num(governance)}，薄弱程度为 {num(100 - governance)}（满分 100）："
                    f"看的是离开负责人三个月能否运转、理事会是否开会决策、有没有第二梯队和成文流程。",
                    f"Governance scores {num(governance)}, a weakness of {num(100 - governance)} out of 100: "
                    f"can it run three months without the leader, does the board meet and decide, "
                    f"are there second-line leaders and written processes.",
                )
            ),
        },
        {
            "code": "leader_donations",
            "weight": WEIGHTS["leader_donations"],
            "value": r1(values["leader_donations"]),
            "input": r3(leader_share),
            "reason": (
                bi(
                    "没有负责人捐赠或收入数据，此项跳过。",
                    "No leader-donation or income figures: this part is skipped.",
                )
                if leader_share is None
                else bi(
                    f"负责人和理事个人捐赠占总收入的 {pct(leader_share)}（占到 50% 即记满分）。",
                    f"Leader and board donations are {pct(leader_share)} of revenue (50% would score the full 100).",
                )
            ),
        },
        {
            "code": "leader_team_gap",
            "weight": WEIGHTS["leader_team_gap"],
            "value": r1(gap_value),
            "input": r1(average_gap),
            "reason": (
                bi(
                    "只有负责人一人评分，没有团队评分可比，此项跳过。",
                    "Only the leader rated: there is no team rating to compare, this part is skipped.",
                )
                if average_gap is None
                else bi(
                    f"各辐条上负责人比团队平均高出 {num(average_gap)} 分（只计负责人更高的部分；高出一级即 33.3 分记满分）。",
                    f"Across the spokes the leader rates {num(average_gap)} points above the team on average "
                    f"(only higher ratings count; one full level, 33.3 points, scores 100).",
                )
            ),
        },
    ]
    known_weight = sum(WEIGHTS[p["code"]] for p in parts if p["value"] is not None)
    for p in parts:
        p["effective_weight"] = r3(p["weight"] / known_weight) if p["value"] is not None and known_weight else 0.0
    return {
        "index": index,
        "band": None if index is None else _band(index),
        "parts": parts,
        "reason": _reason(index, parts),
    }


def _band(index: float) -> str:
    """On the reported index (1 decimal): below 33.3 low, below 66.7 medium, else high."""
    return "low" if index < 33.3 else "medium" if index < 66.7 else "high"


def _reason(index: float | None, parts: list[dict[str, Any]]) -> dict[str, Any]:
    if index is None:
        return bi(
            "缺少治理评分、收入数据和团队评分，无法估计关键人物风险。",
            "Without governance ratings, income figures or team ratings the key-person risk cannot be estimated.",
        )
    band = _band(index)
    words = {"low": bi("较低", "low"), "medium": bi("中等", "medium"), "high": bi("较高", "high")}[band]
    top = max((p for p in parts if p["value"] is not None), key=lambda p: p["value"] * p["weight"])
    names = {
        "governance_weakness": bi("治理薄弱", "weak governance"),
        "leader_donations": bi("依赖负责人捐赠", "reliance on the leader's donations"),
        "leader_team_gap": bi("负责人与团队看法不一致", "the leader seeing things rosier than the team"),
    }[top["code"]]
    part = {
        "governance_weakness": bi("治理一项", "the governance part"),
        "leader_donations": bi("负责人捐赠一项", "the leader-donations part"),
        "leader_team_gap": bi("负责人与团队评分差一项", "the leader-team gap part"),
    }[top["code"]]
    if top["value"] < 100 / 3:  # the largest part is low in itself: named, not called the cause
        return bi(
            f"关键人物风险指数 {num(index)}（满分 100），属于{words['zh']}水平；各部分中贡献最大的是{part['zh']}"
            f"（{num(top['value'])} 分），本身并不高。",
            f"Key-person risk index {num(index)} out of 100: {words['en']}; its largest part is {part['en']} "
            f"({num(top['value'])}), itself not high.",
        )
    if top["value"] * top["effective_weight"] < index / 2:  # no part is half the index
        return bi(
            f"关键人物风险指数 {num(index)}（满分 100），属于{words['zh']}水平；各部分中贡献最大的是{part['zh']}"
            f"（{num(top['value'])} 分）。",
            f"Key-person risk index {num(index)} out of 100: {words['en']}; its largest part is {part['en']} "
            f"({num(top['value'])}).",
        )
    return bi(
        f"关键人物风险指数 {num(index)}（满分 100），属于{words['zh']}水平；主要来自{names['zh']}。",
        f"Key-person risk index {num(index)} out of 100: {words['en']}; driven mostly by {names['en']}.",
    )
