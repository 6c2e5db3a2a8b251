"""What the facilitator prints or projects for the room: the registration link as an A4 poster
(PDF) and as a projector slide, and each organisation's A4 sheet with the QR code of its private
link, all of a workshop's in one PDF.

A private link is stored only hashed, so a sheet is made only where its link is at hand: the
page that has just shown it posts it back (and it is checked to be a current link of this
workshop), or every organisation gets a new link at once, after a page that says so."""

from __future__ import annotations

import io
import secrets

from flask import redirect, request, send_file, session, url_for

from services.common.clock import now
from services.common.errors import Conflict
from services.common.files import safe_file_name
from services.common.i18n import N_, speaker
from services.common.web import external_url, render_page, say

from ..adapters.printables import poster_pdf, sheets_pdf
from ..bootstrap import runtime
from ..domain.printables import registration_view
from ..service_layer import printables, workshops
from .console import facilitator
from .pages import pages, sessions

ONE_CONFIRMATION = "new_sheets_confirmation"


def _workshop(principal) -> dict:
    return workshops.get_workshop(sessions(), principal, principal.workshop_id)


def _landing(workshop: dict) -> str:
    return external_url("pages.landing", code=workshop["code"])


@pages.get("/f/poster.pdf")
def registration_poster():
    """The registration link as an A4 poster: title, dates and venue, a big QR code."""
    workshop = _workshop(facilitator())
    pdf = poster_pdf(workshop, _landing(workshop), runtime().settings.translations_dir)
    return _download(pdf, say(N_("Registration poster")), workshop)


@pages.get("/f/slide")
def registration_slide():
    """The registration link for the projector (16:9, opened full screen), Chinese first."""
    workshop = _workshop(facilitator())
    translations = runtime().settings.translations_dir
    view = registration_view(workshop, _landing(workshop), speaker("zh", translations), speaker("en", translations))
    return render_page("pages/registration_slide.html", view=view)


@pages.post("/f/sheets.pdf")
def organisation_sheets():
    """The sheets of the links the page has just shown (posted back); none if any is not a
    current link of an organisation of this workshop."""
    principal = facilitator()
    tokens = request.form.getlist("token")
    sheets = printables.sheets_of_tokens(sessions(), principal, principal.workshop_id, tokens)
    return _sheets_download(principal, sheets)


@pages.get("/f/sheets/new-links")
def confirm_new_sheets():
    """Every organisation's current link stops working: said before it is done."""
    principal = facilitator()
    count = printables.active_count(sessions(), principal, principal.workshop_id)
    # The confirmation is good for one use: a reload of the PDF's request, which the browser
    # may send again, would otherwise replace the links just printed.
    session[ONE_CONFIRMATION] = secrets.token_urlsafe(16)
    return render_page(
        "pages/new_sheets.html", workshop=_workshop(principal), count=count, confirmation=session[ONE_CONFIRMATION]
    )


@pages.post("/f/sheets/new-links")
def new_sheets():
    """New links for every organisation that has not withdrawn, in one go, and their sheets."""
    principal = facilitator()
    if request.form.get("confirmed") != "yes":
        return redirect(url_for("pages.confirm_new_sheets"), 303)
    expected = session.pop(ONE_CONFIRMATION, None)
    if not expected or request.form.get("confirmation") != expected:
        return redirect(url_for("pages.confirm_new_sheets"), 303)
    if printables.active_count(sessions(), principal, principal.workshop_id) == 0:
        raise Conflict(N_("No organisation has registered yet."))
    sheets = printables.sheets_with_new_links(sessions(), principal, principal.workshop_id)
    return _sheets_download(principal, sheets)


def _sheets_download(principal, sheets: list[dict]):
    workshop = _workshop(principal)
    links = [dict(sheet, link=external_url("pages.private_link", token=sheet["token"])) for sheet in sheets]
    pdf = sheets_pdf(workshop, links, runtime().settings.translations_dir)
    return _download(pdf, say(N_("Organisation sheets")), workshop)


def _download(pdf: bytes, word: str, workshop: dict):
    title = safe_file_name(workshop["title_zh"], fallback="nianlun")
    name = f"{safe_file_name(word, fallback='nianlun')}-{title}-{now().date().isoformat()}.pdf"
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True, download_name=name)
