"""What the reporting API and the reporting pages both do: authenticate, queue renders,
report progress, send a file."""

from urllib.parse import quote

from flask import send_file

from services.common.auth import current_principal
from services.common.errors import NotFound

from ..adapters.orm import access_grants
from ..bootstrap import runtime
from ..schemas import SummarySchema
from ..service_layer import reports, summaries

MIMETYPES = {
    "pdf": "application/pdf",
    "appendix.pdf": "application/pdf",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def authenticate():
    return current_principal(runtime().sessions, access_grants)


def send_artefact(path, fmt: str, name: str):
    response = send_file(path, mimetype=MIMETYPES[fmt], as_attachment=fmt != "json", download_name=f"{name}.{fmt}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def send_archive(archive, name: str, fallback: str):
    """A zip (an open temporary file, closed once sent) as an attachment named `name`, in
    UTF-8 (RFC 5987 `filename*`), with an ASCII `fallback` for clients that know no better."""
    response = send_file(archive, mimetype="application/zip", as_attachment=True, download_name=fallback)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def request_report(principal, organisation_id: str, language: str) -> dict:
    """A report of the organisation's newest diagnosis in `language`, queued if it is new."""
    return reports.request_report(runtime().sessions, principal, organisation_id, language)


def render_everything(principal, workshop_id: str) -> None:
    """Every organisation's report brought up to the newest cohort, then the summary."""
    rt = runtime()
    reports.render_all(rt.sessions, principal, workshop_id)
    with rt.sessions.begin() as session:
        summaries.request_summary(session, workshop_id)


def progress_of(principal, workshop_id):
    rt = runtime()
    progress = reports.workshop_progress(rt.sessions, principal, workshop_id)
    try:
        progress["summary"] = SummarySchema().dump(summaries.latest_summary(rt.sessions, principal, workshop_id))
    except NotFound:  # no summary yet
        progress["summary"] = None
    return progress
