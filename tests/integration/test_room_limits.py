"""A workshop room behind one address (one Wi-Fi): the limits on refused tokens count per
browser session and per address, so one guessing phone is stopped while the room goes on,
and a visitor who lost their cookie is told what to do without being counted."""

from __future__ import annotations

import re

import pytest

from tests.integration.test_registration_api import create_open_workshop

NO_ACCOUNT = {"Authorization": ""}  # the test client otherwise signs every request as an organiser


@pytest.fixture
def registration(monkeypatch, service_app):
    monkeypatch.setenv("AUTH_FAILURE_LIMIT", "12 per 10 minutes")
    monkeypatch.setenv("AUTH_FAILURE_LIMIT_PER_SESSION", "4 per 10 minutes")
    app, _ = service_app("registration")
    return app


def _phone(app, workshop: dict):
    """A phone's browser: it opened the workshop's registration page, so it has a session."""
    phone = app.test_client()
    landing = phone.get(f"/registration/w/{workshop['code']}", headers=NO_ACCOUNT)
    assert landing.status_code == 200 and re.search(r'name="csrf_token"', landing.text)
    return phone


def _guess(client, n: int) -> int:
    return client.get(f"/registration/link/nlo_guess{n}", headers=NO_ACCOUNT).status_code


def test_a_guessing_phone_is_stopped_while_the_rest_of_the_room_goes_on(registration):
    workshop = create_open_workshop(registration.test_client())
    guesser, neighbour = _phone(registration, workshop), _phone(registration, workshop)
    assert [_guess(guesser, n) for n in range(5)] == [401] * 4 + [429]
    right_guess = guesser.get(f"/registration/link/{workshop['facilitator_token']}", headers=NO_ACCOUNT)
    assert right_guess.status_code == 429  # past the limit, even the right token is refused
    # Another phone on the same Wi-Fi still opens its link.
    assert _guess(neighbour, 99) == 401
    opened = neighbour.get(f"/registration/link/{workshop['facilitator_token']}", headers=NO_ACCOUNT)
    assert opened.status_code == 303


def test_a_guesser_without_cookies_meets_the_address_limit(registration):
    workshop = create_open_workshop(registration.test_client())
    script = registration.test_client()
    answers = [
        script.get(f"/registration/workshops/{workshop['id']}", headers={"Authorization": f"Bearer nlf_guess{n}"})
        for n in range(13)
    ]
    assert [a.status_code for a in answers] == [401] * 12 + [429]
    assert answers[-1].headers["Retry-After"] == "600"  # the limit's window: ten minutes
    right_guess = script.get(f"/registration/workshops/{workshop['id']}", headers=workshop["headers"])
    assert right_guess.status_code == 429
    # What carries no token guesses none: the room can still open the registration page.
    assert script.get(f"/registration/w/{workshop['code']}", headers=NO_ACCOUNT).status_code == 200


def test_a_visitor_without_a_token_is_never_counted(registration):
    """The lost-cookie page (WeChat's own browser, another phone): a whole room may see it."""
    visitor = registration.test_client()
    answers = [visitor.get("/registration/o/", headers=NO_ACCOUNT) for _ in range(30)]
    assert {a.status_code for a in answers} == {401}
    assert "请重新打开您收到的专属链接或扫描二维码" in answers[-1].text


def test_valid_tokens_are_never_counted(registration):
    client = registration.test_client()
    workshop = create_open_workshop(client)
    facilitator = {"Authorization": f"Bearer {workshop['facilitator_token']}"}
    answers = [client.get(f"/registration/workshops/{workshop['id']}", headers=facilitator) for _ in range(30)]
    assert {a.status_code for a in answers} == {200}
