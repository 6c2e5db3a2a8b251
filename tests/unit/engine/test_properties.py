"""Hypothesis properties: bounds, invariance under reordering, JSON-ready results."""

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from services.diagnosis.domain.engine import (
    NUMBER_CODES,
    OrganisationInput,
    RaterAnswers,
    benchmark,
    diagnose,
    matches,
    percentile,
    scan_summary,
    worst_quintile_flags,
)
from services.diagnosis.domain.engine.finance import revenue_concentration
from services.diagnosis.domain.engine.inputs import INCOME_CODES
from services.diagnosis.domain.instrument import PATHS, ROLES

from .builders import instrument

INSTRUMENT = instrument()
ITEM_CODES = sorted(INSTRUMENT.items)
CRITERIA = [c.code for c in INSTRUMENT.stage_criteria]
SCAN_CODES = [s.code for s in INSTRUMENT.scan_items]
FAST = settings(max_examples=40, deadline=None)

answers = st.dictionaries(st.sampled_from(ITEM_CODES), st.integers(1, 4), max_size=len(ITEM_CODES))
raters = st.lists(st.tuples(st.sampled_from(ROLES), answers), min_size=0, max_size=4).map(
    lambda rs: tuple(RaterAnswers(f"r{i}", role, ans) for i, (role, ans) in enumerate(rs))
)
amount = st.one_of(st.just(0.0), st.floats(0, 2_000_000, allow_nan=False))
numbers = st.dictionaries(st.sampled_from(NUMBER_CODES), amount, max_size=len(NUMBER_CODES)).flatmap(
    lambda n: st.floats(-500_000, 500_000, allow_nan=False).map(
        lambda net: dict(n, **({"balance.net_assets": net} if "balance.net_assets" in n else {}))
    )
)
regions = st.sampled_from([None, "安顺市西秀区", "安顺市平坝区", "贵阳市云岩区", "贵州省安顺市", "黔东南州凯里市"])


@st.composite
def organisations(draw, oid="o"):
    return OrganisationInput(
        organisation_id=oid,
        workshop_id="w",
        name_zh=f"机构{oid}",
        focus_areas=tuple(
            draw(
                st.lists(
                    st.sampled_from(["children", "elderly", "family", "disability", "women"]), max_size=5, unique=True
                )
            )
        ),
        service_region=draw(regions),
        raters=draw(raters),
        numbers=draw(numbers),
        scan=draw(st.dictionaries(st.sampled_from(SCAN_CODES), st.integers(0, 2))),
        stage_evidence=draw(st.dictionaries(st.sampled_from(CRITERIA), st.booleans())),
        path_views=draw(st.dictionaries(st.sampled_from(PATHS), st.integers(1, 4))),
    )


@st.composite
def cohorts(draw):
    n = draw(st.integers(0, 7))
    return [draw(organisations(f"o{i}")) for i in range(n)]


def in_0_100(value):
    return value is None or 0 <= value <= 100


@FAST
@given(organisations())
def test_every_score_lies_in_0_to_100_and_the_result_is_json(org):
    d = diagnose(INSTRUMENT, org)
    for dim in d["dimensions"].values():
        assert in_0_100(dim["score"]) and in_0_100(dim["leader_score"]) and in_0_100(dim["team_score"])
        assert dim["gap"] is None or -100 <= dim["gap"] <= 100
    assert all(in_0_100(p["score"]) for p in d["perspectives"].values())
    assert all(in_0_100(i["health"]) for i in d["finance"]["indicators"].values())
    assert in_0_100(d["key_person_risk"]["index"])
    assert all(in_0_100(part["value"]) for part in d["key_person_risk"]["parts"])
    assert all(in_0_100(p["fit"]) for p in d["paths"])
    assert sorted(p["code"] for p in d["paths"]) == sorted(PATHS)
    assert all(in_0_100(p["score"]) for p in d["priorities"]) and len(d["priorities"]) <= 3
    for item in d["items"].values():
        assert item["mean"] is None or 1 <= item["mean"] <= 4
    text = json.dumps(d, ensure_ascii=False, allow_nan=False)
    assert json.loads(text) == d


@FAST
@given(st.lists(st.floats(1, 1e7, allow_nan=False), min_size=1, max_size=len(INCOME_CODES)))
def test_hhi_lies_between_one_over_k_and_one(amounts):
    value, _ = revenue_concentration(dict(zip(INCOME_CODES, amounts, strict=False)))
    k = len(amounts)
    assert 1 / k - 1e-12 <= value <= 1 + 1e-12


@FAST
@given(organisations(), st.randoms(use_true_random=False))
def test_the_order_of_raters_does_not_matter(org, rnd):
    shuffled = list(org.raters)
    rnd.shuffle(shuffled)
    again = OrganisationInput(**{**org.__dict__, "raters": tuple(shuffled)})
    assert diagnose(INSTRUMENT, again) == diagnose(INSTRUMENT, org)


@settings(max_examples=25, deadline=None)
@given(cohorts(), st.randoms(use_true_random=False))
def test_the_order_of_the_cohort_does_not_matter(inputs, rnd):
    diagnoses = [diagnose(INSTRUMENT, i) for i in inputs]
    order = list(range(len(inputs)))
    rnd.shuffle(order)
    d2, i2 = [diagnoses[k] for k in order], [inputs[k] for k in order]
    assert benchmark(d2) == benchmark(diagnoses)
    assert worst_quintile_flags(d2) == worst_quintile_flags(diagnoses)
    assert scan_summary(i2, INSTRUMENT) == scan_summary(inputs, INSTRUMENT)
    assert matches(d2, i2) == matches(diagnoses, inputs)
    for m in matches(diagnoses, inputs, require_link=False):
        assert 0 <= m["score"] <= 100 and m["from"] != m["to"]
        assert m["role"] in ("mentor", "peer") and m["evidence"] in ("team", "figures", "self")


@FAST
@given(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.lists(st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False)), max_size=20),
)
def test_percentile_lies_in_0_to_100(value, values):
    p = percentile(value, values + [value])
    known = sum(1 for v in values if v is not None) + 1
    if known < 5:
        assert p is None
    else:
        assert 0 <= p <= 100 and not math.isnan(p)
