"""What the diagnosis use cases share."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.common.auth import Principal
from services.common.errors import NotFound
from services.common.i18n import N_

from ..adapters.orm import known_organisations


@dataclasses.dataclass(frozen=True)
class Caller:
    """Whoever holds the request's token: a principal from registration's grants, or a
    staff or board respondent of one organisation."""

    principal: Principal
    respondent_id: str | None = None


class NoSuchOrganisationYet(NotFound):
    """Not known here, perhaps not yet: registration's announcement may still be on its way."""

    def __init__(self):
        super().__init__(N_("No such organisation (if it has just registered, retry in a few seconds)."))


def known_organisation(session: Session, organisation_id: str) -> dict:
    row = (
        session.execute(select(known_organisations).where(known_organisations.c.id == organisation_id))
        .mappings()
        .first()
    )
    if row is None:
        raise NoSuchOrganisationYet()
    return dict(row)
