"""Cohort figures: benchmarks, percentile ranks, worst-quintile flags and the scan summary.

Privacy: any aggregate over fewer than MIN_COHORT organisations is suppressed (None, with
"suppressed": True), never shown as a number.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from typing import Any

from services.common.contracts.diagnosis import MIN_COHORT as MIN_COHORT

from ..instrument import Instrument
from .common import r1, r2, r3, text_of
from .finance import INDICATOR_NAMES, INDICATORS, SPECS, TUCKMAN_CHANG
from .inputs import OrganisationInput

QUINTILE = 20.0  # percent


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """(Q1, median, Q3) = statistics.quantiles(values, n=4, method="inclusive"): linear
    interpolation between order statistics, position = 1 + p × (n − 1) (as Excel's
    QUARTILE.INC and numpy's default), so Q1 and Q3 always lie within the data."""
    q1, median, q3 = statistics.quantiles(sorted(values), n=4, method="inclusive")
    return q1, median, q3


def _ordered(diagnoses: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(diagnoses, key=lambda d: d["organisation_id"])


def _summary(values: list[float], rounding: Callable[[float | None], float | None]) -> dict[str, Any]:
    n = len(values)
    if n < MIN_COHORT:
        return {"n": n, "suppressed": True, "median": None, "q1": None, "q3": None}
    q1, median, q3 = quartiles(values)
    return {"n": n, "suppressed": False, "median": rounding(median), "q1": rounding(q1), "q3": rounding(q3)}


def benchmark(diagnoses: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Per dimension, per perspective and per financial indicator: n (organisations with a
    value), median, Q1 and Q3 (see `quartiles`); suppressed when n < 5."""
    ordered = _ordered(diagnoses)
    result: dict[str, Any] = {
        "n_organisations": len(ordered),
        "min_cohort": MIN_COHORT,
        "suppressed": len(ordered) < MIN_COHORT,
        "dimensions": {},
        "perspectives": {},
        "indicators": {},
    }
    for section in ("dimensions", "perspectives"):
        names: dict[str, Any] = {}
        for d in ordered:
            for code, entry in d[section].items():
                names.setdefault(code, entry["name"])
        for code, name in names.items():
            values = [
                d[section][code]["score"]
                for d in ordered
                if code in d[section] and d[section][code]["score"] is not None
            ]
            result[section][code] = {"code": code, "name": name, **_summary(values, r1)}
    for spec in INDICATORS:
        values = [
            d["finance"]["indicators"][spec.code]["value"]
            for d in ordered
            if d["finance"]["indicators"][spec.code]["value"] is not None
        ]
        rounding = r2 if spec.code == "months_of_reserve" else r3
        result["indicators"][spec.code] = {
            "code": spec.code,
            "name": INDICATOR_NAMES[spec.code],
            **_summary(values, rounding),
        }
    return result


def percentile(value: float | None, values: Sequence[float | None]) -> float | None:
    """Mid-rank percentile of `value` among `values` (the cohort, the organisation itself
    included): (number below + 0.5 × number equal) / n × 100, in [0, 100], 1 decimal.
    None values are ignored; None when `value` is None or fewer than 5 values remain."""
    known = [v for v in values if v is not None]
    if value is None or len(known) < MIN_COHORT:
        return None
    below = sum(1 for v in known if v < value)
    equal = sum(1 for v in known if v == value)
    return r1((below + 0.5 * equal) / len(known) * 100)


def organisation_percentiles(diagnosis: dict[str, Any], diagnoses: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One organisation's percentile (see `percentile`) on every dimension, perspective and
    indicator within `diagnoses` (which should include it); None where suppressed."""
    result = {}
    for section in ("dimensions", "perspectives"):
        result[section] = {
            code: percentile(entry["score"], [d[section].get(code, {}).get("score") for d in diagnoses])
            for code, entry in diagnosis[section].items()
        }
    result["indicators"] = {
        spec.code: percentile(
            diagnosis["finance"]["indicators"][spec.code]["value"],
            [d["finance"]["indicators"][spec.code]["value"] for d in diagnoses],
        )
        for spec in INDICATORS
    }
    return result


def risky_rank(value: float, values: Sequence[float], risky_when: str) -> float:
    """Percentile rank counted from the risky end: (number riskier + 0.5 × number equal) / n
    × 100, where riskier means lower for an indicator risky "below" and higher for one risky
    "above"."""
    if risky_when == "below":
        riskier = sum(1 for v in values if v < value)
    else:
        riskier = sum(1 for v in values if v > value)
    equal = sum(1 for v in values if v == value)
    return (riskier + 0.5 * equal) / len(values) * 100


def worst_quintile_flags(diagnoses: Sequence[dict[str, Any]]) -> dict[str, dict[str, bool | None]]:
    """Per organisation and indicator: True when the organisation is in the cohort's worst
    fifth, i.e. its risky rank (see `risky_rank`) is at most 20 — roughly the values beyond
    the 20th percentile (risky below) or the 80th (risky above); equal values share a rank,
    so a tie is flagged together or not at all, and a cohort of identical values flags
    nobody. Only once at least 5 organisations have a value for that indicator; otherwise,
    and for an organisation without a value, None. All nine indicators are ranked (self-
    sufficiency too: lower is riskier); the four of Tuckman & Chang are counted by
    `vulnerability_counts`."""
    ordered = _ordered(diagnoses)
    flags: dict[str, dict[str, bool | None]] = {d["organisation_id"]: {} for d in ordered}
    for spec in INDICATORS:
        pairs = [(d["organisation_id"], d["finance"]["indicators"][spec.code]["value"]) for d in ordered]
        values = [v for _, v in pairs if v is not None]
        for oid, v in pairs:
            if v is None or len(values) < MIN_COHORT:
                flags[oid][spec.code] = None
            else:
                flags[oid][spec.code] = risky_rank(v, values, SPECS[spec.code].risky_when) <= QUINTILE
    return flags


def vulnerability_counts(flags: dict[str, dict[str, bool | None]]) -> dict[str, dict[str, Any]]:
    """Per organisation: how many of the four Tuckman & Chang ratios (equity, concentration,
    admin cost, margin) are in the cohort's worst quintile (0 healthy … 4 severely at risk)
    and how many of them could be ranked."""
    return {
        oid: {
            "flags": sum(1 for c in TUCKMAN_CHANG if f.get(c)),
            "known": sum(1 for c in TUCKMAN_CHANG if f.get(c) is not None),
        }
        for oid, f in sorted(flags.items())
    }


def scan_summary(inputs: Sequence[OrganisationInput], instrument: Instrument) -> list[dict[str, Any]]:
    """Per scan item: how many organisations chose "applies" (1) and "strongly applies" (2),
    chosen = both together, share = chosen / n organisations; sorted by chosen, then strongly,
    then the instrument's order. With fewer than 5 organisations every count is suppressed
    (None) and the instrument's order is kept."""
    n = len(inputs)
    rows: list[tuple[int, dict[str, Any]]] = []
    for position, item in enumerate(instrument.scan_items):
        applies = sum(1 for org in inputs if org.scan.get(item.code) == 1)
        strongly = sum(1 for org in inputs if org.scan.get(item.code) == 2)
        row: dict[str, Any] = {
            "code": item.code,
            "quadrant": item.quadrant,
            "text": text_of(item.text),
            "n_organisations": n,
        }
        if n < MIN_COHORT:
            row.update(suppressed=True, applies=None, strongly_applies=None, chosen=None, share=None)
        else:
            row.update(
                suppressed=False,
                applies=applies,
                strongly_applies=strongly,
                chosen=applies + strongly,
                share=r3((applies + strongly) / n),
            )
        rows.append((position, row))
    if n >= MIN_COHORT:
        rows.sort(key=lambda pr: (-pr[1]["chosen"], -pr[1]["strongly_applies"], pr[0]))
    return [row for _, row in rows]
