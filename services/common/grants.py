"""The copy of access grants that diagnosis and reporting keep, fed by registration's
`access.granted` and `access.revoked` events. A revocation always wins: a grant that
arrives after its revocation (a retried delivery) does not bring the token back."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import CursorResult, Table, insert, select, update
from sqlalchemy.orm import Session

from .contracts import payload_of
from .contracts.registration import AccessGranted, AccessRevoked
from .events import Event

Apply = Callable[[Session, Event], None]


def grant_handlers(grants: Table) -> dict[str, Apply]:
    def granted(session: Session, event: Event) -> None:
        grant: AccessGranted = payload_of(event)
        known = session.execute(select(grants.c.token_hash).where(grants.c.token_hash == grant.token_hash)).first()
        if known is None:
            session.execute(insert(grants).values(**dataclasses.asdict(grant), revoked_at=None))
        else:  # a revocation got here first: keep it revoked
            session.execute(
                update(grants)
                .where(grants.c.token_hash == grant.token_hash)
                .values(role=grant.role, workshop_id=grant.workshop_id, organisation_id=grant.organisation_id)
            )

    def revoked(session: Session, event: Event) -> None:
        revocation: AccessRevoked = payload_of(event)
        changed = cast(
            "CursorResult[Any]",
            session.execute(
                update(grants).where(grants.c.token_hash == revocation.token_hash).values(revoked_at=event.time)
            ),
        ).rowcount
        if not changed:
            session.execute(
                insert(grants).values(
                    token_hash=revocation.token_hash,
                    role="revoked",
                    workshop_id="",
                    organisation_id=None,
                    revoked_at=event.time,
                )
            )

    return {"access.granted": granted, "access.revoked": revoked}
