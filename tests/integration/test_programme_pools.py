"""No aggregate mixes programmes: diagnosis pools its "all workshops" figures (the programme
benchmark, its page fragment, an organisation's benchmark and percentiles across workshops,
the cohort view whose `benchmark_all_workshops` feeds the summary's column "本项目所有工作坊
中位数") only over the workshops of one programme, and none over fewer than five
organisations. Programme P has two workshops (P1 with five organisations, P2 with two);
programme Q has one workshop whose five organisations answer the highest level everywhere
and report extreme reserves: had Q leaked into P, P's medians and percentiles would move."""

import datetime as dt
import re
import statistics
import uuid

import pytest

from services.common.auth import FACILITATOR
from services.common.contracts.diagnosis import MIN_COHORT
from services.reporting.domain.workshop_summary.facts import summary_facts
from tests.integration.test_diagnosis_api import INSTRUMENT, World, complete, feed, grant, scored_events, submit

P1_LEVELS = [1, 1, 1, 2, 2]  # P1's own medians: 0.0
P2_LEVELS = [3, 3]
Q_LEVELS = [4, 4, 4, 4, 4]  # the highest level on every item
Q_NUMBERS = {"balance.net_assets": 50_000_000, "balance.unrestricted_reserves": 50_000_000}


def score(level):
    """A dimension's score when the leader answers `level` on all its items (the method's
    (level − 1) / 3 × 100), to one decimal as the diagnosis gives it."""
    return round((level - 1) / 3 * 100, 1)


def median(levels):
    return round(statistics.median(score(level) for level in levels), 1)


def percentile(level, levels):
    """(number below + ½ × number equal) / n × 100, as the method states it."""
    mine, scores = score(level), [score(v) for v in levels]
    below, equal = sum(1 for s in scores if s < mine), sum(1 for s in scores if s == mine)
    return round((below + 0.5 * equal) / len(scores) * 100, 1)


class Programmes(World):
    def workshop(self, programme_id=None):
        workshop_id = str(uuid.uuid4())
        feed(
            self.runtime,
            "workshop.created",
            {"workshop_id": workshop_id, "status": "open", "programme_id": programme_id},
        )
        return {
            "id": workshop_id,
            "programme_id": programme_id,
            "headers": grant(self.runtime, FACILITATOR, workshop_id),
        }


@pytest.fixture
def programmes(service_app):
    app, runtime = service_app("diagnosis")
    world = Programmes(runtime)
    p, q = str(uuid.uuid4()), str(uuid.uuid4())
    workshops = {"P1": world.workshop(p), "P2": world.workshop(p), "Q1": world.workshop(q)}
    organisations = {
        name: [
            dict(world.organisation(workshops[name], name_zh=f"{name}机构{i}"), level=level)
            for i, level in enumerate(levels)
        ]
        for name, levels in (("P1", P1_LEVELS), ("P2", P2_LEVELS), ("Q1", Q_LEVELS))
    }
    return app.test_client(), runtime, {"P": p, "Q": q}, workshops, organisations


def benchmark(client, workshop, asked_by=None):
    return client.get(
        f"/diagnosis/workshops/{workshop['id']}/programme-benchmark", headers=(asked_by or workshop)["headers"]
    )


def fragment(client, workshop):
    page = client.get("/diagnosis/f/programme", headers=workshop["headers"])
    assert page.status_code == 200
    return page.get_data(as_text=True)


def fragment_rows(html):
    """data-dimension → (median text, organisations, workshops) of the fragment's table."""
    rows = re.findall(
        r'data-dimension="([^"]+)"><td>[^<]*</td>\s*<td>([^<]*)</td>\s*<td>(\d+)</td><td>(\d+)</td>', html
    )
    return {code: (median.strip(), int(n), int(w)) for code, median, n, w in rows}


def diagnosis_of(client, organisation):
    answer = client.get(f"/diagnosis/organisations/{organisation['id']}/diagnosis", headers=organisation["headers"])
    assert answer.status_code == 200, answer.json
    return answer.json


def test_no_figure_pooled_across_workshops_reaches_beyond_its_programme(programmes):
    client, runtime, ids, workshops, organisations = programmes
    p1, p2, q1 = workshops["P1"], workshops["P2"], workshops["Q1"]
    dimensions = [d.code for d in INSTRUMENT.dimensions]
    p_levels = P1_LEVELS + P2_LEVELS
    assert median(p_levels) == 33.3 and median(P1_LEVELS) == 0.0
    assert median(p_levels + Q_LEVELS) != median(p_levels)  # a leak of Q would show

    for organisation in organisations["Q1"]:
        submit(client, organisation["headers"], complete(organisation["level"], **Q_NUMBERS))
    # Q alone: its five organisations, its medians; P has no diagnosis yet (nothing of Q's).
    q = benchmark(client, q1).json
    assert (q["programme_id"], q["n_organisations"], q["n_workshops"], q["suppressed"]) == (ids["Q"], 5, 1, False)
    assert {d["code"]: d["median"] for d in q["dimensions"]} == {code: median(Q_LEVELS) for code in dimensions}
    nothing = benchmark(client, p1).json
    assert (nothing["n_organisations"], nothing["suppressed"], nothing["dimensions"]) == (0, True, [])

    # P with four organisations across its two workshops: under the rule of five, suppressed.
    for organisation in organisations["P2"] + organisations["P1"][:2]:
        submit(client, organisation["headers"], complete(organisation["level"]))
    four = benchmark(client, p1).json
    assert MIN_COHORT == 5
    assert (four["n_organisations"], four["n_workshops"], four["suppressed"], four["dimensions"]) == (4, 2, True, [])
    html = fragment(client, p2)
    assert 'data-testid="programme-suppressed"' in html and "目前 4 家" in html
    assert fragment_rows(html) == {}
    early = diagnosis_of(client, organisations["P1"][0])["cohort"]
    assert early["benchmark_all_workshops"]["n_organisations"] == 4
    assert early["benchmark_all_workshops"]["suppressed"] is True
    assert all(v is None for v in early["percentiles_all_workshops"]["dimensions"].values())

    for organisation in organisations["P1"][2:]:
        submit(client, organisation["headers"], complete(organisation["level"]))

    # The programme benchmark, from either workshop of P: P's seven organisations only.
    for workshop in (p1, p2):
        got = benchmark(client, workshop)
        assert got.status_code == 200, got.json
        view = got.json
        assert (view["programme_id"], view["n_organisations"], view["n_workshops"], view["suppressed"]) == (
            ids["P"],
            7,
            2,
            False,
        )
        assert {d["code"]: d["median"] for d in view["dimensions"]} == {code: median(p_levels) for code in dimensions}
        assert {(d["n_organisations"], d["n_workshops"], d["suppressed"]) for d in view["dimensions"]} == {
            (7, 2, False)
        }
    # ... and Q's counts none of P's organisations.
    q = benchmark(client, q1).json
    assert (q["n_organisations"], q["n_workshops"]) == (5, 1)
    assert {d["code"]: d["median"] for d in q["dimensions"]} == {code: median(Q_LEVELS) for code in dimensions}
    assert {d["n_organisations"] for d in q["dimensions"]} == {5}

    # The page fragment says the same.
    html = fragment(client, p1)
    assert "合并计算：本项目 2 个工作坊的 7 家机构" in html
    assert fragment_rows(html) == {code: (str(median(p_levels)), 7, 2) for code in dimensions}
    html = fragment(client, q1)
    assert "合并计算：本项目 1 个工作坊的 5 家机构" in html
    assert fragment_rows(html) == {code: (str(median(Q_LEVELS)), 5, 1) for code in dimensions}

    # Another programme's facilitator (and an organisation) is told there is no such workshop.
    for stranger in (q1, organisations["P1"][0]):
        refused = benchmark(client, p1, asked_by=stranger)
        assert refused.status_code == 404, refused.json
    assert benchmark(client, q1, asked_by=p1).status_code == 404

    # Each organisation's figures across workshops: its programme's, its own place in them.
    for name in ("P1", "P2"):
        for organisation in organisations[name]:
            cohort = diagnosis_of(client, organisation)["cohort"]
            pooled = cohort["benchmark_all_workshops"]
            assert (pooled["n_organisations"], pooled["suppressed"]) == (7, False)
            assert {c: d["median"] for c, d in pooled["dimensions"].items()} == {
                code: median(p_levels) for code in dimensions
            }
            place = cohort["percentiles_all_workshops"]
            assert place["dimensions"] == {code: percentile(organisation["level"], p_levels) for code in dimensions}
            # P's organisations all report the same finances: each sits at the middle of P's
            # (Q's extreme reserves would have moved it).
            indicators = {code: v for code, v in place["indicators"].items() if v is not None}
            assert indicators and set(indicators.values()) == {50.0}
    own = diagnosis_of(client, organisations["P1"][0])
    reserve = own["result"]["finance"]["indicators"]["months_of_reserve"]["value"]
    assert own["cohort"]["benchmark_all_workshops"]["indicators"]["months_of_reserve"]["median"] == reserve
    for organisation in organisations["Q1"]:
        cohort = diagnosis_of(client, organisation)["cohort"]
        assert cohort["benchmark_all_workshops"]["n_organisations"] == 5
        assert set(cohort["percentiles_all_workshops"]["dimensions"].values()) == {50.0}

    # The facilitator's cohort view (the API, and the view `cohort.scored` carries to
    # reporting): the workshop's own benchmark and the programme's beside it.
    cohort = client.get(f"/diagnosis/workshops/{p1['id']}/cohort", headers=p1["headers"]).json
    assert {c: d["median"] for c, d in cohort["benchmark"]["dimensions"].items()} == {
        code: median(P1_LEVELS) for code in dimensions
    }
    assert cohort["benchmark_all_workshops"]["n_organisations"] == 7
    assert {c: d["median"] for c, d in cohort["benchmark_all_workshops"]["dimensions"].items()} == {
        code: median(p_levels) for code in dimensions
    }
    announced = [e for e in scored_events(runtime, "cohort.scored") if e.payload["workshop_id"] == p1["id"]][-1]
    carried = announced.payload["view"]
    assert carried["benchmark_all_workshops"] == cohort["benchmark_all_workshops"]

    # The summary's column "本项目所有工作坊中位数" (PDF and XLSX) from what reporting receives.
    latest = {e.payload["organisation_id"]: e.payload["result"] for e in scored_events(runtime)}
    results = [latest[o["id"]] for o in organisations["P1"]]
    facts = summary_facts({}, carried, results, announced.payload["appendix"], dt.date(2026, 5, 10))
    assert not facts.suppressed
    assert {s.code: (s.median, s.median_all) for s in facts.distribution.dimensions} == {
        code: (median(P1_LEVELS), median(p_levels)) for code in dimensions
    }
