"""Registration's web pages: a workshop's landing page and registration form (public code),
the private link and the organisation's home (the facilitator's console: console.py).

Pages call the same service layer as the JSON API; the home and the dashboard show the
diagnosis and the reports as fragments that those services render (see services.common.web)."""

from __future__ import annotations

from typing import Any, cast

from flask import make_response, redirect, request, url_for
from marshmallow import ValidationError

from services.common.auth import FACILITATOR, ORGANISATION
from services.common.errors import NotFound, ServiceError
from services.common.i18n import N_
from services.common.limits import limiter
from services.common.web import PageBlueprint, external_url, field_errors, form_fields, remember_token, render_page, say

from ..bootstrap import runtime
from ..domain.reference import FOCUS_AREAS, LEGAL_FORMS, ORGANISATION_STATUSES
from ..schemas import OrganisationChangesSchema, OrganisationProfileSchema
from ..service_layer import access, organisations, rounds, workshops
from .api import authenticate

pages = PageBlueprint("pages", __name__)

PROFILE_INTEGERS = ("founded_year", "years_in_sector", "staff_full_time", "staff_part_time", "volunteers")
BAD_LINK = N_("This link is not valid, or it has been revoked.")
CHOICES: dict[str, Any] = {
    "legal_forms": LEGAL_FORMS,
    "focus_areas": FOCUS_AREAS,
    "statuses": ORGANISATION_STATUSES,
}


def sessions():
    return runtime().sessions


def _profile_from_form() -> dict:
    return form_fields(request.form, integers=PROFILE_INTEGERS, lists=("focus_areas",))


# ---------------------------------------------------------------- public: landing and registration


@pages.get("/w/<code>")
def landing(code: str):
    workshop = workshops.public_workshop(sessions(), code)
    return render_page("pages/landing.html", workshop=workshop, values={}, errors={}, **CHOICES)


@pages.post("/w/<code>")
@limiter.limit(lambda: runtime().settings.registration_rate_limit)
def register(code: str):
    workshop = workshops.public_workshop(sessions(), code)
    values = _profile_from_form()
    try:
        profile = OrganisationProfileSchema().load(values)
        registered = organisations.register(sessions(), code, profile)
    except ValidationError as invalid:
        return _form_again(workshop, values, field_errors(cast(dict, invalid.messages)), 422)
    except ServiceError as refused:
        if refused.status == 404:
            raise
        return _form_again(workshop, values, {refused.field or "_form": say(refused.message)}, refused.status)
    link = external_url("pages.private_link", token=registered["access_token"])
    body, status = render_page("pages/registered.html", workshop=workshop, organisation=registered, link=link)
    return remember_token(make_response(body, 201), registered["access_token"])


def _form_again(workshop: dict, values: dict, errors: dict, status: int):
    return render_page("pages/landing.html", status=status, workshop=workshop, values=values, errors=errors, **CHOICES)


# ---------------------------------------------------------------- the private link


@pages.get("/link/<token>")
def private_link(token: str):
    """An organisation's or a facilitator's private link: remember it, then a clean address."""
    role = access.link_role(sessions(), token)
    target = url_for("pages.dashboard") if role == FACILITATOR else url_for("pages.home")
    return remember_token(redirect(target, 303), token)


# ---------------------------------------------------------------- the organisation's home


def principal_as(role: str):
    """The private link's principal, if it has this role (a facilitator's link opens no
    organisation's home, and the other way round)."""
    principal = authenticate()
    if principal.role != role:
        raise NotFound(BAD_LINK)
    return principal


@pages.get("/o/")
def home():
    principal = principal_as(ORGANISATION)
    organisation = organisations.get(sessions(), principal, principal.organisation_id)
    workshop = workshops.workshop_of(sessions(), principal)
    return render_page(
        "pages/home.html",
        organisation=organisation,
        workshop=workshop,
        values=organisation,
        errors={},
        saved=request.args.get("saved") == "1",
        current_round=rounds.current_round(sessions(), principal),
        **CHOICES,
    )


@pages.post("/o/profile")
def edit_profile():
    principal = principal_as(ORGANISATION)
    values = _profile_from_form()
    try:
        changes = OrganisationChangesSchema().load(values, partial=True)
        organisations.update_profile(sessions(), principal, principal.organisation_id, changes)
    except (ValidationError, ServiceError) as refused:
        errors = (
            field_errors(refused.messages)
            if isinstance(refused, ValidationError)
            else {refused.field or "_form": say(refused.message)}
        )
        organisation = organisations.get(sessions(), principal, principal.organisation_id)
        return render_page(
            "pages/home.html",
            status=getattr(refused, "status", 422),
            organisation=organisation,
            workshop=workshops.workshop_of(sessions(), principal),
            values=values,
            errors=errors,
            saved=False,
            current_round=rounds.current_round(sessions(), principal),
            **CHOICES,
        )
    return redirect(url_for("pages.home", saved=1) + "#profile", 303)
