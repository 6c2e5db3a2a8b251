"""Section 6, the industry scan: the organisation's own choices as a SWOT 2×2, the items it
marked "strongly applies" first, and its own words beside them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.common.i18n import Speaker

from .inputs import ReportInputs
from .shared import Text

# Outside in, as the workshop works and as the intro says: external on top, internal below.
QUADRANTS = ("opportunity", "threat", "strength", "weakness")
STRONG = 2  # the level of "strongly applies"


@dataclass(frozen=True)
class Choice:
    code: str
    wording: Text | None
    strong: bool


@dataclass(frozen=True)
class Quadrant:
    code: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class ScanFacts:
    given: bool  # whether reporting holds the organisation's choices at all
    quadrants: tuple[Quadrant, ...]
    text: str  # the organisation's own words, typed by its leader


def facts(inputs: ReportInputs) -> ScanFacts:
    scan = inputs.scan or {}
    items = inputs.appendix.get("scan_items") or {}
    quadrants = tuple(_quadrant(code, items, scan) for code in QUADRANTS) if scan else ()
    return ScanFacts(given=bool(scan), quadrants=quadrants, text=inputs.scan_text or "")


def _quadrant(quadrant: str, items: Mapping[str, Any], scan: Mapping[str, int]) -> Quadrant:
    chosen = []
    for code, item in items.items():
        level = int(scan.get(code) or 0)
        if item.get("quadrant") == quadrant and level > 0:
            chosen.append(Choice(code=code, wording=item.get("text"), strong=level >= STRONG))
    chosen.sort(key=lambda c: not c.strong)
    return Quadrant(code=quadrant, choices=tuple(chosen))


def words(facts: ScanFacts, speak: Speaker) -> dict[str, Any]:
    intro = speak.gettext(
        "The industry scan works from the outside in: external opportunities and threats first, "
        "then the organisation's own strengths and weaknesses. Below are the items the organisation "
        "chose; those it marked “strongly applies” come first."
    )
    if not facts.given:
        return {
            "given": False,
            "intro": intro,
            "quadrants": [],
            "text": facts.text,
            "note": speak.gettext(
                "The organisation's industry-scan choices were not available when this report was "
                "made. The team can fill in the opportunities, threats, strengths and weaknesses "
                "discussed at the workshop and read them alongside the development paths in section 7."
            ),
        }
    titles = _titles(speak)
    quadrants = [
        {
            "code": q.code,
            "title": titles[q.code],
            "entries": [{"text": speak.pick(c.wording), "strong": c.strong} for c in q.choices],
        }
        for q in facts.quadrants
    ]
    return {"given": True, "intro": intro, "quadrants": quadrants, "text": facts.text, "note": ""}


def _titles(speak: Speaker) -> dict[str, str]:
    return {
        "strength": speak.pgettext("industry scan", "Strengths"),
        "weakness": speak.pgettext("industry scan", "Weaknesses"),
        "opportunity": speak.pgettext("industry scan", "Opportunities"),
        "threat": speak.pgettext("industry scan", "Threats"),
    }
