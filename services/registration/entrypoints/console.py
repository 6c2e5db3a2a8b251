"""The facilitator's console, on the private-link cookie: the dashboard, editing the
workshop, the roster (import with a preview, export), an organisation's new link,
withdrawing and restoring, the agenda, closing with a confirmation, and a closed
workshop's follow-up rounds (opened and closed with a confirmation each).

Its routes join registration's page blueprint (`pages.*`); every form carries the
workshop's id, so that a form of one workshop sent after another was opened in a second
tab (the cookie is shared) is refused instead of acting on the other workshop."""

from __future__ import annotations

import io
from typing import Any, cast

from flask import Response, redirect, request, send_file, url_for
from marshmallow import ValidationError

from services.common.auth import FACILITATOR, request_token
from services.common.clock import now
from services.common.errors import Conflict, NotFound, ServiceError
from services.common.files import safe_file_name
from services.common.i18n import N_
from services.common.templates import render_template
from services.common.web import external_url, field_errors, form_fields, render_page, safe_next, say

from ..adapters.roster_files import RosterFileError
from ..bootstrap import runtime
from ..domain.reference import ORGANISATION_STATUSES, WORKSHOP_STATUSES
from ..domain.rounds import KIND_LABELS, MONTHS_AFTER, round_date
from ..schemas import RoundOpenSchema, WorkshopChangesSchema
from ..service_layer import access, agenda, organisations, roster, rounds, workshops
from ..service_layer.rounds import RoundUsedAlready
from .api.roster import SPREADSHEET_TYPES
from .pages import pages, principal_as, sessions

WORKSHOP_INTEGERS = ("capacity", "talk_minutes")
EDITABLE: tuple[str, ...] = ("title_zh", "title_en", "province", "city", "venue", "starts_on", "ends_on")
EDITABLE += ("capacity", "talk_minutes", "agenda_starts_at")
CLEARABLE = ("title_en", "venue")
# The status changes a facilitator is offered, by the workshop's status.
TRANSITIONS = {
    "draft": [("open", N_("Open registration"))],
    "open": [("closed", N_("Close the workshop (no more registrations or changes)"))],
    "closed": [("open", N_("Reopen")), ("archived", N_("Archive"))],
}
LABELS: dict[str, Any] = {
    "statuses": ORGANISATION_STATUSES,
    "workshop_statuses": WORKSHOP_STATUSES,
    "transitions": TRANSITIONS,
}


def facilitator():
    """The facilitator of the workshop open in this browser; a form must belong to it."""
    principal = principal_as(FACILITATOR)
    if request.method == "POST":
        sent = request.form.get("workshop_id")
        if sent is not None and sent != principal.workshop_id:
            raise Conflict(N_("This page belongs to another workshop than the one open now; reload it."))
    return principal


def _workshop(principal) -> dict:
    return workshops.get_workshop(sessions(), principal, principal.workshop_id)


# ---------------------------------------------------------------- the dashboard


@pages.get("/f/")
def dashboard():
    principal = facilitator()
    workshop = _workshop(principal)
    listed = organisations.roster(sessions(), principal, principal.workshop_id)
    try:
        talks = agenda.view(sessions(), principal, principal.workshop_id)
        agenda_problem = None
    except ServiceError as problem:
        talks, agenda_problem = None, say(problem.message)
    landing_url = external_url("pages.landing", code=workshop["code"])
    held = rounds.rounds_of(sessions(), principal, principal.workshop_id)
    return render_page(
        "pages/dashboard.html",
        workshop=workshop,
        roster=listed,
        agenda=talks,
        agenda_problem=agenda_problem,
        landing_url=landing_url,
        rounds=held,
        current_round=next((r for r in held if r["is_open"]), None),
        **_round_labels(workshop),
        **LABELS,
    )


def _round_labels(workshop: dict) -> dict:
    """The kinds of round, with the dates the month-counted ones would take."""
    dates = {kind: round_date(kind, workshop["ends_on"]) for kind in MONTHS_AFTER}
    return {"round_kinds": KIND_LABELS, "round_dates": dates}


# ---------------------------------------------------------------- the workshop itself


@pages.get("/f/edit")
def edit_workshop():
    workshop = _workshop(facilitator())
    values = {name: workshop.get(name) for name in EDITABLE}
    values["agenda_starts_at"] = workshop["agenda_starts_at"].strftime("%H:%M")
    return render_page("pages/edit_workshop.html", workshop=workshop, values=values, errors={})


@pages.post("/f/edit")
def save_workshop():
    principal = facilitator()
    values = form_fields(request.form, integers=WORKSHOP_INTEGERS)
    values.pop("workshop_id", None)
    # An emptied optional text is cleared; an emptied required field is refused; an emptied
    # talk length or start time takes its default.
    changes_in = {name: values[name] for name in EDITABLE if name in values}
    changes_in.update({name: None for name in CLEARABLE if name not in values})
    try:
        changes = WorkshopChangesSchema(only=EDITABLE).load(changes_in)
        workshops.update_workshop(sessions(), principal, principal.workshop_id, changes)
    except (ValidationError, ServiceError) as refused:
        if isinstance(refused, ServiceError) and not refused.field:
            raise
        errors = (
            field_errors(cast(dict, refused.messages))
            if isinstance(refused, ValidationError)
            else {cast(str, refused.field): say(refused.message)}
        )
        status = getattr(refused, "status", 422)
        return render_page(
            "pages/edit_workshop.html", status=status, workshop=_workshop(principal), values=values, errors=errors
        )
    return redirect(url_for("pages.dashboard", saved=1) + "#workshop", 303)


@pages.post("/f/status")
def change_status():
    principal = facilitator()
    wanted = request.form.get("status", "")
    if wanted == "closed" and request.form.get("confirmed") != "yes":
        return redirect(url_for("pages.confirm_close"), 303)
    workshops.change_status(sessions(), principal, principal.workshop_id, wanted)
    return redirect(url_for("pages.dashboard") + "#workshop", 303)


@pages.get("/f/close")
def confirm_close():
    """Closing stops registrations and answer changes: said before it is done."""
    return render_page("pages/close.html", workshop=_workshop(facilitator()))


# ---------------------------------------------------------------- the roster


@pages.get("/f/roster")
def roster_page():
    return render_page("pages/roster.html", workshop=_workshop(facilitator()), errors={})


@pages.post("/f/roster/preview")
def preview_roster():
    """Every row of the file, with its errors, before anything is imported."""
    principal = facilitator()
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise RosterFileError(422, N_("Choose a roster file (XLSX or CSV)."), code="missing")
        staged = roster.stage(
            sessions(), runtime().settings, principal, principal.workshop_id, upload.filename, upload.read()
        )
    except RosterFileError as unreadable:
        workshop = _workshop(principal)
        errors = {"file": say(unreadable.message)}
        return render_page("pages/roster.html", status=unreadable.status, workshop=workshop, errors=errors)
    return render_page("pages/roster_preview.html", workshop=_workshop(principal), preview=staged)


@pages.post("/f/roster/import")
def import_roster():
    """The previewed file, imported once; the new private links are shown this once."""
    principal = facilitator()
    settings = runtime().settings
    upload_id = request.form.get("upload_id", "")
    imported = roster.import_staged(sessions(), settings, principal, principal.workshop_id, upload_id)
    return render_page("pages/roster_imported.html", status=201, workshop=_workshop(principal), result=imported)


pages.accepts_larger_bodies("preview_roster", lambda: runtime().settings.max_roster_bytes + 64_000)


@pages.get("/f/roster.<any(xlsx, csv):kind>")
def export_roster(kind: str):
    principal = facilitator()
    content = roster.export(sessions(), principal, principal.workshop_id, kind)
    title = safe_file_name(_workshop(principal)["title_zh"], fallback="nianlun")
    word = say(N_("Roster"))
    name = f"{word}-{title}-{now().date().isoformat()}.{kind}"
    return send_file(io.BytesIO(content), mimetype=SPREADSHEET_TYPES[kind], as_attachment=True, download_name=name)


# ---------------------------------------------------------------- one organisation


@pages.get("/f/organisations/<organisation_id>/link")
def confirm_new_link(organisation_id: str):
    principal = facilitator()
    organisation = _in_this_workshop(principal, organisation_id)
    return render_page("pages/new_link.html", workshop=_workshop(principal), organisation=organisation, link=None)


@pages.post("/f/organisations/<organisation_id>/link")
def new_link(organisation_id: str):
    """The leader lost their link: a new one, shown this once; the old one stops at once."""
    principal = facilitator()
    organisation = _in_this_workshop(principal, organisation_id)
    granted = access.reissue_organisation_token(
        sessions(), principal, principal.workshop_id, organisation_id, organisations.load_in_workshop
    )
    link = external_url("pages.private_link", token=granted["token"])
    return render_page(
        "pages/new_link.html",
        workshop=_workshop(principal),
        organisation=organisation,
        link=link,
        token=granted["token"],
    )


@pages.post("/f/organisations/<organisation_id>/<any(withdraw, restore):change>")
def change_place(organisation_id: str, change: str):
    """Withdraw an organisation (its place goes to the waiting list), or take it back."""
    principal = facilitator()
    _in_this_workshop(principal, organisation_id)
    act = organisations.withdraw if change == "withdraw" else organisations.restore
    act(sessions(), principal, organisation_id)
    return redirect(url_for("pages.dashboard") + "#roster", 303)


def _in_this_workshop(principal, organisation_id: str) -> dict:
    organisation = organisations.get(sessions(), principal, organisation_id)
    if organisation["workshop_id"] != principal.workshop_id:
        raise NotFound(N_("No such organisation in this workshop."))
    return organisation


# ---------------------------------------------------------------- the lightning talks


@pages.post("/f/agenda/<organisation_id>")
def change_agenda(organisation_id: str):
    """Move a talk up or down, pin it where it stands, or unpin it."""
    principal = facilitator()
    action, workshop_id = request.form.get("action"), principal.workshop_id
    if action in ("up", "down"):
        agenda.move(sessions(), principal, workshop_id, organisation_id, action)
    elif action == "pin":
        position = request.form.get("position", "")
        if not position.isdigit():
            raise NotFound(N_("No such position in the agenda."))
        agenda.pin(sessions(), principal, workshop_id, organisation_id, int(position))
    elif action == "unpin":
        agenda.unpin(sessions(), principal, workshop_id, organisation_id)
    return redirect(safe_next(request.form.get("next"), url_for("pages.dashboard")) + "#agenda", 303)


@pages.get("/f/agenda.html")
def printable_agenda():
    """The printable agenda in a browser, with the facilitator's private-link cookie."""
    principal = facilitator()
    shown = agenda.view(sessions(), principal, principal.workshop_id)
    html = render_template(
        "services.registration",
        "agenda.html",
        dict(workshop=shown["workshop"], slots=shown["slots"], language="zh"),
    )
    return Response(html, mimetype="text/html")


# ---------------------------------------------------------------- follow-up rounds


def _round_choice(source) -> dict:
    """The kind of round chosen, and its date when it is on a date (a month-counted
    round ignores the date field)."""
    chosen = {"kind": source.get("kind", "").strip()}
    if chosen["kind"] == "date" and source.get("opens_on", "").strip():
        chosen["opens_on"] = source.get("opens_on", "").strip()
    return chosen


def _round_refused(principal, chosen: dict, refused: ValidationError | ServiceError):
    """The confirmation page again, with the fields to correct (a 422)."""
    if isinstance(refused, ServiceError) and not refused.field:
        raise refused
    errors = (
        field_errors(cast(dict, refused.messages))
        if isinstance(refused, ValidationError)
        else {cast(str, refused.field): say(refused.message)}
    )
    workshop = _workshop(principal)
    return render_page(
        "pages/open_round.html",
        status=getattr(refused, "status", 422),
        workshop=workshop,
        planned=None,
        values=chosen,
        errors=errors,
        **_round_labels(workshop),
    )


@pages.get("/f/rounds/new")
def confirm_open_round():
    """What the round will be (its number and date) before it is opened."""
    principal = facilitator()
    chosen = _round_choice(request.args)
    try:
        wanted = RoundOpenSchema().load(chosen)
        planned = rounds.plan_round(sessions(), principal, principal.workshop_id, wanted["kind"], wanted["opens_on"])
    except (ValidationError, ServiceError) as refused:
        return _round_refused(principal, chosen, refused)
    workshop = _workshop(principal)
    return render_page(
        "pages/open_round.html", workshop=workshop, planned=planned, values=chosen, errors={}, **_round_labels(workshop)
    )


@pages.post("/f/rounds")
def open_round():
    principal = facilitator()
    chosen = _round_choice(request.form)
    if request.form.get("confirmed") != "yes":
        return redirect(url_for("pages.confirm_open_round", **chosen), 303)
    number = request.form.get("number", "")
    try:
        wanted = RoundOpenSchema().load(chosen)
        rounds.open_round(
            sessions(),
            principal,
            principal.workshop_id,
            wanted["kind"],
            wanted["opens_on"],
            opened_by=access.account_behind(sessions(), request_token()),
            expected_number=int(number) if number.isdigit() else None,
        )
    except RoundUsedAlready:  # the confirmation sent again: it acted once
        return redirect(url_for("pages.dashboard", used=1) + "#rounds", 303)
    except (ValidationError, ServiceError) as refused:
        return _round_refused(principal, chosen, refused)
    return redirect(url_for("pages.dashboard") + "#rounds", 303)


@pages.get("/f/rounds/close")
def confirm_close_round():
    principal = facilitator()
    current = next((r for r in rounds.rounds_of(sessions(), principal, principal.workshop_id) if r["is_open"]), None)
    if current is None:
        raise Conflict(N_("No follow-up round is open."))
    return render_page("pages/close_round.html", workshop=_workshop(principal), current=current)


@pages.post("/f/rounds/close")
def close_round():
    principal = facilitator()
    if request.form.get("confirmed") != "yes":
        return redirect(url_for("pages.confirm_close_round"), 303)
    number = request.form.get("number", "")
    try:
        rounds.close_round(
            sessions(), principal, principal.workshop_id, expected_number=int(number) if number.isdigit() else None
        )
    except RoundUsedAlready:
        return redirect(url_for("pages.dashboard", used=1) + "#rounds", 303)
    return redirect(url_for("pages.dashboard") + "#rounds", 303)
