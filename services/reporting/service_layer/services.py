"""Reporting use cases: a report row for every scored diagnosis, rendering it, serving it.

The order follows Indico: the state row is committed first, then the task (carrying only
the id) is enqueued. A task lost between the two, or to a broker that forgot it, is found
by `requeue_stale` and enqueued again."""
from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
import uuid
from pathlib import Path
from typing import Callable

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from services.common.auth import Principal
from services.common.errors import Conflict, NotFound
from services.common.events import Event, new_event
from services.common.outbox import add_to_outbox

from .. import SERVICE
from ..adapters.orm import bus, reports
from ..adapters.storage import write_atomically
from ..domain.content import report_context
from ..domain.report import CLAIMABLE, ReportState, after_failure, artifact_path
from ..schemas import ScoredDiagnosisPayload
from ..settings import ReportingSettings

log = logging.getLogger(__name__)

RenderPdf = Callable[[dict], bytes]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def create_report(session: Session, event: Event) -> str | None:
    """Handler of `diagnosis.scored`: a pending report; returns its id for the enqueue that
    follows the commit (None when there is nothing to render)."""
    payload = ScoredDiagnosisPayload().load(event.payload)
    report_id = str(uuid.uuid4())
    organisation_id, version = str(payload["organisation_id"]), payload["diagnosis_version"]
    # Only the newest version is worth rendering: older pending ones are dropped, and an old
    # version arriving late is born superseded.
    session.execute(update(reports).where(
        reports.c.organisation_id == organisation_id, reports.c.language == "zh",
        reports.c.diagnosis_version < version, reports.c.state == ReportState.PENDING.value,
    ).values(state=ReportState.SUPERSEDED.value))
    newest = session.execute(select(func.max(reports.c.diagnosis_version)).where(
        reports.c.organisation_id == organisation_id, reports.c.language == "zh")).scalar()
    state = ReportState.SUPERSEDED if newest is not None and newest > version else ReportState.PENDING
    session.execute(insert(reports).values(
        id=report_id, organisation_id=organisation_id,
        workshop_id=str(payload["workshop_id"]), diagnosis_version=version,
        language="zh", state=state.value, attempts=0,
        organisation_name_zh=payload["organisation_name_zh"],
        organisation_name_en=payload["organisation_name_en"], scores=payload["scores"],
        created_at=_now(), enqueued_at=_now(),
    ))
    return report_id if state is ReportState.PENDING else None


def render_report(sessions: sessionmaker, settings: ReportingSettings, report_id: str,
                  render_pdf: RenderPdf) -> ReportState | None:
    report = _claim(sessions, report_id)
    if report is None:
        return None  # already ready or failed: a repeated task does nothing
    relative = artifact_path(report["workshop_id"], report["organisation_id"],
                             report["diagnosis_version"], report["language"])
    try:
        if settings.render_delay_seconds:
            time.sleep(settings.render_delay_seconds)
        pdf = render_pdf(report_context(report, _now().date()))
        write_atomically(settings.reports_dir / relative, pdf)
    except Exception as exc:  # noqa: BLE001 - any render failure is recorded on the report
        log.exception("render of report %s failed", report_id)
        return _record_failure(sessions, report, exc, settings.max_render_attempts)
    _mark_ready(sessions, report, str(relative))
    return ReportState.READY


def _claim(sessions: sessionmaker, report_id: str) -> dict | None:
    with sessions.begin() as session:
        claimed = session.execute(
            update(reports)
            .where(reports.c.id == report_id, reports.c.state.in_([s.value for s in CLAIMABLE]))
            .values(state=ReportState.RENDERING.value, attempts=reports.c.attempts + 1,
                    worker=f"{socket.gethostname()}:{os.getpid()}", started_at=_now())
        ).rowcount
        if not claimed:
            return None
        return dict(session.execute(select(reports).where(reports.c.id == report_id)).mappings().one())


def _mark_ready(sessions: sessionmaker, report: dict, relative: str) -> None:
    with sessions.begin() as session:
        first = session.execute(
            update(reports)
            .where(reports.c.id == report["id"], reports.c.state.in_([s.value for s in CLAIMABLE]))
            .values(state=ReportState.READY.value, file_path=relative, error=None, finished_at=_now())
        ).rowcount
        if first:  # a second render of the same report announces nothing
            add_to_outbox(session, bus.outbox, new_event("report.ready", {
                "report_id": report["id"], "organisation_id": report["organisation_id"],
                "workshop_id": report["workshop_id"], "diagnosis_version": report["diagnosis_version"],
                "language": report["language"],
            }, producer=SERVICE))


def _record_failure(sessions: sessionmaker, report: dict, exc: Exception, max_attempts: int) -> ReportState:
    state = after_failure(report["attempts"], max_attempts)
    with sessions.begin() as session:
        changed = session.execute(
            update(reports).where(reports.c.id == report["id"], reports.c.state == ReportState.RENDERING.value)
            .values(state=state.value, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=_now())
        ).rowcount
        if changed and state is ReportState.FAILED:
            add_to_outbox(session, bus.outbox, new_event("report.failed", {
                "report_id": report["id"], "organisation_id": report["organisation_id"],
                "workshop_id": report["workshop_id"], "diagnosis_version": report["diagnosis_version"],
            }, producer=SERVICE))
    return state


def requeue_stale(sessions: sessionmaker, settings: ReportingSettings, enqueue: Callable[[str], None]) -> int:
    """Enqueue again what waits too long: pending reports whose task was lost, and renders
    whose worker died so long ago that the broker should have handed them out already."""
    now = _now()
    pending_cutoff = now - dt.timedelta(seconds=settings.requeue_after_seconds)
    rendering_cutoff = now - dt.timedelta(
        seconds=settings.visibility_timeout + settings.render_time_limit + settings.requeue_after_seconds)
    with sessions.begin() as session:
        stale = session.execute(select(reports.c.id).where(or_(
            and_(reports.c.state == ReportState.PENDING.value,
                 or_(reports.c.enqueued_at.is_(None), reports.c.enqueued_at < pending_cutoff)),
            and_(reports.c.state == ReportState.RENDERING.value, reports.c.started_at < rendering_cutoff,
                 reports.c.enqueued_at < pending_cutoff),
        )).limit(500)).scalars().all()
        for report_id in stale:
            enqueue(report_id)
        if stale:
            session.execute(update(reports).where(reports.c.id.in_(stale)).values(enqueued_at=now))
            log.warning("re-enqueued %d stale reports", len(stale))
    return len(stale)


def reports_of_organisation(sessions: sessionmaker, principal: Principal, organisation_id: str) -> list[dict]:
    with sessions() as session:
        rows = session.execute(select(reports).where(reports.c.organisation_id == organisation_id)
                               .order_by(reports.c.diagnosis_version.desc())).mappings().all()
    # An organisation sees its own; a facilitator those of their workshop; others an empty list
    # that says nothing about whether the organisation exists.
    return [dict(r) for r in rows if _may_read(principal, r)]


def get_report(sessions: sessionmaker, principal: Principal, report_id: str) -> dict:
    with sessions() as session:
        row = session.execute(select(reports).where(reports.c.id == report_id)).mappings().first()
    if row is None or not _may_read(principal, row):
        raise NotFound("找不到该报告。", "No such report.")
    return dict(row)


def _may_read(principal: Principal, report) -> bool:
    return principal.is_organisation(report["organisation_id"]) or principal.facilitates(report["workshop_id"])


def report_file(sessions: sessionmaker, principal: Principal, settings: ReportingSettings, report_id: str) -> Path:
    report = get_report(sessions, principal, report_id)
    if report["state"] != ReportState.READY.value:
        raise Conflict("报告尚未生成完毕，请稍候。", "The report is not ready yet.")
    return settings.reports_dir / report["file_path"]
