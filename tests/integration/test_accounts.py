"""Organisers and facilitators: signing in, invitations, creating a workshop from a page,
opening it, and what an account of another programme is told. In process, on a real
database and Redis."""

import re

import pytest
from flask.testing import FlaskClient

from services.registration.service_layer import accounts

from .conftest import ORGANISER_PASSWORD

WORKSHOP_FORM = {
    "title_zh": "遵义公益机构负责人工作坊",
    "province": "贵州",
    "city": "遵义",
    "starts_on": "2026-09-01",
    "ends_on": "2026-09-03",
    "capacity": "30",
    "talk_minutes": "2",
    "agenda_starts_at": "09:30",
}


@pytest.fixture
def app(service_app):
    app, runtime = service_app("registration")
    return app, runtime


def browser(app) -> FlaskClient:
    """A client without the organiser's API token: what a browser sends."""
    return FlaskClient(app, app.response_class, use_cookies=True)


def csrf(client, path="/registration/account/sign-in") -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client, login="organiser@example.org", password=ORGANISER_PASSWORD):
    return client.post(
        "/registration/account/sign-in", data={"login": login, "password": password, "csrf_token": csrf(client)}
    )


def test_an_anonymous_caller_cannot_create_a_workshop(app):
    flask_app, _ = app
    response = browser(flask_app).post(
        "/registration/workshops", json={**WORKSHOP_FORM, "capacity": 30, "talk_minutes": 2}
    )
    assert response.status_code == 401


def test_a_wrong_password_and_an_unknown_login_are_told_the_same(app):
    flask_app, _ = app
    wrong = sign_in(browser(flask_app), password="not-the-password")
    unknown = sign_in(browser(flask_app), login="nobody@example.org")
    assert wrong.status_code == unknown.status_code == 401
    said = [
        re.search(r'data-testid="form-error">([^<]+)<', r.get_data(as_text=True)).group(1) for r in (wrong, unknown)
    ]
    assert said[0] == said[1] == "登录名或密码不正确。"


def test_sign_in_is_limited_per_account(app):
    flask_app, _ = app
    answers = [sign_in(browser(flask_app), password=f"wrong-{i}-password").status_code for i in range(9)]
    assert answers == [401] * 8 + [429]


def test_an_organiser_creates_a_workshop_once_however_often_the_form_is_sent(app):
    flask_app, runtime = app
    client = browser(flask_app)
    assert sign_in(client).status_code == 303
    html = client.get("/registration/account/workshops/new").get_data(as_text=True)
    form = dict(
        WORKSHOP_FORM,
        csrf_token=re.search(r'name="csrf_token" value="([^"]+)"', html).group(1),
        creation_key=re.search(r'name="creation_key" value="([^"]+)"', html).group(1),
    )
    first = client.post("/registration/account/workshops/new", data=form)
    again = client.post("/registration/account/workshops/new", data=form)  # a double click, a reload
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"]
    organiser = accounts.sign_in(runtime.sessions, "organiser@example.org", ORGANISER_PASSWORD)
    assert len(accounts.visible_workshops(runtime.sessions, organiser)) == 1
    opened = client.get(first.headers["Location"])
    assert opened.status_code == 303 and opened.headers["Location"].endswith("/registration/f/")
    assert client.get("/registration/f/").status_code == 200
    home = client.get("/registration/account/").get_data(as_text=True)
    assert "遵义公益机构负责人工作坊" in home


def test_bad_workshop_fields_are_refused_next_to_the_field(app):
    flask_app, _ = app
    client = browser(flask_app)
    sign_in(client)
    html = client.get("/registration/account/workshops/new").get_data(as_text=True)
    key = re.search(r'name="creation_key" value="([^"]+)"', html).group(1)
    response = client.post(
        "/registration/account/workshops/new",
        data=dict(WORKSHOP_FORM, ends_on="2026-08-01", capacity="many", csrf_token=csrf(client), creation_key=key),
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'id="capacity-error"' in body
    backwards = client.post(
        "/registration/account/workshops/new",
        data=dict(WORKSHOP_FORM, ends_on="2026-08-01", csrf_token=csrf(client), creation_key=key),
    )
    assert backwards.status_code == 422 and 'id="ends_on-error"' in backwards.get_data(as_text=True)


def test_an_invited_facilitator_sets_a_password_and_sees_only_their_workshops(app):
    flask_app, runtime = app
    organiser = accounts.sign_in(runtime.sessions, "organiser@example.org", ORGANISER_PASSWORD)
    link = accounts.invite(runtime.sessions, organiser, "facilitator", "王老师")
    client = browser(flask_app)
    page = f"/registration/account/join/{link['token']}"
    weak = client.post(
        page,
        data={
            "login": "13908512345",
            "display_name": "王老师",
            "password": "1234567890",
            "password_again": "1234567890",
            "csrf_token": csrf(client, page),
        },
    )
    assert weak.status_code == 422 and 'id="password-error"' in weak.get_data(as_text=True)
    good = "tea-garden-river-42"
    joined = client.post(
        page,
        data={
            "login": "13908512345",
            "display_name": "王老师",
            "password": good,
            "password_again": good,
            "csrf_token": csrf(client, page),
        },
    )
    assert joined.status_code == 303
    assert browser(flask_app).get(page).status_code == 410  # used up
    facilitator = accounts.sign_in(runtime.sessions, "13908512345", good)
    assert accounts.visible_workshops(runtime.sessions, facilitator) == []


def test_another_programme_cannot_open_or_see_a_workshop(app):
    flask_app, runtime = app
    organiser = accounts.sign_in(runtime.sessions, "organiser@example.org", ORGANISER_PASSWORD)
    client = browser(flask_app)
    sign_in(client)
    html = client.get("/registration/account/workshops/new").get_data(as_text=True)
    key = re.search(r'name="creation_key" value="([^"]+)"', html).group(1)
    made = client.post(
        "/registration/account/workshops/new", data=dict(WORKSHOP_FORM, csrf_token=csrf(client), creation_key=key)
    )
    workshop_id = made.headers["Location"].split("/")[-2]
    accounts.create_organiser(runtime.sessions, "另一个项目", "other@example.org", "另一位", "another-long-passphrase")
    other = browser(flask_app)
    sign_in(other, "other@example.org", "another-long-passphrase")
    for path in (
        f"/registration/account/workshops/{workshop_id}/open",
        f"/registration/account/workshops/{workshop_id}/facilitators",
        f"/registration/account/workshops/new?copy={workshop_id}",
    ):
        assert other.get(path).status_code == 404, path
    assert "遵义" not in other.get("/registration/account/").get_data(as_text=True)
    assert len(accounts.visible_workshops(runtime.sessions, organiser)) == 1


def test_signing_out_everywhere_ends_every_session_and_its_tokens(app):
    flask_app, _ = app
    phone, laptop = browser(flask_app), browser(flask_app)
    sign_in(phone), sign_in(laptop)
    html = laptop.get("/registration/account/workshops/new").get_data(as_text=True)
    key = re.search(r'name="creation_key" value="([^"]+)"', html).group(1)
    made = laptop.post(
        "/registration/account/workshops/new", data=dict(WORKSHOP_FORM, csrf_token=csrf(laptop), creation_key=key)
    )
    laptop.get(made.headers["Location"])
    assert laptop.get("/registration/f/").status_code == 200
    token = csrf(phone, "/registration/account/")
    assert phone.post("/registration/account/sign-out-everywhere", data={"csrf_token": token}).status_code == 303
    assert laptop.get("/registration/account/").status_code == 302  # back to signing in
    assert laptop.get("/registration/f/").status_code == 401  # the workshop's token was revoked


def test_the_programme_view_opens_a_workshop_of_the_programme_for_its_benchmark(app):
    flask_app, runtime = app
    organiser = browser(flask_app)
    sign_in(organiser)
    empty = organiser.get("/registration/account/programme")
    assert empty.status_code == 200 and "/diagnosis/f/programme" not in empty.get_data(as_text=True)
    html = organiser.get("/registration/account/workshops/new").get_data(as_text=True)
    key = re.search(r'name="creation_key" value="([^"]+)"', html).group(1)
    made = organiser.post(
        "/registration/account/workshops/new", data=dict(WORKSHOP_FORM, csrf_token=csrf(organiser), creation_key=key)
    )
    workshop_id = made.headers["Location"].split("/")[-2]
    view = organiser.get("/registration/account/programme")
    assert view.status_code == 200 and 'data-fragment="/diagnosis/f/programme"' in view.get_data(as_text=True)
    token = organiser.get_cookie("nl_token").value  # the fragment is asked for with this workshop's token
    assert (
        organiser.get(f"/registration/workshops/{workshop_id}", headers={"Authorization": f"Bearer {token}"}).json["id"]
        == workshop_id
    )
    assert 'data-testid="programme-view"' in organiser.get("/registration/account/").get_data(as_text=True)
    link = accounts.invite(
        runtime.sessions,
        accounts.sign_in(runtime.sessions, "organiser@example.org", ORGANISER_PASSWORD),
        "facilitator",
        "李老师",
    )
    facilitator = browser(flask_app)
    page = f"/registration/account/join/{link['token']}"
    form = {"login": "13800000001", "display_name": "李老师", "password": "tea-garden-river-42"}
    facilitator.post(page, data=dict(form, password_again=form["password"], csrf_token=csrf(facilitator, page)))
    assert facilitator.get("/registration/account/programme").status_code == 404  # organisers only
