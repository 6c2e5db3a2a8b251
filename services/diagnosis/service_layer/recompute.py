"""One entry point for every change that moves a workshop's figures (a submission, a
revoked rater, a withdrawal, a new profile): recompute, and when the cohort changed,
announce its new figures and picture (`cohort.scored`) with the wording reports quote."""
from __future__ import annotations

from sqlalchemy.orm import Session

from services.common.events import new_event
from services.common.outbox import add_to_outbox

from .. import SERVICE
from ..adapters.orm import bus
from ..domain.instrument import Instrument
from .scoring import appendix, as_json, recompute_workshop
from .views import cohort_view


def recompute(session: Session, instrument: Instrument, workshop_id: str) -> list[str]:
    changed, cohort = recompute_workshop(session, instrument, workshop_id)
    if cohort is not None:
        version, figures = cohort
        add_to_outbox(session, bus.outbox, new_event("cohort.scored", {
            "workshop_id": workshop_id, "cohort_version": version, "instrument_version": instrument.version,
            "figures": figures, "view": as_json(cohort_view(session, instrument, workshop_id)),
            "appendix": as_json(appendix(instrument)),
        }, producer=SERVICE))
    return changed
