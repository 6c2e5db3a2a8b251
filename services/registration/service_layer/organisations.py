"""Organisations: registration through a workshop's code (registered, or waitlisted once the
workshop is full), the leader's own profile, withdrawal (which frees a place for the first
on the waitlist), and the facilitator's roster."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any, cast

from sqlalchemy import insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from services.common.auth import ORGANISATION, Principal
from services.common.clock import now
from services.common.contracts.registration import OrganisationProfile, OrganisationWithdrawn
from services.common.errors import Conflict, NoSuchOrganisation
from services.common.i18n import N_
from services.common.outbox import publish

from ..adapters.orm import organisations, workshops
from ..domain.model import NotAllowed, OrganisationStatus, WorkshopStatus, normalise_name, status_on_registration
from . import agenda
from .access import grant
from .common import UnknownCode, load_workshop, require_facilitator, require_owner, require_owner_or_facilitator
from .workshops import counts

ACTIVE = organisations.c.status != OrganisationStatus.WITHDRAWN.value


def register(sessions: sessionmaker, code: str, profile: dict) -> dict:
    try:
        with sessions.begin() as session:
            # The workshop row is locked: registrations to one workshop take places one at a time.
            workshop = session.execute(
                select(workshops.c.id, workshops.c.status, workshops.c.capacity)
                .where(workshops.c.code == code.upper())
                .with_for_update()
            ).first()
            if workshop is None:
                raise UnknownCode()
            return _add(session, workshop.id, WorkshopStatus(workshop.status), workshop.capacity, profile)
    except IntegrityError:  # the unique index caught what the lock should already have prevented
        raise _duplicate("name_zh") from None


def add_to_workshop(session: Session, workshop: dict, profile: dict) -> dict:
    """A facilitator's import: any status but archived accepts rows, still by capacity."""
    status = WorkshopStatus.OPEN if workshop["status"] != WorkshopStatus.ARCHIVED.value else WorkshopStatus.ARCHIVED
    return _add(session, workshop["id"], status, workshop["capacity"], profile)


def _add(session: Session, workshop_id: str, workshop_status: WorkshopStatus, capacity: int, profile: dict) -> dict:
    registered = counts(session, workshop_id)[OrganisationStatus.REGISTERED.value]
    try:
        status = status_on_registration(workshop_status, registered, capacity)
    except NotAllowed as refusal:
        raise Conflict(refusal.message) from None
    organisation = dict(
        profile,
        id=str(uuid.uuid4()),
        workshop_id=workshop_id,
        status=status.value,
        name_key=normalise_name(profile["name_zh"]),
        created_at=now(),
    )
    _refuse_duplicate(session, organisation)
    session.execute(insert(organisations).values(**organisation))
    token = grant(session, ORGANISATION, workshop_id, organisation["id"])
    publish(session, "organisation.registered", public_profile(organisation))
    agenda.announce(session, workshop_id)
    return dict(_as_output(organisation), access_token=token["token"])


def get(sessions: sessionmaker, principal: Principal, organisation_id: str) -> dict:
    with sessions() as session:
        organisation = load(session, organisation_id)
    require_owner_or_facilitator(principal, organisation)
    return _as_output(organisation)


def update_profile(sessions: sessionmaker, principal: Principal, organisation_id: str, changes: dict) -> dict:
    require_owner(principal, organisation_id)
    with sessions.begin() as session:
        current = load(session, organisation_id)
        if current["status"] == OrganisationStatus.WITHDRAWN.value:
            raise Conflict(N_("This organisation has withdrawn; its profile is closed."))
        merged = dict(current, **changes)
        if "name_zh" in changes:
            changes["name_key"] = merged["name_key"] = normalise_name(changes["name_zh"])
        _refuse_duplicate(session, merged)
        session.execute(
            update(organisations).where(organisations.c.id == organisation_id).values(**changes, updated_at=now())
        )
        publish(session, "organisation.updated", public_profile(merged))
        agenda.announce(session, merged["workshop_id"])
    return _as_output(merged)


def withdraw(sessions: sessionmaker, principal: Principal, organisation_id: str) -> dict:
    """The leader withdraws, or the facilitator withdraws them (they left, or registered twice)."""
    with sessions.begin() as session:
        current = load(session, organisation_id)
        require_owner_or_facilitator(principal, current)
        load_workshop(session, current["workshop_id"], for_update=True)  # one place change at a time
        if current["status"] == OrganisationStatus.WITHDRAWN.value:
            raise Conflict(N_("This organisation has already withdrawn."))
        session.execute(
            update(organisations)
            .where(organisations.c.id == organisation_id)
            .values(status=OrganisationStatus.WITHDRAWN.value, withdrawn_at=now(), updated_at=now())
        )
        publish(session, "organisation.withdrawn", OrganisationWithdrawn(organisation_id, current["workshop_id"]))
        if current["status"] == OrganisationStatus.REGISTERED.value:
            _promote_from_waitlist(session, current["workshop_id"])
        agenda.announce(session, current["workshop_id"])
    return _as_output(dict(current, status=OrganisationStatus.WITHDRAWN.value))


def restore(sessions: sessionmaker, principal: Principal, organisation_id: str) -> dict:
    """The facilitator takes a withdrawn organisation back: registered if a place is free,
    else on the waiting list; its answers and link are as they were."""
    with sessions.begin() as session:
        current = load(session, organisation_id)
        require_facilitator(principal, current["workshop_id"])
        workshop = load_workshop(session, current["workshop_id"], for_update=True)
        if current["status"] != OrganisationStatus.WITHDRAWN.value:
            raise Conflict(N_("This organisation has not withdrawn."))
        _refuse_duplicate(session, current)  # another may have registered under its name since
        registered = counts(session, workshop["id"])[OrganisationStatus.REGISTERED.value]
        status = OrganisationStatus.REGISTERED if registered < workshop["capacity"] else OrganisationStatus.WAITLISTED
        session.execute(
            update(organisations)
            .where(organisations.c.id == organisation_id)
            .values(status=status.value, withdrawn_at=None, updated_at=now())
        )
        restored = dict(current, status=status.value, withdrawn_at=None)
        publish(session, "organisation.updated", public_profile(restored))
        agenda.announce(session, workshop["id"])
    return _as_output(restored)


def roster(sessions: sessionmaker, principal: Principal, workshop_id: str) -> dict:
    require_facilitator(principal, workshop_id)
    with sessions() as session:
        rows = in_workshop(session, workshop_id)
        return {"counts": counts(session, workshop_id), "organisations": [_as_output(r) for r in rows]}


def in_workshop(session: Session, workshop_id: str) -> list[dict]:
    """Every organisation of an existing workshop (withdrawn ones too), in order of registration."""
    load_workshop(session, workshop_id)
    rows = session.execute(
        select(organisations).where(organisations.c.workshop_id == workshop_id).order_by(organisations.c.created_at)
    )
    return [dict(row) for row in rows.mappings()]


def active_in_workshop(session: Session, workshop_id: str) -> list[dict]:
    """The workshop's organisations that have not withdrawn, in order of registration; the
    workshop is locked (no registration meanwhile)."""
    load_workshop(session, workshop_id, for_update=True)
    rows = session.execute(
        select(organisations)
        .where(organisations.c.workshop_id == workshop_id, ACTIVE)
        .order_by(organisations.c.created_at)
    )
    return [dict(row) for row in rows.mappings()]


def load(session: Session, organisation_id: str) -> dict:
    row = session.execute(select(organisations).where(organisations.c.id == organisation_id)).mappings().first()
    if row is None:
        raise NoSuchOrganisation()
    return dict(row)


def load_in_workshop(session: Session, workshop_id: str, organisation_id: str) -> dict:
    organisation = load(session, organisation_id)
    if organisation["workshop_id"] != workshop_id:
        raise NoSuchOrganisation()
    return organisation


def public_profile(organisation: dict) -> OrganisationProfile:
    """What other services learn of an organisation: its public profile, never its contacts."""
    return OrganisationProfile(
        organisation_id=organisation["id"],
        workshop_id=organisation["workshop_id"],
        **cast(
            "dict[str, Any]",
            {
                field.name: organisation.get(field.name)
                for field in dataclasses.fields(OrganisationProfile)
                if field.name not in ("organisation_id", "workshop_id")
            },
        ),
    )


def _promote_from_waitlist(session: Session, workshop_id: str) -> None:
    first = (
        session.execute(
            select(organisations)
            .where(
                organisations.c.workshop_id == workshop_id,
                organisations.c.status == OrganisationStatus.WAITLISTED.value,
            )
            .order_by(organisations.c.created_at)
            .limit(1)
        )
        .mappings()
        .first()
    )
    if first is not None:
        session.execute(
            update(organisations)
            .where(organisations.c.id == first["id"])
            .values(status=OrganisationStatus.REGISTERED.value, updated_at=now())
        )
        publish(
            session, "organisation.updated", public_profile(dict(first, status=OrganisationStatus.REGISTERED.value))
        )


def _refuse_duplicate(session: Session, organisation: dict) -> None:
    same = [organisations.c.name_key == organisation["name_key"]]
    if organisation.get("credit_code"):
        same.append(organisations.c.credit_code == organisation["credit_code"])
    clash = session.execute(
        select(organisations.c.name_key, organisations.c.credit_code).where(
            organisations.c.workshop_id == organisation["workshop_id"],
            organisations.c.id != organisation["id"],
            ACTIVE,
            or_(*same),
        )
    ).first()
    if clash is None:
        return
    raise _duplicate("name_zh" if clash.name_key == organisation["name_key"] else "credit_code")


def _duplicate(field: str) -> Conflict:
    if field == "credit_code":
        return Conflict(
            N_("An organisation with this credit code is already registered for this workshop."), field=field
        )
    return Conflict(N_("An organisation of this name is already registered for this workshop."), field=field)


def _as_output(organisation: dict) -> dict:
    return dict(organisation, registered_at=organisation["created_at"])
