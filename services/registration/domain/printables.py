"""The words of what is printed for a workshop's room: the registration poster and each
organisation's sheet, as the views their Typst templates lay out (JSON-safe; every text plain,
names typed by users stay data). Both are bilingual, Chinese first: each view carries its
labels in both languages (`t.zh`, `t.en`), from the registration catalogue (English msgids,
Chinese in translations/zh), as reporting's documents carry theirs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from services.common.i18n import Speaker


def registration_view(workshop: Mapping[str, Any], link: str, zh: Speaker, en: Speaker) -> dict[str, Any]:
    """The workshop's registration link as the poster and the projector slide show it."""
    return {
        "t": {"zh": _poster_labels(zh), "en": _poster_labels(en)},
        "workshop": _workshop(workshop, zh, en),
        "link": link,
        "short_link": link.removeprefix("https://").removeprefix("http://"),
    }


def poster_view(workshop: Mapping[str, Any], link: str, qr: str, zh: Speaker, en: Speaker) -> dict[str, Any]:
    """An A4 poster of the workshop's registration link; `qr` is the link's code as SVG text."""
    return dict(registration_view(workshop, link, zh, en), qr=qr)


def sheets_view(
    workshop: Mapping[str, Any], sheets: Sequence[Mapping[str, Any]], least_raters: int, zh: Speaker, en: Speaker
) -> dict[str, Any]:
    """One A4 page per organisation: each of `sheets` has name_zh, name_en, link and qr (SVG)."""
    return {
        "t": {"zh": _sheet_labels(zh, least_raters), "en": _sheet_labels(en, least_raters)},
        "workshop": _workshop(workshop, zh, en),
        "sheets": [
            {
                "name_zh": sheet["name_zh"],
                "name_en": sheet.get("name_en") or "",
                "link": sheet["link"],
                "qr": sheet["qr"],
            }
            for sheet in sheets
        ],
    }


def _workshop(workshop: Mapping[str, Any], zh: Speaker, en: Speaker) -> dict[str, str]:
    starts_on, ends_on = _day(workshop.get("starts_on")), _day(workshop.get("ends_on"))
    place = " ".join(str(part) for part in (workshop.get("province"), workshop.get("city")) if part)
    return {
        "title_zh": str(workshop.get("title_zh") or ""),
        "title_en": str(workshop.get("title_en") or ""),
        "dates_zh": zh.date_range(starts_on, ends_on),
        "dates_en": en.date_range(starts_on, ends_on),
        "place": place,
        "venue": str(workshop.get("venue") or ""),
    }


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10]) if value else None


def _poster_labels(speak: Speaker) -> dict[str, str]:
    return {
        "document": speak.pgettext("poster", "Registration poster"),
        "brand": speak.pgettext("poster", "Nianlun"),
        "scan": speak.pgettext("poster", "Scan with WeChat to register"),
    }


def _sheet_labels(speak: Speaker, least: int) -> dict[str, Any]:
    return {
        "document": speak.pgettext("sheet", "Organisation sheets"),
        "brand": speak.pgettext("sheet", "Nianlun"),
        "heading": speak.pgettext("sheet", "Your organisation's private link"),
        "steps_title": speak.pgettext("sheet", "How to take part"),
        "steps": [
            speak.pgettext(
                "sheet",
                "Scan the QR code on this sheet with WeChat (or open the link under it in a browser): "
                "it opens your organisation's own page.",
            ),
            speak.pgettext(
                "sheet",
                "Tap “Fill in the diagnosis” and answer the diagnosis questionnaire. Your answers are "
                "saved as you go: you can stop and carry on later.",
            ),
            speak.pgettext("sheet", "When every question is answered, tap “Review and submit”, then “Submit”."),
            speak.pgettext(
                "sheet",
                "Your report is made as soon as you submit: read it on the same page, under “Report”.",
            ),
        ],
        "raters_title": speak.pgettext("sheet", "Invite staff and board members to rate too"),
        "raters": [
            speak.pgettext(
                "sheet",
                "On your organisation's page, under “Staff and board raters”, choose a role (staff or "
                "board member), add a name or a note if you like, and tap “Invite”.",
            ),
            speak.pgettext(
                "sheet",
                "Each invitation is a private link of its own, shown once: send it to that one person only. "
                "Invite at least %(least)d, so that the report can show your team's view.",
                least=least,
            ),
            speak.pgettext(
                "sheet",
                "To protect them, the report shows the team's view only once at least %(least)d of them "
                "have answered, and only combined, never one person's answers.",
                least=least,
            ),
        ],
        "private_title": speak.pgettext("sheet", "Keep this sheet private"),
        "private": speak.pgettext(
            "sheet",
            "This code and link open your organisation's page without a password: keep the sheet to "
            "yourself and do not post it in a group chat. If it is lost, ask the facilitator for a new "
            "link; the old one then stops working.",
        ),
    }
