"""What the reporting API and the reporting pages both do: authenticate, queue renders,
report progress, send a file."""

from urllib.parse import quote

from flask import send_file
from flask_babel import lazy_pgettext as pgettext

from services.common.auth import current_principal
from services.common.errors import NotFound
from services.common.web import page_language

from ..adapters import links
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


def send_report(principal, report_id: str, suffix: str):
    """A report's file (its PDF or its appendix), named by its organisation and the day it
    was made. `principal` None: a signed link vouched for it."""
    rt = runtime()
    path = reports.report_file(rt.sessions, principal, rt.settings, report_id, suffix)
    word = pgettext("file name", "appendix") if suffix == reports.APPENDIX_SUFFIX else pgettext("file name", "report")
    name = reports.download_name(reports.get_report(rt.sessions, principal, report_id), str(word), page_language())
    return send_artefact(path, "pdf", name)


def send_summary(principal, workshop_id: str, fmt: str):
    """The workshop summary's PDF or its scores (xlsx, csv), named by the workshop and the day.
    `principal` None: a signed link vouched for it."""
    rt = runtime()
    path = summaries.summary_file(rt.sessions, principal, rt.settings, workshop_id, fmt)
    word = pgettext("file name", "summary") if fmt == "pdf" else pgettext("file name", "scores")
    return send_artefact(
        path, fmt, summaries.summary_download_name(rt.sessions, workshop_id, str(word), page_language())
    )


def signed_link(kind: str, artefact_id: str, fmt: str) -> str:
    """A short-lived link to a file that needs no token: for a script, or for the phone's own
    browser, where WeChat sends a leader who cannot download inside it."""
    signed = links.sign(runtime().settings.link_secret, kind, artefact_id, fmt)
    return f"/reporting/downloads/{signed}"


def send_signed(signed: str):
    rt = runtime()
    kind, artefact_id, fmt = links.verify(rt.settings.link_secret, signed, rt.settings.link_max_age_seconds)
    if kind == "summary":
        return send_summary(None, artefact_id, fmt)
    return send_report(None, artefact_id, fmt)


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
