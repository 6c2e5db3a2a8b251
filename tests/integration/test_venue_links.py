"""With a public address set (`make venue` sets the laptop's address on the venue's Wi-Fi),
every link handed over points there, whatever address the facilitator opened the page at."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.integration.test_console_pages import _post
from tests.integration.test_registration_api import create_open_workshop, register
from tests.support.qr import codes_in_page

VENUE = "http://192.168.1.23:8080"


def test_links_and_qr_codes_point_to_the_venue_address(monkeypatch, service_app):
    monkeypatch.setenv("NIANLUN_PUBLIC_URL", VENUE)
    app, _ = service_app("registration")
    workshop = create_open_workshop(app.test_client())
    browser = FlaskClient(app, app.response_class, use_cookies=True)
    browser.get(f"/registration/link/{workshop['facilitator_token']}")
    dashboard = browser.get("/registration/f/").get_data(as_text=True)
    assert codes_in_page(dashboard, "registration-qr") == [f"{VENUE}/registration/w/{workshop['code']}"]
    organisation = register(browser, workshop)
    made = _post(browser, f"/registration/f/organisations/{organisation['id']}/link", {}, workshop)
    made = made.get_data(as_text=True)
    [link] = codes_in_page(made)
    assert link.startswith(f"{VENUE}/registration/link/nlo_") and f'value="{link}"' in made
