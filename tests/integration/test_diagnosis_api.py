"""The diagnosis API in process, on a real database."""
import uuid

import pytest
from sqlalchemy import select

from services.common.auth import ORGANISATION, hash_token, new_token
from services.common.events import decode, new_event
from services.common.grants import grant_handlers
from services.common.inbox import handle_once
from services.diagnosis.adapters.orm import access_grants, bus
from services.diagnosis.service_layer.services import remember_organisation


@pytest.fixture
def api(service_app):
    app, runtime = service_app("diagnosis")
    return app.test_client(), runtime


def registered(runtime, name_zh="安顺市联众社会工作服务中心", **overrides):
    payload = {"organisation_id": str(uuid.uuid4()), "workshop_id": str(uuid.uuid4()),
               "name_zh": name_zh, "name_en": None}
    payload.update(overrides)
    event = new_event("organisation.registered", payload, producer="registration")
    handle_once(runtime.sessions, bus.processed_events, "diagnosis", event, remember_organisation)
    token = new_token(ORGANISATION)
    granted = new_event("access.granted", {"token_hash": hash_token(token), "role": ORGANISATION,
                                           "workshop_id": payload["workshop_id"],
                                           "organisation_id": payload["organisation_id"]}, producer="registration")
    handle_once(runtime.sessions, bus.processed_events, "diagnosis", granted,
                grant_handlers(access_grants)["access.granted"])
    return dict(payload, headers={"Authorization": f"Bearer {token}"})


def test_submissions_are_versioned_and_announce_their_scores(api):
    client, runtime = api
    organisation = registered(runtime)
    path = f"/diagnosis/organisations/{organisation['organisation_id']}/submissions"
    first = client.post(path, json={"answers": {"mission.clarity": 4, "team.growth": 1}},
                        headers=organisation["headers"])
    second = client.post(path, json={"answers": {"mission.clarity": 4, "team.growth": 4}},
                         headers=organisation["headers"])
    assert (first.status_code, second.status_code) == (201, 201)
    assert (first.json["version"], first.json["overall_score"]) == (1, 50.0)
    assert (second.json["version"], second.json["overall_score"]) == (2, 100.0)
    assert client.get(path + "/latest", headers=organisation["headers"]).json["version"] == 2
    other = registered(runtime, name_zh="别的机构")
    assert client.get(path + "/latest", headers=other["headers"]).status_code == 404
    assert client.post(path, json={"answers": {"mission.clarity": 1}}, headers=other["headers"]).status_code == 404
    assert client.post(path, json={"answers": {"mission.clarity": 1}}).status_code == 401
    with runtime.sessions() as session:
        events = [decode(raw) for raw in session.execute(select(bus.outbox.c.envelope)).scalars()]
    assert [(e.type, e.payload["diagnosis_version"]) for e in events] == [("diagnosis.scored", 1), ("diagnosis.scored", 2)]
    assert events[0].payload["organisation_name_zh"] == "安顺市联众社会工作服务中心"


def test_a_newer_registration_event_wins_an_older_one_does_not(api):
    _client, runtime = api
    organisation = registered(runtime, name_zh="旧名")
    payload = {k: v for k, v in organisation.items() if k != "headers"}
    newer = new_event("organisation.updated", dict(payload, name_zh="新名"), producer="registration")
    older = new_event("organisation.updated", dict(payload, name_zh="更旧的名"), producer="registration")
    older = older.__class__(**{**older.__dict__, "time": older.time.replace(year=2000)})
    for event in (newer, older):
        handle_once(runtime.sessions, bus.processed_events, "diagnosis", event, remember_organisation)
    from services.diagnosis.adapters.orm import known_organisations
    with runtime.sessions() as session:
        assert session.execute(select(known_organisations.c.name_zh)).scalar_one() == "新名"


@pytest.mark.parametrize("body, where", [
    ({}, "answers"),
    ({"answers": {}}, "answers"),
    ({"answers": {"mission.clarity": 5}}, "answers"),
    ({"answers": {"mission.clarity": "3"}}, "answers"),
    ({"answers": {"../../etc/passwd": 3}}, "answers"),
    ({"answers": ["mission.clarity", 3]}, "answers"),
])
def test_invalid_answers_get_422(api, body, where):
    client, runtime = api
    organisation = registered(runtime)
    response = client.post(f"/diagnosis/organisations/{organisation['organisation_id']}/submissions", json=body,
                           headers=organisation["headers"])
    assert response.status_code == 422, response.json
    assert where in response.json["errors"]["json"]


def test_unknown_organisation_gets_404_and_no_token_401(api):
    client, runtime = api
    someone = registered(runtime)
    response = client.post(f"/diagnosis/organisations/{uuid.uuid4()}/submissions",
                           json={"answers": {"mission.clarity": 3}}, headers=someone["headers"])
    assert response.status_code == 404
    assert "找不到该机构" in response.json["message"]
    assert client.get(f"/diagnosis/organisations/{uuid.uuid4()}/submissions/latest").status_code == 401
