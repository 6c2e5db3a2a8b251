"""The per-organisation diagnosis report: facts, then words (pure: no I/O, no layout).

    facts = report_facts(ReportInputs(...))      # typed: numbers, flags, codes, no sentences
    view = report_view(facts, speak)             # the words, from the gettext catalogues

`view` is what both layouts print, the Typst PDF (templates/typst/report.typ) and the phone
page (templates/pages/report.html): JSON-safe, every text plain (names and free text typed by
users are data, escaped by the page and never markup in Typst).

One module per section, each with `facts(...)` and `words(facts, speak)`:
  cover · 1 summary · 2 operations wheel · 3 scorecard perspectives · 4 financial health ·
  5 key-person risk and rater agreement · 6 industry scan · 7 development paths ·
  8 action plan · 9 suggested partners · 10 method appendix and answers
"""

from .legacy import SECTIONS, organisation_report_context

__all__ = ["SECTIONS", "organisation_report_context"]
