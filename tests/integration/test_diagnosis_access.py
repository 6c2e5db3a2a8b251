"""The diagnosis endpoints as an access matrix: anonymous, two organisations of one workshop,
a staff rater of the first, the facilitators of two workshops, and a revoked token."""

import pytest

from services.common.auth import ORGANISATION, hash_token, new_token
from tests.integration.test_diagnosis_api import World, complete, feed, submit
from tests.support.access import check_endpoint

ENDPOINTS = [
    ("get", "/diagnosis/responses/mine", None, {"org_a", "org_b", "staff_a"}),
    ("put", "/diagnosis/responses/mine", {"answers": {"hub.mission_known": 2}}, {"org_a", "org_b", "staff_a"}),
    ("post", "/diagnosis/responses/mine/submit", None, {"org_a", "org_b", "staff_a"}),
    ("post", "/diagnosis/responses/mine/reopen", None, {"org_a", "org_b", "staff_a"}),
    ("get", "/diagnosis/organisations/{a}/respondents", None, {"org_a"}),
    ("post", "/diagnosis/organisations/{a}/respondents", {"role": "board"}, {"org_a"}),
    ("delete", "/diagnosis/organisations/{a}/respondents/{staff}", None, {"org_a"}),
    ("get", "/diagnosis/organisations/{a}/diagnosis", None, {"org_a", "facilitator_x"}),
    ("get", "/diagnosis/workshops/{x}/cohort", None, {"facilitator_x"}),
]


@pytest.fixture
def world(service_app):
    app, runtime = service_app("diagnosis")
    client, world = app.test_client(), World(runtime)
    x, y = world.workshop(), world.workshop()
    a, b = world.organisation(x), world.organisation(x, name_zh="阳光家庭教育中心")
    submit(client, a["headers"], complete())
    submit(client, b["headers"], complete(2))
    invited = client.post(
        f"/diagnosis/organisations/{a['id']}/respondents", json={"role": "staff"}, headers=a["headers"]
    ).json
    staff = {"Authorization": f"Bearer {invited['token']}"}
    submit(client, staff, {"answers": complete()["answers"]})
    revoked_token = new_token(ORGANISATION)
    feed(
        runtime,
        "access.granted",
        {
            "token_hash": hash_token(revoked_token),
            "role": ORGANISATION,
            "workshop_id": x["id"],
            "organisation_id": a["id"],
        },
    )
    feed(runtime, "access.revoked", {"token_hash": hash_token(revoked_token)})
    headers = {
        "anonymous": {},
        "org_a": a["headers"],
        "org_b": b["headers"],
        "staff_a": staff,
        "facilitator_x": x["headers"],
        "facilitator_y": y["headers"],
        "revoked": {"Authorization": f"Bearer {revoked_token}"},
    }
    return client, {"a": a["id"], "x": x["id"], "staff": invited["id"]}, headers


@pytest.mark.parametrize("method, path, body, allowed", ENDPOINTS, ids=[f"{m} {p}" for m, p, _b, _a in ENDPOINTS])
def test_only_the_owners_get_through(world, method, path, body, allowed):
    client, ids, headers = world
    check_endpoint(client, method, path.format(**ids), body, headers, allowed, owners_must_succeed=False)
