"""On a 360 px phone inside WeChat (its User-Agent), against the whole running system: the
"how to fill it in" page, read with no link and reached from the questionnaire, a rater's
invitation whose QR code, read back by zbarimg, opens that rater's questionnaire, and the
report read in the page with the "open it in the browser" hint next to its downloads."""

from __future__ import annotations

import pytest

from simulator.cohort import InstrumentCodes, sample_cohort
from simulator.driver import Api, answer, open_workshop, register
from tests.e2e.test_questionnaire_phone import registered_leader
from tests.integration.test_wechat_pages import SIGNED_HINT, WECHAT
from tests.support.browser import PHONE, fits_width, screenshot
from tests.support.client import NianlunClient
from tests.support.processes import wait_until
from tests.support.qr import codes_in_page

pytestmark = pytest.mark.e2e


def _phone(browser):
    return browser.new_context(viewport=PHONE, locale="zh-CN", user_agent=WECHAT)


@pytest.fixture
def leader(stack, browser):
    """A registered organisation's leader in WeChat on a phone, their private link opened."""
    _api, token = registered_leader(stack, "微信手机测试工作坊", "微信手机测试机构")
    context = _phone(browser)
    page = context.new_page()
    page.goto(stack.url(f"/registration/link/{token}"))
    assert page.url.endswith("/registration/o/")
    yield {"page": page, "stack": stack}
    context.close()


def _fits(page, name):
    assert "Traceback" not in page.content()
    assert fits_width(page), f"{name} scrolls sideways at 360 px"


def test_how_to_fill_it_in_reads_on_a_phone_without_a_link_and_from_the_questionnaire(leader, browser):
    stack, page = leader["stack"], leader["page"]
    stranger = _phone(browser)
    anyone = stranger.new_page()
    anyone.goto(stack.url("/diagnosis/q/how"))
    assert anyone.locator("h1").inner_text() == "怎么填写组织诊断"
    assert "没有「不确定」" in anyone.inner_text("[data-testid=how-to]")
    _fits(anyone, "how-to (no link)")
    stranger.close()

    page.goto(stack.url("/diagnosis/q/"))
    estimate = page.inner_text("[data-testid=estimate]")
    page.click("[data-testid=how-to-link]")
    assert page.url.endswith("/diagnosis/q/how")
    minutes = page.inner_text("[data-testid=how-long-leader]")
    assert minutes.split("约 ")[1].split(" 分钟")[0] == estimate.split("约 ")[1].split(" 分钟")[0]
    for section in ("how-long", "saved", "levels", "numbers", "raters", "who-sees"):
        assert page.locator(f"#{section}").is_visible()
    _fits(page, "how-to")
    screenshot(page, "how-to-fill-in-phone")
    page.click("[data-testid=to-questionnaire]")
    assert page.url.endswith("/diagnosis/q/")


def test_a_rater_s_invitation_shows_a_qr_code_that_opens_their_questionnaire(leader, browser):
    page = leader["page"]
    page.wait_for_selector("[data-testid=diagnosis-panel] [data-testid=invite]")  # the panel is a fragment
    assert page.locator("[data-testid=diagnosis-panel] [data-testid=how-to-link]").is_visible()
    page.fill("#rater-label", "王理事")
    page.select_option("#rater-role", "board")
    page.click("[data-testid=invite]")
    page.wait_for_selector("[data-testid=qr]")
    link = page.input_value("[data-testid=rater-link]")
    assert "/diagnosis/link/nlr_" in link
    qr = page.locator("[data-testid=qr]")
    assert qr.get_attribute("alt") == "王理事（理事）的专属链接二维码"
    box = qr.bounding_box()
    assert box and 150 <= box["width"] <= 360  # big enough to scan from the leader's phone
    assert codes_in_page(page.content()) == [link]
    assert "微信扫一扫" in page.inner_text("[data-testid=qr-hint]")
    _fits(page, "rater invitation")
    screenshot(page, "rater-invitation-qr-phone")

    scanned = _phone(browser)  # the rater's own phone, in WeChat, after scanning
    rater = scanned.new_page()
    rater.goto(link)
    assert rater.url.endswith("/diagnosis/q/")
    assert "您的填写身份：理事" in rater.inner_text("main")
    assert rater.locator("[data-testid=who-sees-what]").is_visible()
    _fits(rater, "rater's questionnaire")
    scanned.close()


def test_in_wechat_the_report_reads_in_the_page_and_its_downloads_say_to_open_the_browser(stack, browser):
    api = Api(stack.base_url, stack.account_token)
    sample = sample_cohort(InstrumentCodes.from_json(api.call("GET", "/diagnosis/instrument").json()), size=1)[0]
    organisation = register(api, open_workshop(api, "微信报告测试工作坊", capacity=10), sample)
    answer(api, organisation, sample)
    client = NianlunClient(stack.base_url, stack.account_token)
    wait_until(
        lambda: any(r["state"] == "ready" for r in client.reports(organisation)), 120, interval=0.2, what="a report"
    )
    context = _phone(browser)
    page = context.new_page()
    page.goto(stack.url(f"/registration/link/{organisation['access_token']}"))
    panel_hint = page.locator("[data-testid=report-panel] [data-testid=wechat-hint]")
    panel_hint.wait_for(timeout=15_000)  # the report panel is a fragment, fetched with WeChat's User-Agent
    assert panel_hint.inner_text() == SIGNED_HINT
    page.click("[data-testid=read-report]")
    page.wait_for_selector("[data-testid=report]")
    assert page.inner_text("[data-testid=wechat-hint]") == SIGNED_HINT
    assert page.locator("[data-testid=download-pdf]").is_visible()  # still offered, for a browser that can
    signed = page.get_attribute("[data-testid=download-pdf]", "href")
    in_the_phone_s_browser = browser.new_context().request.get(stack.url(signed))  # no cookie there
    assert in_the_phone_s_browser.ok and in_the_phone_s_browser.body().startswith(b"%PDF")
    assert page.locator("[data-testid=report] h2").count() >= 5  # the report itself, readable in WeChat
    _fits(page, "report in WeChat")
    screenshot(page, "report-in-wechat-phone")
    context.close()

    plain = browser.new_context(viewport=PHONE, locale="zh-CN")
    other = plain.new_page()
    other.goto(stack.url(f"/registration/link/{organisation['access_token']}"))
    other.goto(stack.url("/reporting/o/report"))
    other.wait_for_selector("[data-testid=report]")
    assert other.locator("[data-testid=wechat-hint]").count() == 0
    plain.close()
