"""The pages of organisers and facilitators who sign in: signing in and out, the home that
lists every workshop they may see (and, for an organiser, the programme side by side),
invitations, creating a workshop (from a copy if they like), and a workshop's facilitators.

Opening a workshop gives the browser a facilitator token for it (bound to the account) and
goes to the facilitator's dashboard, which every service already serves to such a token."""

from __future__ import annotations

import secrets
from typing import cast

from flask import abort, make_response, redirect, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user
from marshmallow import ValidationError

from services.common.errors import NotFound, ServiceError
from services.common.i18n import N_
from services.common.limits import limiter
from services.common.web import (
    PageBlueprint,
    external_url,
    field_errors,
    form_fields,
    remember_token,
    render_page,
    safe_next,
    say,
)

from ..bootstrap import runtime
from ..domain.accounts import ROLE_LABELS, AccountRole, login_key
from ..domain.reference import WORKSHOP_STATUSES
from ..schemas import WorkshopFieldsSchema
from ..service_layer import accounts, progress, rounds, workshops
from ..service_layer.accounts import Account

account_pages = PageBlueprint("account", __name__)
login_manager = LoginManager()
login_manager.login_view = "account.sign_in"
WORKSHOP_INTEGERS = ("capacity", "talk_minutes")
COPIED_FIELDS = ("title_zh", "title_en", "province", "city", "venue", "capacity", "talk_minutes", "agenda_starts_at")
WORKSHOP_TOKENS = "workshop_tokens"  # in the session: workshop id -> the facilitator token given


class SignedIn(UserMixin):
    """Flask-Login's user: the account, and the epoch its session began in."""

    def __init__(self, account: Account):
        self.account = account

    def get_id(self) -> str:
        return f"{self.account.id}:{self.account.session_epoch}"


@login_manager.user_loader
def _load(user_id: str) -> SignedIn | None:
    account_id, _, epoch = user_id.partition(":")
    account = accounts.account_by_id(sessions(), account_id, int(epoch) if epoch.isdigit() else -1)
    return SignedIn(account) if account is not None else None


def sessions():
    return runtime().sessions


def me() -> Account:
    return cast(SignedIn, current_user).account


# ---------------------------------------------------------------- signing in and out


@account_pages.get("/account/sign-in")
def sign_in():
    return render_page("pages/account/sign_in.html", values={}, errors={})


@account_pages.post("/account/sign-in")
@limiter.limit(lambda: runtime().settings.sign_in_limit_per_address, deduct_when=lambda r: r.status_code == 401)
@limiter.limit(
    lambda: runtime().settings.sign_in_limit_per_account,
    key_func=lambda: "sign-in:" + login_key(request.form.get("login", "")),
    deduct_when=lambda r: r.status_code == 401,
)
def signing_in():
    login, password = request.form.get("login", ""), request.form.get("password", "")
    try:
        account = accounts.sign_in(sessions(), login, password)
    except ServiceError as refused:
        return render_page(
            "pages/account/sign_in.html",
            status=refused.status,
            values={"login": login},
            errors={"_form": say(refused.message)},
        )
    session.pop(WORKSHOP_TOKENS, None)
    login_user(SignedIn(account))
    return redirect(url_for("account.home"), 303)


@account_pages.post("/account/sign-out")
def sign_out():
    logout_user()
    session.pop(WORKSHOP_TOKENS, None)
    return redirect(url_for("account.sign_in"), 303)


@account_pages.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    accounts.sign_out_everywhere(sessions(), me())
    return sign_out()


# ---------------------------------------------------------------- home and programme


@account_pages.get("/account/")
@login_required
def home():
    account = me()
    visible = accounts.visible_workshops(sessions(), account)
    figures = progress.by_workshop(sessions(), [w["id"] for w in visible])
    registered = workshops.registered_counts(sessions(), [w["id"] for w in visible])
    held = rounds.rounds_by_workshop(sessions(), [w["id"] for w in visible])
    rows = [
        dict(w, registered=registered.get(w["id"], 0), rounds=held.get(w["id"], []), **figures.get(w["id"], {}))
        for w in visible
    ]
    return render_page(
        "pages/account/home.html",
        account=account,
        programme=accounts.programme_name(sessions(), account),
        workshops=rows,
        totals={key: sum(r.get(key, 0) for r in rows) for key in ("registered", "submitted", "reports_ready")},
        invitations=accounts.pending_invitations(sessions(), account) if account.is_organiser else [],
        people=accounts.programme_facilitators(sessions(), account) if account.is_organiser else [],
        roles=ROLE_LABELS,
        statuses=WORKSHOP_STATUSES,
        new_link=session.pop("new_invitation", None),
    )


@account_pages.get("/account/programme")
@login_required
def programme():
    """The organiser's programme view: the benchmark across the programme's workshops, which
    diagnosis shows to a facilitator of any one of them (this browser opens the newest)."""
    account = me()
    if not account.is_organiser:
        raise NotFound(N_("This page is for the programme's organisers."))
    visible = accounts.visible_workshops(sessions(), account)
    held = rounds.rounds_by_workshop(sessions(), [w["id"] for w in visible])
    body, status = render_page(
        "pages/account/programme.html",
        account=account,
        programme=accounts.programme_name(sessions(), account),
        workshops=[dict(w, rounds=held.get(w["id"], [])) for w in visible],
        statuses=WORKSHOP_STATUSES,
    )
    response = make_response(body, status)
    return remember_token(response, _workshop_token(visible[0]["id"])) if visible else response


@account_pages.get("/account/workshops/<workshop_id>/open")
@login_required
def open_workshop(workshop_id: str):
    """The facilitator's dashboard of this workshop (at its follow-up rounds with `?to=rounds`)."""
    target = url_for("pages.dashboard") + ("#rounds" if request.args.get("to") == "rounds" else "")
    return remember_token(redirect(target, 303), _workshop_token(workshop_id))


def _workshop_token(workshop_id: str) -> str:
    """The signed-in person's facilitator token of this workshop, kept by this browser's
    session so that opening it again does not mint another."""
    given = dict(session.get(WORKSHOP_TOKENS) or {})
    token = accounts.workshop_token(sessions(), me(), workshop_id, given.get(workshop_id))
    given[workshop_id] = token
    session[WORKSHOP_TOKENS] = given
    return token


# ---------------------------------------------------------------- invitations


@account_pages.post("/account/invitations")
@login_required
def invite():
    workshop_id = request.form.get("workshop_id") or None
    made = accounts.invite(
        sessions(), me(), request.form.get("role", AccountRole.FACILITATOR), request.form.get("note"), workshop_id
    )
    session["new_invitation"] = external_url("account.join", token=made["token"])
    if workshop_id:
        return redirect(url_for("account.facilitators", workshop_id=workshop_id) + "#invite", 303)
    return redirect(url_for("account.home") + "#people", 303)


@account_pages.post("/account/invitations/<invitation_id>/withdraw")
@login_required
def withdraw_invitation(invitation_id: str):
    accounts.withdraw_invitation(sessions(), me(), invitation_id)
    return redirect(safe_next(request.form.get("next"), url_for("account.home")), 303)


@account_pages.get("/account/join/<token>")
def join(token: str):
    invitation = accounts.invitation(sessions(), token)
    return render_page("pages/account/join.html", invitation=invitation, values={}, errors={}, roles=ROLE_LABELS)


@account_pages.post("/account/join/<token>")
def joining(token: str):
    invitation = accounts.invitation(sessions(), token)
    values = form_fields(request.form)
    if values.get("password") != values.get("password_again"):
        errors = {"password_again": say(N_("The two passwords differ."))}
        return render_page(
            "pages/account/join.html",
            status=422,
            invitation=invitation,
            values=values,
            errors=errors,
            roles=ROLE_LABELS,
        )
    try:
        account = accounts.accept_invitation(
            sessions(), token, values.get("login", ""), values.get("display_name", ""), values.get("password", "")
        )
    except ServiceError as refused:
        errors = field_errors(refused.errors) if refused.errors else {refused.field or "_form": say(refused.message)}
        values.pop("password", None)
        return render_page(
            "pages/account/join.html",
            status=refused.status,
            invitation=invitation,
            values=values,
            errors=errors,
            roles=ROLE_LABELS,
        )
    session.pop(WORKSHOP_TOKENS, None)
    login_user(SignedIn(account))
    return redirect(url_for("account.home"), 303)


# ---------------------------------------------------------------- creating a workshop


@account_pages.get("/account/workshops/new")
@login_required
def new_workshop():
    values: dict = {"capacity": 36, "talk_minutes": 2, "agenda_starts_at": "09:00"}
    copy_of = request.args.get("copy")
    if copy_of:
        earlier = accounts.require_workshop(sessions(), me(), copy_of)
        values = {name: earlier[name] for name in COPIED_FIELDS if earlier.get(name) is not None}
        values["agenda_starts_at"] = earlier["agenda_starts_at"].strftime("%H:%M")
    return _workshop_form(values, {}, copy_of=copy_of)


def _workshop_form(values: dict, errors: dict, status: int = 200, copy_of: str | None = None):
    return render_page(
        "pages/account/new_workshop.html",
        status=status,
        values=values,
        errors=errors,
        creation_key=request.form.get("creation_key") or secrets.token_urlsafe(24),
        copy_of=copy_of,
        earlier=accounts.visible_workshops(sessions(), me()),
    )


@account_pages.post("/account/workshops/new")
@login_required
def create_workshop():
    values = form_fields(request.form, integers=WORKSHOP_INTEGERS)
    creation_key = values.pop("creation_key", None)
    copy_of = values.pop("copy_of", None)
    if not creation_key:
        abort(400)
    try:
        data = WorkshopFieldsSchema().load(values)
    except ValidationError as invalid:
        return _workshop_form(values, field_errors(cast(dict, invalid.messages)), 422, copy_of)
    account = me()
    made = workshops.create_workshop(sessions(), data, account.programme_id, account.id, creation_key)
    return redirect(url_for("account.open_workshop", workshop_id=made["id"]), 303)


# ---------------------------------------------------------------- a workshop's facilitators


@account_pages.get("/account/workshops/<workshop_id>/facilitators")
@login_required
def facilitators(workshop_id: str):
    account = me()
    workshop = accounts.require_workshop(sessions(), account, workshop_id)
    current = accounts.facilitators(sessions(), account, workshop_id)
    others = [
        p for p in accounts.programme_facilitators(sessions(), account) if p["id"] not in {c["id"] for c in current}
    ]
    return render_page(
        "pages/account/facilitators.html",
        workshop=workshop,
        facilitators=current,
        others=others,
        invitations=accounts.pending_invitations(sessions(), account, workshop_id),
        new_link=session.pop("new_invitation", None),
        account=account,
    )


@account_pages.post("/account/workshops/<workshop_id>/facilitators")
@login_required
def add_facilitator(workshop_id: str):
    accounts.add_facilitator(sessions(), me(), workshop_id, request.form.get("account_id", ""))
    return redirect(url_for("account.facilitators", workshop_id=workshop_id), 303)


@account_pages.post("/account/workshops/<workshop_id>/facilitators/<account_id>/remove")
@login_required
def remove_facilitator(workshop_id: str, account_id: str):
    accounts.remove_facilitator(sessions(), me(), workshop_id, account_id)
    return redirect(url_for("account.facilitators", workshop_id=workshop_id), 303)
