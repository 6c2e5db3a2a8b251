"""`diagnose`: one organisation's own figures (no cohort)."""

from __future__ import annotations

from typing import Any

from ..instrument import ROLES, Instrument
from .confidentiality import MIN_RATERS, rater_groups
from .dimensions import dimension_scores, item_statistics, raw_dimension_scores
from .finance import financial_indicators, raw_value
from .inputs import OrganisationInput
from .keyperson import key_person_risk
from .paths import rank_paths
from .perspectives import perspective_scores
from .priorities import priorities
from .stage import growth_stage


def diagnose(instrument: Instrument, org: OrganisationInput) -> dict[str, Any]:
    """The diagnosis of one organisation as a JSON-ready dict:
    organisation_id, workshop_id, name_zh, instrument_version, raters, items, disagreements,
    dimensions, perspectives, finance, key_person_risk, stage, paths, priorities.
    Pure and deterministic: the order of the raters does not matter."""
    raters = sorted(org.raters, key=lambda r: (r.role, r.respondent_id))
    counted, groups = rater_groups(raters)
    items = item_statistics(instrument, counted, groups)
    raw = raw_dimension_scores(instrument, counted)
    dimensions = dimension_scores(instrument, raw, items)
    finance = financial_indicators(org.numbers)
    stage = growth_stage(instrument, org.stage_evidence)
    return {
        "organisation_id": org.organisation_id,
        "workshop_id": org.workshop_id,
        "name_zh": org.name_zh,
        "instrument_version": instrument.version,
        "raters": {
            "count": len(raters),
            "by_role": {role: sum(1 for r in raters if r.role == role) for role in ROLES},
            "team": len(raters) - sum(1 for r in raters if r.role == "leader"),
            "counted": len(counted),
            "team_counted": len(counted) > sum(1 for r in raters if r.role == "leader"),
            "groups": [g for g in groups if g != "leader"],
            "min_raters": MIN_RATERS,
        },
        "items": items,
        "disagreements": [code for code, item in items.items() if item["flagged"]],
        "dimensions": dimensions,
        "perspectives": perspective_scores(instrument, dimensions, finance),
        "finance": finance,
        "key_person_risk": key_person_risk(dimensions, raw, raw_value(org.numbers, "leader_donation_share")),
        "stage": stage,
        "paths": rank_paths(instrument, org, dimensions, raw, stage),
        "priorities": priorities(instrument, dimensions, finance),
    }
