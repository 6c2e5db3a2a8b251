"""Cooperation intents in a real browser, as leaders and a facilitator use them: a leader
proposes one from the home page on a phone, the other accepts it on theirs, both see it
agreed; the facilitator records one agreed in the room and sees the workshop's; at 1280 and
360 px."""

from __future__ import annotations

import pytest

from tests.support.browser import DESKTOP, PHONE, fits_width, screenshot
from tests.support.client import NianlunClient
from tests.support.processes import wait_until

pytestmark = pytest.mark.e2e
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture(scope="module")
def workshop(stack):
    client = NianlunClient(stack.base_url, stack.account_token)
    made = client.create_workshop()
    names = ("安顺市第一社会工作服务中心", "安顺市第二社会工作服务中心", "安顺市第三社会工作服务中心")
    organisations = [client.register(made, name) for name in names]
    for organisation in organisations:  # diagnosis hears of each by event
        wait_until(lambda o=organisation: client.get("/diagnosis/intents/mine", token=o["access_token"]).ok, 20)
    return {"base": stack.base_url, "workshop": made, "organisations": organisations}


def _open(browser, viewport: str, base: str, token: str):
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/registration/link/{token}")
    return context, page


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_leader_proposes_an_intent_and_the_other_accepts_it(browser, workshop, viewport):
    a, b, c = workshop["organisations"]
    proposer, partner = (a, b) if viewport == "desktop" else (b, c)
    context, page = _open(browser, viewport, workshop["base"], proposer["access_token"])
    page.wait_for_selector("[data-testid=propose-intent]")
    page.select_option("#intent-partner", partner["id"])
    page.select_option("#intent-kind", "staff_exchange")
    page.fill("#intent-what", "互派社工跟岗学习一周")
    page.fill("#intent-month", "2027-03")
    page.click("[data-testid=propose]")
    page.wait_for_selector("[data-testid=intents]")
    assert "等待对方回复" in page.inner_text("[data-testid=intents]")
    assert fits_width(page), f"the home with an intent scrolls sideways at {viewport}"
    screenshot(page, f"intent-proposed-{viewport}")
    context.close()

    context, page = _open(browser, viewport, workshop["base"], partner["access_token"])
    page.wait_for_selector("[data-testid=intents-to-answer]")
    assert "互派社工跟岗学习一周" in page.inner_text("[data-testid=intents-to-answer]")
    page.click("[data-testid=accept-intent]")
    page.wait_for_selector("[data-testid=intents]")
    assert "已达成" in page.inner_text("[data-testid=intents]")
    assert fits_width(page)
    screenshot(page, f"intent-accepted-{viewport}")
    context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_facilitator_records_an_intent_agreed_in_the_room(browser, workshop, viewport):
    a, _b, c = workshop["organisations"]
    context, page = _open(browser, viewport, workshop["base"], workshop["workshop"]["facilitator_token"])
    page.click("[data-testid=open-workshop-intents]")
    page.wait_for_selector("[data-testid=record-intent]")
    kind = "learning" if viewport == "desktop" else "project_cooperation"
    page.select_option("#record-proposer_id", a["id"])
    page.select_option("#record-partner_id", c["id"])
    page.select_option("#record-kind", kind)
    page.fill("#record-what", "联合申请一个社区项目")
    page.fill("#record-month", "2027-06")
    page.click("[data-testid=record]")
    page.wait_for_selector("[data-testid=workshop-intents]")
    listed = page.inner_text("[data-testid=workshop-intents]")
    assert "联合申请一个社区项目" in listed and "（现场达成）" in listed
    assert fits_width(page), f"the workshop's intents scroll sideways at {viewport}"
    screenshot(page, f"workshop-intents-{viewport}")
    context.close()
