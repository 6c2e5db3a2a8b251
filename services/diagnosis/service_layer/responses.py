"""A respondent's own answers: drafts saved as often as they like (partial is fine), one
submission per version, reopened as a new version until the workshop closes. Each
submission recomputes the organisation's diagnosis in the same transaction.

A follow-up round starts from the last round: the first time a respondent opens it, their
last answers are carried over into a new version, a draft of the new round, so that they
change only what changed (and the leader says what did, in `follow_up`)."""

from __future__ import annotations

import uuid
from typing import Any, cast

from sqlalchemy import Row, select, update
from sqlalchemy.orm import Session, sessionmaker

from services.common.clock import now
from services.common.contracts.registration import BASELINE_ROUND
from services.common.errors import Conflict, Invalid
from services.common.i18n import N_

from ..adapters.orm import known_organisations, known_workshops, responses
from ..domain.instrument import Instrument
from ..schemas import LEADER_ONLY
from . import rings
from .recompute import recompute
from .respondents import Caller, known_organisation, respondent_of
from .rounds import CLOSED, answering_round, round_of_organisation

CONTENT = (
    "answers",
    "numbers",
    "scan",
    "scan_text",
    "scan_text_named",
    "stage_evidence",
    "path_views",
    "follow_up",
)
CARRIED = tuple(field for field in CONTENT if field != "follow_up")  # a new round's own words start empty
EMPTY = {"scan_text": None, "scan_text_named": False}  # the others are empty mappings


def mine(sessions: sessionmaker, caller: Caller) -> dict | None:
    with sessions.begin() as session:  # may create the leader's respondent row, or carry a round over
        respondent = respondent_of(session, caller)
        return _current(session, respondent)


def looking_back(sessions: sessionmaker, caller: Caller) -> dict | None:
    """In a follow-up round, what the leader is asked about the last one (rings.looking_back)."""
    with sessions.begin() as session:
        respondent = respondent_of(session, caller)
        current = _current(session, respondent)
        round_ = current["round"] if current else round_of_organisation(session, respondent["organisation_id"])
        if respondent["role"] != "leader" or round_ <= BASELINE_ROUND:
            return None
        return rings.looking_back(session, respondent["organisation_id"], round_)


def save_draft(sessions: sessionmaker, instrument: Instrument, caller: Caller, content: dict) -> dict:
    with sessions.begin() as session:
        respondent = respondent_of(session, caller)
        _refuse_leader_fields(respondent, content)
        _refuse_when_closed(session, respondent["organisation_id"])
        latest = _current(session, respondent)
        return _write_draft(session, instrument, respondent, latest, content)


def update_draft(
    sessions: sessionmaker,
    instrument: Instrument,
    caller: Caller,
    changes: dict,
    cleared: dict[str, list[str]] | None = None,
) -> dict:
    """Save one page of the questionnaire: the given codes replace the draft's, the `cleared`
    ones are removed, everything else is kept (read and written in one transaction)."""
    with sessions.begin() as session:
        respondent = respondent_of(session, caller)
        _refuse_leader_fields(respondent, changes)
        _refuse_when_closed(session, respondent["organisation_id"])
        latest = _current(session, respondent)
        content = {field: (latest or {}).get(field) for field in CONTENT}
        for field, value in changes.items():
            if isinstance(value, dict):
                content[field] = _merged(content[field] or {}, value, deep=field == "follow_up")
            else:
                content[field] = value
        for field, codes in (cleared or {}).items():
            content[field] = {code: v for code, v in (content[field] or {}).items() if code not in codes}
        return _write_draft(session, instrument, respondent, latest, content)


def _write_draft(
    session: Session, instrument: Instrument, respondent: dict, latest: dict | None, content: dict
) -> dict:
    if latest is not None and latest["state"] == "submitted":
        raise Conflict(N_("Already submitted; reopen it first (that makes a new version)."))
    values = {field: content.get(field) for field in CONTENT}
    if latest is None:
        round_ = round_of_organisation(session, respondent["organisation_id"])
        return _insert(session, respondent, 1, instrument.version, values, round_)
    session.execute(update(responses).where(responses.c.id == latest["id"]).values(**values, updated_at=now()))
    return dict(latest, **values, updated_at=now())


def submit(sessions: sessionmaker, instrument: Instrument, caller: Caller) -> dict:
    with sessions.begin() as session:
        respondent = respondent_of(session, caller)
        latest = _current(session, respondent)
        if latest is None:
            raise Invalid(N_("There is nothing to submit yet."), field="answers")
        if latest["state"] == "submitted":
            return latest  # submitting twice changes nothing
        _refuse_when_closed(session, respondent["organisation_id"])
        _check_complete(instrument, respondent, latest)
        session.execute(
            update(responses)
            .where(responses.c.id == latest["id"])
            .values(state="submitted", submitted_at=now(), instrument_version=instrument.version)
        )
        workshop_id = known_organisation(session, respondent["organisation_id"])["workshop_id"]
        recompute(session, instrument, workshop_id)
        return dict(latest, state="submitted", submitted_at=now())


def reopen(sessions: sessionmaker, instrument: Instrument, caller: Caller) -> dict:
    with sessions.begin() as session:
        respondent = respondent_of(session, caller)
        _refuse_when_closed(session, respondent["organisation_id"])
        latest = _current(session, respondent)
        if latest is None or latest["state"] != "submitted":
            raise Conflict(N_("There is no submitted version to reopen."))
        values = {field: latest[field] for field in CONTENT}
        return _insert(session, respondent, latest["version"] + 1, instrument.version, values, latest["round"])


def _current(session: Session, respondent: dict) -> dict | None:
    """The respondent's answers in the round their workshop answers now: the first time
    they open a follow-up round, their last answers carried over as its draft."""
    latest = _latest(session, respondent["id"])
    round_ = answering_round(session, respondent["organisation_id"])
    if latest is None or round_ is None or latest["round"] >= round_:
        return latest
    carried = {field: latest[field] for field in CARRIED}
    return _insert(session, respondent, latest["version"] + 1, latest["instrument_version"], carried, round_)


def _merged(stored: dict, given: dict, deep: bool) -> dict:
    """A page's answers over the stored ones; `deep`: one level further (the follow-up's
    parts: what changed per section, the actions, the intents)."""
    if not deep:
        return {**stored, **given}
    return {**stored, **{part: {**(stored.get(part) or {}), **value} for part, value in given.items()}}


def _insert(
    session: Session, respondent: dict, version: int, instrument_version: str, values: dict, round_: int
) -> dict:
    row = dict(
        values,
        id=str(uuid.uuid4()),
        respondent_id=respondent["id"],
        organisation_id=respondent["organisation_id"],
        version=version,
        instrument_version=instrument_version,
        round=round_,
        state="draft",
        created_at=now(),
        updated_at=now(),
        submitted_at=None,
    )
    row.update({field: row.get(field) or EMPTY.get(field, {}) for field in CONTENT})
    session.execute(responses.insert().values(**row))
    return row


def _latest(session: Session, respondent_id: str) -> dict | None:
    row = (
        session.execute(
            select(responses)
            .where(responses.c.respondent_id == respondent_id)
            .order_by(responses.c.version.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def _refuse_leader_fields(respondent: dict, content: dict) -> None:
    if respondent["role"] == "leader":
        return
    given = [field for field in LEADER_ONLY if content.get(field)]
    if given:
        raise Invalid(N_("The leader answers this part."), field=given[0])


def _refuse_when_closed(session: Session, organisation_id: str) -> None:
    found = cast(
        "Row[Any]",
        session.execute(
            select(known_organisations.c.status, known_workshops.c.status.label("workshop_status"))
            .outerjoin(known_workshops, known_workshops.c.id == known_organisations.c.workshop_id)
            .where(known_organisations.c.id == organisation_id)
        ).first(),
    )
    if found.status == "withdrawn":
        raise Conflict(N_("This organisation has withdrawn; its diagnosis is closed."))
    if found.workshop_status in CLOSED:
        raise Conflict(N_("The workshop has closed; answers can no longer change."))


def _check_complete(instrument: Instrument, respondent: dict, response: dict) -> None:
    """Before a submission: every rubric item answered; the leader also gives every figure."""
    missing = {
        "answers": {code: [N_("Not answered yet.")] for code in instrument.items if code not in response["answers"]}
    }
    if respondent["role"] == "leader":
        missing["numbers"] = {
            n.code: [N_("Give a figure (0 if none).")] for n in instrument.numbers if n.code not in response["numbers"]
        }
    missing = {field: codes for field, codes in missing.items() if codes}
    if missing:
        raise Invalid(N_("Some answers are missing; complete them before submitting."), errors=missing)
