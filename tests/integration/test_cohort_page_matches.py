"""The facilitator's cohort page shows, for each suggested pair, whether one can help the other
or they are peers, and on what evidence each strength rests (issue 18)."""

import re

import pytest

from services.common.web import render_page
from services.diagnosis.adapters.instrument_files import current_instrument
from services.diagnosis.entrypoints.pages import LABELS
from simulator.workshop_data import sample_workshop_data

WORDS = {
    "zh": ("可以帮助", "同伴互助", "已由团队评分印证", "仅自评"),
    "en": ("can help", "peer support", "confirmed by the team's ratings", "self-rating only"),
}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_cohort_page_shows_role_and_evidence(service_app, language):
    app, _ = service_app("diagnosis")
    instrument = current_instrument()
    view = sample_workshop_data(instrument, size=12)["cohort"]
    assert {m["role"] for m in view["matches"]} == {"mentor", "peer"}
    # a peer first, so that both kinds are among the twelve shown
    peer = next(m for m in view["matches"] if m["role"] == "peer")
    view["matches"] = [peer] + [m for m in view["matches"] if m is not peer]
    with app.test_request_context("/diagnosis/f/cohort?fragment=1", headers={"Cookie": f"nl_lang={language}"}):
        html, status = render_page("pages/cohort.html", cohort=view, instrument=instrument, **LABELS)
    assert status == 200
    shown = re.search(r'<ol data-testid="matches">(.*?)</ol>', html, re.S).group(1)
    can_help, peers, team, alone = WORDS[language]
    assert can_help in shown and peers in shown and team in shown and alone in shown
    items = re.findall(r'<li data-role="(\w+)">(.*?)</li>', shown, re.S)
    assert items and all(role in ("mentor", "peer") for role, _ in items)
    for role, body in items:
        kinds = re.findall(r'data-evidence="(\w+)"', body)
        assert kinds
        if role == "mentor":
            assert set(kinds) <= {"team", "figures"}
