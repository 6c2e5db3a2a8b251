"""What is printed for an organisation needs its private link, which is stored only hashed:
a sheet is made from a link the facilitator's page has just shown (checked to be a current
link of this workshop) or from links made anew for every organisation at once."""

from __future__ import annotations

from sqlalchemy.orm import sessionmaker

from services.common.auth import Principal

from ..domain.model import OrganisationStatus
from . import access, organisations
from .common import require_facilitator
from .workshops import counts


def sheets_of_tokens(sessions: sessionmaker, principal: Principal, workshop_id: str, tokens: list[str]) -> list[dict]:
    """Each organisation whose current link one of `tokens` is (in their order), with the token;
    refused as a whole if any token is not such a link (revoked, another workshop's, made up)."""
    checked = access.organisations_of_tokens(sessions, principal, workshop_id, tokens)
    with sessions() as session:
        listed = {row["id"]: row for row in organisations.in_workshop(session, workshop_id)}
    return [_sheet(listed[organisation_id], token) for token, organisation_id in checked]


def sheets_with_new_links(sessions: sessionmaker, principal: Principal, workshop_id: str) -> list[dict]:
    """A new link for every organisation that has not withdrawn (the old ones stop at once)."""
    reissued = access.reissue_organisation_tokens(sessions, principal, workshop_id, organisations.active_in_workshop)
    return [_sheet(organisation, granted["token"]) for organisation, granted in reissued]


def active_count(sessions: sessionmaker, principal: Principal, workshop_id: str) -> int:
    """How many organisations' links a reissue for all would replace."""
    require_facilitator(principal, workshop_id)
    with sessions() as session:
        by_status = counts(session, workshop_id)
    return sum(number for status, number in by_status.items() if status != OrganisationStatus.WITHDRAWN.value)


def _sheet(organisation: dict, token: str) -> dict:
    return {
        "id": organisation["id"],
        "name_zh": organisation["name_zh"],
        "name_en": organisation.get("name_en"),
        "token": token,
    }
