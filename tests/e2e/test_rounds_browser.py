"""Follow-up rounds (issue 21) in a real browser, on a laptop and on a 360 px phone: a
facilitator closes the workshop, opens a round 6 months on after a confirmation, sees it
listed, the leader's home asks for the diagnosis again, and the facilitator closes the round;
an organiser finds each workshop's rounds on their home (and the programme view) and opens a
round from there."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.e2e.test_console_browser import PASSWORD, _fill_workshop, _make_organiser
from tests.support.browser import DESKTOP, PHONE, fits_width, screenshot
from tests.support.client import NianlunClient

pytestmark = pytest.mark.e2e
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


def _check(page, step: str, viewport: str):
    screenshot(page, f"rounds-{step}-{viewport}")
    assert "Traceback" not in page.content()
    if viewport == "phone":
        assert fits_width(page), f"{step} scrolls sideways at 360 px"


def _context(browser, viewport: str):
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
    return context, context.new_page()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_facilitator_opens_a_six_month_round_and_closes_it(browser, stack, viewport):
    base = stack.base_url
    client = NianlunClient(base, stack.account_token)
    workshop = client.create_workshop()  # 2026-05-08 – 2026-05-10, open for registration
    organisation = client.register(workshop)

    context, page = _context(browser, viewport)
    page.goto(f"{base}/registration/link/{workshop['facilitator_token']}")
    page.wait_for_url(re.compile(r"/registration/f/$"))
    assert page.locator("[data-testid=rounds]").count() == 0  # an open workshop has no rounds yet

    # 1. The workshop is closed (its own confirmation), and the rounds block appears.
    page.click("[data-testid=close-workshop]")
    page.click("[data-testid=confirm-close]")
    page.wait_for_selector("[data-testid=rounds]")
    assert page.inner_text("[data-testid=workshop-status]") == "已结束"
    rounds = page.inner_text("[data-testid=rounds]")
    assert "回访轮次" in rounds and "还没有回访" in rounds and "2026-11-10" in rounds
    _check(page, "closed", viewport)

    # 2. Six months on: the confirmation says which round and when, then it is open.
    page.check("[data-testid=round-kind-6_months]")
    page.click("[data-testid=open-round]")
    page.wait_for_selector("[data-testid=confirm-round]")
    planned = page.inner_text("[data-testid=planned-round]")
    assert "第 2 轮" in planned and "6 个月" in planned and "2026-11-10" in planned
    _check(page, "confirm-open", viewport)
    page.click("[data-testid=confirm-open-round]")
    page.wait_for_selector("[data-testid=round-open]")
    assert page.inner_text("[data-testid=round-open]") == "第 2 轮回访进行中"
    assert page.inner_text("[data-testid=workshop-status]") == "回访进行中"
    rows = page.locator("[data-testid=round-row]")
    assert rows.count() == 1 and "2026-11-10" in rows.nth(0).inner_text() and "进行中" in rows.nth(0).inner_text()
    assert page.locator("[data-testid=open-round-form]").count() == 0  # one round at a time
    _check(page, "open", viewport)

    # 3. The leader's home asks for the diagnosis again, with the questionnaire's link.
    leader_context, leader = _context(browser, viewport)
    leader.goto(f"{base}/registration/link/{organisation['access_token']}")
    leader.wait_for_selector("[data-testid=round-notice]")
    assert "第 2 轮回访已开启：请重新填写诊断（已预填上次的答案）" in leader.inner_text("[data-testid=round-notice]")
    assert leader.get_attribute("[data-testid=round-questionnaire]", "href") == "/diagnosis/q/"
    _check(leader, "leader-home", viewport)
    leader_context.close()

    # 4. The round is closed (after its confirmation); the workshop is closed again.
    page.click("[data-testid=close-round]")
    page.wait_for_selector("[data-testid=confirm-round-close]")
    _check(page, "confirm-close", viewport)
    page.click("[data-testid=confirm-close-round]")
    page.wait_for_selector("[data-testid=open-round-form]")
    assert page.inner_text("[data-testid=workshop-status]") == "已结束"
    row = page.locator("[data-testid=round-row]").nth(0).inner_text()
    assert "第 2 轮" in row and "已结束" in row
    _check(page, "closed-again", viewport)
    context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_an_organiser_finds_the_rounds_of_each_workshop_on_their_home(browser, stack, viewport):
    base = stack.base_url
    login = f"rounds-{viewport}-{uuid.uuid4().hex[:6]}@example.org"
    _make_organiser(stack, login)
    context, page = _context(browser, viewport)
    page.goto(f"{base}/registration/account/sign-in")
    page.fill("#f-login", login)
    page.fill("#f-password", PASSWORD)
    page.click("[data-testid=sign-in]")
    page.wait_for_url(re.compile(r"/registration/account/$"))
    page.goto(f"{base}/registration/account/workshops/new")
    _fill_workshop(page, "回访测试工作坊")
    page.click("[data-testid=create-workshop]")
    page.wait_for_url(re.compile(r"/registration/f/"))
    page.click("#workshop form button[type=submit]")  # open registration
    page.click("[data-testid=close-workshop]")
    page.click("[data-testid=confirm-close]")
    page.wait_for_selector("[data-testid=rounds]")

    page.goto(f"{base}/registration/account/")
    page.click("[data-testid=workshop-rounds-link]")
    page.wait_for_url(re.compile(r"/registration/f/#rounds$"))
    page.check("[data-testid=round-kind-date]")
    page.fill("[data-testid=round-date]", "2027-01-01")  # before the workshop's last day, 2027-03-02
    page.click("[data-testid=open-round]")
    assert "不能早于工作坊结束日" in page.inner_text("#opens_on-error")
    _check(page, "date-refused", viewport)
    page.fill("[data-testid=round-date]", "2027-09-15")
    page.click("[data-testid=open-round]")
    page.click("[data-testid=confirm-open-round]")
    page.wait_for_selector("[data-testid=round-open]")

    page.goto(f"{base}/registration/account/")
    assert "第 2 轮回访进行中" in page.inner_text("[data-testid=workshop-rounds]")
    _check(page, "organiser-home", viewport)
    page.goto(f"{base}/registration/account/programme")
    assert "第 2 轮回访进行中" in page.inner_text("[data-testid=programme-rounds]")
    _check(page, "programme", viewport)
    context.close()
