"""The words a leader reads beside a score (no I/O, no HTML)."""
from __future__ import annotations


# Score bands, low to high: the words a leader reads beside their number.
BANDS = [
    (0, "起步阶段", "getting started"),
    (40, "逐步成形", "taking shape"),
    (60, "基础扎实", "well founded"),
    (80, "成熟稳健", "mature"),
]


def band(score: float) -> tuple[str, str]:
    zh, en = BANDS[0][1:]
    for floor, band_zh, band_en in BANDS:
        if score >= floor:
            zh, en = band_zh, band_en
    return zh, en
