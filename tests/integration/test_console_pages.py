"""The facilitator's console pages, through the Flask test client and the private-link cookie."""

import pytest
from flask.testing import FlaskClient

from tests.integration.test_registration_api import create_open_workshop


@pytest.fixture
def console(service_app):
    app, _runtime = service_app("registration")
    workshop = create_open_workshop(app.test_client())
    client = FlaskClient(app, app.response_class, use_cookies=True)  # a browser: no API token
    client.get(f"/registration/link/{workshop['facilitator_token']}")
    return client, workshop


def test_the_printable_agenda_opens_with_the_cookie(console):
    client, _workshop = console
    assert "/registration/f/agenda.html" in client.get("/registration/f/").get_data(as_text=True)
    page = client.get("/registration/f/agenda.html")
    assert page.status_code == 200 and page.mimetype == "text/html"


def test_the_printable_agenda_needs_a_facilitator_link(service_app):
    app, _runtime = service_app("registration")
    assert app.test_client().get("/registration/f/agenda.html").status_code in (401, 404)


def _csrf(client, path):
    import re

    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def test_closing_asks_first_and_says_what_it_stops(console):
    client, workshop = console
    dashboard = client.get("/registration/f/").get_data(as_text=True)
    assert "/registration/f/close" in dashboard
    page = client.get("/registration/f/close").get_data(as_text=True)
    assert "不能再报名" in page or "no organisation can register" in page
    token = _csrf(client, "/registration/f/close")
    unconfirmed = client.post("/registration/f/status", data={"status": "closed", "csrf_token": token})
    assert unconfirmed.status_code == 303 and unconfirmed.headers["Location"].endswith("/registration/f/close")
    assert client.get(f"/registration/workshops/{workshop['id']}", headers=workshop["headers"]).json["status"] == "open"
    confirmed = client.post(
        "/registration/f/status",
        data={"status": "closed", "confirmed": "yes", "workshop_id": workshop["id"], "csrf_token": token},
    )
    assert confirmed.status_code == 303
    assert (
        client.get(f"/registration/workshops/{workshop['id']}", headers=workshop["headers"]).json["status"] == "closed"
    )


def test_a_form_of_another_workshop_is_refused(console):
    client, workshop = console
    token = _csrf(client, "/registration/f/close")
    response = client.post(
        "/registration/f/status",
        data={"status": "closed", "confirmed": "yes", "workshop_id": "another-workshop", "csrf_token": token},
    )
    assert response.status_code == 409
    assert client.get(f"/registration/workshops/{workshop['id']}", headers=workshop["headers"]).json["status"] == "open"
