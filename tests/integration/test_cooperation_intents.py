"""Cooperation intents through the diagnosis API, on a real database: proposed, answered,
withdrawn and recorded in the room; each organisation sees only the intents it is part of."""

from __future__ import annotations

import re

import pytest

from services.common.clock import now
from services.diagnosis.domain.cooperation import month_ahead
from tests.integration.test_diagnosis_api import (
    World,
    api,  # noqa: F401 - the fixture
)


def _month(months_ahead: int = 2) -> str:
    return month_ahead(now().date(), months_ahead)


@pytest.fixture
def workshop_of_three(api):  # noqa: F811 - the fixture above
    client, world, runtime = api
    workshop = world.workshop()
    a, b, c = (world.organisation(workshop, name_zh=name) for name in ("甲机构", "乙机构", "丙机构"))
    return client, world, workshop, a, b, c


def _errors(response) -> dict:
    errors = response.json["errors"]
    return errors.get("json", errors)


def _propose(client, by, to, kind="resource_sharing", what="共享培训场地", month=None):
    body = {"partner_id": to["id"], "kind": kind, "what": what, "target_month": month or _month()}
    return client.post("/diagnosis/intents/mine", json=body, headers=by["headers"])


def test_an_intent_is_proposed_accepted_and_seen_by_both_sides_only(workshop_of_three):
    client, _, workshop, a, b, c = workshop_of_three
    proposed = _propose(client, a, b)
    assert proposed.status_code == 201, proposed.json
    intent = proposed.json
    assert (intent["state"], intent["proposer_name"]["zh"], intent["partner_name"]["zh"]) == (
        "proposed",
        "甲机构",
        "乙机构",
    )
    assert client.get("/diagnosis/intents/mine", headers=b["headers"]).json["intents"][0]["mine_to_answer"] is True
    assert client.get("/diagnosis/intents/mine", headers=c["headers"]).json["intents"] == []
    # The proposer cannot answer its own proposal; a third organisation cannot even see it.
    assert client.post(f"/diagnosis/intents/{intent['id']}/accept", headers=a["headers"]).status_code == 404
    assert client.post(f"/diagnosis/intents/{intent['id']}/accept", headers=c["headers"]).status_code == 404
    accepted = client.post(f"/diagnosis/intents/{intent['id']}/accept", headers=b["headers"])
    assert accepted.status_code == 200 and accepted.json["state"] == "agreed"
    assert client.post(f"/diagnosis/intents/{intent['id']}/decline", headers=b["headers"]).status_code == 409
    listed = client.get(f"/diagnosis/workshops/{workshop['id']}/intents", headers=workshop["headers"]).json
    assert [(i["proposer_name"]["zh"], i["state"]) for i in listed["intents"]] == [("甲机构", "agreed")]


def test_a_declined_intent_stays_declined_and_an_open_one_is_not_made_twice(workshop_of_three):
    client, _, _, a, b, _ = workshop_of_three
    first = _propose(client, a, b, kind="staff_exchange").json
    twice = _propose(client, b, a, kind="staff_exchange")  # the other way round is the same pair
    assert twice.status_code == 409 and "kind" in _errors(twice)
    declined = client.post(f"/diagnosis/intents/{first['id']}/decline", headers=b["headers"]).json
    assert declined["state"] == "declined"
    assert client.post(f"/diagnosis/intents/{first['id']}/withdraw", headers=a["headers"]).status_code == 409
    assert _propose(client, b, a, kind="staff_exchange").status_code == 201  # closed: a new one may be made


def test_either_side_withdraws_an_agreed_intent(workshop_of_three):
    client, _, _, a, b, _ = workshop_of_three
    intent = _propose(client, a, b).json
    client.post(f"/diagnosis/intents/{intent['id']}/accept", headers=b["headers"])
    withdrawn = client.post(f"/diagnosis/intents/{intent['id']}/withdraw", headers=b["headers"])
    assert withdrawn.status_code == 200 and withdrawn.json["state"] == "withdrawn"


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"kind": "friendship"}, "kind", None),
        ({"what": "   "}, "what", None),
        ({"what": "很长" * 101}, "what", None),
        ({"target_month": "2027-13"}, "target_month", None),
        ({"target_month": "2019-01"}, "target_month", "两年"),
    ],
)
def test_a_wrong_intent_is_refused_next_to_its_field(workshop_of_three, change, field, message):
    client, _, _, a, b, _ = workshop_of_three
    body = {"partner_id": b["id"], "kind": "resource_sharing", "what": "共享场地", "target_month": _month(), **change}
    refused = client.post("/diagnosis/intents/mine", json=body, headers=a["headers"])
    assert refused.status_code == 422, refused.json
    errors = _errors(refused)
    assert field in errors, errors
    if message:
        assert message in str(errors), errors


def test_no_intent_with_oneself_or_outside_the_workshop(api):  # noqa: F811
    client, world, _ = api
    here, elsewhere = world.workshop(), world.workshop()
    a, b = world.organisation(here, name_zh="甲机构"), world.organisation(elsewhere, name_zh="外机构")
    assert _propose(client, a, a).status_code == 422
    outside = _propose(client, a, b)
    assert outside.status_code == 422 and "partner_id" in _errors(outside)


def test_the_facilitator_records_an_intent_agreed_in_the_room(workshop_of_three):
    client, world, workshop, a, b, c = workshop_of_three
    body = {
        "proposer_id": a["id"],
        "partner_id": c["id"],
        "kind": "learning",
        "what": "互相参访",
        "target_month": _month(1),
    }
    recorded = client.post(f"/diagnosis/workshops/{workshop['id']}/intents", json=body, headers=workshop["headers"])
    assert recorded.status_code == 201 and recorded.json["state"] == "agreed"
    assert recorded.json["recorded_by"] == "facilitator"
    assert [i["state"] for i in client.get("/diagnosis/intents/mine", headers=c["headers"]).json["intents"]] == [
        "agreed"
    ]
    other = world.workshop()
    assert (
        client.post(f"/diagnosis/workshops/{workshop['id']}/intents", json=body, headers=other["headers"]).status_code
        == 404
    )
    # An organisation records nothing for others, and a facilitator proposes nothing.
    assert (
        client.post(f"/diagnosis/workshops/{workshop['id']}/intents", json=body, headers=a["headers"]).status_code
        == 404
    )
    assert _propose(client, workshop, b).status_code == 404


def test_a_month_this_month_up_to_two_years_ahead_is_accepted(workshop_of_three):
    client, _, _, a, b, _ = workshop_of_three
    assert _propose(client, a, b, month=_month(0)).status_code == 201
    assert _propose(client, a, b, kind="learning", month=_month(24)).status_code == 201
    assert _propose(client, a, b, kind="staff_exchange", month=_month(25)).status_code == 422


# ---------------------------------------------------------------- on the pages


def _browser(app, headers: dict):
    """A phone that opened its private link: the token in the page cookie, no header."""
    from flask.testing import FlaskClient

    browser = FlaskClient(app, app.response_class, use_cookies=True)
    browser.set_cookie("nl_token", headers["Authorization"].removeprefix("Bearer "), path="/")
    return browser


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page)[1]


@pytest.fixture
def pages_of_three(service_app):
    app, runtime = service_app("diagnosis")
    world = World(runtime)
    workshop = world.workshop()
    a = world.organisation(workshop, name_zh="甲机构<b>粗</b>")
    b = world.organisation(workshop, name_zh="乙机构")
    return app, workshop, a, b


def test_an_intent_is_proposed_and_accepted_on_the_pages(pages_of_three):
    app, _, a, b = pages_of_three
    leader_a, leader_b = _browser(app, a["headers"]), _browser(app, b["headers"])
    page = leader_a.get("/diagnosis/o/intents?fragment=1").get_data(as_text=True)
    assert "乙机构" in page and 'type="month"' in page
    wrong = leader_a.post(
        "/diagnosis/o/intents",
        data={
            "csrf_token": _csrf(page),
            "partner_id": b["id"],
            "kind": "learning",
            "what": "互访",
            "target_month": "2019-01",
        },
    )
    assert wrong.status_code == 422 and "请选择从本月起两年以内的月份。" in wrong.get_data(as_text=True)
    assert 'value="互访"' in wrong.get_data(as_text=True)  # nothing typed is lost
    sent = leader_a.post(
        "/diagnosis/o/intents",
        data={
            "csrf_token": _csrf(page),
            "partner_id": b["id"],
            "kind": "learning",
            "what": "互访",
            "target_month": _month(),
        },
    )
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/registration/o/#cooperation")
    theirs = leader_b.get("/diagnosis/o/intents?fragment=1").get_data(as_text=True)
    assert "甲机构&lt;b&gt;粗&lt;/b&gt;" in theirs and "<b>粗</b>" not in theirs  # a name is text, never markup
    assert 'data-testid="accept-intent"' in theirs
    accept = re.search(r'action="(/diagnosis/o/intents/[^/]+/accept)"', theirs)[1]
    assert leader_b.post(accept, data={"csrf_token": _csrf(theirs)}).status_code == 303
    mine = leader_a.get("/diagnosis/o/intents?fragment=1").get_data(as_text=True)
    assert "已达成" in mine and "学习借鉴" in mine


def test_the_facilitator_records_an_intent_on_a_page_and_organisations_cannot_open_it(pages_of_three):
    app, workshop, a, b = pages_of_three
    facilitator = _browser(app, workshop["headers"])
    page = facilitator.get("/diagnosis/f/intents").get_data(as_text=True)
    assert "还没有合作意向。" in page
    recorded = facilitator.post(
        "/diagnosis/f/intents",
        data={"csrf_token": _csrf(page), "proposer_id": a["id"], "partner_id": b["id"]}
        | {"kind": "resource_sharing", "what": "共享场地", "target_month": _month()},
    )
    assert recorded.status_code == 303
    listed = facilitator.get(recorded.headers["Location"]).get_data(as_text=True)
    assert "已记录" in listed and "（现场达成）" in listed and "已达成：1 / 1 项。" in listed
    assert _browser(app, a["headers"]).get("/diagnosis/f/intents").status_code == 404


def test_every_change_is_announced_with_the_intent_as_it_now_is(workshop_of_three):
    from sqlalchemy import select

    from services.common.contracts import payload_of
    from services.common.events import decode
    from services.diagnosis.adapters.orm import bus

    client, world, _, a, b, _ = workshop_of_three
    intent = _propose(client, a, b).json
    client.post(f"/diagnosis/intents/{intent['id']}/accept", headers=b["headers"])
    client.post(f"/diagnosis/intents/{intent['id']}/withdraw", headers=a["headers"])
    with world.runtime.sessions() as session:
        envelopes = session.execute(select(bus.outbox.c.envelope).order_by(bus.outbox.c.id)).scalars().all()
    announced = [payload_of(e) for e in map(decode, envelopes) if e.type == "intent.changed"]
    assert [(i.state, i.revision) for i in announced] == [("proposed", 1), ("agreed", 2), ("withdrawn", 3)]
    assert {(i.intent_id, i.proposer_id, i.partner_id, i.what) for i in announced} == {
        (intent["id"], a["id"], b["id"], "共享培训场地")
    }
