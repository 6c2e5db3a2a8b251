"""Access tokens: issued when a workshop is created or an organisation registers, shown once,
stored hashed, revocable. Each grant and revocation is announced (`access.granted`,
`access.revoked`, carrying only the hash) so that the other services can check tokens too."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from services.common.auth import FACILITATOR, ORGANISATION, Principal, hash_token, new_token, valid_token
from services.common.clock import now
from services.common.contracts.registration import AccessGranted, AccessRevoked
from services.common.errors import Conflict, Invalid, NotFound
from services.common.i18n import N_
from services.common.outbox import publish

from ..adapters.orm import access_tokens
from .common import require_facilitator


def grant(
    session: Session,
    role: str,
    workshop_id: str,
    organisation_id: str | None = None,
    label: str | None = None,
    account_id: str | None = None,
) -> dict:
    """A new token (in the caller's transaction); the clear text is returned this once."""
    token = new_token(role)
    row: dict[str, Any] = dict(
        id=str(uuid.uuid4()),
        token_hash=hash_token(token),
        role=role,
        workshop_id=workshop_id,
        organisation_id=organisation_id,
        label=label,
        account_id=account_id,
        created_at=now(),
        revoked_at=None,
    )
    session.execute(insert(access_tokens).values(**row))
    publish(
        session,
        "access.granted",
        AccessGranted(
            token_hash=row["token_hash"], role=role, workshop_id=workshop_id, organisation_id=organisation_id
        ),
    )
    return dict(row, token=token)


def revoke_where(session: Session, *conditions) -> int:
    hashes = (
        session.execute(select(access_tokens.c.token_hash).where(access_tokens.c.revoked_at.is_(None), *conditions))
        .scalars()
        .all()
    )
    if hashes:
        session.execute(update(access_tokens).where(access_tokens.c.token_hash.in_(hashes)).values(revoked_at=now()))
    for token_hash in hashes:
        publish(session, "access.revoked", AccessRevoked(token_hash))
    return len(hashes)


def link_role(sessions: sessionmaker, token: str) -> str:
    """The role of a private link's token that is still valid (else Unauthenticated)."""
    return valid_token(sessions, access_tokens, token, access_tokens.c.role).role


def account_behind(sessions: sessionmaker, token: str | None) -> str | None:
    """The account a token was given to (a signed-in organiser's or facilitator's browser),
    if any: who opened a follow-up round."""
    if token is None:
        return None
    with sessions() as session:
        return session.execute(
            select(access_tokens.c.account_id).where(access_tokens.c.token_hash == hash_token(token))
        ).scalar_one_or_none()


def list_tokens(sessions: sessionmaker, principal: Principal, workshop_id: str) -> list[dict]:
    require_facilitator(principal, workshop_id)
    with sessions() as session:
        rows = (
            session.execute(
                select(access_tokens)
                .where(access_tokens.c.workshop_id == workshop_id)
                .order_by(access_tokens.c.created_at)
            )
            .mappings()
            .all()
        )
    return [dict(r) for r in rows]


def invite_facilitator(sessions: sessionmaker, principal: Principal, workshop_id: str, label: str | None) -> dict:
    require_facilitator(principal, workshop_id)
    with sessions.begin() as session:
        return grant(session, FACILITATOR, workshop_id, label=label)


def revoke(sessions: sessionmaker, principal: Principal, workshop_id: str, token_id: str) -> None:
    require_facilitator(principal, workshop_id)
    with sessions.begin() as session:
        row = (
            session.execute(
                select(access_tokens).where(access_tokens.c.id == token_id, access_tokens.c.workshop_id == workshop_id)
            )
            .mappings()
            .first()
        )
        if row is None:
            raise NotFound(N_("No such token."))
        if row["role"] == FACILITATOR and _active_facilitator_tokens(session, workshop_id) <= 1:
            raise Conflict(N_("This is the workshop's last facilitator token; invite another facilitator first."))
        revoke_where(session, access_tokens.c.id == token_id)


def reissue_organisation_token(
    sessions: sessionmaker, principal: Principal, workshop_id: str, organisation_id: str, organisation_exists
) -> dict:
    """A leader who lost their link gets a new one from the facilitator; the old stops working."""
    require_facilitator(principal, workshop_id)
    with sessions.begin() as session:
        organisation_exists(session, workshop_id, organisation_id)
        revoke_where(session, access_tokens.c.organisation_id == organisation_id)
        return grant(session, ORGANISATION, workshop_id, organisation_id)


def reissue_organisation_tokens(
    sessions: sessionmaker, principal: Principal, workshop_id: str, organisations_of
) -> list[tuple[dict, dict]]:
    """New links for every organisation `organisations_of(session, workshop_id)` lists (the
    active ones), in one transaction: every old link stops at once. (organisation, grant) each,
    the clear token shown this once."""
    require_facilitator(principal, workshop_id)
    with sessions.begin() as session:
        reissued = []
        for organisation in organisations_of(session, workshop_id):
            revoke_where(session, access_tokens.c.organisation_id == organisation["id"])
            reissued.append((organisation, grant(session, ORGANISATION, workshop_id, organisation["id"])))
        return reissued


MAX_TOKENS_AT_ONCE = 1000  # more than a workshop holds (500 places and a waiting list)


def organisations_of_tokens(
    sessions: sessionmaker, principal: Principal, workshop_id: str, tokens: list[str]
) -> list[tuple[str, str]]:
    """(token, organisation id) for each of these tokens, in their order (a repeated one
    once), if every one is the current link of an organisation of this workshop; else none at
    all. Only the hashes are stored: a token is recognised by its hash, never read back."""
    require_facilitator(principal, workshop_id)
    by_hash = {hash_token(token): token for token in dict.fromkeys(token.strip() for token in tokens) if token}
    if not by_hash or len(by_hash) > MAX_TOKENS_AT_ONCE:
        raise Invalid(N_("No private link was sent; open the page that shows the links again."))
    with sessions() as session:
        rows = session.execute(
            select(access_tokens.c.token_hash, access_tokens.c.organisation_id).where(
                access_tokens.c.token_hash.in_(list(by_hash)),
                access_tokens.c.revoked_at.is_(None),
                access_tokens.c.role == ORGANISATION,
                access_tokens.c.workshop_id == workshop_id,
                access_tokens.c.organisation_id.is_not(None),
            )
        ).all()
    found = {row.token_hash: row.organisation_id for row in rows}
    if len(found) != len(by_hash):
        raise Conflict(
            N_(
                "Some of these links no longer work (a new link was made since) or are not of this "
                "workshop; no sheet was made."
            )
        )
    return [(token, found[token_hash]) for token_hash, token in by_hash.items()]


def _active_facilitator_tokens(session: Session, workshop_id: str) -> int:
    return len(
        session.execute(
            select(access_tokens.c.id).where(
                access_tokens.c.workshop_id == workshop_id,
                access_tokens.c.role == FACILITATOR,
                access_tokens.c.revoked_at.is_(None),
            )
        ).all()
    )
