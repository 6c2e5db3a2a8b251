"""The workshop summary (facilitators only): one PDF of the whole cohort, and every
organisation's scores as XLSX and CSV, rendered together for one cohort version of one
round (each round, the baseline and every follow-up, has its own cohort: the summary is made
for the newest round's, and the earlier rounds' summaries stay)."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from services.common.auth import Principal
from services.common.clock import now
from services.common.contracts.reporting import SummaryReady
from services.common.errors import Conflict, NoSuchWorkshop, NotFound
from services.common.files import safe_file_name
from services.common.i18n import N_
from services.common.outbox import publish
from services.common.tasks import enqueue

from ..adapters.celery_app import SUMMARY_TASK
from ..adapters.orm import (
    appendices,
    cohort_snapshots,
    diagnosis_snapshots,
    organisation_profiles,
    summaries,
    workshop_profiles,
)
from ..adapters.storage import write_atomically
from ..domain.report import CLAIMABLE, ReportState, summary_path
from ..settings import ReportingSettings
from . import intents
from .rendering import claim, record_failure, supersede
from .reports import workshop_fields, workshop_title

log = logging.getLogger(__name__)

RenderSummary = Callable[[dict, str, dt.date], tuple[bytes, bytes, bytes]]  # -> (pdf, xlsx, csv)
NO_SUMMARY = N_("No summary yet: it can be made once at least one organisation has submitted.")
FILES = {"pdf": "file_path", "xlsx": "xlsx_path", "csv": "csv_path"}


def request_summary(session: Session, workshop_id: str, language: str = "zh") -> str | None:
    """A summary for the workshop's newest cohort (of its newest round) and its agreed
    cooperation intents, rendered once this commits; returns its id if it needs rendering."""
    newest = session.execute(
        select(cohort_snapshots.c.round, cohort_snapshots.c.version)
        .where(cohort_snapshots.c.workshop_id == workshop_id)
        .order_by(cohort_snapshots.c.round.desc())
        .limit(1)
    ).first()
    if newest is None:
        raise Conflict(NO_SUMMARY)
    round_, cohort_version = newest
    existing = (
        session.execute(
            select(summaries).where(
                summaries.c.workshop_id == workshop_id,
                summaries.c.cohort_version == cohort_version,
                summaries.c.language == language,
            )
        )
        .mappings()
        .first()
    )
    if existing is not None:
        behind = existing["state"] == ReportState.READY.value and existing["intents_mark"] != intents.mark(
            intents.agreed_intents(session, workshop_id)
        )
        if existing["state"] != ReportState.FAILED.value and not behind:
            return None
        session.execute(
            update(summaries)
            .where(summaries.c.id == existing["id"])
            .values(state=ReportState.PENDING.value, attempts=0, error=None, enqueued_at=now())
        )
        enqueue(session, SUMMARY_TASK, existing["id"])
        return existing["id"]
    session.execute(
        update(summaries)
        .where(
            summaries.c.workshop_id == workshop_id,
            summaries.c.round == round_,
            summaries.c.language == language,
            summaries.c.state == ReportState.PENDING.value,
        )
        .values(state=ReportState.SUPERSEDED.value)
    )
    summary_id = str(uuid.uuid4())
    session.execute(
        insert(summaries).values(
            id=summary_id,
            workshop_id=workshop_id,
            cohort_version=cohort_version,
            round=round_,
            language=language,
            state=ReportState.PENDING.value,
            attempts=0,
            created_at=now(),
            enqueued_at=now(),
        )
    )
    enqueue(session, SUMMARY_TASK, summary_id)
    return summary_id


def render_summary(
    sessions: sessionmaker, settings: ReportingSettings, summary_id: str, render: RenderSummary
) -> ReportState | None:
    summary = claim(sessions, summaries, summary_id)
    if summary is None:
        return None
    data = summary_data(sessions, summary["workshop_id"], summary["round"])
    if data["cohort_version"] != summary["cohort_version"]:
        return supersede(sessions, summaries, summary)  # a newer cohort has its own summary
    try:
        files = dict(zip(("pdf", "xlsx", "csv"), render(data, summary["language"], now().date()), strict=False))
        paths = {
            kind: summary_path(summary["workshop_id"], summary["cohort_version"], summary["language"], kind)
            for kind in files
        }
        for kind in ("xlsx", "csv"):
            write_atomically(settings.reports_dir / paths[kind], files[kind])
        checksum = write_atomically(settings.reports_dir / paths["pdf"], files["pdf"])
    except Exception as exc:  # noqa: BLE001 - recorded on the summary, retried
        log.exception("render of summary %s failed", summary_id)
        return record_failure(sessions, summaries, summary, exc, settings.max_render_attempts, "summary.failed")
    with sessions.begin() as session:
        first = session.execute(
            update(summaries)
            .where(summaries.c.id == summary_id, summaries.c.state.in_([s.value for s in CLAIMABLE]))
            .values(
                state=ReportState.READY.value,
                file_path=str(paths["pdf"]),
                xlsx_path=str(paths["xlsx"]),
                csv_path=str(paths["csv"]),
                checksum=checksum,
                intents_mark=data["intents_mark"],
                error=None,
                finished_at=now(),
            )
        ).rowcount
        if first:
            publish(
                session,
                "summary.ready",
                SummaryReady(
                    summary_id=summary_id,
                    workshop_id=summary["workshop_id"],
                    cohort_version=summary["cohort_version"],
                    checksum=checksum,
                ),
            )
    return ReportState.READY


def summary_data(sessions: sessionmaker, workshop_id: str, round_: int | None = None) -> dict:
    """What the summary of one round prints (the newest round by default): that round's
    cohort and the organisations' diagnoses of that round."""
    with sessions() as session:
        cohort = (
            session.execute(
                select(cohort_snapshots)
                .where(
                    cohort_snapshots.c.workshop_id == workshop_id,
                    *([cohort_snapshots.c.round == round_] if round_ is not None else []),
                )
                .order_by(cohort_snapshots.c.round.desc())
                .limit(1)
            )
            .mappings()
            .one()
        )
        appendix = session.execute(
            select(appendices.c.content).where(appendices.c.instrument_version == cohort["instrument_version"])
        ).scalar()
        workshop = (
            session.execute(select(workshop_profiles).where(workshop_profiles.c.id == workshop_id)).mappings().first()
        )
        profiles = {
            p["id"]: dict(p)
            for p in session.execute(
                select(organisation_profiles)
                .where(organisation_profiles.c.workshop_id == workshop_id)
                .order_by(organisation_profiles.c.updated_at)
            ).mappings()
        }
        snapshots = (
            session.execute(
                select(diagnosis_snapshots)
                .where(diagnosis_snapshots.c.workshop_id == workshop_id, diagnosis_snapshots.c.round == cohort["round"])
                .order_by(diagnosis_snapshots.c.organisation_id)
            )
            .mappings()
            .all()
        )
        agreed = intents.agreed_intents(session, workshop_id)
    taking_part = [s for s in snapshots if profiles.get(s["organisation_id"], {}).get("status") != "withdrawn"]
    organisations = [
        {
            "profile": dict(
                (profiles.get(s["organisation_id"]) or {}).get("profile") or {},
                name_zh=(profiles.get(s["organisation_id"]) or {}).get("name_zh") or s["result"].get("name_zh"),
            ),
            "scored": {
                "organisation_id": s["organisation_id"],
                "diagnosis_version": s["version"],
                "instrument_version": s["instrument_version"],
                "result": s["result"],
            },
        }
        for s in taking_part
    ]
    return {
        "workshop": workshop_fields(workshop, workshop_id),
        "cohort": cohort["view"],
        "results": [s["result"] for s in taking_part],
        "appendix": appendix or {},
        "roster": [dict(p["profile"], name_zh=p["name_zh"], status=p["status"]) for p in profiles.values()],
        "agenda": (workshop["agenda"] if workshop else None) or [],
        "organisations": organisations,
        "cohort_version": cohort["version"],
        "round": cohort["round"],
        "intents": agreed,
        "intents_mark": intents.mark(agreed),
    }


def latest_summary(sessions: sessionmaker, principal: Principal, workshop_id: str) -> dict:
    if not principal.facilitates(workshop_id):
        raise NoSuchWorkshop()
    with sessions() as session:
        row = (
            session.execute(
                select(summaries)
                .where(summaries.c.workshop_id == workshop_id)
                .order_by(summaries.c.round.desc(), summaries.c.cohort_version.desc(), summaries.c.created_at.desc())
                .limit(1)
            )
            .mappings()
            .first()
        )
    if row is None:
        raise NotFound(NO_SUMMARY)
    return dict(row)


def summary_file(
    sessions: sessionmaker, principal: Principal | None, settings: ReportingSettings, workshop_id: str, kind: str
) -> Path:
    """The newest ready summary's file (pdf, xlsx or csv). `principal` None means a signed
    link already vouched."""
    if principal is not None and not principal.facilitates(workshop_id):
        raise NoSuchWorkshop()
    with sessions() as session:
        row = (
            session.execute(
                select(summaries)
                .where(summaries.c.workshop_id == workshop_id, summaries.c.state == ReportState.READY.value)
                .order_by(summaries.c.round.desc(), summaries.c.cohort_version.desc())
                .limit(1)
            )
            .mappings()
            .first()
        )
    if row is None:
        raise Conflict(N_("The workshop summary is not ready yet."))
    return settings.reports_dir / row[FILES[kind]]


def summary_download_name(sessions: sessionmaker, workshop_id: str, word: str, language: str) -> str:
    """A summary file's name for its download: `<workshop title>-<word>-<date>` (the day it
    is downloaded: the summary follows its cohort), the title in `language` where it has one."""
    title = workshop_title(sessions, workshop_id, language)
    return f"{safe_file_name(title, fallback='nianlun')}-{word}-{now().date().isoformat()}"
