"""Diagnosis's web pages: the questionnaire (one section at a time, drafts saved as one
goes), the raters' private links, the organisation's diagnosis panel, and the facilitator's
live submissions and cohort panels (shown inside registration's pages as fragments)."""

from __future__ import annotations

from typing import cast

from flask import g, jsonify, redirect, request, url_for
from marshmallow import ValidationError

from services.common.auth import ORGANISATION
from services.common.contracts.diagnosis import MIN_COHORT, MIN_RATERS
from services.common.errors import NotFound, ServiceError
from services.common.i18n import N_
from services.common.problems import speaker_for
from services.common.web import (
    PageBlueprint,
    external_url,
    field_errors,
    page_language,
    remember_token,
    render_page,
    safe_next,
    say,
)

from ..adapters.instrument_files import current_instrument
from ..bootstrap import runtime
from ..domain import questionnaire
from ..schemas import RespondentCreateSchema, ResponseSchema
from ..service_layer import respondents, responses, views

pages = PageBlueprint("pages", __name__)

ROLES = {"leader": N_("Leader"), "staff": N_("Staff"), "board": N_("Board member")}
STATES = {"none": N_("Not started"), "draft": N_("In progress"), "submitted": N_("Submitted")}
NOT_FOR_YOU = N_("This page is for the organisation's leader.")
LABELS = {"roles": ROLES, "states": STATES}


def sessions():
    return runtime().sessions


def caller():
    return respondents.identify(sessions())


def _role(who) -> str:
    role = respondents.role_of(sessions(), who)
    if role is None:
        raise NotFound(NOT_FOR_YOU)
    return role


# ---------------------------------------------------------------- a rater's private link


@pages.get("/link/<token>")
def private_link(token: str):
    respondents.require_link(sessions(), token)
    return remember_token(redirect(url_for("pages.questionnaire_start"), 303), token)


# ---------------------------------------------------------------- the questionnaire


def _context(who, role: str) -> dict:
    instrument = current_instrument()
    response = questionnaire.as_filled(responses.mine(sessions(), who))
    progresses = questionnaire.progress(instrument, role, response)
    answered, total = questionnaire.overall(progresses)
    return dict(
        instrument=instrument,
        response=response,
        role=role,
        progresses=progresses,
        q=questionnaire,
        answered=answered,
        total=total,
        submitted=response["state"] == "submitted",
        follow_up_round=response["round"] if response["round"] > 1 else None,
        typed={},
        organisation=respondents.organisation_name(sessions(), who),
        min_raters=MIN_RATERS,
        minutes=questionnaire.minutes_needed(instrument, role),
        speak=speaker_for(page_language()),
        **LABELS,
    )


@pages.get("/q/")
def questionnaire_start():
    who = caller()
    return render_page("pages/overview.html", **_context(who, _role(who)))


@pages.get("/q/how")
def how_to():
    """How to fill it in, readable by anyone who has the address (no link, no login): the
    time it takes as the questionnaire's first page says it, for the leader and for a rater."""
    instrument = current_instrument()
    estimates = {
        role: (questionnaire.minutes_needed(instrument, role), _questions(instrument, role))
        for role in ("leader", "staff")
    }
    return render_page(
        "pages/how_to.html",
        instrument=instrument,
        estimates=estimates,
        min_raters=MIN_RATERS,
        min_cohort=MIN_COHORT,
        has_link=bool(g.page_token),
    )


def _questions(instrument, role: str) -> int:
    return questionnaire.overall(questionnaire.progress(instrument, role, None))[1]


@pages.get("/q/<section_code>")
def section_page(section_code: str):
    who = caller()
    role = _role(who)
    section = _section(role, section_code)
    return render_page("pages/section.html", section=section, errors={}, **_context(who, role))


@pages.post("/q/<section_code>")
def save_section(section_code: str):
    who = caller()
    role = _role(who)
    instrument = current_instrument()
    section = _section(role, section_code)
    changes, cleared = questionnaire.changes_from_form(instrument, section, request.form)
    autosave = request.headers.get("X-Autosave") == "1"
    loaded, invalid = _what_is_valid(changes)
    try:  # the valid answers are kept even while another one on the page is not
        responses.update_draft(sessions(), instrument, who, loaded, cleared)
    except ServiceError as refused:
        if autosave:
            return jsonify(saved=False, message=say(refused.message)), refused.status
        raise
    errors = field_errors(invalid) if invalid else {}
    if autosave:
        echo = _echoes(instrument, loaded)
        return (jsonify(saved=False, errors=errors, echo=echo), 422) if errors else jsonify(saved=True, echo=echo)
    if errors:
        context = dict(_context(who, role), typed=request.form)  # show what was typed, not what was stored
        return render_page("pages/section.html", status=422, section=section, errors=errors, **context)
    following = questionnaire.next_section(instrument, role, section_code)
    target = url_for("pages.section_page", section_code=following.code) if following else url_for("pages.review")
    return redirect(target, 303)


def _what_is_valid(changes: dict) -> tuple[dict, dict]:
    """(what of a page's changes is valid, every error of the rest), all in one round: the
    codes (or fields) refused are left out and the rest loaded again, so that a rule across
    fields is checked on the answers that stay."""
    pending = {field: dict(value) if isinstance(value, dict) else value for field, value in changes.items()}
    invalid: dict = {}
    for _attempt in range(4):
        try:
            loaded = ResponseSchema(partial=True).load(pending)
            return {field: loaded[field] for field in pending if field in loaded}, invalid
        except ValidationError as refused:
            for field, messages in cast(dict, refused.messages).items():
                value = pending.get(field)
                if isinstance(value, dict) and isinstance(messages, dict):
                    invalid.setdefault(field, {}).update(messages)
                    for code in messages:
                        value.pop(code, None)
                else:
                    invalid[field] = messages
                    pending.pop(field, None)
    return {}, invalid


def _echoes(instrument, loaded: dict) -> dict[str, str]:
    """What was understood of each figure, to show next to its field ("= 35,000 元")."""
    units = {n.code: n.unit for n in instrument.numbers}
    speak = speaker_for(page_language())
    return {
        f"numbers.{code}": questionnaire.echo(speak, value, units[code])
        for code, value in (loaded.get("numbers") or {}).items()
        if code in units
    }


def _section(role: str, code: str) -> questionnaire.Section:
    section = questionnaire.find_section(current_instrument(), role, code)
    if section is None:
        raise NotFound(N_("There is no such section."))
    return section


@pages.get("/q/looking-back")
def looking_back():
    """A follow-up's first page for the leader: what the last report's priorities and the
    agreed intents came to."""
    who = caller()
    asked = _looking_back(who)
    return render_page("pages/looking_back.html", asked=asked, errors={}, **_context(who, "leader"))


@pages.post("/q/looking-back")
def save_looking_back():
    who = caller()
    asked = _looking_back(who)
    changes = {"follow_up": questionnaire.looking_back_from_form(request.form, asked)}
    loaded, invalid = _what_is_valid(changes)
    if invalid:
        context = dict(_context(who, "leader"), typed=request.form)
        errors = field_errors(invalid)
        return render_page("pages/looking_back.html", status=422, asked=asked, errors=errors, **context)
    responses.update_draft(sessions(), current_instrument(), who, loaded)
    first = questionnaire.sections_for(current_instrument(), "leader")[0]
    return redirect(url_for("pages.section_page", section_code=first.code), 303)


def _looking_back(who) -> dict:
    asked = responses.looking_back(sessions(), who)
    if asked is None:
        raise NotFound(N_("This page is for the leader, in a follow-up round."))
    return asked


@pages.get("/q/review")
def review():
    who = caller()
    return render_page("pages/review.html", errors={}, **_context(who, _role(who)))


@pages.post("/q/submit")
def submit():
    who = caller()
    try:
        responses.submit(sessions(), current_instrument(), who)
    except ServiceError as refused:
        if refused.status != 422:
            raise
        errors = field_errors(refused.errors or {})
        return render_page(
            "pages/review.html",
            status=422,
            errors=errors,
            message=say(refused.message),
            **_context(who, _role(who)),
        )
    return redirect(url_for("pages.review", done=1), 303)


@pages.post("/q/reopen")
def reopen():
    who = caller()
    responses.reopen(sessions(), current_instrument(), who)
    return redirect(url_for("pages.questionnaire_start"), 303)


# ---------------------------------------------------------------- the organisation's panel


def _leader():
    who = caller()
    if who.principal.role != ORGANISATION:
        raise NotFound(NOT_FOR_YOU)
    return who


@pages.get("/o/panel")
def organisation_panel():
    who = _leader()
    raters = respondents.list_for(sessions(), who, who.principal.organisation_id)
    return render_page(
        "pages/organisation_panel.html",
        raters=[r for r in raters if r["role"] != "leader"],
        errors={},
        back=safe_next(request.args.get("next"), "/registration/o/"),
        **_context(who, "leader"),
    )


@pages.post("/o/raters")
def invite_rater():
    who = _leader()
    back = safe_next(request.form.get("next"), "/registration/o/")
    try:
        data = RespondentCreateSchema().load(
            {"role": request.form.get("role", ""), "label": request.form.get("label", "").strip() or None}
        )
    except ValidationError as invalid:
        return render_page(
            "pages/invited.html", status=422, errors=field_errors(invalid.messages), back=back, invited=None, **LABELS
        )
    invited = respondents.invite(sessions(), who, who.principal.organisation_id, data["role"], data["label"])
    link = external_url("pages.private_link", token=invited["token"])
    return render_page(
        "pages/invited.html",
        status=201,
        invited=invited,
        link=link,
        errors={},
        back=back,
        min_raters=MIN_RATERS,
        **LABELS,
    )


@pages.post("/o/raters/<respondent_id>/revoke")
def revoke_rater(respondent_id: str):
    who = _leader()
    respondents.revoke(sessions(), current_instrument(), who, who.principal.organisation_id, respondent_id)
    return redirect(safe_next(request.form.get("next"), "/registration/o/") + "#diagnosis", 303)


# ---------------------------------------------------------------- the facilitator's panels


@pages.get("/f/progress")
def submissions_progress():
    who = caller()
    participation = views.workshop_participation(sessions(), who, who.principal.workshop_id)
    return render_page("pages/submissions.html", participation=participation, **LABELS)


@pages.get("/f/cohort")
def cohort():
    who = caller()
    instrument = current_instrument()
    view = views.workshop_cohort(sessions(), instrument, who, who.principal.workshop_id)
    return render_page("pages/cohort.html", cohort=view, instrument=instrument, **LABELS)


@pages.get("/f/rings")
def rings_progress():
    """A follow-up round's progress against the baseline, for the workshop's facilitator."""
    who = caller()
    workshop_id = who.principal.workshop_id
    view = views.workshop_progress(sessions(), who, workshop_id)
    answered = views.workshop_participation(sessions(), who, workshop_id)
    names = {d.code: d.name for d in current_instrument().dimensions}
    return render_page("pages/progress.html", view=view, answered=answered, names=names, **LABELS)


@pages.get("/f/programme-rings")
def programme_rings():
    """Follow-up progress across the programme's workshops (a fragment of the organiser's
    programme view)."""
    who = caller()
    view = views.programme_progress(sessions(), who, who.principal.workshop_id)
    names = {d.code: d.name for d in current_instrument().dimensions}
    return render_page("pages/programme_progress.html", view=view, names=names)


@pages.get("/f/programme")
def programme():
    """The benchmark across the workshops of the facilitator's programme (a fragment that
    registration's programme view embeds)."""
    who = caller()
    view = views.programme_benchmark(sessions(), who, who.principal.workshop_id)
    return render_page("pages/programme.html", programme=view)
