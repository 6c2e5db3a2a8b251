"""Follow-up rounds (issue 21) in registration: a closed workshop's facilitator (or its
programme's organiser, signed in) opens round 2, 3, … through the API or the dashboard, one at
a time; the workshop is `follow_up` meanwhile, and its leaders' homes say so. In process, on
SQLite and PostgreSQL, with a real Redis."""

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from services.common.auth import FACILITATOR, Principal
from services.common.errors import Conflict
from services.registration.adapters.orm import workshop_rounds
from services.registration.service_layer import accounts, rounds
from tests.integration.conftest import ORGANISER_PASSWORD
from tests.integration.test_accounts import sign_in
from tests.integration.test_console_pages import _csrf
from tests.integration.test_registration_api import bearer, create_open_workshop, outbox_events, register

ROUNDS = "/registration/workshops/{id}/rounds"
CLOSE_ROUND = "/registration/workshops/{id}/rounds/current/close"
ENGLISH = {"Accept-Language": "en"}


def close(client, workshop):
    closed = client.post(
        f"/registration/workshops/{workshop['id']}/status", json={"status": "closed"}, headers=workshop["headers"]
    )
    assert closed.status_code == 200, closed.json
    return workshop


@pytest.fixture
def api(service_app):
    app, runtime = service_app("registration")
    return app.test_client(), runtime


@pytest.fixture
def closed_workshop(api):
    client, runtime = api
    return client, runtime, close(client, create_open_workshop(client))


def _status(client, workshop):
    return client.get(f"/registration/workshops/{workshop['id']}", headers=workshop["headers"]).json["status"]


def _stored_rounds(runtime, workshop_id):
    with runtime.sessions() as session:
        query = select(workshop_rounds).where(workshop_rounds.c.workshop_id == workshop_id)
        return [dict(r) for r in session.execute(query.order_by(workshop_rounds.c.number)).mappings()]


# ---------------------------------------------------------------- the API


def test_a_six_month_round_is_opened_listed_and_closed(closed_workshop):
    client, runtime, workshop = closed_workshop
    url, headers = ROUNDS.format(id=workshop["id"]), workshop["headers"]
    assert client.get(url, headers=headers).json == []
    before = len(outbox_events(runtime))
    opened = client.post(url, json={"kind": "6_months"}, headers=headers)
    assert opened.status_code == 201, opened.json
    assert (opened.json["number"], opened.json["kind"], opened.json["opens_on"]) == (2, "6_months", "2026-11-10")
    assert opened.json["is_open"] and opened.json["closed_at"] is None
    assert _status(client, workshop) == "follow_up"
    events = outbox_events(runtime)[before:]
    assert [e.type for e in events] == ["round.opened", "workshop.status_changed"]
    assert events[0].payload == {
        "workshop_id": workshop["id"],
        "round": 2,
        "kind": "6_months",
        "opens_on": "2026-11-10",
    }
    assert events[1].payload == {"workshop_id": workshop["id"], "from": "closed", "to": "follow_up"}
    listed = client.get(url, headers=headers).json
    assert [(r["number"], r["is_open"]) for r in listed] == [(2, True)]

    closing = client.post(CLOSE_ROUND.format(id=workshop["id"]), headers=headers)
    assert closing.status_code == 200, closing.json
    assert closing.json["number"] == 2 and not closing.json["is_open"] and closing.json["closed_at"]
    assert _status(client, workshop) == "closed"
    last = outbox_events(runtime)[-1]
    assert (last.type, last.payload) == (
        "workshop.status_changed",
        {"workshop_id": workshop["id"], "from": "follow_up", "to": "closed"},
    )

    third = client.post(url, json={"kind": "date", "opens_on": "2027-03-01"}, headers=headers)
    assert third.status_code == 201 and (third.json["number"], third.json["opens_on"]) == (3, "2027-03-01")
    assert [(r["number"], r["is_open"]) for r in client.get(url, headers=headers).json] == [(2, False), (3, True)]
    assert [r["number"] for r in _stored_rounds(runtime, workshop["id"])] == [2, 3]


def test_three_months_after_a_month_end_is_the_shorter_months_last_day(api):
    client, _runtime = api
    workshop = close(client, create_open_workshop(client, starts_on="2026-11-28", ends_on="2026-11-30"))
    opened = client.post(ROUNDS.format(id=workshop["id"]), json={"kind": "3_months"}, headers=workshop["headers"])
    assert opened.status_code == 201 and opened.json["opens_on"] == "2027-02-28"


def test_a_date_before_the_workshop_ended_is_refused_on_its_field_in_the_callers_language(closed_workshop):
    client, runtime, workshop = closed_workshop
    url, headers = ROUNDS.format(id=workshop["id"]), workshop["headers"]
    early = client.post(url, json={"kind": "date", "opens_on": "2026-05-09"}, headers=headers)
    assert early.status_code == 422
    assert (
        "不能早于" in early.json["errors"]["json"]["opens_on"][0]
        and "2026-05-10" in early.json["errors"]["json"]["opens_on"][0]
    )
    in_english = client.post(url, json={"kind": "date", "opens_on": "2026-05-09"}, headers=headers | ENGLISH)
    assert "cannot be before" in in_english.json["errors"]["json"]["opens_on"][0]
    missing = client.post(url, json={"kind": "date"}, headers=headers)
    assert missing.status_code == 422 and missing.json["errors"]["json"]["opens_on"]
    unknown = client.post(url, json={"kind": "12_months"}, headers=headers)
    assert unknown.status_code == 422 and unknown.json["errors"]["json"]["kind"]
    assert _stored_rounds(runtime, workshop["id"]) == [] and _status(client, workshop) == "closed"
    assert "round.opened" not in [e.type for e in outbox_events(runtime)]


def test_only_a_closed_workshop_opens_a_round_and_only_one_at_a_time(api):
    client, runtime = api
    workshop = create_open_workshop(client)
    url, headers = ROUNDS.format(id=workshop["id"]), workshop["headers"]
    still_open = client.post(url, json={"kind": "6_months"}, headers=headers)
    assert still_open.status_code == 409 and "截止" in still_open.json["message"]
    draft = client.post("/registration/workshops", json={**_fields(client, workshop)}).json
    refused = client.post(
        ROUNDS.format(id=draft["id"]), json={"kind": "6_months"}, headers=bearer(draft["facilitator_token"])
    )
    assert refused.status_code == 409 and "草稿" in refused.json["message"]
    close(client, workshop)
    assert client.post(CLOSE_ROUND.format(id=workshop["id"]), headers=headers).status_code == 409  # none open
    assert client.post(url, json={"kind": "6_months"}, headers=headers).status_code == 201
    again = client.post(url, json={"kind": "3_months"}, headers=headers)
    assert again.status_code == 409 and "第 2 轮" in again.json["message"]
    in_english = client.post(url, json={"kind": "3_months"}, headers=headers | ENGLISH)
    assert "Round 2 is open already" in in_english.json["message"]
    assert len(_stored_rounds(runtime, workshop["id"])) == 1


def _fields(client, workshop):
    shown = client.get(f"/registration/workshops/{workshop['id']}", headers=workshop["headers"]).json
    return {k: shown[k] for k in ("title_zh", "province", "city", "starts_on", "ends_on", "capacity")}


def test_a_plain_status_change_neither_opens_nor_closes_a_round(closed_workshop):
    client, _runtime, workshop = closed_workshop
    status_url, headers = f"/registration/workshops/{workshop['id']}/status", workshop["headers"]
    to_follow_up = client.post(status_url, json={"status": "follow_up"}, headers=headers)
    assert to_follow_up.status_code == 409 and "回访" in to_follow_up.json["message"]
    client.post(ROUNDS.format(id=workshop["id"]), json={"kind": "6_months"}, headers=headers)
    for wanted in ("closed", "archived", "open"):
        assert client.post(status_url, json={"status": wanted}, headers=headers).status_code == 409, wanted
    assert _status(client, workshop) == "follow_up"


def test_an_archived_workshop_takes_no_round(closed_workshop):
    client, _runtime, workshop = closed_workshop
    archived = client.post(
        f"/registration/workshops/{workshop['id']}/status", json={"status": "archived"}, headers=workshop["headers"]
    )
    assert archived.status_code == 200
    refused = client.post(ROUNDS.format(id=workshop["id"]), json={"kind": "6_months"}, headers=workshop["headers"])
    assert refused.status_code == 409 and "归档" in refused.json["message"]


def test_another_workshop_or_programme_is_not_found_and_an_account_token_is_not_a_grant(closed_workshop):
    client, runtime, workshop = closed_workshop
    neighbour = close(client, create_open_workshop(client))  # the same programme, another workshop
    other = accounts.create_organiser(
        runtime.sessions, "另一个项目", "q@example.org", "乙方", "another-long-passphrase"
    )
    other_token = accounts.issue_account_token(runtime.sessions, other)
    foreign = client.post("/registration/workshops", json=_fields(client, workshop), headers=bearer(other_token)).json
    for stranger in (neighbour, dict(foreign, headers=bearer(foreign["facilitator_token"]))):
        for method, url, body in (
            ("get", ROUNDS, None),
            ("post", ROUNDS, {"kind": "6_months"}),
            ("post", CLOSE_ROUND, None),
        ):
            response = getattr(client, method)(url.format(id=workshop["id"]), json=body, headers=stranger["headers"])
            assert response.status_code == 404, (method, url, response.json)
    # an organiser's account token is for creating workshops only (the test client sends one)
    assert client.get(ROUNDS.format(id=workshop["id"])).status_code == 401
    assert client.post(ROUNDS.format(id=workshop["id"]), json={"kind": "6_months"}).status_code == 401
    assert _stored_rounds(runtime, workshop["id"]) == []


def test_opening_a_round_is_one_transaction(closed_workshop, monkeypatch):
    """The round, the status and both events, or nothing: a failure while announcing the
    status leaves no round, the workshop closed, and no `round.opened` to go out."""
    client, runtime, workshop = closed_workshop
    real_publish = rounds.publish

    def failing(session, event_type, payload):
        if event_type == "workshop.status_changed":
            raise RuntimeError("the outbox is unwritable")
        return real_publish(session, event_type, payload)

    monkeypatch.setattr(rounds, "publish", failing)
    before = [e.type for e in outbox_events(runtime)]
    with pytest.raises(RuntimeError):
        rounds.open_round(runtime.sessions, Principal(FACILITATOR, workshop["id"]), workshop["id"], "6_months")
    assert _stored_rounds(runtime, workshop["id"]) == []
    assert _status(client, workshop) == "closed"
    assert [e.type for e in outbox_events(runtime)] == before
    monkeypatch.setattr(rounds, "publish", real_publish)
    made = rounds.open_round(runtime.sessions, Principal(FACILITATOR, workshop["id"]), workshop["id"], "6_months")
    assert made["number"] == 2  # the failed attempt took no number


def test_a_confirmation_opens_and_closes_once(closed_workshop):
    client, runtime, workshop = closed_workshop
    principal = Principal(FACILITATOR, workshop["id"])
    rounds.open_round(runtime.sessions, principal, workshop["id"], "6_months", expected_number=2)
    with pytest.raises(rounds.RoundUsedAlready):
        rounds.open_round(runtime.sessions, principal, workshop["id"], "6_months", expected_number=2)
    rounds.close_round(runtime.sessions, principal, workshop["id"], expected_number=2)
    with pytest.raises(rounds.RoundUsedAlready):
        rounds.close_round(runtime.sessions, principal, workshop["id"], expected_number=2)
    with pytest.raises(rounds.RoundUsedAlready):  # round 2's confirmation, once round 2 is over
        rounds.open_round(runtime.sessions, principal, workshop["id"], "6_months", expected_number=2)
    with pytest.raises(Conflict):
        rounds.close_round(runtime.sessions, principal, workshop["id"])
    assert [r["number"] for r in _stored_rounds(runtime, workshop["id"])] == [2]


def test_in_follow_up_the_organisations_links_still_work_and_no_one_registers(api):
    client, _runtime = api
    workshop = create_open_workshop(client)
    organisation = register(client, workshop)
    close(client, workshop)
    client.post(ROUNDS.format(id=workshop["id"]), json={"kind": "6_months"}, headers=workshop["headers"])
    assert client.get("/registration/me", headers=organisation["headers"]).status_code == 200
    mine = client.get(f"/registration/organisations/{organisation['id']}", headers=organisation["headers"])
    assert mine.status_code == 200
    edited = client.patch(
        f"/registration/organisations/{organisation['id']}", json={"volunteers": 200}, headers=organisation["headers"]
    )
    assert edited.status_code == 200, edited.json
    late = client.post(f"/registration/codes/{workshop['code']}/organisations", json={"name_zh": "迟到的机构"})
    assert late.status_code == 409


# ---------------------------------------------------------------- the pages


def _browser(app, token):
    client = FlaskClient(app, app.response_class, use_cookies=True)  # no API token: the cookie
    client.get(f"/registration/link/{token}")
    return client


@pytest.fixture
def console(service_app):
    app, runtime = service_app("registration")
    api_client = app.test_client()
    workshop = create_open_workshop(api_client)
    organisation = register(api_client, workshop)
    close(api_client, workshop)
    return _browser(app, workshop["facilitator_token"]), runtime, workshop, organisation


def _form(client, path, data, workshop):
    return client.post(
        path, data=dict(data, workshop_id=workshop["id"], csrf_token=_csrf(client, "/registration/f/edit"))
    )


def test_a_round_is_opened_and_closed_on_the_dashboard_each_after_a_confirmation(console):
    client, runtime, workshop, _organisation = console
    dashboard = client.get("/registration/f/").get_data(as_text=True)
    assert "回访轮次" in dashboard and 'data-testid="open-round-form"' in dashboard
    assert "2026-08-10" in dashboard and "2026-11-10" in dashboard  # the dates 3 and 6 months give
    confirm = client.get("/registration/f/rounds/new?kind=6_months&opens_on=")
    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "第 2 轮" in page and "2026-11-10" in page
    assert _stored_rounds(runtime, workshop["id"]) == []  # asking is not doing
    unconfirmed = _form(client, "/registration/f/rounds", {"kind": "6_months"}, workshop)
    assert (
        unconfirmed.status_code == 303 and "/registration/f/rounds/new?kind=6_months" in unconfirmed.headers["Location"]
    )
    confirmation = {"kind": "6_months", "opens_on": "", "number": "2", "confirmed": "yes"}
    opened = _form(client, "/registration/f/rounds", confirmation, workshop)
    assert opened.status_code == 303 and opened.headers["Location"].endswith("/registration/f/#rounds")
    dashboard = client.get("/registration/f/").get_data(as_text=True)
    assert "第 2 轮回访进行中" in dashboard and 'data-testid="close-round"' in dashboard
    assert 'data-testid="open-round-form"' not in dashboard
    resent = _form(client, "/registration/f/rounds", confirmation, workshop)
    assert resent.status_code == 303 and "used=1" in resent.headers["Location"]
    assert len(_stored_rounds(runtime, workshop["id"])) == 1

    close_page = client.get("/registration/f/rounds/close").get_data(as_text=True)
    assert "第 2 轮回访进行中" in close_page
    assert _form(client, "/registration/f/rounds/close", {}, workshop).headers["Location"].endswith("/f/rounds/close")
    closing = {"number": "2", "confirmed": "yes"}
    assert _form(client, "/registration/f/rounds/close", closing, workshop).status_code == 303
    assert _stored_rounds(runtime, workshop["id"])[0]["closed_at"] is not None
    again = _form(client, "/registration/f/rounds/close", closing, workshop)
    assert again.status_code == 303 and "used=1" in again.headers["Location"]
    dashboard = client.get("/registration/f/?used=1").get_data(as_text=True)
    assert 'data-testid="round-used"' in dashboard and 'data-testid="open-round-form"' in dashboard
    assert re.search(r'data-testid="round-row">\s*第 2 轮', dashboard)


def test_a_date_before_the_end_is_refused_next_to_its_field_on_the_page(console):
    client, runtime, workshop, _organisation = console
    refused = client.get("/registration/f/rounds/new?kind=date&opens_on=2026-05-01")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="opens_on-error"' in page and "不能早于" in page
    posted = _form(
        client,
        "/registration/f/rounds",
        {"kind": "date", "opens_on": "2026-05-01", "number": "2", "confirmed": "yes"},
        workshop,
    )
    assert posted.status_code == 422 and 'id="opens_on-error"' in posted.get_data(as_text=True)
    assert _stored_rounds(runtime, workshop["id"]) == []
    on_a_date = client.get("/registration/f/rounds/new?kind=date&opens_on=2026-09-01")
    assert on_a_date.status_code == 200 and "2026-09-01" in on_a_date.get_data(as_text=True)


def test_an_open_workshop_is_told_to_close_first_and_no_round_to_close_is_said(service_app):
    app, _runtime = service_app("registration")
    workshop = create_open_workshop(app.test_client())
    client = _browser(app, workshop["facilitator_token"])
    assert 'data-testid="rounds"' not in client.get("/registration/f/").get_data(as_text=True)
    refused = client.get("/registration/f/rounds/new?kind=6_months")
    assert refused.status_code == 409 and "截止" in refused.get_data(as_text=True)
    assert client.get("/registration/f/rounds/close").status_code == 409


def test_the_round_forms_carry_their_workshop_and_a_form_of_another_is_refused(console):
    client, runtime, workshop, _organisation = console
    for path in ("/registration/f/rounds/new?kind=6_months",):
        forms = re.findall(r'<form method="post".*?</form>', client.get(path).get_data(as_text=True), flags=re.S)
        assert forms and all(f'name="workshop_id" value="{workshop["id"]}"' in form for form in forms)
    token = _csrf(client, "/registration/f/edit")
    other = client.post(
        "/registration/f/rounds",
        data={"kind": "6_months", "number": "2", "confirmed": "yes", "workshop_id": "another", "csrf_token": token},
    )
    assert other.status_code == 409 and _stored_rounds(runtime, workshop["id"]) == []
    no_csrf = client.post(
        "/registration/f/rounds",
        data={"kind": "6_months", "number": "2", "confirmed": "yes", "workshop_id": workshop["id"]},
    )
    assert no_csrf.status_code in (400, 403) and _stored_rounds(runtime, workshop["id"]) == []


def test_the_leaders_home_says_the_round_is_open_and_links_the_questionnaire(console):
    client, runtime, workshop, organisation = console
    leader = _browser(client.application, organisation["access_token"])
    home = leader.get("/registration/o/").get_data(as_text=True)
    assert 'data-testid="round-notice"' not in home
    rounds.open_round(runtime.sessions, Principal(FACILITATOR, workshop["id"]), workshop["id"], "6_months")
    home = leader.get("/registration/o/")
    page = home.get_data(as_text=True)
    assert home.status_code == 200
    assert "第 2 轮回访已开启：请重新填写诊断（已预填上次的答案）" in page
    assert re.search(r'href="/diagnosis/q/" data-testid="round-questionnaire"', page)
    leader.set_cookie("nl_lang", "en")  # the language switch
    english = leader.get("/registration/o/").get_data(as_text=True)
    assert "Follow-up round 2 is open" in english


def test_the_organiser_sees_each_workshops_rounds_and_opens_one_from_the_programme(service_app):
    app, runtime = service_app("registration")
    workshop = close(app.test_client(), create_open_workshop(app.test_client()))
    organiser = FlaskClient(app, app.response_class, use_cookies=True)
    assert sign_in(organiser).status_code == 303
    home = organiser.get("/registration/account/").get_data(as_text=True)
    link = f"/registration/account/workshops/{workshop['id']}/open?to=rounds"
    assert link in home and "回访轮次" in home
    opened = organiser.get(link)
    assert opened.status_code == 303 and opened.headers["Location"].endswith("/registration/f/#rounds")
    assert 'data-testid="open-round-form"' in organiser.get("/registration/f/").get_data(as_text=True)
    confirmation = {"kind": "3_months", "number": "2", "confirmed": "yes"}
    assert _form(organiser, "/registration/f/rounds", confirmation, workshop).status_code == 303
    stored = _stored_rounds(runtime, workshop["id"])
    me = accounts.sign_in(runtime.sessions, "organiser@example.org", ORGANISER_PASSWORD)
    assert [(r["number"], r["kind"], r["opened_by"]) for r in stored] == [(2, "3_months", me.id)]
    home = organiser.get("/registration/account/").get_data(as_text=True)
    assert "第 2 轮回访进行中" in home and "回访进行中" in home
    programme = organiser.get("/registration/account/programme").get_data(as_text=True)
    assert 'data-testid="programme-rounds"' in programme and "第 2 轮回访进行中" in programme
    assert link in programme
