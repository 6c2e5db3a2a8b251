"""The facilitator's console pages, through the Flask test client and the private-link cookie."""

import io
import re
import urllib.parse

import pytest
from flask.testing import FlaskClient

from tests.integration.test_registration_api import create_open_workshop, register
from tests.support.qr import codes_in_page


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


# ---------------------------------------------------------------- editing the workshop


def _post(client, path, data, workshop, form_page="/registration/f/close"):
    """A console form as the browser sends it: its CSRF token and the workshop's id."""
    return client.post(path, data=dict(data, workshop_id=workshop["id"], csrf_token=_csrf(client, form_page)))


def _workshop_now(client, workshop):
    return client.get(f"/registration/workshops/{workshop['id']}", headers=workshop["headers"]).json


def test_the_workshop_is_edited_on_a_page_with_errors_next_to_their_fields(console):
    client, workshop = console
    form = client.get("/registration/f/edit").get_data(as_text=True)
    assert f'value="{workshop["title_zh"]}"' in form
    fields = {name: _workshop_now(client, workshop)[name] for name in ("title_zh", "province", "city", "starts_on")}
    bad = _post(
        client,
        "/registration/f/edit",
        dict(fields, ends_on="2020-01-01", capacity="0"),
        workshop,
        "/registration/f/edit",
    )
    page = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert 'id="capacity-error"' in page and "应在 1 到 500 之间" in page
    assert _workshop_now(client, workshop)["capacity"] == workshop["capacity"]  # nothing half-saved
    reversed_dates = _post(client, "/registration/f/edit", dict(fields, ends_on="2020-01-01", capacity="36"), workshop)
    assert reversed_dates.status_code == 422 and 'id="ends_on-error"' in reversed_dates.get_data(as_text=True)
    good = _post(
        client,
        "/registration/f/edit",
        dict(fields, title_zh="安顺工作坊（改）", ends_on=fields["starts_on"], capacity="40", venue=""),
        workshop,
        "/registration/f/edit",
    )
    assert good.status_code == 303, good.get_data(as_text=True)[:500]
    now = _workshop_now(client, workshop)
    assert (now["title_zh"], now["capacity"], now["venue"]) == ("安顺工作坊（改）", 40, None)


def test_an_emptied_required_field_is_refused_in_chinese(console):
    client, workshop = console
    fields = {name: _workshop_now(client, workshop)[name] for name in ("province", "city", "starts_on", "ends_on")}
    refused = _post(client, "/registration/f/edit", dict(fields, title_zh="", capacity="36"), workshop)
    assert refused.status_code == 422
    assert 'id="title_zh-error"' in refused.get_data(as_text=True)
    assert _workshop_now(client, workshop)["title_zh"] == workshop["title_zh"]


# ---------------------------------------------------------------- the roster


def _roster_csv(*names):
    return ("机构名称,统一社会信用代码,从业年限\n" + "".join(f"{n},{c},{y}\n" for n, c, y in names)).encode("utf-8")


def _preview(client, workshop, content, name="名册.csv"):
    return client.post(
        "/registration/f/roster/preview",
        data={
            "file": (io.BytesIO(content), name),
            "workshop_id": workshop["id"],
            "csrf_token": _csrf(client, "/registration/f/roster"),
        },
        content_type="multipart/form-data",
    )


def _roster_size(client, workshop):
    return len(
        client.get(f"/registration/workshops/{workshop['id']}/organisations", headers=workshop["headers"]).json[
            "organisations"
        ]
    )


def test_a_roster_is_previewed_row_by_row_then_imported_once(console):
    client, workshop = console
    rows = [("甲机构", "", 3), ("乙机构", "91350100M000100Y44", 5), ("丙机构", "", -2), ("丁机构", "", 7)]
    preview = _preview(client, workshop, _roster_csv(*rows))
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert page.count('data-testid="preview-row"') == 4 and page.count('data-valid="no"') == 2
    assert "校验位不符" in page  # the bad credit code, next to its row
    assert _roster_size(client, workshop) == 0  # a preview writes no organisation
    upload_id = re.search(r'name="upload_id" value="([^"]+)"', page)[1]
    imported = _post(client, "/registration/f/roster/import", {"upload_id": upload_id}, workshop)
    shown = imported.get_data(as_text=True)
    assert imported.status_code == 201
    assert shown.count("/registration/link/nlo_") == 2  # the two valid rows' private links, shown once
    again = _post(client, "/registration/f/roster/import", {"upload_id": upload_id}, workshop)
    assert again.status_code == 409 and "已经导入" in again.get_data(as_text=True)
    assert _roster_size(client, workshop) == 2


def test_an_unreadable_roster_is_refused_next_to_the_file_field(console):
    client, workshop = console
    refused = _preview(client, workshop, b"\xff\xfe\x00garbage", name="名册.csv")
    assert refused.status_code == 422 and 'id="file-error"' in refused.get_data(as_text=True)
    missing = client.post(
        "/registration/f/roster/preview",
        data={"workshop_id": workshop["id"], "csrf_token": _csrf(client, "/registration/f/roster")},
        content_type="multipart/form-data",
    )
    assert missing.status_code == 422 and 'id="file-error"' in missing.get_data(as_text=True)


def test_another_workshops_preview_cannot_be_imported(console):
    client, workshop = console
    app = client.application
    other = create_open_workshop(app.test_client())
    other_browser = FlaskClient(app, app.response_class, use_cookies=True)
    other_browser.get(f"/registration/link/{other['facilitator_token']}")
    page = _preview(other_browser, other, _roster_csv(("戊机构", "", 2))).get_data(as_text=True)
    upload_id = re.search(r'name="upload_id" value="([^"]+)"', page)[1]
    stolen = _post(client, "/registration/f/roster/import", {"upload_id": upload_id}, workshop)
    assert stolen.status_code == 404
    assert _roster_size(client, workshop) == 0


def test_the_roster_is_exported_from_the_page(console):
    client, workshop = console
    register(client, workshop)
    exported = client.get("/registration/f/roster.xlsx")
    assert exported.status_code == 200 and exported.data[:2] == b"PK"
    assert "attachment" in exported.headers["Content-Disposition"]
    assert "报名名单-" in urllib.parse.unquote(exported.headers["Content-Disposition"])  # named in Chinese
    assert client.get("/registration/f/roster.csv").mimetype == "text/csv"


# ---------------------------------------------------------------- one organisation


def test_a_lost_link_is_replaced_and_the_old_one_stops_at_once(console):
    client, workshop = console
    organisation = register(client, workshop)
    confirm = client.get(f"/registration/f/organisations/{organisation['id']}/link").get_data(as_text=True)
    assert organisation["name_zh"] in confirm and "/registration/link/nlo_" not in confirm
    made = _post(client, f"/registration/f/organisations/{organisation['id']}/link", {}, workshop)
    new_token = re.search(r"/registration/link/(nlo_[A-Za-z0-9_-]+)", made.get_data(as_text=True))[1]
    assert client.get("/registration/me", headers=organisation["headers"]).status_code == 401
    assert client.get("/registration/me", headers={"Authorization": f"Bearer {new_token}"}).status_code == 200


def test_an_organisation_is_withdrawn_and_restored_from_the_roster(console):
    client, workshop = console
    organisation = register(client, workshop)
    assert 'data-testid="withdraw"' in client.get("/registration/f/").get_data(as_text=True)
    assert (
        _post(client, f"/registration/f/organisations/{organisation['id']}/withdraw", {}, workshop).status_code == 303
    )
    status = client.get(f"/registration/organisations/{organisation['id']}", headers=workshop["headers"]).json["status"]
    assert status == "withdrawn"
    assert _post(client, f"/registration/f/organisations/{organisation['id']}/restore", {}, workshop).status_code == 303
    status = client.get(f"/registration/organisations/{organisation['id']}", headers=workshop["headers"]).json["status"]
    assert status == "registered"
    again = _post(client, f"/registration/f/organisations/{organisation['id']}/restore", {}, workshop)
    assert again.status_code == 409


def test_another_workshops_organisation_is_not_found(console):
    client, workshop = console
    app = client.application
    stranger = register(app.test_client(), create_open_workshop(app.test_client()))
    for path in ("link", "withdraw", "restore"):
        response = _post(client, f"/registration/f/organisations/{stranger['id']}/{path}", {}, workshop)
        assert response.status_code == 404, path
    assert client.get(f"/registration/f/organisations/{stranger['id']}/link").status_code == 404


def test_every_console_form_carries_its_workshop(console):
    client, workshop = console
    register(client, workshop)
    for path in ("/registration/f/", "/registration/f/edit", "/registration/f/roster", "/registration/f/close"):
        page = client.get(path).get_data(as_text=True)
        forms = re.findall(r'<form method="post".*?</form>', page, flags=re.S)
        assert forms, path
        for form in forms:
            assert f'name="workshop_id" value="{workshop["id"]}"' in form, (path, form[:200])


def test_the_links_handed_over_come_as_qr_codes_that_decode_to_them(console):
    client, workshop = console
    dashboard = client.get("/registration/f/").get_data(as_text=True)
    assert codes_in_page(dashboard, "registration-qr") == [f"http://localhost/registration/w/{workshop['code']}"]
    organisation = register(client, workshop)
    made = _post(client, f"/registration/f/organisations/{organisation['id']}/link", {}, workshop)
    page = made.get_data(as_text=True)
    shown = re.search(r'data-testid="new-link" value="([^"]+)"|value="([^"]+)"[^>]*data-testid="new-link"', page)
    link = next(group for group in shown.groups() if group)
    assert codes_in_page(page) == [link] and "/registration/link/nlo_" in link
    rows = _roster_csv(("庚机构", "", 3), ("辛机构", "", 4))
    preview = _preview(client, workshop, rows).get_data(as_text=True)
    upload_id = re.search(r'name="upload_id" value="([^"]+)"', preview)[1]
    imported = _post(client, "/registration/f/roster/import", {"upload_id": upload_id}, workshop).get_data(as_text=True)
    links = re.findall(r'value="(http://localhost/registration/link/nlo_[^"]+)"', imported)
    assert len(links) == 2 and codes_in_page(imported) == links
