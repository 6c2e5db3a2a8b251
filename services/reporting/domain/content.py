"""The words a leader reads beside a score (no I/O, no HTML)."""

from __future__ import annotations

# The wheel's overall maturity, low to high: the words a leader reads beside their overall
# score on the cover. Four steps over the whole range, unlike the engine's `level_band`,
# which judges one dimension by rubric levels (a mean level of 2 or below is a weakness).
MATURITY_BANDS = [
    (0, "起步阶段", "getting started"),
    (40, "逐步成形", "taking shape"),
    (60, "基础扎实", "well founded"),
    (80, "成熟稳健", "mature"),
]


def maturity(overall: float) -> tuple[str, str]:
    zh, en = MATURITY_BANDS[0][1:]
    for floor, band_zh, band_en in MATURITY_BANDS:
        if overall >= floor:
            zh, en = band_zh, band_en
    return zh, en
