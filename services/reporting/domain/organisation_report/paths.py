"""Section 7, the six development paths: ranked by the engine's fit, each with its reasons
for and against (the engine's own wording)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.common.i18n import DASH, Speaker

from .inputs import ReportInputs

Text = Mapping[str, str | None]  # the engine's wording, {"zh", "en"}


@dataclass(frozen=True)
class DevelopmentPath:
    code: str
    rank: int | None
    name: Text | None
    description: Text | None
    fit: float | None  # 0–100
    view: int | None  # the organisation's own interest, out of four
    reasons_for: tuple[Text, ...]
    reasons_against: tuple[Text, ...]
    reasons_mixed: tuple[Text, ...]
    unknown: tuple[Text, ...]


@dataclass(frozen=True)
class PathsFacts:
    paths: tuple[DevelopmentPath, ...]


def facts(inputs: ReportInputs) -> PathsFacts:
    return PathsFacts(paths=tuple(_path(p) for p in inputs.result.get("paths") or []))


def _path(path: Mapping[str, Any]) -> DevelopmentPath:
    return DevelopmentPath(
        code=path.get("code") or "",
        rank=path.get("rank"),
        name=path.get("name"),
        description=path.get("description"),
        fit=path.get("fit"),
        view=path.get("view"),
        reasons_for=tuple(path.get("reasons_for") or ()),
        reasons_against=tuple(path.get("reasons_against") or ()),
        reasons_mixed=tuple(path.get("reasons_mixed") or ()),
        unknown=tuple(path.get("unknown") or ()),
    )


def words(facts: PathsFacts, speak: Speaker) -> dict[str, Any]:
    intro = speak.gettext(
        "The workshop discussed six development paths: specialise, one core with two wings, "
        "regional comprehensive provider, group, consortium and new-type organisation. They are "
        "ranked by fit with the organisation as it is today (0–100), each with the reasons for and "
        "against. A fit is not an answer but the start of a discussion: the leader, team and board "
        "choose the path together."
    )
    return {"intro": intro, "rows": [_row(p, speak) for p in facts.paths]}


def _row(path: DevelopmentPath, speak: Speaker) -> dict[str, Any]:
    return {
        "rank": path.rank,
        "name": speak.pick(path.name),
        "description": speak.pick(path.description),
        "fit": path.fit,
        "fit_text": speak.score(path.fit),
        "fit_width": max(0.0, min(100.0, float(path.fit or 0))),
        "view_text": DASH
        if path.view is None
        else speak.pgettext("interest out of four", "%(view)s/4", view=speak.number(path.view)),
        "reasons_for": [speak.pick(r) for r in path.reasons_for],
        "reasons_against": [speak.pick(r) for r in path.reasons_against],
        "reasons_mixed": [speak.pick(r) for r in path.reasons_mixed],
        "unknown": [speak.pick(r) for r in path.unknown],
    }
