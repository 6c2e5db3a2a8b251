"""The diagnosis API in process, on a real database: respondents, drafts, submissions,
validation, the diagnosis and the cohort, and who may see what."""

import re
import uuid

import pytest
from sqlalchemy import select

from services.common.auth import FACILITATOR, ORGANISATION, hash_token, new_token
from services.common.events import decode, new_event
from services.common.grants import grant_handlers
from services.common.inbox import handle_once
from services.diagnosis.adapters.instrument_files import current_instrument
from services.diagnosis.adapters.orm import access_grants, bus
from services.diagnosis.service_layer.projections import HANDLERS

INSTRUMENT = current_instrument()
HANDLED = {**HANDLERS, **grant_handlers(access_grants)}


def feed(runtime, event_type, payload):
    event = new_event(event_type, payload, producer="registration")
    handle_once(runtime.sessions, bus.processed_events, "diagnosis", event, HANDLED[event_type])


def grant(runtime, role, workshop_id, organisation_id=None):
    token = new_token(role)
    feed(
        runtime,
        "access.granted",
        {"token_hash": hash_token(token), "role": role, "workshop_id": workshop_id, "organisation_id": organisation_id},
    )
    return {"Authorization": f"Bearer {token}"}


class World:
    """Registration's side of things, told to diagnosis the way it learns it: by events."""

    def __init__(self, runtime):
        self.runtime = runtime

    def workshop(self):
        workshop_id = str(uuid.uuid4())
        feed(self.runtime, "workshop.created", {"workshop_id": workshop_id, "status": "open"})
        return {"id": workshop_id, "headers": grant(self.runtime, FACILITATOR, workshop_id)}

    def organisation(self, workshop, name_zh="安顺市联众社会工作服务中心", **profile):
        organisation_id = str(uuid.uuid4())
        feed(
            self.runtime,
            "organisation.registered",
            {
                "organisation_id": organisation_id,
                "workshop_id": workshop["id"],
                "name_zh": name_zh,
                "name_en": None,
                "status": "registered",
                "focus_areas": ["social_work"],
                **profile,
            },
        )
        return {"id": organisation_id, "headers": grant(self.runtime, ORGANISATION, workshop["id"], organisation_id)}


@pytest.fixture
def api(service_app):
    app, runtime = service_app("diagnosis")
    return app.test_client(), World(runtime), runtime


def complete(level=3, **numbers):
    figures = {n.code: 0 for n in INSTRUMENT.numbers}
    figures.update(
        {
            "income.government_purchase": 300_000,
            "income.foundation_grants": 100_000,
            "expense.programme": 300_000,
            "expense.administration": 50_000,
            "balance.net_assets": 120_000,
            "balance.unrestricted_reserves": 80_000,
            "people.staff_full_time": 5,
            "people.volunteers": 30,
        }
    )
    figures.update(numbers)
    return {
        "answers": {code: level for code in INSTRUMENT.items},
        "numbers": figures,
        "scan": {INSTRUMENT.scan_items[0].code: 2},
        "scan_text": "本地社工人才留不住。",
        "stage_evidence": {INSTRUMENT.stage_criteria[0].code: True},
        "path_views": {"specialise": 4},
    }


def submit(client, headers, body):
    saved = client.put("/diagnosis/responses/mine", json=body, headers=headers)
    assert saved.status_code == 200, saved.json
    submitted = client.post("/diagnosis/responses/mine/submit", headers=headers)
    assert submitted.status_code == 200, submitted.json
    return submitted.json


def scored_events(runtime, event_type="diagnosis.scored"):
    with runtime.sessions() as session:
        return [
            decode(raw)
            for raw in session.execute(select(bus.outbox.c.envelope).order_by(bus.outbox.c.id)).scalars()
            if decode(raw).type == event_type
        ]


def test_the_instrument_is_served_in_both_languages(api):
    client, _world, _ = api
    instrument = client.get("/diagnosis/instrument").json
    assert instrument["version"] == INSTRUMENT.version
    assert [d["code"] for d in instrument["dimensions"]][:2] == ["hub", "structure_strategy"]
    assert instrument["dimensions"][0]["items"][0]["levels"][3]["zh"]


def test_a_leader_drafts_in_parts_then_submits_once(api):
    client, world, runtime = api
    organisation = world.organisation(world.workshop())
    first_half = dict(list(complete()["answers"].items())[:10])
    draft = client.put("/diagnosis/responses/mine", json={"answers": first_half}, headers=organisation["headers"])
    assert draft.status_code == 200 and draft.json["state"] == "draft" and draft.json["version"] == 1
    early = client.post("/diagnosis/responses/mine/submit", headers=organisation["headers"])
    assert early.status_code == 422
    missing = early.json["errors"]["json"]
    assert missing["answers"][list(INSTRUMENT.items)[10]] == ["此题尚未作答。"]
    assert missing["numbers"]["income.government_purchase"] == ["请填写（没有就填 0）。"]

    submitted = submit(client, organisation["headers"], complete())
    assert submitted["state"] == "submitted"
    again = client.post("/diagnosis/responses/mine/submit", headers=organisation["headers"])
    assert again.status_code == 200 and again.json["id"] == submitted["id"]
    assert len(scored_events(runtime)) == 1
    late_edit = client.put("/diagnosis/responses/mine", json=complete(2), headers=organisation["headers"])
    assert late_edit.status_code == 409


def invite(client, organisation, role, label):
    invited = client.post(
        f"/diagnosis/organisations/{organisation['id']}/respondents",
        json={"role": role, "label": label},
        headers=organisation["headers"],
    )
    assert invited.status_code == 201 and invited.json["token"].startswith("nlr_")
    return invited.json, {"Authorization": f"Bearer {invited.json['token']}"}


def test_staff_raters_are_invited_and_their_gap_shows_from_three(api):
    client, world, runtime = api
    workshop = world.workshop()
    organisation = world.organisation(workshop)
    submit(client, organisation["headers"], complete(4))
    raters = [invite(client, organisation, "staff", f"项目主管 小王{n}") for n in range(3)]
    first, staff = raters[0]
    leader_only = client.put("/diagnosis/responses/mine", json=complete(1), headers=staff)
    assert leader_only.status_code == 422 and "numbers" in leader_only.json["errors"]["json"]

    def diagnosis():
        return client.get(
            f"/diagnosis/organisations/{organisation['id']}/diagnosis", headers=organisation["headers"]
        ).json

    for n, (_, headers) in enumerate(raters, start=1):
        submit(client, headers, {"answers": complete(1)["answers"]})
        result = diagnosis()["result"]
        hub, item = result["dimensions"]["hub"], result["items"]["hub.mission_known"]
        if n < 3:  # one or two staff members: their answers are in no figure
            assert (hub["score"], hub["team_score"], hub["gap"]) == (100.0, None, None), n
            assert item["by_role"] == {"leader": 4.0} and item["n"] == 1 and not result["disagreements"]
        else:
            assert (hub["team_score"], hub["gap"]) == (0.0, 100.0)
            assert item["by_role"] == {"leader": 4.0, "staff": 1.0}
            assert result["disagreements"]  # every item differs by three levels
            assert result["raters"]["groups"] == ["staff"] and result["raters"]["team_counted"] is True
    assert diagnosis()["version"] == 4
    listed = client.get(
        f"/diagnosis/organisations/{organisation['id']}/respondents", headers=organisation["headers"]
    ).json
    assert sorted((r["role"], r["state"]) for r in listed) == [("leader", "submitted")] + [("staff", "submitted")] * 3

    revoked = client.delete(
        f"/diagnosis/organisations/{organisation['id']}/respondents/{first['id']}",
        headers=organisation["headers"],
    )
    assert revoked.status_code == 204
    assert client.get("/diagnosis/responses/mine", headers=staff).status_code == 401
    after = diagnosis()
    assert after["version"] == 5 and after["result"]["dimensions"]["hub"]["gap"] is None


def _role_figures(document):
    """Every by_role, team_score and gap with a value, anywhere in a document."""
    found = []
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "by_role" and isinstance(value, dict) and any(isinstance(v, float) for v in value.values()):
                found += [(key, role) for role, v in value.items() if role != "leader" and v is not None]
            elif key in ("team_score", "gap") and value is not None:
                found.append((key, value))
            else:
                found += _role_figures(value)
    elif isinstance(document, list):
        for value in document:
            found += _role_figures(value)
    return found


def test_one_board_member_s_answers_are_in_no_figure_of_the_api_or_the_event(api):
    client, world, runtime = api
    workshop = world.workshop()
    organisation = world.organisation(workshop)
    submit(client, organisation["headers"], complete(4))
    _, board = invite(client, organisation, "board", "理事 老李")
    submit(client, board, {"answers": complete(1)["answers"]})

    body = client.get(f"/diagnosis/organisations/{organisation['id']}/diagnosis", headers=organisation["headers"])
    assert body.status_code == 200 and body.json["version"] == 2
    result = body.json["result"]
    assert result["raters"]["by_role"]["board"] == 1 and result["raters"]["team_counted"] is False
    assert _role_figures(result) == []
    # the board member answered 1 everywhere, the leader 4: no figure moves off the leader's own
    assert {item["mean"] for item in result["items"].values() if item["n"]} == {4.0}
    assert {item["min"] for item in result["items"].values() if item["n"]} == {4}
    assert result["disagreements"] == []
    event = scored_events(runtime)[-1]
    assert event.payload["organisation_id"] == organisation["id"]
    assert event.payload["result"]["raters"]["by_role"]["board"] == 1
    assert _role_figures(event.payload["result"]) == []


def test_reopening_makes_a_new_version_until_the_workshop_closes(api):
    client, world, runtime = api
    workshop = world.workshop()
    organisation = world.organisation(workshop)
    submit(client, organisation["headers"], complete(2))
    reopened = client.post("/diagnosis/responses/mine/reopen", headers=organisation["headers"])
    assert reopened.status_code == 201 and reopened.json["version"] == 2 and reopened.json["state"] == "draft"
    assert reopened.json["answers"] == complete(2)["answers"]
    submit(client, organisation["headers"], complete(3))
    feed(runtime, "workshop.status_changed", {"workshop_id": workshop["id"], "from": "open", "to": "closed"})
    closed = client.post("/diagnosis/responses/mine/reopen", headers=organisation["headers"])
    assert closed.status_code == 409 and closed.json["message"] == "工作坊已结束，诊断不能再修改。"


@pytest.mark.parametrize(
    "change, field, where",
    [
        ({"answers": {"hub.mission_known": 5}}, "answers", "hub.mission_known"),
        ({"answers": {"hub.no_such_item": 2}}, "answers", "hub.no_such_item"),
        ({"answers": {"hub.mission_known": "3"}}, "answers", "hub.mission_known"),
        ({"numbers": {"income.government_purchase": -5}}, "numbers", "income.government_purchase"),
        ({"numbers": {"people.staff_full_time": 2.5}}, "numbers", "people.staff_full_time"),
        ({"numbers": {"income.lottery": 5}}, "numbers", "income.lottery"),
        (
            {"numbers": {"people.staff_full_time": 2, "people.fundraising_staff": 5}},
            "numbers",
            "people.fundraising_staff",
        ),
        (
            {"numbers": {"balance.net_assets": 10_000, "balance.unrestricted_reserves": 50_000}},
            "numbers",
            "balance.unrestricted_reserves",
        ),
        ({"numbers": {"income.other": 1e15}}, "numbers", "income.other"),
        ({"scan": {INSTRUMENT.scan_items[0].code: 3}}, "scan", INSTRUMENT.scan_items[0].code),
        ({"path_views": {"empire": 4}}, "path_views", "empire"),
    ],
)
def test_bad_answers_get_422_in_the_respondents_language(api, change, field, where):
    client, world, _ = api
    organisation = world.organisation(world.workshop())
    response = client.put("/diagnosis/responses/mine", json=change, headers=organisation["headers"])
    assert response.status_code == 422, response.json
    assert where in response.json["errors"]["json"][field], response.json


def test_negative_net_assets_are_accepted_and_flagged(api):
    client, world, _ = api
    organisation = world.organisation(world.workshop())
    submit(
        client,
        organisation["headers"],
        complete(**{"balance.net_assets": -20_000, "balance.unrestricted_reserves": -30_000}),
    )
    finance = client.get(
        f"/diagnosis/organisations/{organisation['id']}/diagnosis", headers=organisation["headers"]
    ).json["result"]["finance"]
    assert finance["indicators"]["equity_ratio"]["value"] < 0 and finance["indicators"]["equity_ratio"]["flag"] is True


def test_english_messages_when_asked_for(api):
    client, world, _ = api
    organisation = world.organisation(world.workshop())
    response = client.put(
        "/diagnosis/responses/mine",
        json={"numbers": {"income.other": -1}},
        headers={**organisation["headers"], "Accept-Language": "en"},
    )
    assert response.json["errors"]["json"]["numbers"]["income.other"] == ["Must not be negative."]


def test_who_sees_a_diagnosis_and_a_cohort(api):
    client, world, _ = api
    x, y = world.workshop(), world.workshop()
    a, b = world.organisation(x), world.organisation(x, name_zh="阳光家庭教育中心")
    submit(client, a["headers"], complete())
    path = f"/diagnosis/organisations/{a['id']}/diagnosis"
    assert client.get(path, headers=a["headers"]).status_code == 200
    assert client.get(path, headers=x["headers"]).status_code == 200
    for stranger in (b["headers"], y["headers"]):
        assert client.get(path, headers=stranger).status_code == 404
    assert client.get(path).status_code == 401
    cohort = f"/diagnosis/workshops/{x['id']}/cohort"
    assert client.get(cohort, headers=x["headers"]).json["participation"]["submitted"] == 1
    for stranger in (a["headers"], y["headers"]):
        assert client.get(cohort, headers=stranger).status_code == 404
    for stranger in (b["headers"], x["headers"], y["headers"]):
        assert client.get(f"/diagnosis/organisations/{a['id']}/respondents", headers=stranger).status_code == 404
        assert (
            client.post(
                f"/diagnosis/organisations/{a['id']}/respondents", json={"role": "staff"}, headers=stranger
            ).status_code
            == 404
        )
    assert client.put("/diagnosis/responses/mine", json={}, headers=x["headers"]).status_code == 404


def test_a_cohort_of_five_gets_benchmarks_and_every_diagnosis_moves_with_it(api):
    client, world, runtime = api
    workshop = world.workshop()
    organisations = [world.organisation(workshop, name_zh=f"机构{i}") for i in range(5)]
    for i, organisation in enumerate(organisations[:4]):
        submit(client, organisation["headers"], complete(1 + i % 4))
    assert (
        client.get(f"/diagnosis/workshops/{workshop['id']}/cohort", headers=workshop["headers"]).json["benchmark"][
            "suppressed"
        ]
        is True
    )
    before, cohorts_before = len(scored_events(runtime)), len(scored_events(runtime, "cohort.scored"))
    submit(client, organisations[4]["headers"], complete(4))
    # The fifth's own diagnosis is new; everyone's cohort figures move, announced once for the workshop.
    assert len(scored_events(runtime)) - before == 1
    announced = scored_events(runtime, "cohort.scored")[cohorts_before:]
    assert len(announced) == 1 and announced[0].payload["figures"]["benchmark"]["suppressed"] is False
    assert announced[0].payload["view"]["participation"]["submitted"] == 5
    assert announced[0].payload["appendix"]["method"]
    first = client.get(
        f"/diagnosis/organisations/{organisations[0]['id']}/diagnosis", headers=organisations[0]["headers"]
    ).json
    assert first["version"] == 1 and first["cohort"]["size"] == 5 and first["cohort"]["percentiles"]
    cohort = client.get(f"/diagnosis/workshops/{workshop['id']}/cohort", headers=workshop["headers"]).json
    assert cohort["benchmark"]["suppressed"] is False
    assert cohort["participation"]["submitted"] == 5
    assert cohort["scan_texts"][0]["text"] == "本地社工人才留不住。"


def test_a_withdrawal_recomputes_the_cohort_it_leaves(api):
    client, world, runtime = api
    workshop = world.workshop()
    organisations = [world.organisation(workshop, name_zh=f"机构{i}") for i in range(5)]
    for i, organisation in enumerate(organisations):
        submit(client, organisation["headers"], complete(1 + i % 4))
    before = len(scored_events(runtime, "cohort.scored"))
    feed(runtime, "organisation.withdrawn", {"organisation_id": organisations[0]["id"], "workshop_id": workshop["id"]})
    assert len(scored_events(runtime, "cohort.scored")) - before == 1  # four left: benchmarks suppressed again
    remaining = client.get(
        f"/diagnosis/organisations/{organisations[1]['id']}/diagnosis", headers=organisations[1]["headers"]
    ).json
    assert remaining["cohort"]["size"] == 4 and remaining["cohort"]["benchmark"]["suppressed"] is True


def test_a_leader_s_words_carry_the_name_only_where_they_allowed_it(api):
    """The box is unticked unless the leader ticks it; the cohort (and its event) carry the
    organisation's name with its words only then."""
    client, world, runtime = api
    x = world.workshop()
    a, b = world.organisation(x, name_zh="甲社会工作服务中心"), world.organisation(x, name_zh="乙家庭教育中心")
    submit(client, a["headers"], {**complete(), "scan_text": "甲：政府购买越来越看重规范。", "scan_text_named": True})
    submit(client, b["headers"], {**complete(), "scan_text": "乙：志愿者留不住。"})
    assert client.get("/diagnosis/responses/mine", headers=b["headers"]).json["scan_text_named"] is False
    assert client.get("/diagnosis/responses/mine", headers=a["headers"]).json["scan_text_named"] is True
    refused = client.put("/diagnosis/responses/mine", json={"scan_text_named": "perhaps"}, headers=b["headers"])
    assert refused.status_code == 422 and "scan_text_named" in refused.json["errors"]["json"]

    texts = {
        t["text"]: t
        for t in client.get(f"/diagnosis/workshops/{x['id']}/cohort", headers=x["headers"]).json["scan_texts"]
    }
    assert texts["甲：政府购买越来越看重规范。"]["name_zh"] == "甲社会工作服务中心"
    assert texts["甲：政府购买越来越看重规范。"]["named"] is True
    assert texts["乙：志愿者留不住。"] == {"named": False, "name_zh": None, "text": "乙：志愿者留不住。"}
    event = scored_events(runtime, "cohort.scored")[-1]
    carried = {t["text"]: t for t in event.payload["view"]["scan_texts"]}
    assert carried["乙：志愿者留不住。"] == {"named": False, "name_zh": None, "text": "乙：志愿者留不住。"}
    assert carried["甲：政府购买越来越看重规范。"]["name_zh"] == "甲社会工作服务中心"


# ---------------------------------------------------------------- amounts as typed, partial saves


def test_amounts_as_people_type_them_are_read_and_returned_as_numbers(api):
    client, world, _ = api
    organisation = world.organisation(world.workshop())
    typed = {"income.government_purchase": "3.5万", "income.other": "12,000", "income.public_donations": "３５０００"}
    saved = client.put("/diagnosis/responses/mine", json={"numbers": typed}, headers=organisation["headers"])
    assert saved.status_code == 200, saved.json
    assert saved.json["numbers"] == {
        "income.government_purchase": 35_000,
        "income.other": 12_000,
        "income.public_donations": 35_000,
    }


@pytest.mark.parametrize(
    "language, message",
    [
        ("zh", "金额看不懂：请填数字，例如 35000 或 3.5万。"),
        ("en", "Not an amount: type a number, for example 35000 or 3.5万."),
    ],
)
def test_a_bad_amount_gets_422_with_its_field_and_an_example(api, language, message):
    client, world, _ = api
    organisation = world.organisation(world.workshop())
    refused = client.put(
        "/diagnosis/responses/mine",
        json={"numbers": {"income.other": "很多", "people.staff_full_time": 2, "people.fundraising_staff": 5}},
        headers={**organisation["headers"], "Accept-Language": language},
    )
    assert refused.status_code == 422
    errors = refused.json["errors"]["json"]["numbers"]
    assert errors["income.other"] == {"value": [message]}
    assert "people.fundraising_staff" in errors  # the rule across fields, in the same round


def _page_client(app, runtime, world):
    """A browser's view of the questionnaire: the leader's token in its cookie, and the
    form's CSRF token sent with every post."""
    workshop = world.workshop()
    organisation = world.organisation(workshop)
    client = app.test_client()
    client.set_cookie("nl_token", organisation["headers"]["Authorization"].removeprefix("Bearer "))
    html = client.get("/diagnosis/q/numbers").get_data(as_text=True)
    client.environ_base["HTTP_X_CSRFTOKEN"] = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    return client, organisation


@pytest.fixture
def pages_api(service_app):
    app, runtime = service_app("diagnosis")
    return app, runtime, World(runtime)


def test_a_page_with_two_bad_figures_reports_both_and_saves_the_rest(pages_api):
    app, runtime, world = pages_api
    client, organisation = _page_client(app, runtime, world)
    form = {
        "numbers.income.government_purchase": "3.5万",
        "numbers.income.other": "很多",
        "numbers.people.staff_full_time": "1,2",
        "numbers.people.staff_part_time": "",
    }
    page = client.post("/diagnosis/q/numbers", data=form)
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert html.count("金额看不懂：请填数字，例如 35000 或 3.5万。") == 2
    assert 'value="很多"' in html and 'value="1,2"' in html and 'value="3.5万"' in html  # nothing typed is lost
    assert "= 35,000 元" in html
    mine = app.test_client().get("/diagnosis/responses/mine", headers=organisation["headers"]).json
    assert mine["numbers"] == {"income.government_purchase": 35_000}


def test_an_autosave_echoes_what_it_understood(pages_api):
    app, runtime, world = pages_api
    client, _ = _page_client(app, runtime, world)
    saved = client.post(
        "/diagnosis/q/numbers",
        data={"numbers.income.government_purchase": "1.2万元", "numbers.people.staff_full_time": "3"},
        headers={"X-Autosave": "1"},
    )
    assert saved.status_code == 200
    assert saved.json == {
        "saved": True,
        "echo": {"numbers.income.government_purchase": "= 12,000 元", "numbers.people.staff_full_time": "= 3 人"},
    }
    refused = client.post(
        "/diagnosis/q/numbers",
        data={"numbers.income.other": "３５０００", "numbers.income.foundation_grants": "x"},
        headers={"X-Autosave": "1"},
    )
    assert refused.status_code == 422
    assert refused.json["echo"] == {"numbers.income.other": "= 35,000 元"}
    assert refused.json["errors"] == {"numbers.income.foundation_grants": "金额看不懂：请填数字，例如 35000 或 3.5万。"}
