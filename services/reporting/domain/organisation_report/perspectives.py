"""The four scorecard perspectives, each a weighted mean of areas and financial indicators."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.common.i18n import Speaker

from .inputs import ReportInputs
from .shared import Text, get

WEAK = 50.0  # a part scoring below it pulls its perspective down
LEVEL = 0.05  # closer to the median than this is level with it


@dataclass(frozen=True)
class PartFacts:
    name: Text
    score: float | None
    weight: float
    indicator: bool  # a financial indicator's health score, not an area's score


@dataclass(frozen=True)
class PerspectiveFacts:
    code: str
    name: Text
    question: Text  # the guiding question of the workshop
    score: float | None
    median: float | None  # the cohort's, when it may be shown
    percentile: float | None
    parts: tuple[PartFacts, ...]

    @property
    def known(self) -> tuple[PartFacts, ...]:
        return tuple(p for p in self.parts if p.score is not None)

    @property
    def strongest(self) -> PartFacts | None:
        """The best and the worst of two parts or more, when they differ."""
        return self._extremes()[0]

    @property
    def weakest(self) -> PartFacts | None:
        return self._extremes()[1]

    @property
    def weak(self) -> tuple[PartFacts, ...]:
        """The parts below WEAK, named when the weakest is one of them."""
        weakest = self.weakest
        if weakest is None or weakest.score is None or weakest.score >= WEAK:
            return ()
        return tuple(p for p in self.known if p.score is not None and p.score < WEAK)

    def _extremes(self) -> tuple[PartFacts | None, PartFacts | None]:
        known = self.known
        if len(known) < 2:
            return None, None
        top = max(known, key=lambda p: p.score or 0.0)
        low = min(known, key=lambda p: p.score or 0.0)
        return (top, low) if top.score != low.score else (None, low)


@dataclass(frozen=True)
class PerspectivesFacts:
    rows: tuple[PerspectiveFacts, ...]


def facts(inputs: ReportInputs) -> PerspectivesFacts:
    bench = inputs.benchmark.get("perspectives") or {}
    percentiles = get(inputs.cohort, "percentiles", "perspectives", default={})
    rows = []
    for code, p in (inputs.result.get("perspectives") or {}).items():
        b = bench.get(code) or {}
        shown = inputs.compared and not b.get("suppressed", True)
        rows.append(
            PerspectiveFacts(
                code=code,
                name=p.get("name") or {},
                question=p.get("question") or {},
                score=p.get("score"),
                median=b.get("median") if shown else None,
                percentile=percentiles.get(code) if shown else None,
                parts=tuple(
                    PartFacts(
                        name=part.get("name") or {},
                        score=part.get("score"),
                        weight=float(part.get("weight") or 0),
                        indicator=part.get("kind") == "indicator",
                    )
                    for part in p.get("parts") or []
                ),
            )
        )
    return PerspectivesFacts(rows=tuple(rows))


def words(facts: PerspectivesFacts, speak: Speaker) -> dict[str, Any]:
    return {
        "intro": speak.gettext(
            "All four perspectives start from the mission: finance enables it, it is not the goal (Kaplan, "
            "2001). Each score is a weighted mean of the areas and financial indicators listed (weights in "
            "brackets; indicators first become a 0–100 health score). Each comes with the guiding question "
            "from the workshop: answer it with the team, figures in hand."
        ),
        "rows": [_perspective(p, speak) for p in facts.rows],
    }


def _part_score(part: PartFacts, speak: Speaker) -> str:
    if part.indicator:
        return speak.gettext("health %(score)s", score=speak.score(part.score))
    return speak.score(part.score)


def _perspective(p: PerspectiveFacts, speak: Speaker) -> dict[str, Any]:
    return {
        "code": p.code,
        "name": speak.pick(p.name),
        "question": speak.pick(p.question),
        "score": p.score,
        "score_text": speak.score(p.score),
        "median_text": speak.score(p.median),
        "parts": [
            {
                "name": speak.pick(part.name),
                "score": part.score,
                "score_text": _part_score(part, speak),
                "weight_text": speak.percent(part.weight, 0),
                "indicator": part.indicator,
            }
            for part in p.parts
        ],
        "text": speak.join(_sentences(p, speak)),
    }


def _sentences(p: PerspectiveFacts, speak: Speaker) -> list[str]:
    if p.score is None:
        sentences = [speak.gettext("Not enough data to score this perspective.")]
    else:
        comparison = _comparison(p, speak)
        sentences = [
            speak.gettext("It scores %(score)s, %(comparison)s.", score=speak.score(p.score), comparison=comparison)
            if comparison
            else speak.gettext("It scores %(score)s.", score=speak.score(p.score))
        ]
    top, low = p.strongest, p.weakest
    if top is not None and low is not None:
        sentences.append(
            speak.gettext(
                "Among its parts the strongest is %(strongest)s (%(top)s) and the weakest %(weakest)s (%(low)s).",
                strongest=speak.quote(speak.pick(top.name)),
                top=_part_score(top, speak),
                weakest=speak.quote(speak.pick(low.name)),
                low=_part_score(low, speak),
            )
        )
    if p.weak:
        sentences.append(
            speak.gettext(
                "%(parts)s (below 50) pull this perspective down: a place to start when answering the guiding "
                "question.",
                parts=speak.names(speak.pick(x.name) for x in p.weak),
            )
        )
    return sentences


def _comparison(p: PerspectiveFacts, speak: Speaker) -> str:
    score, median = p.score, p.median
    if score is None or median is None:
        return ""
    if abs(score - median) < LEVEL:
        where = speak.gettext("level with the cohort median")
    elif score > median:
        where = speak.gettext(
            "%(gap)s points above the cohort median (%(median)s)",
            gap=speak.score(score - median),
            median=speak.score(median),
        )
    else:
        where = speak.gettext(
            "%(gap)s points below the cohort median (%(median)s)",
            gap=speak.score(median - score),
            median=speak.score(median),
        )
    if p.percentile is None:
        return where
    return speak.gettext(
        "%(comparison)s, at percentile %(percentile)s", comparison=where, percentile=speak.number(p.percentile)
    )
