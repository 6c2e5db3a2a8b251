"""Who may call what, as a matrix: every registration endpoint against anonymous, two
organisations of one workshop, the facilitators of two workshops and a revoked token.
Only the owners get through; everyone else gets 401 or 404, never data."""

import io

import pytest
from openpyxl import Workbook

from tests.integration.test_registration_api import bearer, create_open_workshop, register
from tests.support.access import check_endpoint


def roster_file():
    book = Workbook()
    book.active.append(["机构名称", "从业年限"])
    book.active.append(["新导入的机构", 3])
    out = io.BytesIO()
    book.save(out)
    return {"file": (io.BytesIO(out.getvalue()), "roster.xlsx")}


# (method, path, body, who may): paths name {x}, {a}, {co} (a co-facilitator's token id).
ENDPOINTS = [
    ("get", "/registration/me", None, {"org_a", "org_b", "facilitator_x", "facilitator_y"}),
    ("get", "/registration/workshops/{x}", None, {"facilitator_x"}),
    ("patch", "/registration/workshops/{x}", {"venue": "新会场"}, {"facilitator_x"}),
    ("post", "/registration/workshops/{x}/status", {"status": "closed"}, {"facilitator_x"}),
    ("get", "/registration/workshops/{x}/tokens", None, {"facilitator_x"}),
    ("post", "/registration/workshops/{x}/tokens", {"label": "助理"}, {"facilitator_x"}),
    ("delete", "/registration/workshops/{x}/tokens/{co}", None, {"facilitator_x"}),
    ("post", "/registration/workshops/{x}/organisations/{a}/token", None, {"facilitator_x"}),
    ("get", "/registration/workshops/{x}/organisations", None, {"facilitator_x"}),
    ("get", "/registration/organisations/{a}", None, {"org_a", "facilitator_x"}),
    ("patch", "/registration/organisations/{a}", {"volunteers": 9}, {"org_a"}),
    ("post", "/registration/organisations/{a}/withdraw", None, {"org_a", "facilitator_x"}),
    ("get", "/registration/workshops/{x}/agenda", None, {"org_a", "org_b", "facilitator_x"}),
    ("get", "/registration/workshops/{x}/agenda.html", None, {"org_a", "org_b", "facilitator_x"}),
    ("post", "/registration/workshops/{x}/agenda/{a}/move", {"direction": "down"}, {"facilitator_x"}),
    ("put", "/registration/workshops/{x}/agenda/{a}/pin", {"position": 2}, {"facilitator_x"}),
    ("delete", "/registration/workshops/{x}/agenda/{a}/pin", None, {"facilitator_x"}),
    ("post", "/registration/workshops/{x}/roster/preview", "file", {"facilitator_x"}),
    ("post", "/registration/workshops/{x}/roster/import", "file", {"facilitator_x"}),
    ("get", "/registration/workshops/{x}/roster.xlsx", None, {"facilitator_x"}),
    ("get", "/registration/workshops/{x}/roster.csv", None, {"facilitator_x"}),
]


@pytest.fixture
def world(service_app):
    app, _ = service_app("registration")
    client = app.test_client()
    x = create_open_workshop(client)
    y = create_open_workshop(client, title_zh="遵义工作坊")
    a = register(client, x, name_zh="机构甲", credit_code=None, years_in_sector=10)
    b = register(client, x, name_zh="机构乙", credit_code=None, years_in_sector=3)
    register(client, y, name_zh="机构丙", credit_code=None)
    co = client.post(f"/registration/workshops/{x['id']}/tokens", json={}, headers=x["headers"]).json
    revoked = client.post(f"/registration/workshops/{x['id']}/tokens", json={}, headers=x["headers"]).json
    client.delete(f"/registration/workshops/{x['id']}/tokens/{revoked['id']}", headers=x["headers"])
    headers = {
        "anonymous": {},
        "org_a": a["headers"],
        "org_b": b["headers"],
        "facilitator_x": x["headers"],
        "facilitator_y": y["headers"],
        "revoked": bearer(revoked["token"]),
    }
    return client, {"x": x["id"], "a": a["id"], "co": co["id"]}, headers


@pytest.mark.parametrize("method, path, body, allowed", ENDPOINTS, ids=[f"{m} {p}" for m, p, _b, _a in ENDPOINTS])
def test_only_the_owners_get_through(world, method, path, body, allowed):
    client, ids, headers = world
    # Once the facilitator has withdrawn A, A's own withdrawal is let in and answers 409.
    once = path.endswith("/withdraw")
    check_endpoint(
        client,
        method,
        path.format(**ids),
        body,
        headers,
        allowed,
        secret="机构甲",
        files=roster_file,
        owners_must_succeed=not once,
    )


def test_guessed_ids_look_like_missing_ones(world):
    client, ids, headers = world
    unknown = "0e5b4b1e-0000-4000-8000-000000000000"
    for url in (f"/registration/workshops/{unknown}", f"/registration/organisations/{unknown}"):
        assert (
            client.get(url, headers=headers["facilitator_y"]).json["message"]
            == client.get(
                url.replace(unknown, ids["x"] if "workshops" in url else ids["a"]), headers=headers["facilitator_y"]
            ).json["message"]
        )
