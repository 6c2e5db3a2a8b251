"""The words a leader reads beside a score (no I/O, no HTML): messages of the reporting
catalogue, translated where they are spoken."""

from __future__ import annotations

from services.common.i18n import N_

# The wheel's overall maturity, low to high: the words a leader reads beside their overall
# score on the cover. Four steps over the whole range, unlike the engine's `level_band`,
# which judges one dimension by rubric levels (a mean level of 2 or below is a weakness).
MATURITY_BANDS = [
    (0, N_("getting started")),
    (40, N_("taking shape")),
    (60, N_("well founded")),
    (80, N_("mature")),
]


def maturity(overall: float) -> str:
    """The band of an overall score, as its message (speak it with `Speaker.gettext`)."""
    band = MATURITY_BANDS[0][1]
    for floor, name in MATURITY_BANDS:
        if overall >= floor:
            band = name
    return band
