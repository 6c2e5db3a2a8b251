"""The per-organisation diagnosis report: facts, then words (pure: no I/O, no layout).

    facts = report_facts(ReportInputs(...))      # typed: numbers, flags, codes, no sentences
    view = report_view(facts, speak)             # the words, from the gettext catalogues

`view` is what both layouts print, the Typst PDF (templates/typst/report.typ) and the phone
page (templates/pages/report.html): JSON-safe, every text plain (names and free text typed by
users are data, escaped by the page and never markup in Typst).

One module per section, each with `facts(...)` and `words(facts, speak)`; the sentences `words`
says are chosen from the facts by the section's rule tables (`rules.py`, first match wins):
  cover · rings (a follow-up round only: against the baseline, unnumbered) · 1 summary · 2 operations wheel · 3 scorecard perspectives · 4 financial health ·
  5 key-person risk and rater agreement · 6 industry scan · 7 development paths ·
  8 action plan · 9 suggested partners · 10 method appendix and answers
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.common.i18n import Speaker

from . import (
    actions,
    appendix,
    cover,
    finance,
    key_person,
    partners,
    paths,
    perspectives,
    rings,
    scan,
    summary,
    wheel,
)
from .inputs import ReportInputs
from .shared import SECTIONS, labels, sections

__all__ = ["SECTIONS", "ReportFacts", "ReportInputs", "report_facts", "report_view"]


@dataclass(frozen=True)
class ReportFacts:
    name: summary.NameFacts
    cover: cover.CoverFacts
    summary: summary.SummaryFacts
    wheel: wheel.WheelFacts
    perspectives: perspectives.PerspectivesFacts
    finance: finance.FinanceFacts
    key_person: key_person.KeyPersonFacts
    scan: scan.ScanFacts
    paths: paths.PathsFacts
    actions: actions.ActionsFacts
    partners: partners.PartnersFacts
    appendix: appendix.AppendixFacts
    rings: rings.RingsFacts | None = None  # a follow-up round only


def report_facts(inputs: ReportInputs) -> ReportFacts:
    wheel_facts = wheel.facts(inputs)
    return ReportFacts(
        name=summary.names(inputs),
        cover=cover.facts(inputs),
        summary=summary.facts(inputs, wheel_facts),
        wheel=wheel_facts,
        perspectives=perspectives.facts(inputs),
        finance=finance.facts(inputs),
        key_person=key_person.facts(inputs),
        scan=scan.facts(inputs),
        paths=paths.facts(inputs),
        actions=actions.facts(inputs),
        partners=partners.facts(inputs),
        appendix=appendix.facts(inputs),
        rings=rings.facts(inputs),
    )


def report_view(facts: ReportFacts, speak: Speaker) -> dict[str, Any]:
    """Everything the layouts print for one organisation, in the speaker's language."""
    toc = sections(speak)
    organisation = facts.name.primary(speak)
    view: dict[str, Any] = {
        "language": speak.language,
        "html_lang": "-".join(part for part in (speak.locale.language, speak.locale.territory) if part),
        "labels": labels(speak),
        "sections": {s["key"]: s for s in toc},
        "toc": toc,
        "organisation_name": organisation,
        "organisation_name_alt": facts.name.alternate(speak),
        "title": speak.gettext("%(organisation)s · Organisational diagnosis report", organisation=organisation),
        "cover": cover.words(facts.cover, speak),
        "summary": summary.words(facts.summary, speak),
        "wheel": wheel.words(facts.wheel, speak),
        "perspectives": perspectives.words(facts.perspectives, speak),
        "finance": finance.words(facts.finance, speak),
        "key_person": key_person.words(facts.key_person, speak),
        "scan": scan.words(facts.scan, speak),
        "paths": paths.words(facts.paths, speak),
        "actions": actions.words(facts.actions, speak),
        "partners": partners.words(facts.partners, speak),
        "appendix": appendix.words(facts.appendix, speak),
    }
    view["charts"] = {
        "radar": view["wheel"]["chart"],
        "income": view["finance"]["chart"],
        "gap": view["key_person"]["chart"],
    }
    if facts.rings is not None:  # a follow-up opens with its rings, after the cover
        view["rings"] = rings.words(facts.rings, speak)
        entry = {
            "key": "rings",
            "number": 0,
            "numeral": "",
            "title": view["rings"]["heading"],
            "heading": view["rings"]["heading"],
            "new_page": True,
        }
        view["sections"] = {"rings": entry, **view["sections"]}
        view["toc"] = [entry, *view["toc"]]
        view["cover"]["facts"] = [
            *view["cover"]["facts"],
            {"label": speak.pgettext("report label", "Round"), "value": view["rings"]["round_name"]},
        ]
        view["charts"]["rings"] = view["rings"]["chart"]
    return view
