"""Who answers for an organisation: its leader (with the organisation's own token) and the
staff and board members the leader invites, each with a private link of their own."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import String, insert, literal, null, select, union_all, update
from sqlalchemy.orm import Session, sessionmaker

from services.common.auth import (
    ORGANISATION,
    Principal,
    Unauthenticated,
    hash_token,
    new_token,
    request_token,
    valid_token,
)
from services.common.clock import now
from services.common.errors import NotFound
from services.common.i18n import N_

from ..adapters.orm import access_grants, known_organisations, respondents, responses
from .common import Caller, NoSuchOrganisationYet, known_organisation
from .recompute import recompute

RESPONDENT = "respondent"


def identify(sessions: sessionmaker) -> Caller:
    token = request_token()
    if token is None:
        raise Unauthenticated()
    token_hash = hash_token(token)
    # A token is a grant (leader, facilitator) or an invited respondent's link: one statement
    # asks both, since every draft save starts here.
    grant = select(
        access_grants.c.role,
        access_grants.c.workshop_id,
        access_grants.c.organisation_id,
        null().cast(String).label("respondent_id"),
    ).where(access_grants.c.token_hash == token_hash, access_grants.c.revoked_at.is_(None))
    respondent = (
        select(
            literal(RESPONDENT, String).label("role"),
            known_organisations.c.workshop_id,
            respondents.c.organisation_id,
            respondents.c.id,
        )
        .join(known_organisations, known_organisations.c.id == respondents.c.organisation_id)
        .where(respondents.c.token_hash == token_hash, respondents.c.revoked_at.is_(None))
    )
    with sessions() as session:
        found = session.execute(union_all(grant, respondent).limit(1)).first()
    if found is None:
        raise Unauthenticated()
    return Caller(Principal(found.role, found.workshop_id, found.organisation_id), found.respondent_id)


def require_link(sessions: sessionmaker, token: str) -> None:
    """A rater's private link that still works (else Unauthenticated)."""
    valid_token(sessions, respondents, token, respondents.c.id)


def role_of(sessions: sessionmaker, caller: Caller) -> str | None:
    """Whose questions the caller answers: the leader's (the organisation's token), an invited
    respondent's own role, or none (a facilitator answers nothing)."""
    if caller.principal.role == ORGANISATION:
        return "leader"
    if caller.respondent_id is None:
        return None
    with sessions() as session:
        return session.execute(select(respondents.c.role).where(respondents.c.id == caller.respondent_id)).scalar_one()


def organisation_name(sessions: sessionmaker, caller: Caller) -> dict[str, str | None]:
    """The name ({"zh", "en"}) of the organisation the caller answers for, so that a rater
    knows whose questionnaire this is; empty when diagnosis has not heard of it yet."""
    organisation_id = caller.principal.organisation_id
    with sessions() as session:
        row = session.execute(
            select(known_organisations.c.name_zh, known_organisations.c.name_en).where(
                known_organisations.c.id == organisation_id
            )
        ).first()
    return {"zh": row.name_zh, "en": row.name_en} if row else {"zh": "", "en": None}


def require_leader(caller: Caller, organisation_id: str) -> None:
    if not caller.principal.is_organisation(organisation_id):
        raise NoSuchOrganisationYet()


def respondent_of(session: Session, caller: Caller) -> dict:
    """The caller's own respondent row; the leader's is made on first use."""
    if caller.respondent_id is not None:
        return dict(
            session.execute(select(respondents).where(respondents.c.id == caller.respondent_id)).mappings().one()
        )
    principal = caller.principal
    if principal.role != ORGANISATION:
        raise NotFound(N_("Only the organisation's leader and invited staff or board members answer."))
    known_organisation(session, cast(str, principal.organisation_id))  # an organisation's principal names it
    leader: Mapping[Any, Any] | None = (
        session.execute(
            select(respondents).where(
                respondents.c.organisation_id == principal.organisation_id, respondents.c.role == "leader"
            )
        )
        .mappings()
        .first()
    )
    if leader is None:
        leader = dict(
            id=str(uuid.uuid4()),
            organisation_id=principal.organisation_id,
            role="leader",
            label=None,
            token_hash=None,
            created_at=now(),
            revoked_at=None,
        )
        session.execute(insert(respondents).values(**leader))
    return dict(leader)


def invite(sessions: sessionmaker, caller: Caller, organisation_id: str, role: str, label: str | None) -> dict:
    require_leader(caller, organisation_id)
    token = new_token(ORGANISATION).replace("nlo_", "nlr_", 1)
    respondent = dict(
        id=str(uuid.uuid4()),
        organisation_id=organisation_id,
        role=role,
        label=label,
        token_hash=hash_token(token),
        created_at=now(),
        revoked_at=None,
    )
    with sessions.begin() as session:
        known_organisation(session, organisation_id)
        session.execute(insert(respondents).values(**respondent))
    return dict(respondent, token=token, state="none")


def list_for(sessions: sessionmaker, caller: Caller, organisation_id: str) -> list[dict]:
    require_leader(caller, organisation_id)
    with sessions() as session:
        rows = (
            session.execute(
                select(respondents)
                .where(respondents.c.organisation_id == organisation_id)
                .order_by(respondents.c.created_at)
            )
            .mappings()
            .all()
        )
        states = {
            r.respondent_id: r.state
            for r in session.execute(
                select(responses.c.respondent_id, responses.c.state, responses.c.version)
                .where(responses.c.organisation_id == organisation_id)
                .order_by(responses.c.version)
            )
        }
    return [dict(r, state=states.get(r["id"], "none")) for r in rows]


def revoke(sessions: sessionmaker, instrument, caller: Caller, organisation_id: str, respondent_id: str) -> None:
    """The respondent's link stops working; what they submitted no longer counts."""
    require_leader(caller, organisation_id)
    with sessions.begin() as session:
        changed = session.execute(
            update(respondents)
            .where(
                respondents.c.id == respondent_id,
                respondents.c.organisation_id == organisation_id,
                respondents.c.role != "leader",
                respondents.c.revoked_at.is_(None),
            )
            .values(revoked_at=now())
        ).rowcount
        if not changed:
            raise NotFound(N_("No such respondent."))
        recompute(session, instrument, known_organisation(session, organisation_id)["workshop_id"])
