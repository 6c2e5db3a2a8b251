"""The workshop summary (工作坊总结), for facilitators only: what the cohort looks like as a
whole. Facts, then words (pure: no I/O, no layout):

    facts = summary_facts(workshop, cohort, results, appendix, generated_on, roster=..., agenda=...)
    view = summary_words(facts, speak)      # the words, from the gettext catalogues

`view` is what the Typst template (templates/typst/summary.typ) lays out; the adapter adds
the charts (adapters/summary_charts.py) drawn from it."""

from .facts import MIN_COHORT, PERCENT_INDICATORS, SummaryFacts, summary_facts
from .short_names import display_width, short_names
from .words import summary_words

__all__ = [
    "MIN_COHORT",
    "PERCENT_INDICATORS",
    "SummaryFacts",
    "display_width",
    "short_names",
    "summary_facts",
    "summary_words",
]
