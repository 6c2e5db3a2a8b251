"""Diagnosis use cases: learning of organisations, taking submissions, scoring them."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from services.common.auth import Principal
from services.common.errors import Conflict, NotFound
from services.common.events import Event, new_event
from services.common.outbox import add_to_outbox

from .. import SERVICE
from ..adapters.orm import bus, known_organisations, submissions
from ..domain.scoring import score_answers
from ..schemas import RegisteredOrganisationPayload, WithdrawnOrganisationPayload

NO_SUCH_ORGANISATION = ("找不到该机构（刚报名的机构请几秒后重试）。",
                        "No such organisation (if it has just registered, retry in a few seconds).")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def remember_organisation(session: Session, event: Event) -> None:
    """Handler of `organisation.registered`: keep the local copy (newest wins)."""
    payload = RegisteredOrganisationPayload().load(event.payload)
    organisation_id = str(payload["organisation_id"])
    values = dict(workshop_id=str(payload["workshop_id"]), name_zh=payload["name_zh"],
                  name_en=payload["name_en"], status=payload["status"], registered_at=event.time)
    known = session.execute(select(known_organisations.c.registered_at)
                            .where(known_organisations.c.id == organisation_id)).first()
    if known is None:
        session.execute(insert(known_organisations).values(id=organisation_id, **values))
    elif known.registered_at <= event.time:
        session.execute(known_organisations.update()
                        .where(known_organisations.c.id == organisation_id).values(**values))



def forget_organisation(session: Session, event: Event) -> None:
    """Handler of `organisation.withdrawn`: keep the row (its submissions stay), mark it."""
    organisation_id = str(WithdrawnOrganisationPayload().load(event.payload)["organisation_id"])
    session.execute(known_organisations.update().where(known_organisations.c.id == organisation_id)
                    .values(status="withdrawn"))


def submit(sessions: sessionmaker, principal: Principal, organisation_id: str, answers: dict[str, int]) -> dict:
    if not principal.is_organisation(organisation_id):
        raise NotFound(*NO_SUCH_ORGANISATION)
    scores = score_answers(answers)
    try:
        with sessions.begin() as session:
            organisation = _known_organisation(session, organisation_id)
            if organisation.status == "withdrawn":
                raise Conflict("该机构已退出工作坊，不能再提交诊断。", "This organisation has withdrawn; it cannot submit.")
            version = _next_version(session, organisation_id)
            submission = dict(id=str(uuid.uuid4()), organisation_id=organisation_id, version=version,
                              answers=answers, overall_score=scores["overall"], submitted_at=_now())
            session.execute(insert(submissions).values(**submission))
            add_to_outbox(session, bus.outbox, new_event("diagnosis.scored", {
                "organisation_id": organisation_id,
                "workshop_id": organisation.workshop_id,
                "organisation_name_zh": organisation.name_zh,
                "organisation_name_en": organisation.name_en,
                "diagnosis_version": version,
                "submission_id": submission["id"],
                "scores": scores,
            }, producer=SERVICE))
    except IntegrityError:  # two submissions raced for the same version number
        raise Conflict("该机构的另一份提交正在处理，请重试。",
                       "Another submission for this organisation was being saved; retry.") from None
    return submission


def latest_submission(sessions: sessionmaker, principal: Principal, organisation_id: str) -> dict:
    with sessions() as session:
        organisation = _known_organisation(session, organisation_id)
        if not (principal.is_organisation(organisation_id) or principal.facilitates(organisation.workshop_id)):
            raise NotFound(*NO_SUCH_ORGANISATION)
        row = session.execute(
            select(submissions).where(submissions.c.organisation_id == organisation_id)
            .order_by(submissions.c.version.desc()).limit(1)).mappings().first()
    if row is None:
        raise NotFound("该机构尚未提交诊断。", "This organisation has not submitted a diagnosis yet.")
    return dict(row)


def _known_organisation(session: Session, organisation_id: str):
    row = session.execute(select(known_organisations)
                          .where(known_organisations.c.id == organisation_id)).first()
    if row is None:
        # Also the answer for a registration whose event has not arrived yet: clients retry.
        raise NotFound(*NO_SUCH_ORGANISATION)
    return row


def _next_version(session: Session, organisation_id: str) -> int:
    current = session.execute(select(func.max(submissions.c.version))
                              .where(submissions.c.organisation_id == organisation_id)).scalar()
    return (current or 0) + 1
