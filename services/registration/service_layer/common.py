"""What the registration use cases share: the rules of access."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.common.auth import Principal
from services.common.errors import NotFound

from ..adapters.orm import workshops

NO_SUCH_WORKSHOP = ("找不到该工作坊。", "No such workshop.")
NO_SUCH_ORGANISATION = ("找不到该机构。", "No such organisation.")


def require_facilitator(principal: Principal, workshop_id: str) -> None:
    # Another workshop's facilitator is told the same as anyone guessing ids: not found.
    if not principal.facilitates(workshop_id):
        raise NotFound(*NO_SUCH_WORKSHOP)


def require_owner(principal: Principal, organisation_id: str) -> None:
    if not principal.is_organisation(organisation_id):
        raise NotFound(*NO_SUCH_ORGANISATION)


def require_owner_or_facilitator(principal: Principal, organisation: dict) -> None:
    if not (principal.is_organisation(organisation["id"]) or principal.facilitates(organisation["workshop_id"])):
        raise NotFound(*NO_SUCH_ORGANISATION)


def load_workshop(session: Session, workshop_id: str, for_update: bool = False) -> dict:
    query = select(workshops).where(workshops.c.id == workshop_id)
    row = session.execute(query.with_for_update() if for_update else query).mappings().first()
    if row is None:
        raise NotFound(*NO_SUCH_WORKSHOP)
    return dict(row)
