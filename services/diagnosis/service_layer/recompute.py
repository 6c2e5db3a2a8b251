"""Recomputing a workshop: one entry point for every change that moves its figures (a
submission, a revoked rater, a withdrawal, a new profile), run in that change's transaction.

An organisation whose own result changed gets a new diagnosis version (`diagnosis.scored`);
a cohort whose figures changed gets a new cohort version (`cohort.scored`, one event for the
workshop rather than one per organisation) with its picture and the wording reports quote."""

from __future__ import annotations

import uuid

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from services.common.clock import now
from services.common.contracts.diagnosis import CohortScored, DiagnosisScored, Headline, LeaderInputs
from services.common.outbox import publish

from ..adapters.orm import cohorts, diagnoses, known_organisations
from ..domain import engine
from ..domain.engine.inputs import OrganisationInput
from ..domain.instrument import Instrument
from .rings import rings_for
from .rounds import current_round
from .scoring import appendix, as_json, cohort_figures, headline, latest_cohort, workshop_inputs
from .views import cohort_view


def recompute(session: Session, instrument: Instrument, workshop_id: str) -> list[str]:
    """Recomputes the round the workshop answers in now; returns the organisations whose
    own diagnosis changed (in a follow-up, a partner's answer on an intent changes it too)."""
    round_ = current_round(session, workshop_id)
    inputs = workshop_inputs(session, workshop_id, round_)
    own = {i.organisation_id: as_json(engine.diagnose(instrument, i)) for i in inputs}
    changed = [
        i.organisation_id for i in inputs if _store_if_changed(session, instrument, i, own[i.organisation_id], round_)
    ]
    figures = as_json(cohort_figures(list(own.values()), inputs))
    version = _store_cohort_if_changed(session, workshop_id, figures, round_)
    if version is not None:
        publish(
            session,
            "cohort.scored",
            CohortScored(
                workshop_id=workshop_id,
                cohort_version=version,
                instrument_version=instrument.version,
                figures=figures,
                view=as_json(cohort_view(session, instrument, workshop_id)),
                appendix=as_json(appendix(instrument)),
                round=round_,
            ),
        )
    return changed


def _store_if_changed(
    session: Session, instrument: Instrument, organisation: OrganisationInput, result: dict, round_: int
) -> bool:
    rings = as_json(rings_for(session, organisation.organisation_id, round_, result))
    latest = session.execute(
        select(diagnoses.c.result, diagnoses.c.rings)
        .where(diagnoses.c.organisation_id == organisation.organisation_id, diagnoses.c.round == round_)
        .order_by(diagnoses.c.version.desc())
        .limit(1)
    ).first()
    if latest is not None and latest.result == result and latest.rings == rings:
        return False
    version = _next_version(session, diagnoses, diagnoses.c.organisation_id == organisation.organisation_id)
    session.execute(
        insert(diagnoses).values(
            id=str(uuid.uuid4()),
            organisation_id=organisation.organisation_id,
            workshop_id=organisation.workshop_id,
            version=version,
            instrument_version=instrument.version,
            result=result,
            round=round_,
            rings=rings,
            computed_at=now(),
        )
    )
    names = session.execute(
        select(known_organisations.c.name_zh, known_organisations.c.name_en).where(
            known_organisations.c.id == organisation.organisation_id
        )
    ).one()
    publish(
        session,
        "diagnosis.scored",
        DiagnosisScored(
            organisation_id=organisation.organisation_id,
            workshop_id=organisation.workshop_id,
            organisation_name_zh=names.name_zh,
            organisation_name_en=names.name_en,
            diagnosis_version=version,
            instrument_version=instrument.version,
            scores=Headline(**headline(result)),
            result=result,
            inputs=LeaderInputs(numbers=dict(organisation.numbers), scan=dict(organisation.scan)),
            round=round_,
            rings=rings,
        ),
    )
    return True


def _store_cohort_if_changed(session: Session, workshop_id: str, figures: dict, round_: int) -> int | None:
    """The new cohort version, or None when the round's figures are those already stored."""
    latest = latest_cohort(session, workshop_id, round_)
    if latest is not None and latest.figures == figures:
        return None
    version = _next_version(session, cohorts, cohorts.c.workshop_id == workshop_id)
    session.execute(
        insert(cohorts).values(
            id=str(uuid.uuid4()),
            workshop_id=workshop_id,
            version=version,
            figures=figures,
            round=round_,
            computed_at=now(),
        )
    )
    return version


def _next_version(session: Session, table, owner) -> int:
    """Versions keep growing across rounds, so that the newest is always the highest."""
    return (session.execute(select(func.max(table.c.version)).where(owner)).scalar() or 0) + 1
