"""Recomputing diagnoses. A submission changes its organisation's figures and, through the
cohort (benchmarks, worst-quintile flags, matches), possibly everyone's in its workshop:
the whole workshop is recomputed in the submission's transaction, and every organisation
whose result changed gets a new diagnosis version and a `diagnosis.scored` event."""
from __future__ import annotations

import json
import uuid

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from services.common.events import new_event
from services.common.outbox import add_to_outbox

from .. import SERVICE
from ..adapters.orm import bus, diagnoses, known_organisations, respondents, responses
from ..domain import engine
from ..domain.engine.inputs import OrganisationInput, RaterAnswers
from ..domain.instrument import Instrument
from .common import now


def recompute_workshop(session: Session, instrument: Instrument, workshop_id: str) -> list[str]:
    """Returns the ids of the organisations whose diagnosis changed."""
    inputs = workshop_inputs(session, workshop_id)
    own = {i.organisation_id: engine.diagnose(instrument, i) for i in inputs}
    cohort = cohort_figures(list(own.values()), inputs)
    changed = []
    for organisation in inputs:
        result = as_json(dict(own[organisation.organisation_id],
                              cohort=cohort_for(cohort, organisation.organisation_id, own[organisation.organisation_id])))
        if _store_if_changed(session, instrument, organisation, result):
            changed.append(organisation.organisation_id)
    return changed


def as_json(value):
    """The result as the database gives it back (lists, not tuples), so that an unchanged
    result compares equal to the stored one."""
    return json.loads(json.dumps(value, ensure_ascii=False))


def workshop_inputs(session: Session, workshop_id: str) -> list[OrganisationInput]:
    """Every taking-part organisation of the workshop whose leader has submitted."""
    organisations = session.execute(select(known_organisations).where(
        known_organisations.c.workshop_id == workshop_id,
        known_organisations.c.status != "withdrawn").order_by(known_organisations.c.id)).mappings().all()
    submitted = _latest_submitted(session, [o["id"] for o in organisations])
    inputs = []
    for organisation in organisations:
        raters = submitted.get(organisation["id"], [])
        leader = next((r for r in raters if r["role"] == "leader"), None)
        if leader is None:
            continue
        profile = organisation["profile"] or {}
        inputs.append(OrganisationInput(
            organisation_id=organisation["id"], workshop_id=workshop_id, name_zh=organisation["name_zh"],
            focus_areas=tuple(profile.get("focus_areas") or ()), service_region=profile.get("service_region"),
            raters=tuple(RaterAnswers(r["respondent_id"], r["role"], r["answers"]) for r in raters),
            numbers=leader["numbers"], scan=leader["scan"], stage_evidence=leader["stage_evidence"],
            path_views=leader["path_views"],
        ))
    return inputs


def _latest_submitted(session: Session, organisation_ids: list[str]) -> dict[str, list[dict]]:
    """Per organisation, the newest submitted response of each respondent still invited."""
    newest = (select(responses.c.respondent_id, func.max(responses.c.version).label("version"))
              .where(responses.c.organisation_id.in_(organisation_ids), responses.c.state == "submitted")
              .group_by(responses.c.respondent_id).subquery())
    rows = session.execute(
        select(responses, respondents.c.role)
        .join(newest, (newest.c.respondent_id == responses.c.respondent_id) & (newest.c.version == responses.c.version))
        .join(respondents, respondents.c.id == responses.c.respondent_id)
        .where(respondents.c.revoked_at.is_(None)).order_by(responses.c.respondent_id)).mappings().all()
    by_organisation: dict[str, list[dict]] = {}
    for row in rows:
        by_organisation.setdefault(row["organisation_id"], []).append(dict(row))
    return by_organisation


def cohort_figures(results: list[dict], inputs: list[OrganisationInput]) -> dict:
    flags = engine.worst_quintile_flags(results)
    return {"results": results, "benchmark": engine.benchmark(results), "quintile_flags": flags,
            "vulnerability": engine.vulnerability_counts(flags), "matches": engine.matches(results, inputs)}


def cohort_for(cohort: dict, organisation_id: str, result: dict) -> dict:
    """What one organisation may see of its cohort: aggregates (n ≥ 5), its own percentiles
    and worst-quintile flags, and its matches (the partner's public profile only)."""
    return {
        "size": len(cohort["results"]),
        "benchmark": cohort["benchmark"],
        "percentiles": engine.organisation_percentiles(result, cohort["results"]),
        "quintile_flags": cohort["quintile_flags"].get(organisation_id, {}),
        "vulnerability": cohort["vulnerability"].get(organisation_id),
        "matches": [m for m in cohort["matches"] if organisation_id in _parties(m)][:MATCHES_SHOWN],
    }


MATCHES_SHOWN = 5  # the best few partners are advice; fifty are noise


def _parties(match: dict) -> tuple:
    return (match["from"], match["to"])


def headline(result: dict) -> dict:
    """The few figures a report's cover needs: the wheel's overall score (mean of the hub
    and spoke scores that are known) and how many items were answered."""
    wheel = [d["score"] for d in result["dimensions"].values() if d["kind"] in ("hub", "spoke") and d["score"] is not None]
    return {"overall": round(sum(wheel) / len(wheel), 1) if wheel else 0.0,
            "answered": sum(d["answered_items"] for d in result["dimensions"].values()),
            "stage": result["stage"]["code"],
            "best_path": result["paths"][0]["code"] if result["paths"] else None}


def _store_if_changed(session: Session, instrument: Instrument, organisation: OrganisationInput, result: dict) -> bool:
    latest = session.execute(select(diagnoses.c.version, diagnoses.c.result).where(
        diagnoses.c.organisation_id == organisation.organisation_id)
        .order_by(diagnoses.c.version.desc()).limit(1)).first()
    if latest is not None and latest.result == result:
        return False
    version = (latest.version if latest else 0) + 1
    session.execute(insert(diagnoses).values(
        id=str(uuid.uuid4()), organisation_id=organisation.organisation_id, workshop_id=organisation.workshop_id,
        version=version, instrument_version=instrument.version, result=result, computed_at=now()))
    names = session.execute(select(known_organisations.c.name_zh, known_organisations.c.name_en)
                            .where(known_organisations.c.id == organisation.organisation_id)).one()
    add_to_outbox(session, bus.outbox, new_event("diagnosis.scored", {
        "organisation_id": organisation.organisation_id, "workshop_id": organisation.workshop_id,
        "organisation_name_zh": names.name_zh, "organisation_name_en": names.name_en,
        "diagnosis_version": version, "instrument_version": instrument.version,
        "scores": headline(result), "result": result,
    }, producer=SERVICE))
    return True
