"""The registration API in process, on a real database: what it accepts and how it refuses."""
import json

import pytest
from sqlalchemy import select

from services.common.events import decode
from services.registration.adapters.orm import bus

WORKSHOP = {"title_zh": "安顺工作坊", "city": "安顺", "starts_on": "2026-05-08",
            "ends_on": "2026-05-10", "capacity": 36}


@pytest.fixture
def api(service_app):
    app, runtime = service_app("registration")
    return app.test_client(), runtime


def create_workshop(client):
    response = client.post("/registration/workshops", json=WORKSHOP)
    assert response.status_code == 201, response.json
    return response.json


def test_a_registration_commits_with_its_event(api):
    client, runtime = api
    workshop = create_workshop(client)
    assert len(workshop["code"]) == 8
    response = client.post(f"/registration/codes/{workshop['code'].lower()}/organisations",
                           json={"name_zh": "安顺市联众社会工作服务中心", "name_en": "Lianzhongli"})
    assert response.status_code == 201, response.json
    organisation = response.json
    with runtime.sessions() as session:
        envelopes = session.execute(select(bus.outbox.c.envelope)).scalars().all()
    events = [decode(raw) for raw in envelopes]
    assert [e.type for e in events] == ["organisation.registered"]
    assert events[0].payload == {"organisation_id": organisation["id"], "workshop_id": workshop["id"],
                                 "name_zh": "安顺市联众社会工作服务中心", "name_en": "Lianzhongli"}
    assert client.get(f"/registration/workshops/{workshop['id']}").json["registered"] == 1
    assert client.get(f"/registration/organisations/{organisation['id']}").json["name_zh"] == "安顺市联众社会工作服务中心"


def test_the_same_name_twice_in_a_workshop_is_a_conflict(api):
    client, runtime = api
    code = create_workshop(client)["code"]
    assert client.post(f"/registration/codes/{code}/organisations", json={"name_zh": "阳光家庭教育中心"}).status_code == 201
    again = client.post(f"/registration/codes/{code}/organisations", json={"name_zh": " 阳光 家庭教育中心　"})
    assert again.status_code == 409
    assert again.json["message"] == "同名机构已在本工作坊报名。"
    assert again.json["errors"] == {"json": {"name_zh": ["同名机构已在本工作坊报名。"]}}
    with runtime.sessions() as session:
        assert len(session.execute(select(bus.outbox.c.id)).all()) == 1  # nothing half-written


@pytest.mark.parametrize("body, field, message_zh", [
    ({k: v for k, v in WORKSHOP.items() if k != "title_zh"}, "title_zh", "此项为必填。"),
    (dict(WORKSHOP, capacity="many"), "capacity", "应为整数。"),
    (dict(WORKSHOP, capacity=0), "capacity", "应在 1 到 500 之间。"),
    (dict(WORKSHOP, starts_on="8 May"), "starts_on", "日期格式无效（应为 YYYY-MM-DD）。"),
    (dict(WORKSHOP, ends_on="2026-05-01"), "ends_on", "Must not be before starts_on."),
    (dict(WORKSHOP, title_zh=""), "title_zh", "长度应在 1 到 200 之间。"),
    (dict(WORKSHOP, secret_admin=True), "secret_admin", "不认识的字段。"),
])
def test_invalid_workshops_get_422_with_the_field_in_chinese(api, body, field, message_zh):
    client, _ = api
    response = client.post("/registration/workshops", json=body)
    assert response.status_code == 422
    assert response.json["errors"]["json"][field] == [message_zh]
    assert response.json["message"] == "提交的内容有误，请检查标出的字段。"


def test_english_when_asked_for(api):
    client, _ = api
    response = client.post("/registration/workshops", json={}, headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert response.status_code == 422
    assert response.json["errors"]["json"]["title_zh"] == ["Missing data for required field."]
    assert response.json["message"] == "The input is invalid; see the fields listed."


@pytest.mark.parametrize("data, content_type", [
    ("{not json", "application/json"),
    ("\xff\xfe", "application/json"),
    (json.dumps(["a", "list"]), "application/json"),
])
def test_malformed_bodies_get_422_not_500(api, data, content_type):
    client, _ = api
    response = client.post("/registration/workshops", data=data.encode("latin-1"), content_type=content_type)
    assert response.status_code == 422
    assert response.is_json and "errors" in response.json


def test_unknown_things_get_404_as_json(api):
    client, _ = api
    for path in ("/registration/workshops/0e5b4b1e-0000-0000-0000-000000000000",
                 "/registration/organisations/whatever", "/registration/no-such-route"):
        response = client.get(path)
        assert response.status_code == 404 and response.is_json, path
    unknown_code = client.post("/registration/codes/ZZZZZZZZ/organisations", json={"name_zh": "某机构"})
    assert unknown_code.status_code == 404
    assert unknown_code.json["message"] == "报名码无效，请向主办方核对。"
    assert client.delete("/registration/workshops").status_code == 405


def test_a_body_over_the_limit_gets_413(api):
    client, _ = api
    response = client.post("/registration/workshops", data=b"x" * 1_100_000, content_type="application/json")
    assert response.status_code == 413 and response.is_json


def test_openapi_document_and_health(api):
    client, _ = api
    spec = client.get("/registration/openapi.json").json
    assert spec["info"]["title"] == "Nianlun registration"
    assert "/registration/codes/{code}/organisations" in spec["paths"]
    assert client.get("/healthz").json["status"] == "ok"
