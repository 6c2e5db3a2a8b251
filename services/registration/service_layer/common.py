"""What the registration use cases share: the rules of access."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.common.auth import Principal
from services.common.errors import NoSuchOrganisation, NoSuchWorkshop, NotFound
from services.common.i18n import N_

from ..adapters.orm import workshops


class UnknownCode(NotFound):
    """A registration code that names no workshop."""

    def __init__(self):
        super().__init__(N_("Unknown registration code; check it with the organiser."))


def require_facilitator(principal: Principal, workshop_id: str) -> None:
    # Another workshop's facilitator is told the same as anyone guessing ids: not found.
    if not principal.facilitates(workshop_id):
        raise NoSuchWorkshop()


def require_owner(principal: Principal, organisation_id: str) -> None:
    if not principal.is_organisation(organisation_id):
        raise NoSuchOrganisation()


def require_owner_or_facilitator(principal: Principal, organisation: dict) -> None:
    if not (principal.is_organisation(organisation["id"]) or principal.facilitates(organisation["workshop_id"])):
        raise NoSuchOrganisation()


def load_workshop(session: Session, workshop_id: str, for_update: bool = False) -> dict:
    query = select(workshops).where(workshops.c.id == workshop_id)
    row = session.execute(query.with_for_update() if for_update else query).mappings().first()
    if row is None:
        raise NoSuchWorkshop()
    return dict(row)
