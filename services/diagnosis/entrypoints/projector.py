"""The facilitator's projector pages (16:9, no scrolling): the live submissions counter and
the cohort debrief, one slide at a time. The same views and the same rule of five as the
cohort panel (services.diagnosis.service_layer.views): below five submitted organisations
the debrief says how many there are and shows no figure."""

from __future__ import annotations

from flask import render_template, request

from ..adapters.instrument_files import current_instrument
from ..domain.cooperation import AGREED, KINDS
from ..domain.questionnaire import SCAN_QUADRANTS
from ..service_layer import cooperation, views
from .pages import caller, pages, sessions

SLIDES = ("wheel", "weaknesses", "scan", "pairs", "intents")
WEAKNESSES_SHOWN = 8
SCAN_ITEMS_SHOWN = 3  # per quadrant
PAIRS_SHOWN = 8
INTENTS_SHOWN = 8
REFRESH_SECONDS = 4


def _participation():
    who = caller()
    return views.workshop_participation(sessions(), who, who.principal.workshop_id)


@pages.get("/f/projector/submissions")
def projector_submissions():
    return render_template("pages/projector/submissions.html", participation=_participation(), refresh=REFRESH_SECONDS)


@pages.get("/f/projector/submissions/count")
def projector_submissions_count():
    """The counter alone, which the page fetches again every few seconds."""
    return render_template("pages/projector/_count.html", participation=_participation())


@pages.get("/f/projector/cohort")
def projector_cohort():
    who = caller()
    instrument = current_instrument()
    cohort = views.workshop_cohort(sessions(), instrument, who, who.principal.workshop_id)
    wanted = request.args.get("slide", "1")
    number = min(max(int(wanted), 1), len(SLIDES)) if wanted.isdecimal() else 1
    intents = cooperation.of_workshop(sessions(), who, who.principal.workshop_id)["intents"]
    return render_template(
        "pages/projector/cohort.html",
        cohort=cohort,
        instrument=instrument,
        slide=SLIDES[number - 1],
        number=number,
        slides=len(SLIDES),
        quadrants=_quadrants(cohort["scan"]),
        weaknesses_shown=WEAKNESSES_SHOWN,
        pairs_shown=PAIRS_SHOWN,
        agreed=[i for i in intents if i["state"] == AGREED],  # what two said yes to, never a refusal
        intents_shown=INTENTS_SHOWN,
        kinds=KINDS,
    )


def _quadrants(scan: list[dict]) -> list[dict]:
    """The scan's statements by quadrant (机会, 威胁, 优势, 劣势), the most chosen first (as
    the scan summary sorts them), with how many of each quadrant are left unshown."""
    grouped = []
    for code, name in SCAN_QUADRANTS.items():
        rows = [row for row in scan if row["quadrant"] == code]
        grouped.append(
            {
                "code": code,
                "name": name,
                "rows": rows[:SCAN_ITEMS_SHOWN],
                "more": max(0, len(rows) - SCAN_ITEMS_SHOWN),
            }
        )
    return grouped
