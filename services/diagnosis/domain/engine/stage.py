"""The growth ladder 活动 → 项目 → 产品 → 技术输出 (activities → projects → products → know-how)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..instrument import STAGES, Instrument
from .common import bi, join_en, join_zh, text_of

FALLBACK_NAMES = {
    "activities": bi("活动", "Activities"),
    "projects": bi("项目", "Projects"),
    "products": bi("产品", "Products"),
    "know_how": bi("技术输出", "Exporting know-how"),
}


def stage_met(yes: int, total: int) -> bool:
    """A stage's criteria are met when a strict majority of them is answered yes:
    yes > total / 2 (1 of 1, 2 of 2, 2 of 3, 3 of 4, 3 of 5). A missing answer counts as no;
    a stage without criteria can never be met."""
    return total > 0 and 2 * yes > total


def ladder_stage(met: list[bool]) -> int:
    """The reached stage is the highest stage whose criteria are met and all of whose lower
    stages are met too: the number of leading True values (0 = not even "activities").
    A gap in the ladder stops it: met stages above an unmet one do not count."""
    reached = 0
    for ok in met:
        if not ok:
            break
        reached += 1
    return reached


def stage_names(instrument: Instrument) -> dict[str, dict[str, Any]]:
    names = {code: FALLBACK_NAMES[code] for code in STAGES}
    for stage in instrument.stages:
        names[stage.code] = text_of(stage.name)
    return names


def growth_stage(instrument: Instrument, evidence: Mapping[str, bool]) -> dict[str, Any]:
    names = stage_names(instrument)
    ladder: list[dict[str, Any]] = []
    for code in STAGES:
        criteria = [c for c in instrument.stage_criteria if c.stage == code]
        rows = [{"code": c.code, "text": text_of(c.text), "met": bool(evidence.get(c.code, False))} for c in criteria]
        yes = sum(1 for r in rows if r["met"])
        ladder.append(
            {
                "code": code,
                "name": names[code],
                "criteria": rows,
                "yes": yes,
                "total": len(rows),
                "met": stage_met(yes, len(rows)),
            }
        )
    reached = ladder_stage([step["met"] for step in ladder])
    for i, step in enumerate(ladder):
        step["reached"] = i < reached
    current = ladder[reached - 1] if reached else None
    following = ladder[reached] if reached < len(ladder) else None
    return {
        "code": current["code"] if current else None,
        "name": current["name"] if current else None,
        "index": reached,  # 0 = none, 1 = activities … 4 = know_how
        "next": None
        if following is None
        else {
            "code": following["code"],
            "name": following["name"],
            "missing": [r["text"] for r in following["criteria"] if not r["met"]],
        },
        "ladder": ladder,
        "reasons": _reasons(ladder, reached),
    }


def _clause(text: str) -> str:
    """A criterion as a clause inside a sentence: without its final full stop."""
    return text.strip().rstrip("。.!！;；")


def _reasons(ladder: list[dict[str, Any]], reached: int) -> list[dict[str, Any]]:
    reasons = []
    if reached:
        done = [s["name"] for s in ladder[:reached]]
        current = ladder[reached - 1]["name"]
        met_texts = [r["text"] for r in ladder[reached - 1]["criteria"] if r["met"]]
        reasons.append(
            bi(
                f"满足了{join_zh(n['zh'] for n in done)}{'各级' if reached > 1 else '阶段'}的标准，"
                f"所以处在「{current['zh']}」阶段"
                + (f"；依据：{'；'.join(_clause(t['zh']) for t in met_texts)}。" if met_texts else "。"),
                f"The criteria of {join_en(n['en'] for n in done)} are met, so the organisation is at the "
                f"“{current['en']}” stage"
                + (f"; evidence: {'; '.join(_clause(t['en']) for t in met_texts)}." if met_texts else "."),
            )
        )
    if reached < len(ladder):
        step = ladder[reached]
        if step["total"] == 0:
            reasons.append(
                bi(
                    f"「{step['name']['zh']}」阶段没有判断标准，阶梯到此为止。",
                    f"The “{step['name']['en']}” stage has no criteria, so the ladder stops here.",
                )
            )
        else:
            reasons.append(
                bi(
                    f"「{step['name']['zh']}」阶段的 {step['total']} 条标准只满足了 {step['yes']} 条（需要过半），"
                    f"{'还没有进入阶梯' if reached == 0 else '这是下一步要跨的台阶'}。",
                    f"Only {step['yes']} of the {step['total']} criteria of “{step['name']['en']}” "
                    f"{'is' if step['yes'] == 1 else 'are'} met (more than half are needed): "
                    f"{'the ladder is not yet entered' if reached == 0 else 'this is the next step to climb'}.",
                )
            )
        skipped = [s["name"] for s in ladder[reached + 1 :] if s["met"]]
        if skipped:
            reasons.append(
                bi(
                    f"虽然{join_zh(n['zh'] for n in skipped)}的标准已经满足，但下面一级还没有达到，阶梯不能跳级。",
                    f"Although the criteria of {join_en(n['en'] for n in skipped)} are met, a lower step is missing: "
                    f"the ladder cannot be skipped.",
                )
            )
    return reasons
