"""The facilitator's projector page of the lightning talks (闪电发言): who speaks now, who
next, and the talk's timer, in the 站年轮 order of the agenda. Only for the workshop's
facilitator (the private-link cookie, as every console page); the timer runs in the browser
(services/common/web/static/projector.js)."""

from __future__ import annotations

from flask import render_template, request

from ..service_layer import agenda
from .console import facilitator
from .pages import pages, sessions


@pages.get("/f/projector/talks")
def projector_talks():
    principal = facilitator()
    shown = agenda.view(sessions(), principal, principal.workshop_id)
    talks = [slot for slot in shown["slots"] if slot.kind == "talk"]
    seconds = shown["settings"].talk_minutes * 60
    at = _whole(request.args.get("at"), 1, 1, max(len(talks), 1))  # ?at=3: the third talk
    left = _whole(request.args.get("left"), seconds, 0, seconds)  # ?left=95: paused part-way
    return render_template(
        "pages/projector/talks.html",
        workshop=shown["workshop"],
        talks=talks,
        at=at,
        seconds=seconds,
        left=left,
    )


def _whole(value: str | None, default: int, low: int, high: int) -> int:
    """A whole number from the address, kept within [low, high]; anything else: the default."""
    number = int(value) if value and value.isdecimal() else default
    return min(max(number, low), high)
