"""The copy of access grants that diagnosis and reporting keep, fed by registration's
`access.granted` and `access.revoked` events. A revocation always wins: a grant that
arrives after its revocation (a retried delivery) does not bring the token back."""
from __future__ import annotations

from typing import Callable

from marshmallow import EXCLUDE, Schema, fields
from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from .events import Event

Apply = Callable[[Session, Event], None]


class GrantPayload(Schema):
    class Meta:
        unknown = EXCLUDE

    token_hash = fields.String(required=True)
    role = fields.String(required=True)
    workshop_id = fields.String(required=True)
    organisation_id = fields.String(load_default=None, allow_none=True)


class RevocationPayload(Schema):
    class Meta:
        unknown = EXCLUDE

    token_hash = fields.String(required=True)


def grant_handlers(grants: Table) -> dict[str, Apply]:
    def granted(session: Session, event: Event) -> None:
        grant = GrantPayload().load(event.payload)
        known = session.execute(select(grants.c.token_hash).where(grants.c.token_hash == grant["token_hash"])).first()
        if known is None:
            session.execute(insert(grants).values(**grant, revoked_at=None))
        else:  # a revocation got here first: keep it revoked
            session.execute(update(grants).where(grants.c.token_hash == grant["token_hash"])
                            .values(role=grant["role"], workshop_id=grant["workshop_id"],
                                    organisation_id=grant["organisation_id"]))

    def revoked(session: Session, event: Event) -> None:
        token_hash = RevocationPayload().load(event.payload)["token_hash"]
        changed = session.execute(update(grants).where(grants.c.token_hash == token_hash)
                                  .values(revoked_at=event.time)).rowcount
        if not changed:
            session.execute(insert(grants).values(token_hash=token_hash, role="revoked", workshop_id="",
                                                  organisation_id=None, revoked_at=event.time))

    return {"access.granted": granted, "access.revoked": revoked}
