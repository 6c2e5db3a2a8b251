"""Follow-up rounds at diagnosis, on a real database: a round carries the last answers over,
scores on its own (its own versions and cohort), compares itself with the baseline (rings),
and hears what the last report's actions and the agreed intents came to, from both sides."""

from __future__ import annotations

import re

import pytest

from services.common.clock import now
from services.diagnosis.domain.cooperation import month_ahead
from tests.integration.test_diagnosis_api import (
    INSTRUMENT,
    api,  # noqa: F401 - the fixture
    complete,
    feed,
    invite,
    scored_events,
    submit,
)


def _open_round(runtime, workshop, number=2):
    feed(runtime, "workshop.status_changed", {"workshop_id": workshop["id"], "from": "open", "to": "closed"})
    feed(
        runtime,
        "round.opened",
        {"workshop_id": workshop["id"], "round": number, "kind": "6_months", "opens_on": "2027-06-01"},
    )
    feed(runtime, "workshop.status_changed", {"workshop_id": workshop["id"], "from": "closed", "to": "follow_up"})


def _with_spoke(level: int, spoke: str, other: int = 2) -> dict:
    body = complete(other)
    body["answers"].update({item.code: level for item in INSTRUMENT.items.values() if item.dimension == spoke})
    return body


@pytest.fixture
def closed_workshop(api):  # noqa: F811 - the fixture above
    """Two organisations that submitted at the workshop and agreed one intent there."""
    client, world, runtime = api
    workshop = world.workshop()
    a, b = world.organisation(workshop, name_zh="甲机构"), world.organisation(workshop, name_zh="乙机构")
    for organisation in (a, b):
        submit(client, organisation["headers"], complete(2))
    body = {
        "proposer_id": a["id"],
        "partner_id": b["id"],
        "kind": "staff_exchange",
        "what": "互派社工跟岗一周",
        "target_month": month_ahead(now().date(), 3),
    }
    intent = client.post(f"/diagnosis/workshops/{workshop['id']}/intents", json=body, headers=workshop["headers"])
    assert intent.status_code == 201, intent.json
    return client, runtime, workshop, a, b, intent.json


def _latest_scored(runtime, organisation_id):
    return [e.payload for e in scored_events(runtime) if e.payload["organisation_id"] == organisation_id][-1]


def test_a_follow_up_starts_from_the_last_answers_and_keeps_the_baseline(closed_workshop):
    client, runtime, workshop, a, _, _ = closed_workshop
    baseline = client.get("/diagnosis/responses/mine", headers=a["headers"]).json
    _open_round(runtime, workshop)
    carried = client.get("/diagnosis/responses/mine", headers=a["headers"]).json
    assert (carried["round"], carried["state"], carried["version"]) == (2, "draft", baseline["version"] + 1)
    assert carried["answers"] == baseline["answers"] and carried["numbers"] == baseline["numbers"]
    assert carried["follow_up"] == {}  # the new round's own words start empty
    diagnosis = client.get(f"/diagnosis/organisations/{a['id']}/diagnosis", headers=a["headers"]).json
    assert diagnosis["round"] == 1  # until the round is submitted, the baseline stands


def test_a_follow_up_is_scored_in_its_round_against_the_baseline(closed_workshop):
    client, runtime, workshop, a, b, intent = closed_workshop
    baseline = _latest_scored(runtime, a["id"])
    _open_round(runtime, workshop)
    body = _with_spoke(4, "team_growth")
    body["answers"].update({item.code: 1 for item in INSTRUMENT.items.values() if item.dimension == "compliance"})
    priority = baseline["result"]["priorities"][0]["area"]
    body["follow_up"] = {
        "changes": {"team_growth": "新招了两名持证社工，制定了培训计划。"},
        "actions": {priority: {"outcome": "partly", "note": "做了一半"}},
        "intents": {intent["id"]: {"outcome": "happened"}},
    }
    submit(client, a["headers"], body)
    scored = _latest_scored(runtime, a["id"])
    assert scored["round"] == 2 and scored["diagnosis_version"] > baseline["diagnosis_version"]
    rings = scored["rings"]
    change = rings["since_baseline"]["dimensions"]
    assert (change["team_growth"]["direction"], change["compliance"]["direction"]) == ("up", "down")
    assert change["hub"]["direction"] == "same" and change["hub"]["change"] == 0
    assert rings["since_previous"] is None  # the previous round is the baseline
    assert [r["round"] for r in rings["rounds"]] == [1, 2]
    assert rings["rounds"][0]["dimensions"]["team_growth"] == baseline["result"]["dimensions"]["team_growth"]["score"]
    assert rings["changes"] == {"team_growth": "新招了两名持证社工，制定了培训计划。"}
    assert [(x["area"], x["outcome"], x["note"]) for x in rings["actions"]][0] == (priority, "partly", "做了一半")
    assert [(i["intent_id"], i["mine"], i["partner"]) for i in rings["intents"]] == [(intent["id"], "happened", None)]
    # The round's own cohort counts only who submitted in it; the baseline's stays as it was.
    cohorts = [e.payload for e in scored_events(runtime, "cohort.scored")]
    assert (cohorts[-1]["round"], cohorts[-1]["figures"]["size"]) == (2, 1)
    assert max(c["figures"]["size"] for c in cohorts if c["round"] == 1) == 2
    # The partner says what the intent came to: both sides' rings hear it.
    partner_body = complete(2)
    partner_body["follow_up"] = {"intents": {intent["id"]: {"outcome": "in_progress", "note": "已约好时间"}}}
    submit(client, b["headers"], partner_body)
    assert [(i["mine"], i["partner"]) for i in _latest_scored(runtime, b["id"])["rings"]["intents"]] == [
        ("in_progress", "happened")
    ]
    assert [(i["mine"], i["partner"]) for i in _latest_scored(runtime, a["id"])["rings"]["intents"]] == [
        ("happened", "in_progress")
    ]
    shown = client.get(f"/diagnosis/organisations/{a['id']}/diagnosis", headers=a["headers"]).json
    assert shown["round"] == 2 and shown["rings"]["round"] == 2 and shown["cohort"]["size"] == 2


def test_a_round_answered_as_before_shows_no_change(closed_workshop):
    client, runtime, workshop, a, _, _ = closed_workshop
    _open_round(runtime, workshop)
    client.get("/diagnosis/responses/mine", headers=a["headers"])  # carried over, nothing changed
    assert client.post("/diagnosis/responses/mine/submit", headers=a["headers"]).status_code == 200
    rings = _latest_scored(runtime, a["id"])["rings"]
    assert {c["direction"] for c in rings["since_baseline"]["dimensions"].values()} == {"same"}
    assert {c["direction"] for c in rings["since_baseline"]["indicators"].values()} <= {"same", None}
    assert rings["since_baseline"]["raters_differ"] is False


def test_raters_answer_again_and_a_move_only_they_made_reads_about_the_same(closed_workshop):
    client, runtime, workshop, a, _, _ = closed_workshop
    _open_round(runtime, workshop)
    for n in range(3):  # a team that did not answer at the workshop rates far lower
        _, staff = invite(client, a, "staff", f"社工{n}")
        submit(client, staff, {"answers": {code: 1 for code in INSTRUMENT.items}})
    client.get("/diagnosis/responses/mine", headers=a["headers"])
    client.post("/diagnosis/responses/mine/submit", headers=a["headers"])
    since = _latest_scored(runtime, a["id"])["rings"]["since_baseline"]
    assert since["raters_differ"] is True
    hub = since["dimensions"]["hub"]
    assert hub["after"] < hub["before"] - 8.4 and (hub["direction"], hub["because"]) == ("same", "raters")


@pytest.mark.parametrize(
    "follow_up, field",
    [
        ({"actions": {"team_growth": {"outcome": "maybe"}}}, "follow_up"),
        ({"intents": {"x": {"outcome": "happened", "note": "长" * 301}}}, "follow_up"),
        ({"changes": {"hub": "变" * 1001}}, "follow_up"),
    ],
)
def test_wrong_follow_up_answers_get_422_next_to_their_field(closed_workshop, follow_up, field):
    client, runtime, workshop, a, _, _ = closed_workshop
    _open_round(runtime, workshop)
    refused = client.put("/diagnosis/responses/mine", json=dict(complete(2), follow_up=follow_up), headers=a["headers"])
    assert refused.status_code == 422, refused.json
    assert field in str(refused.json["errors"])


def test_a_closed_round_takes_no_more_answers_and_keeps_every_round(closed_workshop):
    client, runtime, workshop, a, _, _ = closed_workshop
    _open_round(runtime, workshop)
    submit(client, a["headers"], _with_spoke(4, "expansion"))
    feed(runtime, "workshop.status_changed", {"workshop_id": workshop["id"], "from": "follow_up", "to": "closed"})
    assert client.put("/diagnosis/responses/mine", json=complete(3), headers=a["headers"]).status_code == 409
    rounds = sorted({e.payload["round"] for e in scored_events(runtime) if e.payload["organisation_id"] == a["id"]})
    assert rounds == [1, 2]
    assert client.get("/diagnosis/responses/mine", headers=a["headers"]).json["round"] == 2


def _leader_pages(api_client, organisation):
    token = organisation["headers"]["Authorization"].removeprefix("Bearer ")
    api_client.set_cookie("nl_token", token)
    html = api_client.get("/diagnosis/q/hub").get_data(as_text=True)
    api_client.environ_base["HTTP_X_CSRFTOKEN"] = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    return api_client.get("/diagnosis/q/").get_data(as_text=True)


def test_the_leader_looks_back_then_says_what_changed_per_section(closed_workshop):
    client, runtime, workshop, a, _, intent = closed_workshop
    assert client.get("/diagnosis/q/looking-back", headers=a["headers"]).status_code == 404  # not in the baseline
    _open_round(runtime, workshop)
    overview = _leader_pages(client, a)
    assert "第 2 轮回访" in overview and "/diagnosis/q/looking-back" in overview
    asked = client.get("/diagnosis/q/looking-back").get_data(as_text=True)
    assert asked.count('data-testid="priority-check"') == 3 and "互派社工跟岗一周" in asked
    priority = _latest_scored(runtime, a["id"])["result"]["priorities"][0]["area"]
    refused = client.post("/diagnosis/q/looking-back", data={f"actions.{priority}": "maybe"})
    assert refused.status_code == 422 and "form-errors" in refused.get_data(as_text=True)
    saved = client.post(
        "/diagnosis/q/looking-back",
        data={
            f"actions.{priority}": "done",
            f"actions_note.{priority}": "<b>已完成</b>",
            f"intents.{intent['id']}": "dropped",
        },
    )
    assert saved.status_code == 303
    section = client.get("/diagnosis/q/hub").get_data(as_text=True)
    assert 'data-testid="what-changed"' in section
    assert client.post("/diagnosis/q/hub", data={"changed": "使命重新写过了"}).status_code == 303
    looked = client.get("/diagnosis/q/looking-back").get_data(as_text=True)
    assert "&lt;b&gt;已完成&lt;/b&gt;" in looked  # the leader's words are shown as text
    mine = client.get("/diagnosis/responses/mine", headers=a["headers"]).json
    assert mine["follow_up"]["actions"][priority] == {"outcome": "done", "note": "<b>已完成</b>"}
    assert mine["follow_up"]["intents"] == {intent["id"]: {"outcome": "dropped", "note": None}}
    assert mine["follow_up"]["changes"] == {"hub": "使命重新写过了"}
    assert mine["answers"]  # the answers carried over are still there


def test_the_facilitator_sees_the_cohort_progress_once_five_are_compared(api):  # noqa: F811
    client, world, runtime = api
    workshop = world.workshop()
    organisations = [world.organisation(workshop, name_zh=f"机构{n}") for n in range(6)]
    for organisation in organisations:
        submit(client, organisation["headers"], complete(1))
    progress_of = f"/diagnosis/workshops/{workshop['id']}/progress"
    assert client.get(progress_of, headers=workshop["headers"]).json["round"] == 1
    assert client.get(progress_of, headers=organisations[0]["headers"]).status_code == 404
    _open_round(runtime, workshop)
    for n, organisation in enumerate(organisations[:4]):
        submit(client, organisation["headers"], _with_spoke(3, "team_growth", other=1 if n else 1))
    early = client.get(progress_of, headers=workshop["headers"]).json
    assert (early["compared"], early["suppressed"]) == (4, True) and "dimensions" not in early
    submit(client, organisations[4]["headers"], complete(1))  # answered as before: stalled
    view = client.get(progress_of, headers=workshop["headers"]).json
    assert (view["round"], view["compared"], view["suppressed"]) == (2, 5, False)
    growth = view["dimensions"]["team_growth"]
    assert (growth["up"], growth["same"], growth["down"], growth["median_change"]) == (4, 1, 0, 66.7)
    assert view["dimensions"]["hub"] == {"median_change": 0.0, "up": 0, "same": 5, "down": 0}
    assert [who["name_zh"] for who in view["stalled"]] == ["机构4"]
    assert len(view["improved_most"]) == 4 and view["improved_most"][0]["up"] == ["team_growth"]
    closed = {w["area"]: w for w in view["weaknesses"]}
    assert closed.get("team_growth", {"closed": True})["closed"] is True
    page = client.get("/diagnosis/f/rings", headers=workshop["headers"]).get_data(as_text=True)
    assert "第 2 轮回访" in page and "已提交：5 / 6" in page and "机构4" in page and "+66.7" in page


def test_the_programme_progress_pools_only_its_own_workshops_and_names_nobody(api):  # noqa: F811
    client, world, runtime = api
    workshops = [world.workshop() for _ in range(3)]
    for workshop, programme in zip(workshops, ("P", "P", "Q"), strict=True):
        feed(runtime, "workshop.updated", {"workshop_id": workshop["id"], "status": "open", "programme_id": programme})
    members = {w["id"]: [world.organisation(w, name_zh=f"机构{n}") for n in range(3)] for w in workshops}
    for organisation in (o for group in members.values() for o in group):
        submit(client, organisation["headers"], complete(1))
    for workshop in workshops:
        _open_round(runtime, workshop)
        for n, organisation in enumerate(members[workshop["id"]]):
            submit(client, organisation["headers"], _with_spoke(3, "team_growth") if n else complete(1))
    first = workshops[0]
    view = client.get(f"/diagnosis/workshops/{first['id']}/programme-progress", headers=first["headers"]).json
    assert (view["workshops"], view["compared"], view["suppressed"]) == (2, 6, False)  # Q's three left out
    assert (view["improved"], view["stalled"]) == (4, 2)
    assert view["dimensions"]["team_growth"]["up"] == 4
    assert "improved_most" not in view  # the programme pools workshops others run: nobody named
    page = client.get("/diagnosis/f/programme-rings", headers=first["headers"]).get_data(as_text=True)
    assert "2 个工作坊中，6 家机构" in page and "机构1" not in page
    other = workshops[2]
    assert (
        client.get(f"/diagnosis/workshops/{first['id']}/programme-progress", headers=other["headers"]).status_code
        == 404
    )
