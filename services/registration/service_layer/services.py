"""Registration use cases. Each runs in one transaction; the events it implies go into the
outbox in that same transaction."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from services.common.errors import Conflict, NotFound
from services.common.events import new_event
from services.common.outbox import add_to_outbox

from .. import SERVICE
from ..adapters.orm import bus, organisations, workshops
from ..domain.model import (RegistrationRefused, WorkshopStatus, check_can_register,
                            new_registration_code, normalise_name)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def create_workshop(sessions: sessionmaker, data: dict) -> dict:
    workshop = dict(data, id=str(uuid.uuid4()), code=new_registration_code(),
                    status=WorkshopStatus.OPEN.value, created_at=_now())
    with sessions.begin() as session:
        session.execute(insert(workshops).values(**workshop))
    return dict(workshop, registered=0)


def get_workshop(sessions: sessionmaker, workshop_id: str) -> dict:
    with sessions() as session:
        row = session.execute(select(workshops).where(workshops.c.id == workshop_id)).mappings().first()
        if row is None:
            raise NotFound("找不到该工作坊。", "No such workshop.")
        return dict(row, registered=_registered_count(session, workshop_id))


def register_organisation(sessions: sessionmaker, code: str, data: dict) -> dict:
    organisation = dict(id=str(uuid.uuid4()), name_zh=data["name_zh"].strip(),
                        name_en=(data.get("name_en") or "").strip() or None,
                        name_key=normalise_name(data["name_zh"]), created_at=_now())
    try:
        with sessions.begin() as session:
            workshop = session.execute(
                select(workshops.c.id, workshops.c.status).where(workshops.c.code == code.upper())
            ).first()
            if workshop is None:
                raise NotFound("报名码无效，请向主办方核对。", "Unknown registration code; check it with the organiser.")
            check_can_register(WorkshopStatus(workshop.status))
            organisation["workshop_id"] = workshop.id
            _refuse_duplicate(session, workshop.id, organisation["name_key"])
            session.execute(insert(organisations).values(**organisation))
            add_to_outbox(session, bus.outbox, new_event("organisation.registered", {
                "organisation_id": organisation["id"], "workshop_id": workshop.id,
                "name_zh": organisation["name_zh"], "name_en": organisation["name_en"],
            }, producer=SERVICE))
    except RegistrationRefused as refusal:
        raise Conflict(refusal.zh, refusal.en) from None
    except IntegrityError:  # a concurrent registration of the same name won the race
        raise _duplicate() from None
    return organisation


def get_organisation(sessions: sessionmaker, organisation_id: str) -> dict:
    with sessions() as session:
        row = session.execute(
            select(organisations).where(organisations.c.id == organisation_id)).mappings().first()
    if row is None:
        raise NotFound("找不到该机构。", "No such organisation.")
    return dict(row)


def _refuse_duplicate(session: Session, workshop_id: str, name_key: str) -> None:
    exists = session.execute(select(organisations.c.id).where(
        organisations.c.workshop_id == workshop_id, organisations.c.name_key == name_key)).first()
    if exists:
        raise _duplicate()


def _duplicate() -> Conflict:
    return Conflict("同名机构已在本工作坊报名。", "An organisation of this name is already registered for this workshop.",
                    field="name_zh")


def _registered_count(session: Session, workshop_id: str) -> int:
    return session.execute(select(func.count()).select_from(organisations)
                           .where(organisations.c.workshop_id == workshop_id)).scalar_one()
