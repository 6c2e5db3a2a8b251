"""Scoring, free of I/O.

Placeholder for the foundation: every answer is a rubric level 1–4, and the overall score is
the mean level mapped onto 0–100:  score = (mean(level) − 1) / 3 × 100.
The instrument issue replaces this with the operations wheel and its explicit mapping.
"""
from __future__ import annotations

LOWEST_LEVEL = 1
HIGHEST_LEVEL = 4


def level_to_score(level: float) -> float:
    return (level - LOWEST_LEVEL) / (HIGHEST_LEVEL - LOWEST_LEVEL) * 100


def score_answers(answers: dict[str, int]) -> dict[str, float]:
    if not answers:
        raise ValueError("a diagnosis needs at least one answer")
    mean_level = sum(answers.values()) / len(answers)
    return {"overall": round(level_to_score(mean_level), 1), "answered": len(answers)}
