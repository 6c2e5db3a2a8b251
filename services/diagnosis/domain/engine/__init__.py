"""Nianlun's scoring engine: pure functions, standard library only, JSON-ready results.

`diagnose` scores one organisation on its own; the cohort functions compare organisations
(suppressing every aggregate over fewer than MIN_COHORT = 5); `matches` suggests who should
talk to whom; `method` lists every formula for the report's appendix.
"""

from .cohort import (
    MIN_COHORT,
    benchmark,
    organisation_percentiles,
    percentile,
    scan_summary,
    vulnerability_counts,
    worst_quintile_flags,
)
from .finance import INDICATOR_NAMES, INDICATORS
from .inputs import NUMBER_CODES, OrganisationInput, RaterAnswers
from .matching import matches
from .method import method
from .organisation import diagnose

__all__ = [
    "diagnose",
    "benchmark",
    "percentile",
    "organisation_percentiles",
    "worst_quintile_flags",
    "vulnerability_counts",
    "scan_summary",
    "matches",
    "method",
    "MIN_COHORT",
    "OrganisationInput",
    "RaterAnswers",
    "NUMBER_CODES",
    "INDICATORS",
    "INDICATOR_NAMES",
]
