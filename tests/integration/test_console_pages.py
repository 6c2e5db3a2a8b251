"""The facilitator's console pages, through the Flask test client and the private-link cookie."""

import pytest

from tests.integration.test_registration_api import create_open_workshop


@pytest.fixture
def console(service_app):
    app, _runtime = service_app("registration")
    client = app.test_client()
    workshop = create_open_workshop(client)
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
