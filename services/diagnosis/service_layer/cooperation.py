"""Cooperation intents: an organisation proposes one to a peer of its workshop (from a
suggested match or to anyone), the peer accepts or declines, either side may withdraw; the
workshop's facilitator records one agreed in the room. An organisation sees only the intents
it is part of; the facilitator sees the workshop's."""

from __future__ import annotations

import uuid

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from services.common.auth import ORGANISATION
from services.common.clock import now
from services.common.contracts.diagnosis import IntentChanged
from services.common.contracts.registration import BASELINE_ROUND
from services.common.errors import Conflict, Invalid, NoSuchWorkshop, NotFound
from services.common.i18n import N_
from services.common.outbox import publish

from ..adapters.orm import cooperation_intents, known_organisations
from ..domain import cooperation
from .common import Caller, known_organisation
from .rounds import current_round
from .scoring import cohort_for, latest_cohort

NO_SUCH_INTENT = N_("No such cooperation intent.")


def _leader_of(caller: Caller) -> str:
    """The organisation whose leader is calling (a rater or a facilitator proposes nothing)."""
    principal = caller.principal
    if principal.role != ORGANISATION or caller.respondent_id is not None:
        raise NotFound(NO_SUCH_INTENT)
    return str(principal.organisation_id)


def _peer(session: Session, workshop_id: str, organisation_id: str, field: str) -> dict:
    row = (
        session.execute(
            select(known_organisations).where(
                known_organisations.c.id == organisation_id,
                known_organisations.c.workshop_id == workshop_id,
                known_organisations.c.status != "withdrawn",
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        raise Invalid(N_("Choose an organisation of this workshop."), field=field)
    return dict(row)


def _refused(refusal: cooperation.IntentRefused):
    if isinstance(refusal, cooperation.NotASide):
        return NotFound(refusal.message)
    if isinstance(refusal, cooperation.NotOpen):
        return Conflict(refusal.message)
    return Invalid(refusal.message, field=refusal.field)


def _insert(session: Session, workshop_id: str, first: str, second: str, details: dict, state: str, by: str) -> dict:
    try:
        cooperation.check_new(first, second, details["target_month"], now().date())
    except cooperation.IntentRefused as refusal:
        raise _refused(refusal) from refusal
    pair = or_(
        and_(cooperation_intents.c.proposer_id == first, cooperation_intents.c.partner_id == second),
        and_(cooperation_intents.c.proposer_id == second, cooperation_intents.c.partner_id == first),
    )
    already = session.execute(
        select(cooperation_intents.c.id).where(
            pair, cooperation_intents.c.kind == details["kind"], cooperation_intents.c.state.in_(cooperation.OPEN)
        )
    ).first()
    if already is not None:
        raise Conflict(N_("The two organisations already have an open intent of this kind."), field="kind")
    row = dict(
        id=str(uuid.uuid4()),
        workshop_id=workshop_id,
        proposer_id=first,
        partner_id=second,
        kind=details["kind"],
        what=details["what"],
        target_month=details["target_month"],
        state=state,
        recorded_by=by,
        created_at=now(),
        answered_at=now() if state == cooperation.AGREED else None,
        revision=1,
    )
    session.execute(cooperation_intents.insert().values(**row))
    _announce(session, row)
    return row


def _announce(session: Session, row: dict) -> None:
    """In the change's transaction: reporting prints agreed intents in both reports."""
    fields = ("workshop_id", "proposer_id", "partner_id", "kind", "what", "target_month", "state", "recorded_by")
    publish(
        session,
        "intent.changed",
        IntentChanged(intent_id=row["id"], revision=row["revision"], **{f: row[f] for f in fields}),
    )


def propose(sessions: sessionmaker, caller: Caller, details: dict) -> dict:
    """`details`: partner_id, kind, what, target_month (checked by the schema)."""
    proposer_id = _leader_of(caller)
    with sessions.begin() as session:
        workshop_id = known_organisation(session, proposer_id)["workshop_id"]
        _peer(session, workshop_id, details["partner_id"], "partner_id")
        row = _insert(
            session, workshop_id, proposer_id, details["partner_id"], details, cooperation.PROPOSED, ORGANISATION
        )
    return _shown(sessions, row)


def record(sessions: sessionmaker, caller: Caller, workshop_id: str, details: dict) -> dict:
    """The facilitator records an intent the two agreed in the room: agreed for both sides.
    `details`: proposer_id, partner_id, kind, what, target_month."""
    if not caller.principal.facilitates(workshop_id) or caller.respondent_id is not None:
        raise NoSuchWorkshop()
    with sessions.begin() as session:
        _peer(session, workshop_id, details["proposer_id"], "proposer_id")
        _peer(session, workshop_id, details["partner_id"], "partner_id")
        row = _insert(
            session,
            workshop_id,
            details["proposer_id"],
            details["partner_id"],
            details,
            cooperation.AGREED,
            "facilitator",
        )
    return _shown(sessions, row)


def answer(sessions: sessionmaker, caller: Caller, intent_id: str, accept: bool) -> dict:
    return _change(sessions, caller, intent_id, lambda intent, me: cooperation.answer(intent, me, accept))


def withdraw(sessions: sessionmaker, caller: Caller, intent_id: str) -> dict:
    return _change(sessions, caller, intent_id, cooperation.withdraw)


def _change(sessions: sessionmaker, caller: Caller, intent_id: str, rule) -> dict:
    me = _leader_of(caller)
    with sessions.begin() as session:
        row = (
            session.execute(select(cooperation_intents).where(cooperation_intents.c.id == intent_id)).mappings().first()
        )
        if row is None or me not in (row["proposer_id"], row["partner_id"]):
            raise NotFound(NO_SUCH_INTENT)
        try:
            state = rule(cooperation.Intent(row["proposer_id"], row["partner_id"], row["state"]), me)
        except cooperation.IntentRefused as refusal:
            raise _refused(refusal) from refusal
        changed = session.execute(
            update(cooperation_intents)
            .where(cooperation_intents.c.id == intent_id, cooperation_intents.c.revision == row["revision"])
            .values(state=state, answered_at=now(), revision=row["revision"] + 1)
        ).rowcount
        if not changed:  # answered in another tab a moment ago
            raise Conflict(N_("This intent has already been answered or withdrawn."))
        after = dict(row, state=state, revision=row["revision"] + 1)
        _announce(session, after)
    return _shown(sessions, after)


def mine(sessions: sessionmaker, caller: Caller) -> dict:
    """The intents the caller's organisation is part of, whom it may propose to (suggested
    matches first), and what it may choose."""
    me = _leader_of(caller)
    with sessions() as session:
        workshop_id = known_organisation(session, me)["workshop_id"]
        rows = _intents(session, or_(cooperation_intents.c.proposer_id == me, cooperation_intents.c.partner_id == me))
        peers = _organisations(session, workshop_id)
        # the suggested matches of the round answered now, else those of the workshop itself
        figures = latest_cohort(session, workshop_id, current_round(session, workshop_id)) or latest_cohort(
            session, workshop_id, BASELINE_ROUND
        )
    suggested = _suggested(figures.figures if figures else None, me)
    names = {p["id"]: p for p in peers}
    others = [p for p in peers if p["id"] != me and p["status"] != "withdrawn"]
    others.sort(key=lambda p: (p["id"] not in suggested, p["name_zh"]))
    return {
        "organisation_id": me,
        "intents": [_with_names(r, names, me) for r in rows],
        "peers": [dict(p, suggested_kind=suggested.get(p["id"])) for p in others],
    }


def of_workshop(sessions: sessionmaker, caller: Caller, workshop_id: str) -> dict:
    if not caller.principal.facilitates(workshop_id) or caller.respondent_id is not None:
        raise NoSuchWorkshop()
    with sessions() as session:
        rows = _intents(session, cooperation_intents.c.workshop_id == workshop_id)
        peers = [p for p in _organisations(session, workshop_id) if p["status"] != "withdrawn"]
    names = {p["id"]: p for p in peers}
    return {
        "intents": [_with_names(r, names) for r in rows],
        "organisations": sorted(peers, key=lambda p: p["name_zh"]),
    }


def _intents(session: Session, condition) -> list[dict]:
    query = select(cooperation_intents).where(condition).order_by(cooperation_intents.c.created_at)
    return [dict(r) for r in session.execute(query).mappings()]


def _organisations(session: Session, workshop_id: str) -> list[dict]:
    columns = (known_organisations.c.id, known_organisations.c.name_zh, known_organisations.c.name_en)
    query = select(*columns, known_organisations.c.status).where(known_organisations.c.workshop_id == workshop_id)
    return [dict(r) for r in session.execute(query).mappings()]


def _suggested(figures: dict | None, me: str) -> dict[str, str]:
    """The organisation's suggested partners (its matches) and the kind each suggests."""
    if not figures:
        return {}
    found: dict[str, str] = {}
    for match in cohort_for(figures, me)["matches"]:
        found.setdefault(match["to"] if match["from"] == me else match["from"], match["type"])
    return found


def _with_names(row: dict, names: dict, me: str | None = None) -> dict:
    def name(organisation_id):
        known = names.get(organisation_id)
        return {"zh": known["name_zh"], "en": known["name_en"]} if known else {"zh": "", "en": None}

    shown = dict(row, proposer_name=name(row["proposer_id"]), partner_name=name(row["partner_id"]))
    if me is not None:
        shown["mine_to_answer"] = row["partner_id"] == me and row["state"] == cooperation.PROPOSED
    return shown


def _shown(sessions: sessionmaker, row: dict) -> dict:
    with sessions() as session:
        names = {p["id"]: p for p in _organisations(session, row["workshop_id"])}
    return _with_names(row, names)
