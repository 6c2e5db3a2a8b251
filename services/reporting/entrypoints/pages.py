"""Reporting's web pages: the organisation's report panel and report page, the facilitator's
rendering panel (render all, live progress, the summary and the scores to download)."""

from __future__ import annotations

import base64
from typing import Any

from flask import redirect, request, url_for

# Lazy: the tables below are spoken when a page shows them, in its visitor's language.
from flask_babel import lazy_pgettext as pgettext

from services.common.auth import FACILITATOR
from services.common.errors import NotFound
from services.common.i18n import N_
from services.common.messages import LANGUAGE_NAMES
from services.common.web import PageBlueprint, in_wechat, page_language, render_page, safe_next

from ..bootstrap import runtime
from ..service_layer import reports
from .actions import (
    authenticate,
    progress_of,
    render_everything,
    request_report,
    send_archive,
    send_report,
    send_summary,
    signed_link,
)

pages = PageBlueprint("pages", __name__)

REPORT_STATES = {
    "pending": pgettext("report state", "Queued"),
    "rendering": pgettext("report state", "Being prepared"),
    "ready": pgettext("report state", "Ready"),
    "failed": pgettext("report state", "Failed"),
    "superseded": pgettext("report state", "Superseded"),
}
PROGRESS_STATES = dict(REPORT_STATES, missing=pgettext("report state", "Not made yet"))
LABELS = {"report_states": REPORT_STATES, "states": PROGRESS_STATES, "report_languages": LANGUAGE_NAMES}


def _organisation():
    principal = authenticate()
    if principal.organisation_id is None:
        raise NotFound(N_("This page is for the organisation's leader and the facilitators."))
    return principal


def _facilitator():
    """The facilitator of a workshop; to anyone else the facilitators' pages do not exist."""
    principal = authenticate()
    if principal.role != FACILITATOR:
        raise NotFound(N_("This page is for the workshop's facilitators."))
    return principal


def _reports_by_language(
    principal, organisation_id: str, round_: int | None = None
) -> tuple[dict[str, dict], dict[str, dict], dict[int, dict[str, dict]]]:
    """Per language, the newest report (perhaps still being made) and the newest readable one
    (ready, or being made again) of one round (the newest by default), of an organisation the
    principal may see (404 otherwise); and per other round, its readable reports by language,
    newest round first (nothing an earlier round said is lost)."""
    every = reports.reports_of_organisation(runtime().sessions, principal, organisation_id)
    readable = [r["round"] for r in every if reports.is_readable(r)]
    rounds = [r["round"] for r in every if r["state"] != "superseded"]
    # the round asked for; else the newest one readable (a newer round still being made says so)
    chosen = round_ if round_ in rounds else (readable[0] if readable else (rounds[0] if rounds else None))
    newest: dict[str, dict] = {}
    ready: dict[str, dict] = {}
    others: dict[int, dict[str, dict]] = {}
    for report in every:  # newest round first, then newest version
        if report["state"] != "superseded" and (report["round"] == chosen or round_ is None):
            newest.setdefault(report["language"], report)
        if report["round"] != chosen:
            if reports.is_readable(report):
                others.setdefault(report["round"], {}).setdefault(report["language"], report)
            continue
        if reports.is_readable(report):
            ready.setdefault(report["language"], report)
    return newest, ready, others


def _round_asked() -> int | None:
    """The round a report page or panel was asked for (`?round=`), if any."""
    return request.args.get("round", type=int)


@pages.get("/o/panel")
def organisation_panel():
    principal = _organisation()
    newest, ready, others = _reports_by_language(principal, principal.organisation_id)
    zh = ready.get("zh")
    return render_page(
        "pages/organisation_panel.html",
        newest=newest,
        ready=ready,
        earlier=_earlier_rounds(others, facilitator=False, organisation_id=principal.organisation_id),
        downloads=_leader_downloads(zh["id"]) if zh else {},
        link_minutes=_signed_minutes(),
        back=safe_next(request.args.get("next"), "/registration/o/"),
        **LABELS,
    )


@pages.get("/o/report")
def report_page():
    """The report itself, read on a phone: laid out from the view its render kept."""
    principal = _organisation()
    return _report_page(principal, principal.organisation_id, facilitator=False)


@pages.get("/f/organisations/<organisation_id>/report")
def facilitator_report_page(organisation_id: str):
    """The same report page, for the facilitator of the organisation's workshop."""
    return _report_page(_facilitator(), organisation_id, facilitator=True)


def _report_page(principal, organisation_id: str, *, facilitator: bool):
    """The report page of one organisation, in the language asked for (else the page's, else
    Chinese, else any ready one); its links lead to the viewer's own routes."""
    rt = runtime()
    newest, ready, others = _reports_by_language(principal, organisation_id, _round_asked())
    language = request.args.get("language") or page_language()
    report = ready.get(language) or ready.get("zh") or next(iter(ready.values()), None)
    view = reports.report_view(rt.sessions, principal, rt.settings, report["id"]) if report else None
    if facilitator:
        organisation = reports.organisation_profile(rt.sessions, principal, organisation_id)
        links = {
            "back": "/registration/f/#reports",
            "pdf": url_for("pages.facilitator_report_file", report_id=report["id"]) if report else None,
            "appendix": None,  # the appendix is the leader's; the facilitator has the API's
            "language": {
                code: url_for(
                    "pages.facilitator_report_page",
                    organisation_id=organisation_id,
                    language=code,
                    **_round_argument(report),
                )
                for code in LANGUAGE_NAMES
            },
            "ask": None,  # asking for another language is the leader's choice
        }
    else:
        organisation = None
        links = {
            "back": "/registration/o/",
            **(_leader_downloads(report["id"]) if report else {"pdf": None, "appendix": None}),
            "language": {
                code: url_for("pages.report_page", language=code, **_round_argument(report)) for code in LANGUAGE_NAMES
            },
            # another language is made of the newest round: not offered on an earlier one's page
            "ask": url_for("pages.ask_for_report")
            if not (report and any(later > report["round"] for later in others))
            else None,
        }
    if report and facilitator and in_wechat():
        links["pdf"] = signed_link("report", report["id"], "pdf")
    return render_page(
        "pages/report.html",
        link_minutes=_signed_minutes(),
        report=report,
        view=view,
        charts=_chart_images(view),
        newest=newest,
        ready=ready,
        links=links,
        facilitator=facilitator,
        organisation=organisation,
        earlier=_earlier_rounds(others, facilitator=facilitator, organisation_id=organisation_id),
    )


def _round_argument(report: dict | None) -> dict[str, Any]:
    """`round=` for the links of a report page showing an earlier round (none for the newest)."""
    return {"round": report["round"]} if report and request.args.get("round") else {}


def _earlier_rounds(others: dict[int, dict[str, dict]], *, facilitator: bool, organisation_id: str) -> list[dict]:
    """The other rounds' reports, newest round first, in Chinese where they have one: each
    round with its report page and its PDF, at the viewer's own routes."""
    found = []
    for round_, by_language in others.items():
        report = by_language.get("zh") or next(iter(by_language.values()))
        if facilitator:
            page = url_for(
                "pages.facilitator_report_page",
                organisation_id=organisation_id,
                round=round_,
                language=report["language"],
            )
            pdf = (
                signed_link("report", report["id"], "pdf")
                if in_wechat()
                else url_for("pages.facilitator_report_file", report_id=report["id"])
            )
        else:
            page = url_for("pages.report_page", round=round_, language=report["language"])
            pdf = _leader_downloads(report["id"])["pdf"]
        found.append({"round": round_, "page": page, "pdf": pdf, "report": report})
    return found


def _chart_images(view: dict | None) -> dict[str, str]:
    """The report's charts as data: addresses for <img>. As images they keep matplotlib's own
    styles under the page's policy (no inline styles) and can run nothing."""
    drawn = (view or {}).get("chart_svg") or {}
    return {
        name: "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
        for name, svg in drawn.items()
        if svg
    }


@pages.get("/o/reports/<report_id>.<any(pdf):fmt>")
def report_file(report_id: str, fmt: str):
    return send_report(_organisation(), report_id, fmt)


@pages.get("/o/reports/<report_id>/appendix.pdf")
def report_appendix(report_id: str):
    """The report's method and answers appendix, with the report's own checks."""
    return report_file(report_id, reports.APPENDIX_SUFFIX)


@pages.get("/o/reports/<report_id>.html")
def report_html(report_id: str):
    """Where the old framed page pointed: the report page, in that report's language."""
    report = reports.get_report(runtime().sessions, _organisation(), report_id)
    return redirect(url_for("pages.report_page", language=report["language"]))


@pages.post("/o/reports")
def ask_for_report():
    principal = _organisation()
    language = request.form.get("language") if request.form.get("language") in LANGUAGE_NAMES else "zh"
    request_report(principal, principal.organisation_id, language)
    return redirect(safe_next(request.form.get("next"), "/registration/o/") + "#report", 303)


@pages.get("/f/panel")
def facilitator_panel():
    principal = authenticate()
    progress = progress_of(principal, principal.workshop_id)
    ready_organisations: dict[str, dict] = {}  # organisation -> its first ready report (Chinese first)
    for report in reports.ready_reports_of_workshop(runtime().sessions, principal, principal.workshop_id):
        ready_organisations.setdefault(report["organisation_id"], report)
    summary = {
        fmt: signed_link("summary", principal.workshop_id, fmt)
        if in_wechat()
        else url_for("pages.summary_file", name=f"{word}.{fmt}")
        for word, fmt in (("summary", "pdf"), ("scores", "xlsx"), ("scores", "csv"))
    }
    return render_page(
        "pages/facilitator_panel.html",
        summary_downloads=summary,
        link_minutes=_signed_minutes(),
        progress=progress,
        ready_organisations=list(ready_organisations.values()),
        back=safe_next(request.args.get("next"), "/registration/f/"),
        **LABELS,
    )


@pages.post("/f/render")
def render_all():
    principal = authenticate()
    render_everything(principal, principal.workshop_id)
    return redirect(safe_next(request.form.get("next"), "/registration/f/") + "#reports", 303)


@pages.get("/f/<any(summary.pdf, scores.xlsx, scores.csv):name>")
def summary_file(name: str):
    principal = authenticate()
    return send_summary(principal, principal.workshop_id, name.rsplit(".", 1)[1])


@pages.get("/f/reports/<report_id>.pdf")
def facilitator_report_file(report_id: str):
    """A report's PDF, for the facilitator of its workshop (its leader has /o/reports/)."""
    return send_report(_facilitator(), report_id, "pdf")


def _signed_minutes() -> int | None:
    """Inside WeChat, how long the page's signed download links work; elsewhere None."""
    return runtime().settings.link_max_age_seconds // 60 if in_wechat() else None


def _leader_downloads(report_id: str) -> dict[str, str]:
    """The report's PDF and appendix for its leader: inside WeChat, signed links that open in
    the phone's own browser, which has no private-link cookie; elsewhere, the cookie's routes."""
    if in_wechat():
        return {
            "pdf": signed_link("report", report_id, "pdf"),
            "appendix": signed_link("report", report_id, reports.APPENDIX_SUFFIX),
        }
    return {
        "pdf": url_for("pages.report_file", report_id=report_id, fmt="pdf"),
        "appendix": url_for("pages.report_appendix", report_id=report_id),
    }


@pages.get("/f/reports.zip")
def reports_archive():
    """Every ready report of the facilitator's workshop, one PDF per organisation and
    language, as one zip named after the workshop."""
    rt = runtime()
    principal = _facilitator()
    archive, name = reports.reports_archive(
        rt.sessions,
        principal,
        rt.settings,
        principal.workshop_id,
        word=str(pgettext("file name", "report")),
        language=page_language(),
    )
    return send_archive(archive, name, fallback=f"nianlun-reports-{principal.workshop_id[:8]}.zip")
