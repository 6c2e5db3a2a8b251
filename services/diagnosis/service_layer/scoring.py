"""The figures a workshop's recomputation is made of (each organisation's inputs, the
cohort's figures, what one organisation may see of them, the headline and the appendix),
and what reading them needs."""

from __future__ import annotations

import dataclasses
import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..adapters.orm import cohorts, known_organisations, respondents, responses
from ..domain import engine
from ..domain.engine import rings
from ..domain.engine.inputs import OrganisationInput, RaterAnswers
from ..domain.instrument import Instrument


def as_json(value):
    """The result as the database gives it back (lists, not tuples), so that an unchanged
    result compares equal to the stored one."""
    return json.loads(json.dumps(value, ensure_ascii=False))


def workshop_inputs(session: Session, workshop_id: str, round_: int) -> list[OrganisationInput]:
    """Every taking-part organisation of the workshop whose leader has submitted in the round."""
    organisations = (
        session.execute(
            select(known_organisations)
            .where(known_organisations.c.workshop_id == workshop_id, known_organisations.c.status != "withdrawn")
            .order_by(known_organisations.c.id)
        )
        .mappings()
        .all()
    )
    submitted = latest_submitted(session, [o["id"] for o in organisations], round_)
    inputs = []
    for organisation in organisations:
        raters = submitted.get(organisation["id"], [])
        leader = next((r for r in raters if r["role"] == "leader"), None)
        if leader is None:
            continue
        profile = organisation["profile"] or {}
        inputs.append(
            OrganisationInput(
                organisation_id=organisation["id"],
                workshop_id=workshop_id,
                name_zh=organisation["name_zh"],
                focus_areas=tuple(profile.get("focus_areas") or ()),
                service_region=profile.get("service_region"),
                raters=tuple(RaterAnswers(r["respondent_id"], r["role"], r["answers"]) for r in raters),
                numbers=leader["numbers"],
                scan=leader["scan"],
                stage_evidence=leader["stage_evidence"],
                path_views=leader["path_views"],
                years_in_sector=_whole(profile.get("years_in_sector")),
            )
        )
    return inputs


def _whole(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def latest_submitted(session: Session, organisation_ids: list[str], round_: int) -> dict[str, list[dict]]:
    """Per organisation, the newest submitted response in the round of each respondent still invited."""
    newest = (
        select(responses.c.respondent_id, func.max(responses.c.version).label("version"))
        .where(
            responses.c.organisation_id.in_(organisation_ids),
            responses.c.state == "submitted",
            responses.c.round == round_,
        )
        .group_by(responses.c.respondent_id)
        .subquery()
    )
    rows = (
        session.execute(
            select(responses, respondents.c.role)
            .join(
                newest,
                (newest.c.respondent_id == responses.c.respondent_id) & (newest.c.version == responses.c.version),
            )
            .join(respondents, respondents.c.id == responses.c.respondent_id)
            .where(respondents.c.revoked_at.is_(None))
            .order_by(responses.c.respondent_id)
        )
        .mappings()
        .all()
    )
    by_organisation: dict[str, list[dict]] = {}
    for row in rows:
        by_organisation.setdefault(row["organisation_id"], []).append(dict(row))
    return by_organisation


def cohort_figures(results: list[dict], inputs: list[OrganisationInput]) -> dict:
    """What a workshop's cohort says of each of its organisations (the cohort's own figures
    change with every submission; an organisation's own diagnosis does not)."""
    flags = engine.worst_quintile_flags(results)
    return {
        "size": len(results),
        "benchmark": engine.benchmark(results),
        "quintile_flags": flags,
        "vulnerability": engine.vulnerability_counts(flags),
        "percentiles": {r["organisation_id"]: engine.organisation_percentiles(r, results) for r in results},
        "matches": engine.matches(results, inputs),
    }


def cohort_for(cohort: dict, organisation_id: str) -> dict:
    """What one organisation may see of its cohort: aggregates (n ≥ 5), its own percentiles
    and worst-quintile flags, and its matches (the partner's public profile only)."""
    return {
        "size": cohort["size"],
        "benchmark": cohort["benchmark"],
        "percentiles": cohort["percentiles"].get(organisation_id, {}),
        "quintile_flags": cohort["quintile_flags"].get(organisation_id, {}),
        "vulnerability": cohort["vulnerability"].get(organisation_id),
        "matches": [m for m in cohort["matches"] if organisation_id in _parties(m)][:MATCHES_SHOWN],
    }


def latest_cohort(session: Session, workshop_id: str, round_: int):
    return session.execute(
        select(cohorts.c.version, cohorts.c.figures)
        .where(cohorts.c.workshop_id == workshop_id, cohorts.c.round == round_)
        .order_by(cohorts.c.version.desc())
        .limit(1)
    ).first()


MATCHES_SHOWN = 5  # the best few partners are advice; fifty are noise


def _parties(match: dict) -> tuple:
    return (match["from"], match["to"])


def appendix(instrument: Instrument) -> dict:
    """What a report needs to explain itself without asking diagnosis: every formula, and
    the wording of every item and level it quotes."""
    return {
        "method": engine.method(),
        # events travel with sorted keys: the wheel's order (hub, spokes, governance) as a list
        "dimension_order": [d.code for d in instrument.dimensions],
        "dimensions": {d.code: {"name": dataclasses.asdict(d.name), "kind": d.kind} for d in instrument.dimensions},
        "items": {
            code: {
                "dimension": item.dimension,
                "text": dataclasses.asdict(item.text),
                "levels": [dataclasses.asdict(level) for level in item.levels],
            }
            for code, item in instrument.items.items()
        },
        "perspectives": {
            p.code: {"name": dataclasses.asdict(p.name), "question": dataclasses.asdict(p.question)}
            for p in instrument.perspectives
        },
        "scan_items": {
            s.code: {"quadrant": s.quadrant, "text": dataclasses.asdict(s.text)} for s in instrument.scan_items
        },
    }


def headline(result: dict) -> dict:
    """The few figures a report's cover needs: the wheel's overall score (mean of the hub
    and spoke scores that are known) and how many items were answered."""
    return {
        "overall": rings.overall(result),
        "answered": sum(d["answered_items"] for d in result["dimensions"].values()),
        "stage": result["stage"]["code"],
        "best_path": result["paths"][0]["code"] if result["paths"] else None,
    }
