"""Follow-up rounds (“rings”, issue 21): months after a workshop closed, its organisations
diagnose again. A round is opened by the workshop's facilitator (an organiser opens the
workshops of their programme the same way, with the facilitator token their browser is
given); one is open at a time, and while it is, the workshop is `follow_up`.

Opening writes the round, the workshop's new status and both events (`round.opened`, then
`workshop.status_changed` as a plain change of status announces it) in one transaction:
either all of it happens or none."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from services.common.auth import Principal
from services.common.clock import now
from services.common.contracts.registration import RoundOpened, WorkshopStatusChanged
from services.common.errors import Conflict, Invalid
from services.common.i18n import N_
from services.common.outbox import publish

from ..adapters.orm import workshop_rounds, workshops
from ..domain.model import NotAllowed, WorkshopStatus, check_transition
from ..domain.rounds import UnfitRound, next_round_number, round_date
from .common import load_workshop, require_facilitator

# Why a workshop that is not closed opens no round.
_NOT_CLOSED = {
    WorkshopStatus.DRAFT.value: N_(
        "This workshop is still a draft: a follow-up round comes after a workshop has closed."
    ),
    WorkshopStatus.OPEN.value: N_("Close the workshop first: a follow-up round opens once the workshop has closed."),
    WorkshopStatus.ARCHIVED.value: N_("This workshop is archived: it takes no more follow-up rounds."),
    WorkshopStatus.FOLLOW_UP.value: N_("A follow-up round is open already; close it before opening another."),
}


class RoundUsedAlready(Conflict):
    """A confirmation of a round that has been opened (or closed) since: it acts once."""

    def __init__(self, number: int):
        super().__init__(
            N_("This confirmation was used already (round %(number)s); nothing more was done."), number=number
        )
        self.number = number


def rounds_of(sessions: sessionmaker, principal: Principal, workshop_id: str) -> list[dict]:
    """The workshop's follow-up rounds, in their order."""
    require_facilitator(principal, workshop_id)
    with sessions() as session:
        load_workshop(session, workshop_id)
        return _rounds(session, workshop_id)


def plan_round(
    sessions: sessionmaker, principal: Principal, workshop_id: str, kind: str, opens_on: dt.date | None = None
) -> dict:
    """The round that opening would make (its number and date), or the reason it cannot be:
    what the confirmation page says before anything is written."""
    require_facilitator(principal, workshop_id)
    with sessions() as session:
        return _plan(session, load_workshop(session, workshop_id), kind, opens_on)


def open_round(
    sessions: sessionmaker,
    principal: Principal,
    workshop_id: str,
    kind: str,
    opens_on: dt.date | None = None,
    *,
    opened_by: str | None = None,
    expected_number: int | None = None,
) -> dict:
    """Open the next follow-up round of a closed workshop. `expected_number` is the number a
    confirmation page showed: sent again once that round exists, it opens nothing more."""
    require_facilitator(principal, workshop_id)
    try:
        with sessions.begin() as session:
            workshop = load_workshop(session, workshop_id, for_update=True)
            if expected_number is not None and expected_number in {r["number"] for r in _rounds(session, workshop_id)}:
                raise RoundUsedAlready(expected_number)
            planned = _plan(session, workshop, kind, opens_on)
            if expected_number is not None and planned["number"] != expected_number:
                raise RoundUsedAlready(expected_number)
            _check(WorkshopStatus.CLOSED, WorkshopStatus.FOLLOW_UP)
            row = dict(planned, id=str(uuid.uuid4()), opened_at=now(), opened_by=opened_by, closed_at=None)
            session.execute(insert(workshop_rounds).values(**row))
            _set_status(session, workshop_id, WorkshopStatus.FOLLOW_UP)
            publish(session, "round.opened", RoundOpened(workshop_id, row["number"], kind, row["opens_on"]))
            publish(
                session,
                "workshop.status_changed",
                WorkshopStatusChanged(workshop_id, WorkshopStatus.CLOSED.value, WorkshopStatus.FOLLOW_UP.value),
            )
    except IntegrityError:  # the same number taken a moment ago (a second tab, without row locks)
        raise Conflict(_NOT_CLOSED[WorkshopStatus.FOLLOW_UP.value]) from None
    return _as_round(row)


def close_round(
    sessions: sessionmaker, principal: Principal, workshop_id: str, expected_number: int | None = None
) -> dict:
    """Close the open round: its answers are in, the workshop is closed again."""
    require_facilitator(principal, workshop_id)
    with sessions.begin() as session:
        workshop = load_workshop(session, workshop_id, for_update=True)
        rounds = _rounds(session, workshop_id)
        current = next((r for r in rounds if r["is_open"]), None)
        used = {r["number"] for r in rounds if not r["is_open"]}
        if expected_number is not None and expected_number in used:  # closed already: a resent confirmation
            raise RoundUsedAlready(expected_number)
        if current is None or workshop["status"] != WorkshopStatus.FOLLOW_UP.value:
            raise Conflict(N_("No follow-up round is open."))
        _check(WorkshopStatus.FOLLOW_UP, WorkshopStatus.CLOSED)
        closed_at = now()
        session.execute(
            update(workshop_rounds).where(workshop_rounds.c.id == current["id"]).values(closed_at=closed_at)
        )
        _set_status(session, workshop_id, WorkshopStatus.CLOSED)
        publish(
            session,
            "workshop.status_changed",
            WorkshopStatusChanged(workshop_id, WorkshopStatus.FOLLOW_UP.value, WorkshopStatus.CLOSED.value),
        )
    return dict(current, closed_at=closed_at, is_open=False)


def current_round(sessions: sessionmaker, principal: Principal) -> dict | None:
    """The open round of the caller's own workshop (an organisation's home says it)."""
    with sessions() as session:
        return next((r for r in _rounds(session, principal.workshop_id) if r["is_open"]), None)


def rounds_by_workshop(sessions: sessionmaker, workshop_ids: list[str]) -> dict[str, list[dict]]:
    """Each workshop's rounds, in one query (the account's home lists workshops already
    checked visible to the account)."""
    by_workshop: dict[str, list[dict]] = {}
    if not workshop_ids:
        return by_workshop
    with sessions() as session:
        rows = session.execute(
            select(workshop_rounds)
            .where(workshop_rounds.c.workshop_id.in_(workshop_ids))
            .order_by(workshop_rounds.c.workshop_id, workshop_rounds.c.number)
        ).mappings()
        for row in rows:
            by_workshop.setdefault(row["workshop_id"], []).append(_as_round(dict(row)))
    return by_workshop


def _plan(session: Session, workshop: dict, kind: str, opens_on: dt.date | None) -> dict:
    rounds = _rounds(session, workshop["id"])
    current = next((r for r in rounds if r["is_open"]), None)
    if current is not None:
        raise Conflict(
            N_("Round %(number)s is open already; close it before opening another."), number=current["number"]
        )
    if workshop["status"] != WorkshopStatus.CLOSED.value:
        raise Conflict(_NOT_CLOSED[workshop["status"]])
    try:
        when = round_date(kind, workshop["ends_on"], opens_on)
    except UnfitRound as unfit:
        raise Invalid(unfit.message, field=unfit.field) from None
    return dict(
        workshop_id=workshop["id"], number=next_round_number(r["number"] for r in rounds), kind=kind, opens_on=when
    )


def _check(current: WorkshopStatus, wanted: WorkshopStatus) -> None:
    try:
        check_transition(current, wanted, by_round=True)
    except NotAllowed as refusal:
        raise Conflict(refusal.message) from None


def _set_status(session: Session, workshop_id: str, status: WorkshopStatus) -> None:
    session.execute(
        update(workshops).where(workshops.c.id == workshop_id).values(status=status.value, updated_at=now())
    )


def _rounds(session: Session, workshop_id: str) -> list[dict]:
    rows = session.execute(
        select(workshop_rounds).where(workshop_rounds.c.workshop_id == workshop_id).order_by(workshop_rounds.c.number)
    ).mappings()
    return [_as_round(dict(row)) for row in rows]


def _as_round(row: dict) -> dict:
    return dict(row, is_open=row["closed_at"] is None)
