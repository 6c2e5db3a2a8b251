"""What a follow-up round's rings are made of (domain.engine.rings.follow_up): the newest
diagnosis of each earlier round, the leader's follow-up answers, and the agreed intents
with what the partner said of each in this round."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from services.common.contracts.registration import BASELINE_ROUND

from ..adapters.orm import cooperation_intents, diagnoses, known_organisations
from ..domain.engine import rings
from .scoring import latest_submitted


def rings_for(session: Session, organisation_id: str, round_: int, result: dict) -> dict | None:
    if round_ == BASELINE_ROUND:
        return None
    earlier = _newest_per_round(session, organisation_id, round_)
    answers = _follow_up_answers(session, organisation_id, round_)
    return rings.follow_up(round_, earlier, result, answers, _agreed_intents(session, organisation_id, round_))


def looking_back(session: Session, organisation_id: str, round_: int) -> dict:
    """What a follow-up asks the leader about: the priorities (with their actions) of the
    last round's report, and the agreed intents with their partner's answer so far."""
    earlier = _newest_per_round(session, organisation_id, round_)
    previous = earlier[max(earlier)] if earlier else {}
    return {
        "round": round_,
        "priorities": previous.get("priorities") or [],
        "intents": _agreed_intents(session, organisation_id, round_),
    }


def _newest_per_round(session: Session, organisation_id: str, before: int) -> dict[int, dict]:
    rows = session.execute(
        select(diagnoses.c.round, diagnoses.c.result)
        .where(diagnoses.c.organisation_id == organisation_id, diagnoses.c.round < before)
        .order_by(diagnoses.c.version)
    ).all()
    return {row.round: row.result for row in rows}  # the newest version of a round comes last


def _follow_up_answers(session: Session, organisation_id: str, round_: int) -> dict:
    submitted = latest_submitted(session, [organisation_id], round_).get(organisation_id, [])
    leader = next((r for r in submitted if r["role"] == "leader"), None)
    return (leader or {}).get("follow_up") or {}


def _agreed_intents(session: Session, organisation_id: str, round_: int) -> list[dict]:
    rows = (
        session.execute(
            select(cooperation_intents)
            .where(
                cooperation_intents.c.state == "agreed",
                or_(
                    cooperation_intents.c.proposer_id == organisation_id,
                    cooperation_intents.c.partner_id == organisation_id,
                ),
            )
            .order_by(cooperation_intents.c.created_at, cooperation_intents.c.id)
        )
        .mappings()
        .all()
    )
    intents = []
    for row in rows:
        partner = row["partner_id"] if row["proposer_id"] == organisation_id else row["proposer_id"]
        names = session.execute(
            select(known_organisations.c.name_zh, known_organisations.c.name_en).where(
                known_organisations.c.id == partner
            )
        ).first()
        said = (_follow_up_answers(session, partner, round_).get("intents") or {}).get(row["id"]) or {}
        intents.append(
            {
                "intent_id": row["id"],
                "partner_id": partner,
                "partner_name_zh": names.name_zh if names else "",
                "partner_name_en": names.name_en if names else None,
                "kind": row["kind"],
                "what": row["what"],
                "target_month": row["target_month"],
                "partner": said.get("outcome"),
            }
        )
    return intents
