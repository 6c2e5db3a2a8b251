"""The balanced scorecard's four perspectives, from dimension scores and indicator health."""

from __future__ import annotations

from typing import Any

from ..instrument import Instrument
from .common import bi, join_en, join_zh, r1, r3, text_of, weighted_mean
from .finance import INDICATOR_NAMES


def perspective_score(parts: list[tuple[float, float | None]]) -> float | None:
    """score = Σ wᵢ·sᵢ / Σ wᵢ over the known parts, where the parts are the perspective's
    dimensions (weight from `dimension_weights`, sᵢ = the dimension score) and indicators
    (weight from `indicator_weights`, sᵢ = the indicator's 0–100 health); unknown parts are
    left out and the remaining weights renormalised. None when no part is known."""
    return weighted_mean(parts)


def perspective_scores(instrument: Instrument, dimensions: dict[str, Any], finance: dict[str, Any]) -> dict[str, Any]:
    result = {}
    for p in instrument.perspectives:
        parts: list[dict[str, Any]] = []
        for code, weight in p.dimension_weights.items():
            dim = dimensions.get(code)
            parts.append(
                {
                    "kind": "dimension",
                    "code": code,
                    "name": dim["name"] if dim else bi(code, code),
                    "weight": float(weight),
                    "score": dim["score"] if dim else None,
                }
            )
        for code, weight in p.indicator_weights.items():
            ind = finance["indicators"].get(code)
            parts.append(
                {
                    "kind": "indicator",
                    "code": code,
                    "name": INDICATOR_NAMES.get(code, bi(code, code)),
                    "weight": float(weight),
                    "score": ind["health"] if ind else None,
                }
            )
        score = perspective_score([(part["weight"], part["score"]) for part in parts])
        known_weight = sum(part["weight"] for part in parts if part["score"] is not None)
        for part in parts:
            part["effective_weight"] = (
                r3(part["weight"] / known_weight) if part["score"] is not None and known_weight > 0 else 0.0
            )
        result[p.code] = {
            "code": p.code,
            "name": text_of(p.name),
            "question": text_of(p.question),
            "score": r1(score),
            "parts": parts,
            "reason": _reason(text_of(p.name), parts, score),
        }
    return result


def _reason(name: dict[str, Any], parts: list[dict[str, Any]], score: float | None) -> dict[str, Any]:
    used = [part["name"] for part in parts if part["score"] is not None]
    missing = [part["name"] for part in parts if part["score"] is None]
    if score is None:
        return bi(
            f"「{name['zh']}」的各组成部分都没有数据，无法计算。",
            f"No part of “{name['en']}” is known, so it has no score.",
        )
    zh = f"「{name['zh']}」由{join_zh(n['zh'] for n in used)}按权重加权得出"
    en = f"“{name['en']}” is the weighted mean of {join_en(n['en'] for n in used)}"
    if missing:
        zh += f"；{join_zh(n['zh'] for n in missing)}没有数据，其权重按已知部分重新分配"
        en += (
            f"; {join_en(n['en'] for n in missing)} "
            f"{'is unknown, its weight is' if len(missing) == 1 else 'are unknown, their weight is'} "
            f"spread over the known parts"
        )
    return bi(zh + "。", en + ".")
