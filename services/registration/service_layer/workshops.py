"""Workshops: created by a facilitator (who receives the first token), edited, moved
through draft → open → closed → archived."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any, cast

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from services.common.auth import FACILITATOR, Principal
from services.common.clock import now
from services.common.contracts.registration import WorkshopProfile, WorkshopStatusChanged
from services.common.errors import Conflict, Invalid
from services.common.i18n import N_
from services.common.outbox import publish

from ..adapters.orm import organisations, workshop_facilitators, workshops
from ..domain.model import NotAllowed, OrganisationStatus, WorkshopStatus, check_transition, new_registration_code
from . import agenda
from .access import grant
from .common import UnknownCode, load_workshop, require_facilitator


def create_workshop(
    sessions: sessionmaker,
    data: dict,
    programme_id: str,
    account_id: str | None = None,
    creation_key: str | None = None,
) -> dict:
    """A draft workshop of the programme; its creator facilitates it and receives a
    facilitator token, once. The same `creation_key` (a form's) never makes a second one."""
    if creation_key is not None and (earlier := _created_with(sessions, creation_key)) is not None:
        return earlier
    workshop = dict(
        data,
        id=str(uuid.uuid4()),
        code=new_registration_code(),
        status=WorkshopStatus.DRAFT.value,
        programme_id=programme_id,
        creation_key=creation_key,
        created_at=now(),
    )
    try:
        with sessions.begin() as session:
            session.execute(insert(workshops).values(**workshop))
            if account_id is not None:
                session.execute(
                    insert(workshop_facilitators).values(
                        workshop_id=workshop["id"], account_id=account_id, added_at=now()
                    )
                )
            publish(session, "workshop.created", _event_payload(workshop))
            token = grant(session, FACILITATOR, workshop["id"], label="创建者 / creator", account_id=account_id)
    except IntegrityError:
        if creation_key is not None and (earlier := _created_with(sessions, creation_key)) is not None:
            return earlier  # the same form, sent twice at once
        raise
    return dict(workshop, counts=_empty_counts(), facilitator_token=token["token"], created=True)


def _created_with(sessions: sessionmaker, creation_key: str) -> dict | None:
    with sessions() as session:
        row = session.execute(select(workshops).where(workshops.c.creation_key == creation_key)).mappings().first()
        return None if row is None else dict(row, counts=counts(session, row["id"]), created=False)


def programme_of(sessions: sessionmaker, workshop_id: str) -> str:
    with sessions() as session:
        return load_workshop(session, workshop_id)["programme_id"]


def get_workshop(sessions: sessionmaker, principal: Principal, workshop_id: str) -> dict:
    require_facilitator(principal, workshop_id)
    with sessions() as session:
        workshop = load_workshop(session, workshop_id)
        return dict(workshop, counts=counts(session, workshop_id))


def workshop_of(sessions: sessionmaker, principal: Principal) -> dict:
    """The workshop the caller's token belongs to (an organisation's home shows it)."""
    with sessions() as session:
        return load_workshop(session, principal.workshop_id)


def public_workshop(sessions: sessionmaker, code: str) -> dict:
    with sessions() as session:
        workshop = session.execute(select(workshops).where(workshops.c.code == code.upper())).mappings().first()
        if workshop is None:
            raise UnknownCode()
        registered = counts(session, workshop["id"])[OrganisationStatus.REGISTERED.value]
    return dict(workshop, places_left=max(0, workshop["capacity"] - registered))


def update_workshop(sessions: sessionmaker, principal: Principal, workshop_id: str, changes: dict) -> dict:
    require_facilitator(principal, workshop_id)
    with sessions.begin() as session:
        current = load_workshop(session, workshop_id, for_update=True)
        merged = dict(current, **changes)
        if merged["ends_on"] < merged["starts_on"]:
            raise Conflict(N_("The end date is before the start date."), field="ends_on")
        session.execute(update(workshops).where(workshops.c.id == workshop_id).values(**changes, updated_at=now()))
        publish(session, "workshop.updated", _event_payload(merged))
        agenda.announce(session, workshop_id)
        return dict(merged, counts=counts(session, workshop_id))


def change_status(sessions: sessionmaker, principal: Principal, workshop_id: str, wanted: str) -> dict:
    require_facilitator(principal, workshop_id)
    with sessions.begin() as session:
        current = load_workshop(session, workshop_id, for_update=True)
        if wanted not in {status.value for status in WorkshopStatus}:
            raise Invalid(N_("No such workshop status."), field="status")
        try:
            check_transition(WorkshopStatus(current["status"]), WorkshopStatus(wanted))
        except NotAllowed as refusal:
            raise Conflict(refusal.message, field="status") from None
        session.execute(update(workshops).where(workshops.c.id == workshop_id).values(status=wanted, updated_at=now()))
        publish(session, "workshop.status_changed", WorkshopStatusChanged(workshop_id, current["status"], wanted))
        return dict(current, status=wanted, counts=counts(session, workshop_id))


def registered_counts(sessions: sessionmaker, workshop_ids: list[str]) -> dict[str, int]:
    """The organisations registered (not waitlisted, not withdrawn) per workshop, in one query."""
    with sessions() as session:
        rows = session.execute(
            select(organisations.c.workshop_id, func.count())
            .where(
                organisations.c.workshop_id.in_(workshop_ids),
                organisations.c.status == OrganisationStatus.REGISTERED.value,
            )
            .group_by(organisations.c.workshop_id)
        ).all()
    return {workshop_id: n for workshop_id, n in rows}


def counts(session: Session, workshop_id: str) -> dict[str, int]:
    rows = session.execute(
        select(organisations.c.status, func.count())
        .where(organisations.c.workshop_id == workshop_id)
        .group_by(organisations.c.status)
    ).all()
    return dict(_empty_counts(), **{status: n for status, n in rows})


def _empty_counts() -> dict[str, int]:
    return {status.value: 0 for status in OrganisationStatus}


def _event_payload(workshop: dict) -> WorkshopProfile:
    return WorkshopProfile(
        workshop_id=workshop["id"],
        **cast(
            "dict[str, Any]",
            {
                field.name: workshop.get(field.name)
                for field in dataclasses.fields(WorkshopProfile)
                if field.name != "workshop_id"
            },
        ),
    )
