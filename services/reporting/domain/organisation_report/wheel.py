"""The operations wheel: the hub and its eight spokes, against the cohort's median."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.common.i18n import DASH, N_, Speaker

from .inputs import ReportInputs
from .rules import Rule, always, say
from .shared import labels, pick_all


@dataclass(frozen=True)
class DimensionFacts:
    code: str
    kind: str | None  # hub, spoke, governance…
    name: Mapping[str, str]  # {"zh", "en"}
    score: float | None
    median: float | None  # the cohort's, when it may be shown
    q1: float | None
    q3: float | None
    percentile: float | None
    answered_items: int
    total_items: int
    reasons: tuple[Mapping[str, str], ...]  # the engine's, bilingual


@dataclass(frozen=True)
class WheelFacts:
    rows: tuple[DimensionFacts, ...]
    compared: bool
    cohort_size: int
    best: tuple[str, ...]  # the spokes with the highest score (several when tied)
    worst: tuple[str, ...]
    top: float | None
    low: float | None
    above: tuple[str, ...]  # spokes above the cohort median
    below: tuple[str, ...]

    @property
    def spokes(self) -> tuple[DimensionFacts, ...]:
        return tuple(r for r in self.rows if r.kind == "spoke")

    @property
    def hub(self) -> DimensionFacts | None:
        return next((r for r in self.rows if r.kind == "hub"), None)


def facts(inputs: ReportInputs) -> WheelFacts:
    rows = []
    for code, dim in (inputs.result.get("dimensions") or {}).items():
        bench, percentile = inputs.position("dimensions", code)
        rows.append(
            DimensionFacts(
                code=code,
                kind=dim.get("kind"),
                name=dim.get("name") or {},
                score=dim.get("score"),
                median=bench.get("median"),
                q1=bench.get("q1"),
                q3=bench.get("q3"),
                percentile=percentile,
                answered_items=int(dim.get("answered_items") or 0),
                total_items=int(dim.get("total_items") or 0),
                reasons=tuple(dim.get("reasons") or ()),
            )
        )
    scores = {r.code: r.score for r in rows if r.kind == "spoke" and r.score is not None}
    medians = {r.code: r.median for r in rows if r.code in scores and r.median is not None}
    top = max(scores.values(), default=None)
    low = min(scores.values(), default=None)
    return WheelFacts(
        rows=tuple(rows),
        compared=inputs.compared,
        cohort_size=inputs.cohort_size,
        best=tuple(code for code, score in scores.items() if score == top),
        worst=tuple(code for code, score in scores.items() if score == low),
        top=top,
        low=low,
        above=tuple(code for code, median in medians.items() if scores[code] > median),
        below=tuple(code for code, median in medians.items() if scores[code] < median),
    )


def words(facts: WheelFacts, speak: Speaker) -> dict[str, Any]:
    rows = [_row(r, speak) for r in facts.rows]
    by_code = {r["code"]: r for r in rows}
    spokes = [by_code[r.code] for r in facts.spokes]
    hub = by_code[facts.hub.code] if facts.hub else None
    label = labels(speak)
    return {
        "rows": rows,
        "spokes": spokes,
        "hub": hub,
        "compared": facts.compared,
        "cohort_size": facts.cohort_size,
        "text": text(facts, speak),
        "note": note(facts, speak),
        "chart": {
            "labels": [r["name"] for r in spokes],
            "organisation": [r["score"] for r in spokes],
            "median": [r["median"] for r in spokes] if facts.compared else None,
            "hub": (hub["name"], hub["score"], hub["median"]) if hub else None,
            "legend": (label["organisation"], label["cohort_median"]),
        },
    }


def _row(r: DimensionFacts, speak: Speaker) -> dict[str, Any]:
    return {
        "code": r.code,
        "kind": r.kind,
        "name": speak.pick(r.name),
        "score": r.score,
        "score_text": speak.score(r.score),
        "median": r.median,
        "median_text": speak.score(r.median) if r.median is not None else DASH,
        "quartiles_text": f"{speak.score(r.q1)}–{speak.score(r.q3)}" if r.q1 is not None else DASH,
        "percentile": r.percentile,
        "percentile_text": speak.number(r.percentile) if r.percentile is not None else DASH,
        "answered": f"{r.answered_items}/{r.total_items}",
        "reasons": pick_all(speak, r.reasons),
    }


def _names(facts: WheelFacts, speak: Speaker, codes: tuple[str, ...]) -> str:
    names = {r.code: speak.pick(r.name) for r in facts.rows}
    return speak.names(names[c] for c in codes)


# What the wheel says of its spokes: first match wins. A spoke is never both the highest and the
# lowest: when every spoke scores the same, no spoke is singled out.
EXTREMES: tuple[Rule[WheelFacts], ...] = (
    Rule("none", lambda f: f.top is None or f.low is None, ""),
    Rule(
        "single",
        lambda f: len(f.best) == 1 and f.top == f.low,
        N_("Only one spoke could be scored: %(name)s (%(score)s)."),
        lambda f, s: {"name": _names(f, s, f.best), "score": s.score(f.top)},
    ),
    Rule(
        "tie",
        lambda f: f.top == f.low,
        N_("All the scored spokes score the same, %(score)s: none stands out above or below the others."),
        lambda f, s: {"score": s.score(f.top)},
    ),
    Rule(
        "spread",
        always,
        N_(
            "Of the eight spokes, the highest is %(best)s (%(top)s) and the lowest %(worst)s (%(low)s), "
            "%(gap)s points apart."
        ),
        lambda f, s: {
            "best": _names(f, s, f.best),
            "top": s.score(f.top),
            "worst": _names(f, s, f.worst),
            "low": s.score(f.low),
            "gap": s.score((f.top or 0.0) - (f.low or 0.0)),
        },
    ),
)


HUB: tuple[Rule[WheelFacts], ...] = (
    Rule("unscored", lambda f: f.hub is None or f.hub.score is None, ""),
    Rule(
        "scored",
        always,
        N_("The hub, %(hub)s, scores %(score)s: the starting point for everything else."),
        lambda f, s: {"hub": s.quote(s.pick(f.hub.name)), "score": s.score(f.hub.score)} if f.hub else {},
    ),
)


def text(facts: WheelFacts, speak: Speaker) -> str:
    """What the wheel says, in a few sentences (the summary repeats them)."""
    return speak.join(say(table, facts, speak) for table in (EXTREMES, HUB, AGAINST_THE_MEDIAN))


def _above(f: WheelFacts, speak: Speaker) -> str:
    return speak.ngettext("%(num)d spoke is above it", "%(num)d spokes are above it", len(f.above))


# Against the cohort's median (said to be the cohort's, of how many organisations), first match wins.
AGAINST_THE_MEDIAN: tuple[Rule[WheelFacts], ...] = (
    Rule("not_compared", lambda f: not f.compared, ""),
    Rule(
        "some_below",
        lambda f: bool(f.below),
        N_("Against the median of the %(size)s organisations in the cohort, %(above)s and %(below)s."),
        lambda f, s: {
            "size": f.cohort_size,
            "above": _above(f, s),
            "below": s.ngettext(
                "%(num)d is below it: %(names)s",
                "%(num)d are below it: %(names)s",
                len(f.below),
                names=_names(f, s, f.below),
            ),
        },
    ),
    Rule(
        "none_below",
        always,
        N_("Against the median of the %(size)s organisations in the cohort, %(above)s and %(below)s."),
        lambda f, s: {"size": f.cohort_size, "above": _above(f, s), "below": s.gettext("none is below")},
    ),
)


def note(facts: WheelFacts, speak: Speaker) -> str:
    """Why there is no comparison, when the cohort is too small to be shown."""
    if facts.compared:
        return ""
    return speak.ngettext(
        "Only %(num)d organisation of the cohort has submitted so far. To protect each organisation's data "
        "the cohort median and percentiles appear once five organisations have submitted; generate this "
        "report again then to see the comparison.",
        "Only %(num)d organisations of the cohort have submitted so far. To protect each organisation's "
        "data the cohort median and percentiles appear once five organisations have submitted; generate "
        "this report again then to see the comparison.",
        facts.cohort_size,
    )
