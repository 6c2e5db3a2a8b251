"""The facilitator's projector pages (issue 20), through the Flask test client: only the
workshop's own facilitator sees them, the talks follow the agenda, and the debrief shows no
figure below five submitted organisations."""

import re

import pytest
from flask.testing import FlaskClient

from services.common.clock import now
from services.common.web import TOKEN_COOKIE
from services.diagnosis.domain.cooperation import month_ahead
from tests.integration.test_diagnosis_api import World, complete, submit
from tests.integration.test_registration_api import create_open_workshop, register


def _browser(app, token=None):
    """A browser: no API token, the private link's cookie."""
    client = FlaskClient(app, app.response_class, use_cookies=True)
    if token:
        client.set_cookie(TOKEN_COOKIE, token, path="/")
    return client


def _no_inline_code(html: str):
    """The pages' policy runs no inline script or style: everything comes from static files."""
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html and " style=" not in html


# ---------------------------------------------------------------- the lightning talks


@pytest.fixture
def talks(service_app):
    app, _runtime = service_app("registration")
    api = app.test_client()
    workshop = create_open_workshop(api)
    names = ["贵州省安顺市西秀区青少年发展与社区营造公益服务中心", "镇宁县木棉公益发展中心", "普定县夕阳红养老服务中心"]
    for n, name in enumerate(names):
        register(api, workshop, name_zh=name, credit_code=None, years_in_sector=5 + 5 * n)
    agenda = api.get(f"/registration/workshops/{workshop['id']}/agenda", headers=workshop["headers"])
    assert agenda.status_code == 200, agenda.json
    order = [s["name_zh"] for s in agenda.json["slots"] if s["kind"] == "talk"]
    assert order == names[::-1]  # the longest in the sector first
    return app, api, workshop, order


def test_the_talks_page_follows_the_agenda_and_keeps_its_place(talks):
    app, api, workshop, order = talks
    browser = _browser(app)
    browser.get(f"/registration/link/{workshop['facilitator_token']}")
    page = browser.get("/registration/f/projector/talks")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "script-src 'self'" in page.headers["Content-Security-Policy"]
    _no_inline_code(html)
    listed = re.findall(r'<li data-zh="([^"]+)"', html)
    assert listed == order
    assert re.search(r'data-testid="now">([^<]+)<', html).group(1) == order[0]
    assert re.search(r'data-testid="next">([^<]+)<', html).group(1) == order[1]
    assert 'data-seconds="120"' in html and ">02:00<" in html  # two minutes unless the workshop says otherwise
    second = browser.get("/registration/f/projector/talks?at=2&left=45").get_data(as_text=True)
    assert re.search(r'data-testid="now">([^<]+)<', second).group(1) == order[1]
    assert ">00:45<" in second
    for odd in ("?at=0", "?at=x", "?at=²", "?left=-5"):  # nonsense in the address: the first talk, whole time
        shown = browser.get(f"/registration/f/projector/talks{odd}").get_data(as_text=True)
        assert re.search(r'data-testid="now">([^<]+)<', shown).group(1) == order[0] and ">02:00<" in shown
    last = browser.get("/registration/f/projector/talks?at=99").get_data(as_text=True)
    assert re.search(r'data-testid="now">([^<]+)<', last).group(1) == order[-1]
    changed = api.patch(
        f"/registration/workshops/{workshop['id']}", json={"talk_minutes": 3}, headers=workshop["headers"]
    )
    assert changed.status_code == 200, changed.json
    longer = browser.get("/registration/f/projector/talks").get_data(as_text=True)
    assert 'data-seconds="180"' in longer and ">03:00<" in longer  # the workshop's own talk length
    dashboard = browser.get("/registration/f/").get_data(as_text=True)
    links = re.search(r'data-testid="projector-links">(.*?)</nav>', dashboard, re.S).group(1)
    for path in (
        "/registration/f/projector/talks",
        "/diagnosis/f/projector/submissions",
        "/diagnosis/f/projector/cohort",
    ):
        assert f'href="{path}"' in links


def test_the_talks_page_is_only_for_the_workshops_facilitator(talks):
    app, api, workshop, order = talks
    assert _browser(app).get("/registration/f/projector/talks").status_code == 401
    leader = register(api, workshop, name_zh="安顺市联众社会工作服务中心", credit_code=None)
    assert _browser(app, leader["access_token"]).get("/registration/f/projector/talks").status_code == 404
    other = create_open_workshop(api)
    register(api, other, name_zh="别的工作坊的机构", credit_code=None)
    page = _browser(app, other["facilitator_token"]).get("/registration/f/projector/talks")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "别的工作坊的机构" in html
    assert not any(name in html for name in order)


# ---------------------------------------------------------------- the debrief and the counter


@pytest.fixture
def cohort(service_app):
    app, runtime = service_app("diagnosis")
    client, world = app.test_client(), World(runtime)
    x, y = world.workshop(), world.workshop()
    organisations = [world.organisation(x, name_zh=f"安顺市第{n}社会工作服务中心") for n in range(1, 7)]
    return app, client, world, x, y, organisations


def _token(headers):
    return headers["Authorization"].removeprefix("Bearer ")


def test_the_debrief_shows_no_figure_below_five_and_everything_from_five(cohort):
    app, client, _world, x, _y, organisations = cohort
    facilitator = _browser(app, _token(x["headers"]))
    for organisation in organisations[:4]:
        submit(client, organisation["headers"], complete())
    page = facilitator.get("/diagnosis/f/projector/cohort")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-testid="debrief-suppressed"' in html
    assert "4" in re.search(r'data-testid="debrief-suppressed">(.*?)</div>', html, re.S).group(1)
    for figure in ('data-testid="median"', 'data-testid="pair"', 'data-testid="quadrant"', "bar-fill"):
        assert figure not in html
    for slide in range(2, 6):  # no slide shows a figure either
        other = facilitator.get(f"/diagnosis/f/projector/cohort?slide={slide}").get_data(as_text=True)
        assert "bar-fill" not in other and 'data-testid="debrief-suppressed"' in other

    submit(client, organisations[4]["headers"], complete(2))
    wheel = facilitator.get("/diagnosis/f/projector/cohort").get_data(as_text=True)
    _no_inline_code(wheel)
    assert 'data-testid="debrief-suppressed"' not in wheel
    assert len(re.findall(r'data-testid="median">[\d.]+<', wheel)) == 10  # every spoke of the wheel
    scan = facilitator.get("/diagnosis/f/projector/cohort?slide=3").get_data(as_text=True)
    assert len(re.findall(r'data-testid="quadrant"', scan)) == 4
    assert "5 / 5" in scan  # the statement every organisation chose, counted
    assert 'data-testid="slide-pairs"' in facilitator.get("/diagnosis/f/projector/cohort?slide=4").get_data(
        as_text=True
    )
    assert 'data-testid="slide-weaknesses"' in facilitator.get("/diagnosis/f/projector/cohort?slide=2").get_data(
        as_text=True
    )


def test_the_debrief_shows_the_intents_agreed_and_never_a_declined_one(cohort):
    app, client, _world, x, _y, organisations = cohort
    for organisation in organisations[:5]:
        submit(client, organisation["headers"], complete())
    facilitator = _browser(app, _token(x["headers"]))
    assert 'data-testid="no-agreed-intents"' in facilitator.get("/diagnosis/f/projector/cohort?slide=5").get_data(
        as_text=True
    )
    a, b, c = organisations[:3]
    for partner, kind in ((b, "resource_sharing"), (c, "learning")):
        body = {"partner_id": partner["id"], "kind": kind, "what": f"与{kind}合作", "target_month": "2099-01"}
        made = client.post(
            "/diagnosis/intents/mine", json=body | {"target_month": month_ahead(now().date(), 1)}, headers=a["headers"]
        )
        assert made.status_code == 201, made.json
        answer = "accept" if partner is b else "decline"
        assert (
            client.post(f"/diagnosis/intents/{made.json['id']}/{answer}", headers=partner["headers"]).status_code == 200
        )
    html = facilitator.get("/diagnosis/f/projector/cohort?slide=5").get_data(as_text=True)
    assert html.count('data-testid="agreed-intent"') == 1 and "与resource_sharing合作" in html
    assert "与learning合作" not in html  # a refusal is never shown to the room
    assert "已达成的合作：1 项" in html


def test_the_counter_counts_and_only_for_the_workshops_facilitator(cohort):
    app, client, _world, x, y, organisations = cohort
    for organisation in organisations[:2]:
        submit(client, organisation["headers"], complete())
    facilitator = _browser(app, _token(x["headers"]))
    page = facilitator.get("/diagnosis/f/projector/submissions").get_data(as_text=True)
    _no_inline_code(page)
    assert 'data-done="2" data-total="6"' in page
    assert 'data-fragment="/diagnosis/f/projector/submissions/count"' in page
    submit(client, organisations[2]["headers"], complete())
    count = facilitator.get("/diagnosis/f/projector/submissions/count?fragment=1").get_data(as_text=True)
    assert 'data-done="3" data-total="6"' in count

    for path in (
        "/diagnosis/f/projector/submissions",
        "/diagnosis/f/projector/submissions/count",
        "/diagnosis/f/projector/cohort",
    ):
        assert _browser(app).get(path).status_code == 401
        assert _browser(app, _token(organisations[0]["headers"])).get(path).status_code == 404
        other = _browser(app, _token(y["headers"])).get(path)
        assert other.status_code == 200 and 'data-done="3"' not in other.get_data(as_text=True)
