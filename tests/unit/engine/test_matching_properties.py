"""Issue 18, matching on evidence, as properties over random cohorts (hypothesis) and over the
simulator's sample workshops: a suggested mentor is never weak (below the cohort's median or
below level 3) in what it mentors, its strength is confirmed by its team or its figures, an
organisation with only self-ratings is never a mentor, and no one is put forward in more
than three dimensions."""

import dataclasses
import statistics

from hypothesis import given, settings
from hypothesis import strategies as st

from services.diagnosis.adapters.instrument_files import current_instrument
from services.diagnosis.domain.engine import OrganisationInput, RaterAnswers, diagnose, matches
from services.diagnosis.domain.engine.matching import CONFIRMING_FIGURES, STRONG, complementarity
from simulator.cohort import InstrumentCodes, sample_cohort

from .test_properties import INSTRUMENT, cohorts

REAL = current_instrument()
CODES = InstrumentCodes.from_instrument(REAL)


def self_rated_only(org):
    return not any(r.role in ("staff", "board") and r.answers for r in org.raters)


def check(diagnoses, inputs, require_link=True):
    by_id = {d["organisation_id"]: d for d in diagnoses}
    orgs = {i.organisation_id: i for i in inputs}
    medians = {}
    for d in diagnoses:
        for code, entry in d["dimensions"].items():
            if entry["score"] is not None:
                medians.setdefault(code, []).append(entry["score"])
    offered = {}
    found = matches(diagnoses, inputs, require_link=require_link)
    for m in found:
        helper, helped = by_id[m["from"]], by_id[m["to"]]
        assert m["role"] in ("mentor", "peer")
        for dim in m["dimensions"]:
            code = dim["code"]
            offered.setdefault(m["from"], set()).add(code)
            assert complementarity(helper, helped, code)[0] is not None  # the other is weak there
            if m["role"] != "mentor":
                continue
            score = helper["dimensions"][code]["score"]
            assert score is not None and score >= STRONG  # level 3 or above
            assert score >= statistics.median(medians[code])  # never below the cohort's median
            assert dim["evidence"] in ("team", "figures")  # confirmed
            if dim["evidence"] == "figures":
                rules = {r.fact: r for r in CONFIRMING_FIGURES[code]}
                assert dim["facts"] and all(rules[f].holds(v) for f, v in dim["facts"].items())
            assert not self_rated_only(orgs[m["from"]])
    assert all(len(codes) <= 3 for codes in offered.values())  # no "mentor in 9 dimensions"
    return found


years = st.one_of(st.none(), st.integers(0, 40))


@settings(max_examples=60, deadline=None)
@given(cohorts(), st.lists(years, min_size=8, max_size=8))
def test_random_cohorts(inputs, ys):
    inputs = [dataclasses.replace(org, years_in_sector=y) for org, y in zip(inputs, ys, strict=False)]
    diagnoses = [diagnose(INSTRUMENT, i) for i in inputs]
    check(diagnoses, inputs)
    check(diagnoses, inputs, require_link=False)


def sample_inputs(seed, size, alone):
    """The simulator's workshop, with the team raters of the organisations in `alone` dropped."""
    inputs = []
    for index, o in enumerate(sample_cohort(CODES, size=size, seed=seed)):
        raters = [RaterAnswers(f"{index}-leader", "leader", o.leader["answers"])]
        if index not in alone:
            raters += [RaterAnswers(f"{index}-{n}", role, ans) for n, (role, ans) in enumerate(o.raters)]
        inputs.append(
            OrganisationInput(
                f"org{index:02d}",
                "w",
                o.profile["name_zh"],
                tuple(o.profile["focus_areas"]),
                o.profile["service_region"],
                tuple(raters),
                o.leader["numbers"],
                o.leader["scan"],
                o.leader["stage_evidence"],
                o.leader["path_views"],
                o.profile["years_in_sector"],
            )
        )
    return inputs


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 14), st.sets(st.integers(0, 13), max_size=6))
def test_sample_workshops(seed, size, alone):
    inputs = sample_inputs(seed, size, alone)
    diagnoses = [diagnose(REAL, i) for i in inputs]
    found = check(diagnoses, inputs)
    for m in found:
        if int(m["from"][3:]) in alone:
            assert m["role"] == "peer" and all(d["evidence"] == "self" for d in m["dimensions"])


def test_the_sample_workshop_has_mentors_and_peers():
    inputs = sample_inputs(2024, 36, set())
    found = check([diagnose(REAL, i) for i in inputs], inputs)
    roles = {m["role"] for m in found}
    assert roles == {"mentor", "peer"}
