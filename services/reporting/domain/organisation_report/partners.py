"""Section 9, suggested partners: the cohort's matches that involve this organisation, each
shown by the other's name, the kind of cooperation and the engine's reason (never an id)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.common.i18n import DASH, Speaker

from .inputs import ReportInputs

Text = Mapping[str, str | None]  # the engine's wording, {"zh", "en"}


@dataclass(frozen=True)
class Partner:
    name: str | None  # the other organisation's name, as it registered
    kind: str | None  # the code of the kind of cooperation
    kind_name: Text | None
    reason: Text | None


@dataclass(frozen=True)
class PartnersFacts:
    partners: tuple[Partner, ...]


def facts(inputs: ReportInputs) -> PartnersFacts:
    me = inputs.result.get("organisation_id")
    partners = []
    for match in inputs.cohort.get("matches") or []:
        if match.get("from") == me:
            name = match.get("to_name")
        elif match.get("to") == me:
            name = match.get("from_name")
        else:
            continue
        partners.append(
            Partner(name=name, kind=match.get("type"), kind_name=match.get("type_name"), reason=match.get("reason"))
        )
    return PartnersFacts(partners=tuple(partners))


def words(facts: PartnersFacts, speak: Speaker) -> dict[str, Any]:
    rows = [
        {"name": p.name or DASH, "type": speak.pick(p.kind_name), "reason": speak.pick(p.reason)}
        for p in facts.partners
    ]
    intro = speak.gettext(
        "At the workshop many organisations agreed to share resources, exchange staff and cooperate "
        "on projects. These are the organisations of the cohort worth talking to first: one's "
        "strength covers the other's weakness, and they share a field or an area. Only the name and "
        "the reason for the match are shown."
    )
    note = (
        ""
        if rows
        else speak.gettext(
            "No suitable partner has been found in the cohort yet; matches are recomputed as more organisations submit."
        )
    )
    return {"intro": intro, "rows": rows, "note": note}
