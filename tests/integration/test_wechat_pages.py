"""In the room and on WeChat: a rater's invitation as a QR code that opens their
questionnaire, private links that work in WeChat's own browser as in any other, the
"open it in the browser" hint next to every download only inside WeChat, and the public
"how to fill it in" page with the questionnaire's own time estimate."""

import re

import pytest
from flask.testing import FlaskClient

from services.common.web import in_wechat
from tests.integration.test_diagnosis_api import World
from tests.integration.test_registration_api import create_open_workshop, register
from tests.integration.test_report_page import hostile_organisation
from tests.integration.test_reporting_service import Workshop
from tests.support.qr import codes_in_page

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # matplotlib's missing glyphs

WECHAT = (
    "Mozilla/5.0 (Linux; Android 13; V2254A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 MMWEBSDK/20230701 MMWEBID/1234 "
    "MicroMessenger/8.0.40.2420(0x28002837) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64"
)
PHONE_BROWSER = (
    "Mozilla/5.0 (Linux; Android 13; V2254A) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/119.0.0.0 Mobile Safari/537.36"
)
HINT = "在微信中无法下载文件：请点右上角「···」，选择「在浏览器中打开」，再下载。"
# Where the page's downloads are signed links, which open in the phone's browser as they are.
SIGNED_HINT = (
    "在微信中无法下载文件：请先点下载按钮，再点右上角「···」，选择「在浏览器中打开」。下载链接 10 分钟内有效。"
)


def browser(app, user_agent=PHONE_BROWSER):
    """A phone's browser: cookies kept, no API token, the given User-Agent."""
    client = FlaskClient(app, app.response_class, use_cookies=True)
    client.environ_base["HTTP_USER_AGENT"] = user_agent
    return client


def _csrf(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.fixture
def diagnosis(service_app):
    app, runtime = service_app("diagnosis")
    world = World(runtime)
    organisation = world.organisation(world.workshop())
    return app, organisation["headers"]["Authorization"].removeprefix("Bearer "), organisation


def _rater_token(app, organisation):
    invited = app.test_client().post(
        f"/diagnosis/organisations/{organisation['id']}/respondents",
        json={"role": "staff"},
        headers=organisation["headers"],
    )
    assert invited.status_code == 201, invited.json
    return invited.json["token"]


# ---------------------------------------------------------------- the rater's invitation


@pytest.mark.parametrize("user_agent", [WECHAT, PHONE_BROWSER], ids=["wechat", "browser"])
def test_a_rater_s_invitation_shows_a_qr_code_of_its_link_and_the_code_opens_their_questionnaire(diagnosis, user_agent):
    app, leader_token, _organisation = diagnosis
    leader = browser(app, user_agent)
    leader.set_cookie("nl_token", leader_token)  # as registration's link leaves it
    panel = leader.get("/diagnosis/o/panel").get_data(as_text=True)
    invited = leader.post(
        "/diagnosis/o/raters",
        data={"csrf_token": _csrf(panel), "role": "board", "label": "王理事", "next": "/registration/o/"},
    )
    assert invited.status_code == 201
    html = invited.get_data(as_text=True)
    link = re.search(r'value="([^"]+)"[^>]*data-testid="rater-link"', html)[1]
    assert re.fullmatch(r"http://localhost/diagnosis/link/nlr_[A-Za-z0-9_-]+", link), link
    assert codes_in_page(html) == [link]  # what a phone's camera reads is the link shown, exactly
    assert 'alt="王理事（理事）的专属链接二维码"' in html
    assert "微信扫一扫" in html and "在微信里把链接转发给对方" in html
    assert "对方的回答是保密的" in html and "看不到任何一个人的回答" in html  # as the rater's own page says

    rater = browser(app, WECHAT)  # the rater scans it in WeChat: a browser with no cookie of ours
    opened = rater.get(link.removeprefix("http://localhost"))
    assert opened.status_code == 303 and opened.headers["Location"].endswith("/diagnosis/q/")
    questionnaire = rater.get("/diagnosis/q/")
    page = questionnaire.get_data(as_text=True)
    assert questionnaire.status_code == 200
    assert "您的填写身份：理事" in page and 'data-testid="who-sees-what"' in page


# ---------------------------------------------------------------- private links in WeChat


@pytest.mark.parametrize("user_agent", [WECHAT, PHONE_BROWSER], ids=["wechat", "browser"])
def test_a_diagnosis_link_with_its_token_works_in_wechat_and_in_the_phone_s_browser(diagnosis, user_agent):
    app, _leader_token, organisation = diagnosis
    token = _rater_token(app, organisation)
    phone = browser(app, user_agent)
    opened = phone.get(f"/diagnosis/link/{token}")
    assert opened.status_code == 303 and opened.headers["Location"].endswith("/diagnosis/q/")
    assert "nl_token=" in opened.headers["Set-Cookie"] and "HttpOnly" in opened.headers["Set-Cookie"]
    assert phone.get("/diagnosis/q/").status_code == 200
    assert browser(app, user_agent).get("/diagnosis/q/").status_code == 401  # another browser has no cookie


@pytest.mark.parametrize("user_agent", [WECHAT, PHONE_BROWSER], ids=["wechat", "browser"])
def test_a_registration_link_with_its_token_works_in_wechat_and_in_the_phone_s_browser(service_app, user_agent):
    app, _runtime = service_app("registration")
    organisation = register(app.test_client(), create_open_workshop(app.test_client()), name_zh="微信测试机构")
    phone = browser(app, user_agent)
    opened = phone.get(f"/registration/link/{organisation['access_token']}")
    assert opened.status_code == 303 and opened.headers["Location"].endswith("/registration/o/")
    home = phone.get("/registration/o/")
    assert home.status_code == 200 and "微信测试机构" in home.get_data(as_text=True)
    lost = browser(app, user_agent).get("/registration/o/")  # "open in browser" without the link
    assert lost.status_code == 401 and "请重新打开您收到的专属链接或扫描二维码" in lost.get_data(as_text=True)


# ---------------------------------------------------------------- the download hint


def test_in_wechat_reads_the_user_agent(service_app):
    app, _runtime = service_app("diagnosis")
    for user_agent, expected in [(WECHAT, True), (PHONE_BROWSER, False), ("", False)]:
        with app.test_request_context("/", headers={"User-Agent": user_agent}):
            assert in_wechat() is expected


@pytest.fixture
def reporting(service_app):
    app, runtime = service_app("reporting")
    workshop = Workshop(runtime, size=0)
    organisation = hostile_organisation(workshop)
    return app, organisation["token"], workshop.facilitator["Authorization"].removeprefix("Bearer ")


@pytest.mark.parametrize("path", ["/reporting/o/report", "/reporting/o/panel?fragment=1"])
def test_the_report_s_downloads_say_how_to_open_the_browser_only_inside_wechat(reporting, path):
    app, token, _facilitator = reporting
    for user_agent, shown in [(WECHAT, True), (PHONE_BROWSER, False)]:
        client = browser(app, user_agent)
        client.set_cookie("nl_token", token)
        page = client.get(path)
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and 'data-testid="download-pdf"' in html
        assert (SIGNED_HINT in html) is shown, user_agent
        assert html.count('data-testid="wechat-hint"') == (1 if shown else 0)
        if path == "/reporting/o/report":
            assert 'data-testid="report"' in html  # the web version stays readable in WeChat


def test_inside_wechat_the_leader_s_downloads_open_in_the_phone_s_browser_without_the_cookie(reporting):
    """WeChat's 在浏览器中打开 takes the address to a browser that never saw the private link."""
    app, token, _facilitator = reporting
    wechat = browser(app, WECHAT)
    wechat.set_cookie("nl_token", token)
    for path in ("/reporting/o/report", "/reporting/o/panel?fragment=1"):
        html = wechat.get(path).get_data(as_text=True)
        for testid in ("download-pdf", "download-appendix"):
            href = re.search(rf'href="([^"]+)" data-testid="{testid}"', html)[1]
            assert href.startswith("/reporting/downloads/"), (path, href)
            downloaded = browser(app).get(href)  # the phone's own browser: no cookie
            assert downloaded.status_code == 200 and downloaded.data.startswith(b"%PDF"), (path, testid)
            assert "filename*=UTF-8''" in downloaded.headers["Content-Disposition"]
            assert "nianlun-report" not in downloaded.headers["Content-Disposition"]  # named, not a UUID
    plain = browser(app)
    plain.set_cookie("nl_token", token)
    assert "/reporting/downloads/" not in plain.get("/reporting/o/report").get_data(as_text=True)
    assert browser(app).get("/reporting/downloads/not-a-signed-link").status_code == 404


def test_the_facilitator_s_downloads_say_how_to_open_the_browser_only_inside_wechat(reporting):
    app, _token, facilitator_token = reporting
    for user_agent, hints in [(WECHAT, 1), (PHONE_BROWSER, 0)]:
        client = browser(app, user_agent)
        client.set_cookie("nl_token", facilitator_token)
        html = client.get("/reporting/f/panel?fragment=1").get_data(as_text=True)
        assert 'data-testid="download-all-reports"' in html  # the zip of every report
        assert html.count(HINT) == hints, user_agent


def test_the_roster_export_says_how_to_open_the_browser_only_inside_wechat(service_app):
    app, _runtime = service_app("registration")
    workshop = create_open_workshop(app.test_client())
    for user_agent, hints in [(WECHAT, 2), (PHONE_BROWSER, 0)]:
        facilitator = browser(app, user_agent)
        facilitator.get(f"/registration/link/{workshop['facilitator_token']}")
        html = facilitator.get("/registration/f/roster").get_data(as_text=True)
        assert 'data-testid="export-xlsx"' in html
        assert html.count(HINT) == hints, user_agent
    english = browser(app, WECHAT)
    english.set_cookie("nl_lang", "en")
    english.get(f"/registration/link/{workshop['facilitator_token']}")
    assert "WeChat cannot download files: tap ··· at the top right and choose Open in browser, then download." in (
        english.get("/registration/f/roster").get_data(as_text=True)
    )


# ---------------------------------------------------------------- how to fill it in


def _minutes(text):
    return [int(n) for n in re.findall(r"约 (\d+) 分钟", text)]


def test_how_to_fill_it_in_needs_no_link_and_gives_the_questionnaire_s_own_estimate(diagnosis):
    app, leader_token, _organisation = diagnosis
    anyone = browser(app, WECHAT)
    how = anyone.get("/diagnosis/q/how")
    html = how.get_data(as_text=True)
    assert how.status_code == 200
    assert "没有「不确定」" in html and "上一个完整年度" in html and "同一个专属链接继续填写" in html
    assert 'data-testid="to-questionnaire"' not in html  # no link yet: told to open theirs

    leader = browser(app)
    leader.set_cookie("nl_token", leader_token)
    overview = leader.get("/diagnosis/q/").get_data(as_text=True)
    assert 'href="/diagnosis/q/how"' in overview
    assert 'href="/diagnosis/q/how"' in leader.get("/diagnosis/o/panel?fragment=1").get_data(as_text=True)
    leader_line = re.search(r'data-testid="how-long-leader">([^<]+)<', html)[1]
    estimate = re.search(r'data-testid="estimate">(.+?)</p>', overview, re.S)[1]
    assert _minutes(leader_line) == _minutes(estimate) and _minutes(estimate)
    assert re.search(r"共 \d+ 题", leader_line)[0] == re.search(r"共 \d+ 题", estimate)[0]
    assert 'data-testid="to-questionnaire"' in leader.get("/diagnosis/q/how").get_data(as_text=True)


def test_inside_wechat_the_summary_downloads_open_in_the_phone_s_browser_named_by_the_workshop(service_app):
    from services.reporting.service_layer import summaries
    from tests.integration.test_reporting_service import fake_summary, render

    app, runtime = service_app("reporting")
    workshop = Workshop(runtime)
    for organisation in workshop.organisations:
        render(runtime, organisation["report_id"])
    started = app.test_client().post(f"/reporting/workshops/{workshop.id}/render", headers=workshop.facilitator)
    for organisation in workshop.organisations:
        render(runtime, organisation["report_id"])
    assert summaries.render_summary(runtime.sessions, runtime.settings, started.json["summary"]["id"], fake_summary)
    wechat = browser(app, WECHAT)
    wechat.set_cookie("nl_token", workshop.facilitator["Authorization"].removeprefix("Bearer "))
    html = wechat.get("/reporting/f/panel?fragment=1").get_data(as_text=True)
    assert html.count(SIGNED_HINT) == 1 and html.count(HINT) == 1  # the zip is not signed: the plain hint
    for testid, start in (("download-summary", b"%PDF"), ("download-xlsx", b"PK")):
        href = re.search(rf'href="([^"]+)" data-testid="{testid}"', html)[1]
        downloaded = browser(app).get(href)  # the phone's own browser: no cookie
        assert downloaded.status_code == 200 and downloaded.data.startswith(start), testid
        assert "filename*=UTF-8''" in downloaded.headers["Content-Disposition"]
