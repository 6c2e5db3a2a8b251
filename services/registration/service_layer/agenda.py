"""The lightning-talk agenda (闪电发言): one talk per registered organisation, ordered the
站年轮 way, with the facilitator's moves and pins kept on the workshop."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from services.common.auth import Principal
from services.common.clock import now
from services.common.contracts.registration import AgendaSlot, WorkshopAgenda
from services.common.errors import Conflict, NoSuchOrganisation, NoSuchWorkshop
from services.common.outbox import publish

from ..adapters.orm import organisations, workshops
from ..domain import agenda as rules
from ..domain.model import OrganisationStatus
from .common import load_workshop


def view(sessions: sessionmaker, principal: Principal, workshop_id: str) -> dict:
    """Facilitators and the workshop's own organisations may see when everyone speaks."""
    if principal.workshop_id != workshop_id:
        raise NoSuchWorkshop()
    with sessions() as session:
        workshop = load_workshop(session, workshop_id)
        return _agenda(workshop, _speakers(session, workshop_id))


def move(sessions: sessionmaker, principal: Principal, workshop_id: str, organisation_id: str, direction: str) -> dict:
    return _change(
        sessions,
        principal,
        workshop_id,
        organisation_id,
        lambda speakers, settings, layout: rules.move(speakers, settings, layout, organisation_id, direction),
    )


def pin(sessions: sessionmaker, principal: Principal, workshop_id: str, organisation_id: str, position: int) -> dict:
    return _change(
        sessions,
        principal,
        workshop_id,
        organisation_id,
        lambda speakers, settings, layout: rules.pin(speakers, settings, layout, organisation_id, position),
    )


def unpin(sessions: sessionmaker, principal: Principal, workshop_id: str, organisation_id: str) -> dict:
    return _change(
        sessions,
        principal,
        workshop_id,
        organisation_id,
        lambda speakers, settings, layout: rules.unpin(speakers, settings, layout, organisation_id),
    )


def announce(session: Session, workshop_id: str) -> None:
    """Tell the other services the agenda as it now stands (reporting prints it)."""
    workshop = load_workshop(session, workshop_id)
    try:
        slots = _agenda(workshop, _speakers(session, workshop_id))["slots"]
    except Conflict:  # an agenda that runs past midnight is not announced until it is fixed
        return
    publish(
        session,
        "workshop.agenda_changed",
        WorkshopAgenda(
            workshop_id,
            [
                AgendaSlot(
                    kind=s.kind,
                    number=s.number,
                    starts_at=s.starts_at.strftime("%H:%M"),
                    ends_at=s.ends_at.strftime("%H:%M"),
                    organisation_id=s.organisation_id,
                    name_zh=s.name_zh,
                    name_en=s.name_en,
                    pinned=s.pinned,
                )
                for s in slots
            ],
        ),
    )


def _change(sessions: sessionmaker, principal: Principal, workshop_id: str, organisation_id: str, change) -> dict:
    if not principal.facilitates(workshop_id):
        raise NoSuchWorkshop()
    with sessions.begin() as session:
        workshop = load_workshop(session, workshop_id, for_update=True)
        if (
            session.execute(
                select(organisations.c.id).where(
                    organisations.c.id == organisation_id, organisations.c.workshop_id == workshop_id
                )
            ).first()
            is None
        ):
            raise NoSuchOrganisation()
        speakers = _speakers(session, workshop_id)
        try:
            layout = change(speakers, _settings(workshop), rules.AgendaLayout.from_json(workshop["agenda_layout"]))
        except rules.AgendaError as error:
            raise Conflict(error.message) from None
        session.execute(
            update(workshops)
            .where(workshops.c.id == workshop_id)
            .values(agenda_layout=layout.to_json(), updated_at=now())
        )
        announce(session, workshop_id)
        return _agenda(dict(workshop, agenda_layout=layout.to_json()), speakers)


def _agenda(workshop: dict, speakers: list[rules.Speaker]) -> dict:
    settings = _settings(workshop)
    try:
        slots = rules.build_agenda(speakers, settings, rules.AgendaLayout.from_json(workshop["agenda_layout"]))
    except rules.AgendaError as error:
        raise Conflict(error.message) from None
    return {"workshop": workshop, "settings": settings, "slots": slots}


def _settings(workshop: dict) -> rules.AgendaSettings:
    return rules.AgendaSettings(
        starts_at=workshop["agenda_starts_at"],
        talk_minutes=workshop["talk_minutes"],
        break_every=workshop["break_every"],
        break_minutes=workshop["break_minutes"],
        order=workshop["agenda_order"],
    )


def _speakers(session: Session, workshop_id: str) -> list[rules.Speaker]:
    rows = session.execute(
        select(
            organisations.c.id,
            organisations.c.name_zh,
            organisations.c.name_en,
            organisations.c.years_in_sector,
            organisations.c.created_at,
        ).where(
            organisations.c.workshop_id == workshop_id, organisations.c.status == OrganisationStatus.REGISTERED.value
        )
    ).all()
    return [rules.Speaker(r.id, r.name_zh, r.name_en, r.years_in_sector, r.created_at) for r in rows]
