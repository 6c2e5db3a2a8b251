"""Organisation reports: a pending report for each new diagnosis, a report on request, the
render, requeueing what waits too long, progress and files.

The order follows Indico: the state row is committed first, then the task (carrying only
the id) is sent (`services.common.tasks.enqueue` sends it after the commit). A task lost between the two, or to a broker that forgot it, is found
by `requeue_stale` and enqueued again. Only the newest diagnosis version of an organisation
in a round is worth rendering: an older one still waiting is superseded. Reports follow their
cohort by themselves (`following`): "render all" is what a settled workshop does, on request.

Every round (1: the baseline, the workshop itself; 2, 3, …: follow-ups) has its own
reports, rendered from that round's diagnosis and cohort. Once an organisation has a later
round, its earlier rounds' reports stay as they were: only the newest round follows."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Table, and_, func, insert, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from services.common.auth import Principal
from services.common.clock import now
from services.common.contracts import payload_of
from services.common.contracts.diagnosis import DiagnosisScored
from services.common.contracts.reporting import ReportReady
from services.common.errors import Conflict, NoSuchOrganisation, NoSuchWorkshop, NotFound
from services.common.events import Event
from services.common.files import safe_file_name
from services.common.i18n import N_
from services.common.outbox import publish
from services.common.tasks import enqueue

from ..adapters.celery_app import RENDER_TASK
from ..adapters.orm import (
    appendices,
    cohort_snapshots,
    diagnosis_snapshots,
    organisation_profiles,
    reports,
    workshop_profiles,
)
from ..adapters.storage import write_atomically, zip_into_temporary_file
from ..domain.report import (
    CLAIMABLE,
    ReportState,
    artifact_path,
    report_file_stem,
    unique_names,
)
from ..settings import ReportingSettings
from . import intents
from .projections import remember_diagnosis
from .rendering import claim, record_failure, supersede
from .settles import settle_again_if_idle

log = logging.getLogger(__name__)

RenderReport = Callable[[dict, str, dt.date], tuple[dict[str, Any], bytes, bytes]]
# data, language, date -> (view, report PDF, method and answers appendix PDF)

APPENDIX_SUFFIX = "appendix.pdf"  # the appendix beside the report: <report>.appendix.pdf
NO_SUCH_REPORT = N_("No such report.")


def create_report(session: Session, event: Event) -> str | None:
    """Handler of `diagnosis.scored`: keep the newest diagnosis, and a pending report for it
    (rendered once this commits); returns the report's id (None: nothing to do)."""
    scored: DiagnosisScored = payload_of(event)
    if not remember_diagnosis(session, scored, event):
        return None  # an older version arriving late
    return _pending_report(
        session,
        scored.organisation_id,
        scored.diagnosis_version,
        "zh",
        names=(scored.organisation_name_zh, scored.organisation_name_en),
        workshop_id=scored.workshop_id,
        scores=dataclasses.asdict(scored.scores),
        round_=scored.round,
    )


def _pending_report(
    session: Session, organisation_id: str, version: int, language: str, *, names, workshop_id, scores, round_: int
) -> str:
    session.execute(
        update(reports)
        .where(
            reports.c.organisation_id == organisation_id,
            reports.c.round == round_,
            reports.c.language == language,
            reports.c.diagnosis_version < version,
            reports.c.state == ReportState.PENDING.value,
        )
        .values(state=ReportState.SUPERSEDED.value)
    )
    report_id = str(uuid.uuid4())
    session.execute(
        insert(reports).values(
            id=report_id,
            organisation_id=organisation_id,
            workshop_id=workshop_id,
            diagnosis_version=version,
            round=round_,
            cohort_version=0,
            language=language,
            state=ReportState.PENDING.value,
            attempts=0,
            organisation_name_zh=names[0],
            organisation_name_en=names[1],
            scores=scores,
            created_at=now(),
            enqueued_at=now(),
        )
    )
    enqueue(session, RENDER_TASK, report_id)
    return report_id


def request_report(sessions: sessionmaker, principal: Principal, organisation_id: str, language: str) -> dict:
    """A report of the newest diagnosis (of the newest round) in `language` (English on
    request): the existing one if it is current, else a new render."""
    with sessions.begin() as session:
        snapshot = (
            session.execute(
                select(diagnosis_snapshots)
                .where(diagnosis_snapshots.c.organisation_id == organisation_id)
                .order_by(diagnosis_snapshots.c.round.desc())
            )
            .mappings()
            .first()
        )
        if snapshot is None or not _may_read(principal, snapshot):
            raise NotFound(N_("There is no diagnosis to report on yet."))
        report, _fresh = _current_or_new(session, snapshot, language)
        return report


def _current_or_new(session: Session, snapshot, language: str) -> tuple[dict, bool]:
    """The report of this diagnosis version, made current with the workshop's newest cohort
    of the same round and the organisation's agreed cooperation intents."""
    cohort_version = _cohort_version(session, snapshot["workshop_id"], snapshot["round"])
    intents_mark = intents.mark(
        intents.agreed_intents(session, snapshot["workshop_id"], snapshot["organisation_id"]),
        snapshot["organisation_id"],
    )
    report = (
        session.execute(
            select(reports).where(
                reports.c.organisation_id == snapshot["organisation_id"],
                reports.c.language == language,
                reports.c.round == snapshot["round"],
                reports.c.diagnosis_version == snapshot["version"],
            )
        )
        .mappings()
        .first()
    )
    if report is None:
        profile = session.execute(
            select(organisation_profiles.c.name_zh, organisation_profiles.c.name_en).where(
                organisation_profiles.c.id == snapshot["organisation_id"]
            )
        ).first()
        report_id = _pending_report(
            session,
            snapshot["organisation_id"],
            snapshot["version"],
            language,
            names=tuple(profile) if profile else (snapshot["result"].get("name_zh", ""), None),
            workshop_id=snapshot["workshop_id"],
            scores={},
            round_=snapshot["round"],
        )
        return _load(session, report_id), True
    if report["state"] in (ReportState.READY.value, ReportState.FAILED.value) and (
        report["cohort_version"] < cohort_version or report["intents_mark"] != intents_mark
    ):
        session.execute(
            update(reports)
            .where(reports.c.id == report["id"])
            .values(state=ReportState.PENDING.value, attempts=0, error=None, enqueued_at=now())
        )
        enqueue(session, RENDER_TASK, report["id"])
        return dict(report, state=ReportState.PENDING.value), True
    return dict(report), False


def _cohort_version(session: Session, workshop_id: str, round_: int) -> int:
    return (
        session.execute(
            select(cohort_snapshots.c.version).where(
                cohort_snapshots.c.workshop_id == workshop_id, cohort_snapshots.c.round == round_
            )
        ).scalar()
        or 0
    )


def newest_round(session: Session, workshop_id: str) -> int:
    """The workshop's newest round with a cohort (1 when it has none yet)."""
    return (
        session.execute(
            select(func.max(cohort_snapshots.c.round)).where(cohort_snapshots.c.workshop_id == workshop_id)
        ).scalar()
        or 1
    )


def render_report(
    sessions: sessionmaker, settings: ReportingSettings, report_id: str, render: RenderReport
) -> ReportState | None:
    report = claim(sessions, reports, report_id)
    if report is None:
        return None  # already ready, failed or superseded: a repeated task does nothing
    data = _report_data(sessions, report)
    if data is None:
        return supersede(sessions, reports, report)
    pdf_path = artifact_path(
        report["workshop_id"], report["organisation_id"], report["diagnosis_version"], report["language"]
    )
    try:
        view, pdf, appendix_pdf = render(data, report["language"], now().date())
        # the view beside the PDF: the phone page lays it out
        write_atomically(
            settings.reports_dir / pdf_path.with_suffix(".json"), json.dumps(view, ensure_ascii=False).encode("utf-8")
        )
        write_atomically(settings.reports_dir / pdf_path.with_suffix(f".{APPENDIX_SUFFIX}"), appendix_pdf)
        checksum = write_atomically(settings.reports_dir / pdf_path, pdf)
    except Exception as exc:  # noqa: BLE001 - any render failure is recorded on the report
        log.exception("render of report %s failed", report_id)
        return record_failure(sessions, reports, report, exc, settings.max_render_attempts, "report.failed")
    _mark_ready(sessions, settings, report, str(pdf_path), checksum, data["cohort_version"], data["intents_mark"])
    return ReportState.READY


def _report_data(sessions: sessionmaker, report: dict) -> dict | None:
    """Everything the report prints, from reporting's own copies of its round; None if the
    diagnosis of that round has moved on to a newer version (this report is then superseded)."""
    with sessions() as session:
        snapshot = (
            session.execute(
                select(diagnosis_snapshots).where(
                    diagnosis_snapshots.c.organisation_id == report["organisation_id"],
                    diagnosis_snapshots.c.round == report["round"],
                )
            )
            .mappings()
            .first()
        )
        if snapshot is None or snapshot["version"] != report["diagnosis_version"]:
            return None
        cohort = (
            session.execute(
                select(cohort_snapshots).where(
                    cohort_snapshots.c.workshop_id == report["workshop_id"],
                    cohort_snapshots.c.round == report["round"],
                )
            )
            .mappings()
            .first()
        )
        appendix = session.execute(
            select(appendices.c.content).where(appendices.c.instrument_version == snapshot["instrument_version"])
        ).scalar()
        profile = (
            session.execute(
                select(organisation_profiles).where(organisation_profiles.c.id == report["organisation_id"])
            )
            .mappings()
            .first()
        )
        workshop = (
            session.execute(select(workshop_profiles).where(workshop_profiles.c.id == report["workshop_id"]))
            .mappings()
            .first()
        )
        agreed = intents.agreed_intents(session, report["workshop_id"], report["organisation_id"])
    figures = cohort["figures"] if cohort else None
    return {
        "workshop": workshop_fields(workshop, report["workshop_id"]),
        "profile": dict(profile["profile"], name_zh=profile["name_zh"])
        if profile
        else {"name_zh": report["organisation_name_zh"]},
        "scored": {
            "organisation_id": report["organisation_id"],
            "organisation_name_zh": report["organisation_name_zh"],
            "organisation_name_en": report["organisation_name_en"],
            "diagnosis_version": snapshot["version"],
            "instrument_version": snapshot["instrument_version"],
            "result": snapshot["result"],
        },
        "cohort": cohort_slice(figures, report["organisation_id"]) if figures else {"size": 0},
        "appendix": appendix or {},
        "inputs": snapshot["inputs"] or {},
        "round": report["round"],
        "rings": snapshot["rings"],
        "cohort_version": cohort["version"] if cohort else 0,
        "intents": agreed,
        "intents_mark": intents.mark(agreed, report["organisation_id"]),
    }


def cohort_slice(figures: dict, organisation_id: str, shown: int = 5) -> dict:
    """What one organisation may see of its cohort (aggregates are already suppressed under
    five): benchmarks, its own percentiles and flags, its best few matches."""
    return {
        "size": figures.get("size", 0),
        "benchmark": figures.get("benchmark"),
        "percentiles": figures.get("percentiles", {}).get(organisation_id, {}),
        "quintile_flags": figures.get("quintile_flags", {}).get(organisation_id, {}),
        "vulnerability": figures.get("vulnerability", {}).get(organisation_id),
        "matches": [m for m in figures.get("matches", []) if organisation_id in (m["from"], m["to"])][:shown],
    }


def workshop_fields(workshop, workshop_id: str) -> dict:
    """What a report or a summary prints of its workshop (dates as ISO text)."""
    if workshop is None:
        return {"id": workshop_id, "title_zh": "", "title_en": None}
    return {
        k: (v.isoformat() if isinstance(v, dt.date) else v)
        for k, v in dict(workshop).items()
        if k not in ("agenda", "updated_at")
    }


def _load(session: Session, report_id: str) -> dict:
    return dict(session.execute(select(reports).where(reports.c.id == report_id)).mappings().one())


def _mark_ready(
    sessions: sessionmaker,
    settings: ReportingSettings,
    report: dict,
    relative: str,
    checksum: str,
    cohort_version: int,
    intents_mark: str,
) -> None:
    with sessions.begin() as session:
        moved_on = _cohort_version(
            session, report["workshop_id"], report["round"]
        ) > cohort_version or intents_mark != intents.mark(
            intents.agreed_intents(session, report["workshop_id"], report["organisation_id"]),
            report["organisation_id"],
        )
        if moved_on:
            settle_again_if_idle(session, report["workshop_id"], settings.settle_seconds)
        first = session.execute(
            update(reports)
            .where(reports.c.id == report["id"], reports.c.state.in_([s.value for s in CLAIMABLE]))
            .values(
                state=ReportState.READY.value,
                file_path=relative,
                checksum=checksum,
                error=None,
                cohort_version=cohort_version,
                intents_mark=intents_mark,
                finished_at=now(),
            )
        ).rowcount
        if first:  # a second render of the same report announces nothing
            publish(
                session,
                "report.ready",
                ReportReady(
                    report_id=report["id"],
                    organisation_id=report["organisation_id"],
                    workshop_id=report["workshop_id"],
                    diagnosis_version=report["diagnosis_version"],
                    cohort_version=cohort_version,
                    language=report["language"],
                    checksum=checksum,
                    round=report["round"],
                ),
            )


def requeue_stale(
    sessions: sessionmaker, settings: ReportingSettings, table: Table = reports, task: str = RENDER_TASK
) -> int:
    """Enqueue again what waits too long: pending renders whose task was lost, and renders
    whose worker died so long ago that the broker should have handed them out already."""
    moment = now()
    pending_cutoff = moment - dt.timedelta(seconds=settings.requeue_after_seconds)
    rendering_cutoff = moment - dt.timedelta(
        seconds=settings.visibility_timeout + settings.render_time_limit + settings.requeue_after_seconds
    )
    with sessions.begin() as session:
        stale = (
            session.execute(
                select(table.c.id)
                .where(
                    or_(
                        and_(
                            table.c.state == ReportState.PENDING.value,
                            or_(table.c.enqueued_at.is_(None), table.c.enqueued_at < pending_cutoff),
                        ),
                        and_(
                            table.c.state == ReportState.RENDERING.value,
                            table.c.started_at < rendering_cutoff,
                            table.c.enqueued_at < pending_cutoff,
                        ),
                    )
                )
                .limit(500)
            )
            .scalars()
            .all()
        )
        for artefact_id in stale:
            enqueue(session, task, artefact_id)
        if stale:
            session.execute(update(table).where(table.c.id.in_(stale)).values(enqueued_at=moment))
            log.warning("re-enqueued %d stale %s", len(stale), table.name)
    return len(stale)


def organisation_profile(sessions: sessionmaker, principal: Principal, organisation_id: str) -> dict:
    """Reporting's copy of the organisation (id, workshop, names, status), for its own leader
    and its workshop's facilitators."""
    with sessions() as session:
        return _visible_organisation(session, principal, organisation_id)


def _visible_organisation(session: Session, principal: Principal, organisation_id: str) -> dict:
    profile = (
        session.execute(
            select(
                organisation_profiles.c.id,
                organisation_profiles.c.workshop_id,
                organisation_profiles.c.name_zh,
                organisation_profiles.c.name_en,
                organisation_profiles.c.status,
            ).where(organisation_profiles.c.id == organisation_id)
        )
        .mappings()
        .first()
    )
    # An organisation sees its own; a facilitator those of their workshop; to anyone else
    # the organisation does not exist, whether it does or not.
    workshop_id = profile["workshop_id"] if profile else None
    if not (principal.is_organisation(organisation_id) or (workshop_id and principal.facilitates(workshop_id))):
        raise NoSuchOrganisation()
    return dict(profile) if profile else {"id": organisation_id, "workshop_id": None, "name_zh": "", "name_en": None}


def reports_of_organisation(sessions: sessionmaker, principal: Principal, organisation_id: str) -> list[dict]:
    with sessions() as session:
        _visible_organisation(session, principal, organisation_id)
        rows = (
            session.execute(
                select(reports)
                .where(reports.c.organisation_id == organisation_id)
                .order_by(reports.c.round.desc(), reports.c.diagnosis_version.desc(), reports.c.language.desc())
            )
            .mappings()
            .all()
        )
    return [dict(r) for r in rows]


def get_report(sessions: sessionmaker, principal: Principal | None, report_id: str) -> dict:
    """`principal` None means a signed link already vouched (as for `report_file`)."""
    with sessions() as session:
        row = session.execute(select(reports).where(reports.c.id == report_id)).mappings().first()
    if row is None or (principal is not None and not _may_read(principal, row)):
        raise NotFound(NO_SUCH_REPORT)
    return dict(row)


def _may_read(principal: Principal, report) -> bool:
    return principal.is_organisation(report["organisation_id"]) or principal.facilitates(report["workshop_id"])


def download_name(report: dict, word: str, language: str) -> str:
    """A report's file name for its download (see `report_file_stem`), without the suffix."""
    name = (report["organisation_name_en"] if language == "en" else None) or report["organisation_name_zh"]
    made = report["finished_at"] or report["created_at"]
    return report_file_stem(name, report["organisation_id"], word, report["language"], made.date())


def report_file(
    sessions: sessionmaker,
    principal: Principal | None,
    settings: ReportingSettings,
    report_id: str,
    suffix: str = "pdf",
) -> Path:
    """The file of a ready report. `principal` None means a signed link already vouched."""
    with sessions() as session:
        report = session.execute(select(reports).where(reports.c.id == report_id)).mappings().first()
    if report is None or (principal is not None and not _may_read(principal, report)):
        raise NotFound(NO_SUCH_REPORT)
    if not is_readable(report):
        raise Conflict(N_("The report is not ready yet."))
    path = settings.reports_dir / Path(report["file_path"]).with_suffix(f".{suffix}")
    if suffix == APPENDIX_SUFFIX and not path.exists():  # rendered before reports had one
        raise NotFound(N_("This report has no appendix yet: it comes with the report's next version."))
    return path


def is_readable(report) -> bool:
    """Rendered once: its files stay readable while it is rendered again for a newer cohort
    (or if that render fails), so that a leader never finds the report gone meanwhile."""
    return report["file_path"] is not None and report["state"] != ReportState.SUPERSEDED.value


def report_view(
    sessions: sessionmaker, principal: Principal, settings: ReportingSettings, report_id: str
) -> dict | None:
    """What the report page shows of a ready report: the view its render kept beside the PDF,
    with the same checks as the file. None for a report rendered before views were kept."""
    path = report_file(sessions, principal, settings, report_id, "json")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def workshop_progress(sessions: sessionmaker, principal: Principal, workshop_id: str) -> dict:
    """n of N ready for the workshop's newest diagnoses (each organisation's newest round)
    and the newest cohort of that round, how many are being brought up to date (a report the
    cohort has left behind is: the settle that re-renders it is on its way), failures with
    their reason."""
    if not principal.facilitates(workshop_id):
        raise NoSuchWorkshop()
    with sessions() as session:
        newest = [
            (s["organisation_id"], s["version"], s["round"])
            for s in newest_snapshots(session, workshop_id, [diagnosis_snapshots.c.version])
        ]
        withdrawn = set(
            session.execute(
                select(organisation_profiles.c.id).where(
                    organisation_profiles.c.workshop_id == workshop_id, organisation_profiles.c.status == "withdrawn"
                )
            ).scalars()
        )
        cohort_versions = {
            round_: version
            for round_, version in session.execute(
                select(cohort_snapshots.c.round, cohort_snapshots.c.version).where(
                    cohort_snapshots.c.workshop_id == workshop_id
                )
            )
        }
        cohort_version = cohort_versions.get(newest_round(session, workshop_id), 0)
        agreed = intents.agreed_intents(session, workshop_id)
        rows = (
            session.execute(
                select(reports)
                .where(reports.c.workshop_id == workshop_id, reports.c.language == "zh")
                .order_by(reports.c.diagnosis_version)
            )
            .mappings()
            .all()
        )
    current = {(r["organisation_id"], r["diagnosis_version"]): r for r in rows}
    states: list[tuple[str, str, Any]] = []  # the report is None only when the state is "missing"
    for organisation_id, version, round_ in newest:
        if organisation_id in withdrawn:
            continue
        report = current.get((organisation_id, version))
        state = report["state"] if report else "missing"
        if (
            state == ReportState.READY.value
            and report is not None
            and (
                report["cohort_version"] < cohort_versions.get(round_, 0)
                or report["intents_mark"] != intents.mark(agreed, organisation_id)
            )
        ):
            state = ReportState.PENDING.value  # its update waits for the workshop to settle
        states.append((organisation_id, state, report))
    counts = {
        s: sum(1 for _o, state, _r in states if state == s)
        for s in ("ready", "pending", "rendering", "failed", "missing")
    }
    return {
        "workshop_id": workshop_id,
        "total": len(states),
        "ready": counts["ready"],
        "updating": counts["pending"] + counts["rendering"],
        "counts": counts,
        "cohort_version": cohort_version,
        "failures": [
            {"organisation_id": o, "name_zh": r["organisation_name_zh"], "error": r["error"]}
            for o, state, r in states
            if state == "failed"
        ],
    }


def render_all(sessions: sessionmaker, principal: Principal, workshop_id: str) -> list[str]:
    """What a settled workshop does by itself, now: returns the ids queued."""
    if not principal.facilitates(workshop_id):
        raise NoSuchWorkshop()
    with sessions.begin() as session:
        return bring_up_to_date(session, workshop_id)


def bring_up_to_date(session: Session, workshop_id: str) -> list[str]:
    """Every taking-part organisation's newest report (of its newest round: earlier rounds
    stay as they were), in Chinese and in each language it asked for, brought up to the
    newest cohort of that round: returns the ids queued (a report still waiting renders the
    newest cohort anyway, so it is left as it is)."""
    withdrawn = set(
        session.execute(
            select(organisation_profiles.c.id).where(
                organisation_profiles.c.workshop_id == workshop_id, organisation_profiles.c.status == "withdrawn"
            )
        ).scalars()
    )
    snapshots = newest_snapshots(session, workshop_id)
    asked: dict[str, set[str]] = {}
    for organisation_id, language in session.execute(
        select(reports.c.organisation_id, reports.c.language).where(reports.c.workshop_id == workshop_id).distinct()
    ):
        asked.setdefault(organisation_id, set()).add(language)
    queued = []
    for snapshot in snapshots:
        if snapshot["organisation_id"] in withdrawn:
            continue
        for language in sorted({"zh"} | asked.get(snapshot["organisation_id"], set())):
            report, fresh = _current_or_new(session, snapshot, language)
            if fresh:
                queued.append(report["id"])
    return queued


def newest_snapshots(session: Session, workshop_id: str, columns=None) -> list:
    """Each organisation's diagnosis snapshot of its newest round (every column, or the
    organisation, its round and `columns`)."""
    chosen = [diagnosis_snapshots.c.organisation_id, diagnosis_snapshots.c.round, *columns] if columns else None
    rows = (
        session.execute(
            select(*chosen if chosen else [diagnosis_snapshots])
            .where(diagnosis_snapshots.c.workshop_id == workshop_id)
            .order_by(diagnosis_snapshots.c.organisation_id, diagnosis_snapshots.c.round.desc())
        )
        .mappings()
        .all()
    )
    newest: dict[str, Any] = {}
    for row in rows:
        newest.setdefault(row["organisation_id"], row)
    return list(newest.values())


def ready_reports_of_workshop(sessions: sessionmaker, principal: Principal, workshop_id: str) -> list[dict]:
    """The newest readable report of each taking-part organisation of the workshop (of its
    newest round), in each language it has one (Chinese first), ordered by the organisation's
    name: id, organisation, names, language, round, the day it was made, its file (relative
    to the reports folder) and the newest readable report of each earlier round (`earlier`,
    newest first: nothing a round said is lost)."""
    if not principal.facilitates(workshop_id):
        raise NoSuchWorkshop()
    with sessions() as session:
        rows = (
            session.execute(
                select(
                    reports.c.id,
                    reports.c.organisation_id,
                    reports.c.language,
                    reports.c.diagnosis_version,
                    reports.c.round,
                    reports.c.file_path,
                    reports.c.finished_at,
                    reports.c.created_at,
                    reports.c.organisation_name_zh,
                    reports.c.organisation_name_en,
                    organisation_profiles.c.name_zh.label("profile_name_zh"),
                    organisation_profiles.c.name_en.label("profile_name_en"),
                )
                .join(organisation_profiles, organisation_profiles.c.id == reports.c.organisation_id, isouter=True)
                .where(
                    reports.c.workshop_id == workshop_id,
                    reports.c.file_path.is_not(None),
                    reports.c.state != ReportState.SUPERSEDED.value,
                    or_(organisation_profiles.c.status.is_(None), organisation_profiles.c.status != "withdrawn"),
                )
                .order_by(reports.c.round.desc(), reports.c.diagnosis_version.desc())
            )
            .mappings()
            .all()
        )
    newest: dict[tuple[str, str], dict] = {}
    earlier: dict[tuple[str, str], dict[int, dict]] = {}
    for row in rows:
        first = newest.setdefault((row["organisation_id"], row["language"]), row)
        if row["round"] < first["round"]:
            earlier.setdefault((row["organisation_id"], row["language"]), {}).setdefault(row["round"], row)

    def entry(row) -> dict:
        return {
            "id": row["id"],
            "organisation_id": row["organisation_id"],
            "name_zh": row["profile_name_zh"] or row["organisation_name_zh"],
            "name_en": row["profile_name_en"] or row["organisation_name_en"],
            "language": row["language"],
            "diagnosis_version": row["diagnosis_version"],
            "round": row["round"],
            "made_on": (row["finished_at"] or row["created_at"]).date(),
            "file_path": row["file_path"],
        }

    found = [dict(entry(row), earlier=[entry(e) for e in earlier.get(key, {}).values()]) for key, row in newest.items()]
    return sorted(found, key=lambda r: (r["name_zh"], r["organisation_id"], r["language"] != "zh", r["language"]))


def reports_archive(
    sessions: sessionmaker,
    principal: Principal,
    settings: ReportingSettings,
    workshop_id: str,
    *,
    word: str,
    language: str = "zh",
) -> tuple[BinaryIO, str]:
    """Every ready report of the workshop as one zip (a temporary file, rewound) and the
    archive's name. An entry is named by its organisation and the day it was made
    (`<name>-<word>-<language>-<date>.pdf`, `word` being "report" in the visitor's
    language); names in `language` where the organisation has one there."""
    found = ready_reports_of_workshop(sessions, principal, workshop_id)
    files = []
    for report in found:
        path = settings.reports_dir / report["file_path"]
        if not path.is_file():  # a lost file: the others are still worth having
            log.warning("report %s has no file at %s", report["id"], report["file_path"])
            continue
        name = (report["name_en"] if language == "en" else None) or report["name_zh"]
        stem = report_file_stem(name, report["organisation_id"], word, report["language"], report["made_on"])
        files.append((f"{stem}.pdf", path))
    if not files:
        raise Conflict(
            N_("No report of this workshop is ready yet: the archive can be downloaded once the first one is.")
        )
    title = workshop_title(sessions, workshop_id, language)
    entries = list(zip(unique_names([name for name, _path in files]), (path for _name, path in files), strict=True))
    return zip_into_temporary_file(entries), f"{safe_file_name(title, fallback='nianlun')}-{word}.zip"


def workshop_title(sessions: sessionmaker, workshop_id: str, language: str) -> str | None:
    """The workshop's title in `language` where it has one there, else in Chinese."""
    with sessions() as session:
        titles = session.execute(
            select(workshop_profiles.c.title_zh, workshop_profiles.c.title_en).where(
                workshop_profiles.c.id == workshop_id
            )
        ).first()
    return ((titles[1] if language == "en" else None) or titles[0]) if titles else None
