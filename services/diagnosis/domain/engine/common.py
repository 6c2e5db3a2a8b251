"""Small shared helpers: bilingual text, rounding, weighted means, formatting."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..instrument import Text


def bi(zh: str, en: str) -> dict[str, Any]:
    """A bilingual text as the engine returns it."""
    return {"zh": zh, "en": en}


def text_of(text: Text | None) -> dict[str, Any]:
    """An instrument `Text` (or None) as a JSON-ready {"zh", "en"}."""
    if text is None:
        return bi("", "")
    return bi(text.zh, text.en)


def r1(value: float | None) -> float | None:
    return None if value is None else round(value + 0.0, 1) + 0.0


def r2(value: float | None) -> float | None:
    return None if value is None else round(value + 0.0, 2) + 0.0


def r3(value: float | None) -> float | None:
    return None if value is None else round(value + 0.0, 3) + 0.0


def clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, value))


def mean(values: Iterable[float]) -> float | None:
    """Arithmetic mean, exactly rounded (math.fsum), so the order of the values never matters."""
    values = list(values)
    return math.fsum(values) / len(values) if values else None


def level_to_score(level: float) -> float:
    """score = (level − 1) / 3 × 100: level 1 → 0, 2 → 33.3, 3 → 66.7, 4 → 100."""
    return (level - 1.0) / 3.0 * 100.0


def weighted_mean(parts: Iterable[tuple[float, float | None]]) -> float | None:
    """Σ wᵢ·xᵢ / Σ wᵢ over the parts whose value xᵢ is known (weights renormalised);
    None when no part is known or the known weights sum to 0."""
    known = [(w, x) for w, x in parts if x is not None and w > 0]
    total = math.fsum(w for w, _ in known)
    if not known or total <= 0:
        return None
    return math.fsum(w * x for w, x in known) / total


def pct(value: float) -> str:
    """0.053 → "5.3%"; 0.2 → "20%"."""
    text = f"{value * 100:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    if text == "-0":
        text = "0"
    return text + "%"


def num(value: float, digits: int = 1) -> str:
    """12.0 → "12"; 12.34 → "12.3"."""
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text


def join_zh(names: Iterable[str]) -> str:
    return "、".join(f"「{n}」" for n in names)


def join_en(names: Iterable[str]) -> str:
    names = [f"“{n}”" for n in names]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
