"""Cohort benchmark, percentile, worst-quintile flags and the scan summary; suppression under 5."""

import pytest

from services.diagnosis.domain.engine import (
    MIN_COHORT,
    benchmark,
    diagnose,
    percentile,
    scan_summary,
    vulnerability_counts,
    worst_quintile_flags,
)
from services.diagnosis.domain.engine.cohort import organisation_percentiles, quartiles

from .builders import everything, instrument, leader, org

INSTRUMENT = instrument()


def cohort_at_levels(levels):
    return [diagnose(INSTRUMENT, org(f"o{i}", raters=(leader(everything(level)),))) for i, level in enumerate(levels)]


def test_min_cohort_is_five():
    assert MIN_COHORT == 5


def test_quartiles_are_inclusive():
    assert quartiles([1, 2, 3, 4, 5]) == (2.0, 3.0, 4.0)
    assert quartiles([4, 1, 3, 2]) == (1.75, 2.5, 3.25)


def test_benchmark_is_suppressed_at_four_organisations():
    b = benchmark(cohort_at_levels([1, 2, 3, 4]))
    assert b["suppressed"] is True and b["n_organisations"] == 4
    assert b["dimensions"]["hub"] == {
        "code": "hub",
        "name": {"zh": "使命愿景价值观", "en": "hub"},
        "n": 4,
        "suppressed": True,
        "median": None,
        "q1": None,
        "q3": None,
    }
    assert all(
        entry["median"] is None
        for section in ("dimensions", "perspectives", "indicators")
        for entry in b[section].values()
    )


def test_benchmark_at_five_and_six_organisations():
    b = benchmark(cohort_at_levels([1, 2, 3, 4, 4]))
    assert b["suppressed"] is False
    assert {k: b["dimensions"]["hub"][k] for k in ("n", "q1", "median", "q3")} == {
        "n": 5,
        "q1": 33.3,
        "median": 66.7,
        "q3": 100.0,
    }
    # perspectives without numbers: clients = dimensions only; finance has no known part → n = 0
    assert b["perspectives"]["clients"]["median"] == 66.7
    assert b["perspectives"]["finance"] == {
        "code": "finance",
        "name": {"zh": "finance", "en": "finance"},
        "n": 0,
        "suppressed": True,
        "median": None,
        "q1": None,
        "q3": None,
    }
    b6 = benchmark(cohort_at_levels([1, 1, 2, 3, 4, 4]))
    # [0, 0, 33.3, 66.7, 100, 100]: Q1 at position 1 + .25 × 5 = 2.25 → 0 + .25 × 33.3 = 8.3;
    # median at 3.5 → 50; Q3 at 4.75 → 66.7 + .75 × 33.3 = 91.7
    assert {k: b6["dimensions"]["governance"][k] for k in ("q1", "median", "q3")} == {
        "q1": 8.3,
        "median": 50.0,
        "q3": 91.7,
    }


def test_a_dimension_answered_by_only_four_is_suppressed_in_a_cohort_of_five():
    cohort = cohort_at_levels([1, 2, 3, 4])
    cohort.append(diagnose(INSTRUMENT, org("o9", raters=(leader({"hub.q1": 2}),))))
    b = benchmark(cohort)
    assert b["dimensions"]["hub"]["n"] == 5 and b["dimensions"]["hub"]["suppressed"] is False
    assert b["dimensions"]["expansion"]["n"] == 4 and b["dimensions"]["expansion"]["median"] is None


def test_percentile_is_a_mid_rank():
    assert percentile(3, [1, 2, 3, 4, 5]) == 50.0
    assert percentile(1, [1, 2, 3, 4, 5]) == 10.0
    assert percentile(5, [1, 2, 3, 4, 5]) == 90.0
    assert percentile(3, [3, 3, 1, 5, 5]) == 40.0  # (1 below + 0.5 × 2 equal) / 5
    assert percentile(3, [1, 2, 3, 4, None]) is None
    assert percentile(None, [1, 2, 3, 4, 5]) is None
    assert percentile(7, [1, 2, 3, 4, 5, None]) == 100.0


def test_organisation_percentiles_within_the_cohort():
    cohort = cohort_at_levels([1, 2, 3, 4, 4])
    p = organisation_percentiles(cohort[1], cohort)
    assert p["dimensions"]["hub"] == 30.0
    assert p["indicators"]["equity_ratio"] is None
    assert organisation_percentiles(cohort[1], cohort[:4])["dimensions"]["hub"] is None


NUMBERS = {
    "o1": {"income.government_purchase": 100_000, "balance.net_assets": 5_000},
    "o2": {"income.government_purchase": 50_000, "income.foundation_grants": 50_000, "balance.net_assets": 20_000},
    "o3": {"income.government_purchase": 100_000, "balance.net_assets": 30_000},
    "o4": {"income.government_purchase": 100_000, "balance.net_assets": 40_000},
    "o5": {"income.government_purchase": 100_000, "balance.net_assets": 50_000},
    "o6": {},
}


def finance_cohort(ids):
    return [diagnose(INSTRUMENT, org(oid, numbers=NUMBERS[oid])) for oid in ids]


def test_worst_quintile_flags():
    flags = worst_quintile_flags(finance_cohort(["o1", "o2", "o3", "o4", "o5", "o6"]))
    # equity 0.05, 0.2, 0.3, 0.4, 0.5: only the lowest is in the worst fifth (risky rank 10)
    assert {oid: f["equity_ratio"] for oid, f in flags.items()} == {
        "o1": True,
        "o2": False,
        "o3": False,
        "o4": False,
        "o5": False,
        "o6": None,
    }
    # HHI 1, .5, 1, 1, 1: the four tied at 1 share a risky rank of 40 — nobody is flagged
    assert {oid: f["revenue_concentration"] for oid, f in flags.items()} == {
        "o1": False,
        "o2": False,
        "o3": False,
        "o4": False,
        "o5": False,
        "o6": None,
    }
    assert all(f["admin_cost_ratio"] is None for f in flags.values())
    assert vulnerability_counts(flags)["o1"] == {"flags": 1, "known": 2}
    assert vulnerability_counts(flags)["o6"] == {"flags": 0, "known": 0}


def test_worst_quintile_needs_five_values():
    flags = worst_quintile_flags(finance_cohort(["o1", "o2", "o3", "o4", "o6"]))
    assert all(value is None for f in flags.values() for value in f.values())


def test_risky_above_flags_the_highest():
    cohort = [
        diagnose(INSTRUMENT, org(f"t{i}", numbers={"people.staff_full_time": 10, "people.departures_12m": i}))
        for i in range(5)
    ]
    flags = worst_quintile_flags(cohort)
    assert [flags[f"t{i}"]["staff_turnover"] for i in range(5)] == [False, False, False, False, True]


SCANS = [
    {"strength.regional_influence": 2, "strength.local_resources": 2, "weakness.talent_loss": 1},
    {"strength.regional_influence": 1, "strength.local_resources": 2, "weakness.talent_loss": 1},
    {"strength.regional_influence": 1, "weakness.talent_loss": 1, "strength.local_resources": 0},
    {"weakness.talent_loss": 1, "opportunity.grassroots_governance": 1},
    {"opportunity.grassroots_governance": 1},
]


def test_scan_summary_counts_and_sorts():
    inputs = [org(f"s{i}", scan=scan) for i, scan in enumerate(SCANS)]
    rows = scan_summary(inputs, INSTRUMENT)
    assert [(r["code"], r["applies"], r["strongly_applies"], r["chosen"], r["share"]) for r in rows] == [
        ("weakness.talent_loss", 4, 0, 4, 0.8),
        ("strength.regional_influence", 2, 1, 3, 0.6),
        ("strength.local_resources", 0, 2, 2, 0.4),
        ("opportunity.grassroots_governance", 2, 0, 2, 0.4),
        ("threat.leader_donations_falling", 0, 0, 0, 0.0),
    ]
    assert rows[0]["text"] == {"zh": "人才流失", "en": "人才流失"} and rows[0]["quadrant"] == "weakness"


def test_scan_summary_is_suppressed_under_five():
    rows = scan_summary([org(f"s{i}", scan=scan) for i, scan in enumerate(SCANS[:4])], INSTRUMENT)
    assert [r["code"] for r in rows] == [s.code for s in INSTRUMENT.scan_items]
    assert all(r["suppressed"] and r["applies"] is None and r["chosen"] is None and r["share"] is None for r in rows)


@pytest.mark.parametrize("n", [0, 1])
def test_tiny_cohorts_do_not_break(n):
    cohort = cohort_at_levels([2] * n)
    assert benchmark(cohort)["suppressed"] is True
    assert worst_quintile_flags(cohort) == {
        d["organisation_id"]: dict.fromkeys(d["finance"]["indicators"]) for d in cohort
    }
