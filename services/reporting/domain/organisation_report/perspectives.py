"""The four scorecard perspectives, each a weighted mean of areas and financial indicators."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.common.i18n import N_, Speaker

from .inputs import ReportInputs
from .rules import Rule, always, say
from .shared import Text

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
    rows = []
    for code, p in (inputs.result.get("perspectives") or {}).items():
        bench, percentile = inputs.position("perspectives", code)
        rows.append(
            PerspectiveFacts(
                code=code,
                name=p.get("name") or {},
                question=p.get("question") or {},
                score=p.get("score"),
                median=bench.get("median"),
                percentile=percentile,
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


def _extremes_values(p: PerspectiveFacts, speak: Speaker) -> dict[str, str]:
    top, low = p.strongest, p.weakest
    assert top is not None and low is not None  # the rule's condition
    return {
        "strongest": speak.quote(speak.pick(top.name)),
        "top": _part_score(top, speak),
        "weakest": speak.quote(speak.pick(low.name)),
        "low": _part_score(low, speak),
    }


def _where(p: PerspectiveFacts, speak: Speaker) -> str:
    return say(WHERE, p, speak)


def _compared(p: PerspectiveFacts) -> bool:
    return p.score is not None and p.median is not None


def _gap(p: PerspectiveFacts) -> float:
    return (p.score or 0.0) - (p.median or 0.0)


# Where the perspective stands against the cohort's median (always said to be the cohort's),
# first match wins; its percentile, when known, follows.
WHERE: tuple[Rule[PerspectiveFacts], ...] = (
    Rule("none", lambda p: not _compared(p), ""),
    Rule("level", lambda p: abs(_gap(p)) < LEVEL, N_("level with the cohort median")),
    Rule(
        "above",
        lambda p: _gap(p) > 0,
        N_("%(gap)s points above the cohort median (%(median)s)"),
        lambda p, s: {"gap": s.score(_gap(p)), "median": s.score(p.median)},
    ),
    Rule(
        "below",
        always,
        N_("%(gap)s points below the cohort median (%(median)s)"),
        lambda p, s: {"gap": s.score(-_gap(p)), "median": s.score(p.median)},
    ),
)
COMPARISON: tuple[Rule[PerspectiveFacts], ...] = (
    # "%(comparison)s" is not a message of the catalogue: the comparison alone, as WHERE says it
    Rule("where", lambda p: p.percentile is None, "%(comparison)s", lambda p, s: {"comparison": _where(p, s)}),
    Rule(
        "percentile",
        always,
        N_("%(comparison)s, at percentile %(percentile)s"),
        lambda p, s: {"comparison": _where(p, s), "percentile": s.number(p.percentile)},
    ),
)

# The perspective's sentences, each from its own table, first match wins.
SCORE: tuple[Rule[PerspectiveFacts], ...] = (
    Rule("unscored", lambda p: p.score is None, N_("Not enough data to score this perspective.")),
    Rule(
        "compared",
        _compared,
        N_("It scores %(score)s, %(comparison)s."),
        lambda p, s: {"score": s.score(p.score), "comparison": say(COMPARISON, p, s)},
    ),
    Rule("alone", always, N_("It scores %(score)s."), lambda p, s: {"score": s.score(p.score)}),
)
PARTS: tuple[Rule[PerspectiveFacts], ...] = (
    Rule(
        "extremes",
        lambda p: p.strongest is not None and p.weakest is not None,
        N_("Among its parts the strongest is %(strongest)s (%(top)s) and the weakest %(weakest)s (%(low)s)."),
        _extremes_values,
    ),
)
WEAK_PARTS: tuple[Rule[PerspectiveFacts], ...] = (
    Rule(
        "weak",
        lambda p: bool(p.weak),
        N_("%(parts)s (below 50) pull this perspective down: a place to start when answering the guiding question."),
        lambda p, s: {"parts": s.names(s.pick(x.name) for x in p.weak)},
    ),
)


def _sentences(p: PerspectiveFacts, speak: Speaker) -> list[str]:
    return [say(table, p, speak) for table in (SCORE, PARTS, WEAK_PARTS)]
