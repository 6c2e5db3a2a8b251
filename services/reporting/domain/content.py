"""What a report says, computed from the diagnosis figures (no I/O, no HTML)."""
from __future__ import annotations

import datetime as dt

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


def report_context(report: dict, generated_on: dt.date) -> dict:
    overall = float(report["scores"]["overall"])
    band_zh, band_en = band(overall)
    return {
        "organisation_name_zh": report["organisation_name_zh"],
        "organisation_name_en": report["organisation_name_en"],
        "diagnosis_version": report["diagnosis_version"],
        "overall": overall,
        "answered": report["scores"].get("answered"),
        "band_zh": band_zh,
        "band_en": band_en,
        "generated_on": generated_on.isoformat(),
        "language": report["language"],
    }
