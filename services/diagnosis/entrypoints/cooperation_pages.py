"""Cooperation intents on pages: the organisation's part of its home (a fragment of
registration's page, like the diagnosis panel), and the facilitator's page of the workshop's
intents with an intent agreed in the room. Routes of diagnosis's page blueprint."""

from __future__ import annotations

from typing import cast

from flask import redirect, request
from marshmallow import ValidationError

from services.common.errors import ServiceError
from services.common.web import field_errors, render_page, safe_next, say

from ..domain.cooperation import KINDS, MAX_WHAT, STATES
from ..schemas import IntentCreateSchema, IntentRecordSchema
from ..service_layer import cooperation
from .pages import caller, pages, sessions

FIELDS = ("partner_id", "kind", "what", "target_month")
LABELS = {"kinds": KINDS, "states": STATES, "max_what": MAX_WHAT}
HOME = "/registration/o/"


def _back() -> str:
    return safe_next(request.values.get("next"), HOME)


def _refusal(refused: ValidationError | ServiceError) -> tuple[dict, int]:
    if isinstance(refused, ValidationError):
        return field_errors(cast(dict, refused.messages)), 422
    return {refused.field or "_form": say(refused.message)}, refused.status


@pages.get("/o/intents")
def intents():
    view = cooperation.mine(sessions(), caller())
    return render_page("pages/intents.html", view=view, values={}, errors={}, back=_back(), **LABELS)


@pages.post("/o/intents")
def propose_intent():
    who = caller()
    values = {name: request.form.get(name, "").strip() for name in FIELDS}
    try:
        cooperation.propose(sessions(), who, IntentCreateSchema().load(values))
    except (ValidationError, ServiceError) as refused:
        errors, status = _refusal(refused)
        view = cooperation.mine(sessions(), who)
        return render_page(
            "pages/intents.html", status=status, view=view, values=values, errors=errors, back=_back(), **LABELS
        )
    return redirect(_back() + "#cooperation", 303)


@pages.post("/o/intents/<intent_id>/<any(accept, decline, withdraw):change>")
def change_intent(intent_id: str, change: str):
    who = caller()
    if change == "withdraw":
        cooperation.withdraw(sessions(), who, intent_id)
    else:
        cooperation.answer(sessions(), who, intent_id, accept=change == "accept")
    return redirect(_back() + "#cooperation", 303)


@pages.get("/f/intents")
def workshop_intents():
    who = caller()
    view = cooperation.of_workshop(sessions(), who, who.principal.workshop_id)
    return render_page("pages/workshop_intents.html", view=view, values={}, errors={}, **LABELS)


@pages.post("/f/intents")
def record_intent():
    who = caller()
    values = {name: request.form.get(name, "").strip() for name in ("proposer_id", *FIELDS)}
    try:
        cooperation.record(sessions(), who, who.principal.workshop_id, IntentRecordSchema().load(values))
    except (ValidationError, ServiceError) as refused:
        errors, status = _refusal(refused)
        view = cooperation.of_workshop(sessions(), who, who.principal.workshop_id)
        return render_page(
            "pages/workshop_intents.html", status=status, view=view, values=values, errors=errors, **LABELS
        )
    return redirect(request.path + "?recorded=1", 303)
