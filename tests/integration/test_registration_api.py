"""The registration API in process, on a real database and Redis."""

import json

import pytest
from sqlalchemy import select

from services.common.auth import hash_token
from services.common.events import decode
from services.registration.adapters.orm import access_tokens, bus

WORKSHOP = {
    "title_zh": "贵州公益机构负责人领导力工作坊",
    "province": "贵州",
    "city": "安顺",
    "venue": "安顺市民政局会议室",
    "starts_on": "2026-05-08",
    "ends_on": "2026-05-10",
    "capacity": 36,
}
PROFILE = {
    "name_zh": "安顺市联众社会工作服务中心",
    "name_en": "Lianzhong Social Work Centre",
    "credit_code": "91350100M000100Y43",
    "legal_form": "social_service_agency",
    "founded_year": 2015,
    "years_in_sector": 9,
    "focus_areas": ["social_work", "children", "social_work"],
    "service_region": "安顺市西秀区",
    "leader_name": "赵静",
    "mobile": "+86 139-0851-2345",
    "email": "lianzhong@example.org",
    "staff_full_time": 12,
    "staff_part_time": 3,
    "volunteers": 150,
}


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def api(service_app):
    app, runtime = service_app("registration")
    return app.test_client(), runtime


def create_open_workshop(client, **changes):
    created = client.post("/registration/workshops", json=dict(WORKSHOP, **changes))
    assert created.status_code == 201, created.json
    workshop = created.json
    opened = client.post(
        f"/registration/workshops/{workshop['id']}/status",
        json={"status": "open"},
        headers=bearer(workshop["facilitator_token"]),
    )
    assert opened.status_code == 200, opened.json
    return dict(workshop, headers=bearer(workshop["facilitator_token"]))


def register(client, workshop, **changes):
    response = client.post(f"/registration/codes/{workshop['code']}/organisations", json=dict(PROFILE, **changes))
    assert response.status_code == 201, response.json
    return dict(response.json, headers=bearer(response.json["access_token"]))


def outbox_events(runtime):
    with runtime.sessions() as session:
        return [
            decode(raw) for raw in session.execute(select(bus.outbox.c.envelope).order_by(bus.outbox.c.id)).scalars()
        ]


def test_a_workshop_is_created_as_a_draft_and_opened_by_its_facilitator(api):
    client, runtime = api
    created = client.post("/registration/workshops", json=WORKSHOP)
    assert created.status_code == 201
    workshop = created.json
    assert workshop["status"] == "draft" and workshop["facilitator_token"].startswith("nlf_")
    assert len(workshop["facilitator_token"]) >= 43  # 256 bits, URL-safe
    public = client.get(f"/registration/codes/{workshop['code']}").json
    assert public["status"] == "draft" and "facilitator_token" not in public
    refused = client.post(f"/registration/codes/{workshop['code']}/organisations", json=PROFILE)
    assert refused.status_code == 409 and "尚未开放报名" in refused.json["message"]
    opened = client.post(
        f"/registration/workshops/{workshop['id']}/status",
        json={"status": "open"},
        headers=bearer(workshop["facilitator_token"]),
    )
    assert opened.json["status"] == "open"
    backwards = client.post(
        f"/registration/workshops/{workshop['id']}/status",
        json={"status": "draft"},
        headers=bearer(workshop["facilitator_token"]),
    )
    assert backwards.status_code == 409 and backwards.json["errors"]["json"]["status"]
    assert [e.type for e in outbox_events(runtime)] == ["workshop.created", "access.granted", "workshop.status_changed"]


def test_tokens_are_stored_only_as_hashes(api):
    client, runtime = api
    workshop = create_open_workshop(client)
    organisation = register(client, workshop)
    with runtime.sessions() as session:
        stored = session.execute(select(access_tokens.c.token_hash)).scalars().all()
    assert hash_token(workshop["facilitator_token"]) in stored
    assert hash_token(organisation["access_token"]) in stored
    with runtime.sessions() as session:
        dump = json.dumps([dict(r) for r in session.execute(select(access_tokens)).mappings()], default=str)
        outbox = json.dumps([e.payload for e in outbox_events(runtime)])
    for token in (workshop["facilitator_token"], organisation["access_token"]):
        assert token not in dump and token not in outbox


def test_an_organisation_registers_with_its_full_profile(api):
    client, runtime = api
    workshop = create_open_workshop(client)
    organisation = register(client, workshop)
    assert organisation["status"] == "registered"
    assert organisation["mobile"] == "13908512345"
    assert organisation["focus_areas"] == ["social_work", "children"]
    assert organisation["access_token"].startswith("nlo_")
    own = client.get(f"/registration/organisations/{organisation['id']}", headers=organisation["headers"]).json
    assert own["credit_code"] == PROFILE["credit_code"] and "access_token" not in own
    registered = [e for e in outbox_events(runtime) if e.type == "organisation.registered"][0]
    assert registered.payload["name_zh"] == PROFILE["name_zh"]
    assert not {"mobile", "email", "leader_name", "credit_code"} & set(registered.payload)  # contacts stay here


@pytest.mark.parametrize(
    "duplicate",
    [
        {"name_zh": " 安顺市联众 社会工作服务中心　", "credit_code": None},
        {"name_zh": "另一个名字", "credit_code": "91350100M000100Y43"},
    ],
)
def test_the_same_organisation_twice_is_a_conflict_that_says_so(api, duplicate):
    client, _ = api
    workshop = create_open_workshop(client)
    register(client, workshop)
    again = client.post(f"/registration/codes/{workshop['code']}/organisations", json=dict(PROFILE, **duplicate))
    assert again.status_code == 409
    assert "已在本工作坊报名" in again.json["message"]


def test_a_full_workshop_waitlists_and_a_withdrawal_promotes_the_first_waiting(api):
    client, runtime = api
    workshop = create_open_workshop(client, capacity=2)
    first, _second = (register(client, workshop, name_zh=f"机构{i}", credit_code=None) for i in range(2))
    waiting = [register(client, workshop, name_zh=f"候补{i}", credit_code=None) for i in range(2)]
    assert [w["status"] for w in waiting] == ["waitlisted", "waitlisted"]
    public = client.get(f"/registration/codes/{workshop['code']}").json
    assert public["places_left"] == 0

    withdrawn = client.post(f"/registration/organisations/{first['id']}/withdraw", headers=first["headers"])
    assert withdrawn.json["status"] == "withdrawn"
    roster = client.get(f"/registration/workshops/{workshop['id']}/organisations", headers=workshop["headers"]).json
    assert roster["counts"] == {"registered": 2, "waitlisted": 1, "withdrawn": 1}
    statuses = {o["name_zh"]: o["status"] for o in roster["organisations"]}
    assert statuses["候补0"] == "registered" and statuses["候补1"] == "waitlisted"
    again = client.post(f"/registration/organisations/{first['id']}/withdraw", headers=first["headers"])
    assert again.status_code == 409
    assert {"organisation.withdrawn", "organisation.updated"} <= {e.type for e in outbox_events(runtime)}
    # Withdrawn, the name is free again.
    assert (
        client.post(
            f"/registration/codes/{workshop['code']}/organisations",
            json=dict(PROFILE, name_zh="机构0", credit_code=None),
        ).status_code
        == 201
    )


def test_a_closed_workshop_refuses_with_a_clear_message(api):
    client, _ = api
    workshop = create_open_workshop(client)
    client.post(
        f"/registration/workshops/{workshop['id']}/status", json={"status": "closed"}, headers=workshop["headers"]
    )
    refused = client.post(f"/registration/codes/{workshop['code']}/organisations", json=PROFILE)
    assert refused.status_code == 409 and refused.json["message"] == "该工作坊报名已截止。如需参加，请联系主办方。"
    english = client.post(
        f"/registration/codes/{workshop['code']}/organisations", json=PROFILE, headers={"Accept-Language": "en"}
    )
    assert english.json["message"].startswith("Registration for this workshop has closed")


@pytest.mark.parametrize(
    "change, field, message",
    [
        (
            {"credit_code": "91350100M000100Y44"},
            "credit_code",
            "统一社会信用代码校验位不符（最后一位应为 3），请核对是否抄错。",
        ),
        (
            {"credit_code": "91350100M000100YO3"},
            "credit_code",
            "统一社会信用代码含有无效字符“O”（不使用 I、O、S、V、Z）。",
        ),
        ({"credit_code": "9135010"}, "credit_code", "统一社会信用代码应为 18 位。"),
        ({"founded_year": 1800}, "founded_year", None),
        ({"founded_year": 2999}, "founded_year", None),
        ({"years_in_sector": -1}, "years_in_sector", "应在 0 到 70 之间。"),
        ({"staff_full_time": -3}, "staff_full_time", "应在 0 到 100000 之间。"),
        ({"volunteers": 2.5}, "volunteers", "应为整数。"),
        ({"mobile": "12345"}, "mobile", "请填写 11 位中国大陆手机号码。"),
        ({"email": "not an address"}, "email", None),
        ({"focus_areas": ["astrology"]}, "focus_areas", None),
        ({"legal_form": "company"}, "legal_form", None),
        ({"name_zh": "x" * 10_000}, "name_zh", "长度应在 1 到 200 之间。"),
        ({"name_zh": "   "}, "name_zh", None),
        ({"name_zh": "机构\x00名"}, "name_zh", "不能包含控制字符。"),
        ({"name_zh": None}, "name_zh", "此项不能为空。"),
    ],
)
def test_bad_profiles_get_422_with_the_field(api, change, field, message):
    client, _ = api
    workshop = create_open_workshop(client)
    response = client.post(f"/registration/codes/{workshop['code']}/organisations", json=dict(PROFILE, **change))
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]["json"]
    if message:
        assert response.json["errors"]["json"][field] == [message]


def test_a_10_mb_name_is_refused_before_it_is_read(api):
    client, _ = api
    workshop = create_open_workshop(client)
    body = json.dumps(dict(PROFILE, name_zh="名" * 3_500_000)).encode()
    assert len(body) > 10_000_000
    response = client.post(
        f"/registration/codes/{workshop['code']}/organisations", data=body, content_type="application/json"
    )
    assert response.status_code == 413 and response.json["message"] == "提交的内容过大。"


@pytest.mark.parametrize(
    "name",
    [
        "<script>alert(1)</script>机构",
        "😀 快乐儿童之家 🌱",
        "مركز الأمل",
        "{{7*7}}机构",
        "'; DROP TABLE organisations; --",
    ],
)
def test_unusual_names_are_stored_and_returned_inertly(api, name):
    client, _ = api
    workshop = create_open_workshop(client)
    organisation = register(client, workshop, name_zh=name, credit_code=None)
    own = client.get(f"/registration/organisations/{organisation['id']}", headers=organisation["headers"])
    assert own.json["name_zh"] == name.strip()


def test_english_field_messages_when_asked_for(api):
    client, _ = api
    workshop = create_open_workshop(client)
    response = client.post(
        f"/registration/codes/{workshop['code']}/organisations",
        json=dict(PROFILE, credit_code="91350100M000100Y44"),
        headers={"Accept-Language": "en"},
    )
    assert response.json["errors"]["json"]["credit_code"][0].startswith("The credit code's check character")


@pytest.mark.parametrize("data", ["{not json", "\xff\xfe", json.dumps(["a", "list"])])
def test_malformed_bodies_get_422_not_500(api, data):
    client, _ = api
    response = client.post("/registration/workshops", data=data.encode("latin-1"), content_type="application/json")
    assert response.status_code == 422 and "errors" in response.json


def test_invalid_workshops_get_422(api):
    client, _ = api
    for body, field in [
        ({**WORKSHOP, "capacity": 0}, "capacity"),
        ({**WORKSHOP, "ends_on": "2026-05-01"}, "ends_on"),
        ({k: v for k, v in WORKSHOP.items() if k != "province"}, "province"),
        ({**WORKSHOP, "agenda_starts_at": "25:99"}, "agenda_starts_at"),
        ({**WORKSHOP, "language": "fr"}, "language"),
    ]:
        response = client.post("/registration/workshops", json=body)
        assert response.status_code == 422 and field in response.json["errors"]["json"], (field, response.json)


def test_a_facilitator_edits_the_workshop(api):
    client, runtime = api
    workshop = create_open_workshop(client)
    changed = client.patch(
        f"/registration/workshops/{workshop['id']}",
        json={"venue": "黄果树会议中心", "capacity": 40},
        headers=workshop["headers"],
    )
    assert changed.status_code == 200 and changed.json["venue"] == "黄果树会议中心" and changed.json["capacity"] == 40
    assert changed.json["language"] == "zh"  # untouched fields keep their values
    backwards = client.patch(
        f"/registration/workshops/{workshop['id']}", json={"ends_on": "2026-01-01"}, headers=workshop["headers"]
    )
    assert backwards.status_code == 409
    assert [e.type for e in outbox_events(runtime)][-2:] == ["workshop.updated", "workshop.agenda_changed"]


def test_co_facilitators_are_invited_and_revoked(api):
    client, _ = api
    workshop = create_open_workshop(client)
    invited = client.post(
        f"/registration/workshops/{workshop['id']}/tokens",
        json={"label": "协同主持人 张老师"},
        headers=workshop["headers"],
    )
    assert invited.status_code == 201
    co = bearer(invited.json["token"])
    assert client.get(f"/registration/workshops/{workshop['id']}", headers=co).status_code == 200
    listed = client.get(f"/registration/workshops/{workshop['id']}/tokens", headers=co).json
    assert len(listed) == 2 and all("token" not in t and "token_hash" not in t for t in listed)
    assert (
        client.delete(
            f"/registration/workshops/{workshop['id']}/tokens/{invited.json['id']}", headers=workshop["headers"]
        ).status_code
        == 204
    )
    assert client.get(f"/registration/workshops/{workshop['id']}", headers=co).status_code == 401
    creator = next(t for t in listed if t["id"] != invited.json["id"])
    last = client.delete(
        f"/registration/workshops/{workshop['id']}/tokens/{creator['id']}", headers=workshop["headers"]
    )
    assert last.status_code == 409


def test_a_lost_organisation_link_is_replaced_by_the_facilitator(api):
    client, _ = api
    workshop = create_open_workshop(client)
    organisation = register(client, workshop)
    reissued = client.post(
        f"/registration/workshops/{workshop['id']}/organisations/{organisation['id']}/token",
        headers=workshop["headers"],
    )
    assert reissued.status_code == 201
    assert (
        client.get(f"/registration/organisations/{organisation['id']}", headers=organisation["headers"]).status_code
        == 401
    )
    assert (
        client.get(
            f"/registration/organisations/{organisation['id']}", headers=bearer(reissued.json["token"])
        ).status_code
        == 200
    )


def test_an_organisation_edits_its_profile(api):
    client, _ = api
    workshop = create_open_workshop(client)
    organisation = register(client, workshop)
    other = register(client, workshop, name_zh="阳光家庭教育中心", credit_code=None)
    edited = client.patch(
        f"/registration/organisations/{organisation['id']}", json={"volunteers": 200}, headers=organisation["headers"]
    )
    assert edited.status_code == 200 and edited.json["volunteers"] == 200 and edited.json["staff_full_time"] == 12
    clash = client.patch(
        f"/registration/organisations/{other['id']}", json={"name_zh": PROFILE["name_zh"]}, headers=other["headers"]
    )
    assert clash.status_code == 409


def test_registration_is_rate_limited_per_client(monkeypatch, service_app):
    monkeypatch.setenv("REGISTRATION_RATE_LIMIT", "3 per minute")
    app, _ = service_app("registration")
    client = app.test_client()
    workshop = create_open_workshop(client)
    codes = [
        client.post(
            f"/registration/codes/{workshop['code']}/organisations",
            json=dict(PROFILE, name_zh=f"机构{i}", credit_code=None),
        ).status_code
        for i in range(4)
    ]
    assert codes == [201, 201, 201, 429]
    limited = client.post(f"/registration/codes/{workshop['code']}/organisations", json=PROFILE)
    assert limited.json["message"] == "请求过于频繁，请稍后再试。" and limited.headers["Retry-After"] == "60"
    other_client = client.post(
        f"/registration/codes/{workshop['code']}/organisations",
        json=dict(PROFILE, name_zh="另一台电脑", credit_code=None),
        environ_base={"REMOTE_ADDR": "10.9.8.7"},
        headers={"X-Forwarded-For": "10.9.8.7"},
    )
    assert other_client.status_code == 201


def test_guessing_tokens_is_rate_limited(monkeypatch, service_app):
    monkeypatch.setenv("AUTH_FAILURE_LIMIT", "5 per minute")
    app, _ = service_app("registration")
    client = app.test_client()
    workshop = create_open_workshop(client)
    guesses = [
        client.get(f"/registration/workshops/{workshop['id']}", headers=bearer(f"nlf_guess{i}")) for i in range(6)
    ]
    assert [guess.status_code for guess in guesses] == [401] * 5 + [429]
    assert guesses[-1].headers["Retry-After"] == "60"  # the limit's window: a minute
    assert "X-RateLimit-Remaining" not in guesses[0].headers  # two Redis round trips a request, not sent


def test_openapi_documents_every_operation_with_its_errors(api):
    client, _ = api
    spec = client.get("/registration/openapi.json").json
    operations = [
        (path, method, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]
    assert len(operations) >= 15
    for path, method, operation in operations:
        assert operation.get("summary"), (method, path)
        if "{" in path and path != "/registration/codes/{code}/organisations":
            assert "404" in operation["responses"] or "401" in operation["responses"], (method, path)
        if "requestBody" in operation:
            assert "422" in operation["responses"], (method, path)
