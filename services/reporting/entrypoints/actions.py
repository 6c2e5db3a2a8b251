"""What the reporting API and the reporting pages both do: authenticate, queue renders,
report progress, send a file."""
import functools

from flask import send_file

from services.common.auth import current_principal
from services.common.errors import NotFound

from ..adapters.celery_app import enqueue_render, enqueue_summary, make_celery
from ..adapters.orm import access_grants
from ..bootstrap import runtime
from ..schemas import SummarySchema
from ..service_layer import services, summaries

MIMETYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8", "csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def authenticate():
    return current_principal(runtime().sessions, access_grants)


def celery():
    return _celery_for(runtime().settings)


@functools.cache
def _celery_for(settings):
    return make_celery(settings)


# A report page shows user text (escaped) on our origin: it may run no script and load nothing.
REPORT_PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"


def send_artefact(path, fmt: str, name: str):
    response = send_file(path, mimetype=MIMETYPES[fmt], as_attachment=fmt != "html", download_name=f"{name}.{fmt}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    if fmt == "html":
        response.headers["Content-Security-Policy"] = REPORT_PAGE_POLICY
    return response


def request_report(principal, organisation_id: str, language: str) -> dict:
    """A report of the organisation's newest diagnosis in `language`, queued if it is new."""
    report, fresh = services.request_report(runtime().sessions, principal, organisation_id, language)
    if fresh:
        enqueue_render(celery(), report["id"])
    return report


def render_everything(principal, workshop_id: str) -> None:
    """Every organisation's report brought up to the newest cohort, then the summary."""
    rt = runtime()
    queued = services.render_all(rt.sessions, principal, workshop_id)
    with rt.sessions.begin() as session:
        summary_id = summaries.request_summary(session, workshop_id)
    for report_id in queued:
        enqueue_render(celery(), report_id)
    if summary_id:
        enqueue_summary(celery(), summary_id)


def progress_of(principal, workshop_id):
    rt = runtime()
    progress = services.workshop_progress(rt.sessions, principal, workshop_id)
    try:
        progress["summary"] = SummarySchema().dump(summaries.latest_summary(rt.sessions, principal, workshop_id))
    except NotFound:  # no summary yet
        progress["summary"] = None
    return progress
