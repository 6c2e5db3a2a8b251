"""Rings (issue 21) in a real browser, on the scenario of test_rings_flow (six organisations
in their 6-month round, one clearly up, one clearly down, one intent happened): the
facilitator reaches the progress since the baseline from the dashboard, at 1280 and 360 px,
and reads the round, the table of dimensions, who stalled and what the intents came to;
a leader reads the follow-up report on a 360 px phone. Nothing scrolls sideways.
Screenshots go to test-artifacts/screenshots/rings-*.png."""

from __future__ import annotations

import dataclasses
import re

import pytest

from simulator.cohort import InstrumentCodes, sample_cohort
from simulator.driver import Api, answer, open_workshop, register
from tests.e2e.test_rings_flow import follow_up_workshop
from tests.support.browser import DESKTOP, PHONE, SCREENSHOTS, fits_width, screenshot

pytestmark = pytest.mark.e2e
VIEWPORTS = {"1280": DESKTOP, "360": PHONE}


@pytest.fixture(scope="module")
def rings(stack):
    return follow_up_workshop(stack)


@pytest.mark.parametrize("width", VIEWPORTS)
def test_the_facilitator_reads_the_progress_since_the_baseline(browser, stack, rings, width):
    context = browser.new_context(viewport=VIEWPORTS[width], locale="zh-CN")
    page = context.new_page()
    page.goto(f"{stack.base_url}/registration/link/{rings.workshop.facilitator_token}")
    page.wait_for_url(re.compile(r"/registration/f/$"))
    page.click("[data-testid=open-progress]")
    page.wait_for_url(re.compile(r"/diagnosis/f/rings$"))
    page.wait_for_selector("[data-testid=progress-dimensions]")
    assert "Traceback" not in page.content()

    heading = page.locator("h2", has_text="第 2 轮回访")
    assert heading.is_visible()
    answered = page.inner_text("[data-testid=round-answered]")
    assert answered == "本轮已提交：6 / 6 家机构；已与基线比较：6 家。"

    table = page.locator("[data-testid=progress-dimensions]")
    assert table.is_visible()
    assert table.locator("tbody tr").count() >= 8  # the hub, the eight spokes, governance…
    header = table.locator("thead").inner_text()
    assert "明显提升" in header and "基本持平" in header and "明显下降" in header

    stalled = page.locator("[data-testid=stalled]")
    assert stalled.is_visible()
    assert stalled.locator("li").count() == 5
    assert rings.names[1] in stalled.inner_text() and rings.names[0] not in stalled.inner_text()
    assert rings.names[0] in page.inner_text("[data-testid=improved-most]")

    intents = page.locator("[data-testid=progress-intents]")
    assert intents.is_visible()
    assert intents.inner_text().startswith("已达成的 1 项合作意向中：1 项已实现")

    assert fits_width(page), f"the progress page scrolls sideways at {width} px"
    screenshot(page, f"rings-progress-{width}")
    context.close()


def test_a_leader_reads_the_follow_up_report_on_a_phone(browser, stack, rings):
    a = rings.organisations[0]
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    context.add_cookies([{"name": "nl_token", "value": a["access_token"], "url": stack.base_url}])
    page = context.new_page()
    page.goto(f"{stack.base_url}/reporting/o/report")
    page.wait_for_selector("[data-testid=report]")
    section = page.locator("[data-testid=rings]")
    assert section.is_visible()
    assert page.inner_text("#rings-heading") == "年轮：第 2 轮与基线对比"
    assert page.inner_text("[data-testid=rings-lead]").startswith("自基线以来，1 个维度明显提升")
    assert "明显提升" in page.inner_text("[data-testid=rings-table]")
    assert rings.names[1] in page.inner_text("[data-testid=rings-intents]")
    assert fits_width(page), "the follow-up report scrolls sideways at 360 px"
    screenshot(page, "rings-report-360")
    # the page from its top to the end of the rings section (the whole report is ~27 000 px tall)
    bottom = section.evaluate("s => s.getBoundingClientRect().bottom + window.scrollY")
    page.screenshot(
        path=str(SCREENSHOTS / "rings-report-360-top.png"),
        full_page=True,
        clip={"x": 0, "y": 0, "width": PHONE["width"], "height": bottom + 16},
    )
    context.close()


def _round_two_of_two(stack) -> tuple[Api, list[dict], str]:
    """Two organisations past their workshop, with one intent agreed, in an open 6-month round."""
    api = Api(stack.base_url, stack.account_token)
    codes = InstrumentCodes.from_json(api.call("GET", "/diagnosis/instrument").json())
    samples = [dataclasses.replace(s, raters=[]) for s in sample_cohort(codes, size=2, seed=77)]
    opened = open_workshop(api, "回顾测试工作坊", capacity=10)
    organisations = [register(api, opened, sample) for sample in samples]
    for organisation, sample in zip(organisations, samples, strict=True):
        answer(api, organisation, sample)
    a, b = organisations
    intent = api.call(
        "POST",
        f"/diagnosis/workshops/{opened['id']}/intents",
        token=opened["facilitator_token"],
        json={
            "proposer_id": a["id"],
            "partner_id": b["id"],
            "kind": "learning",
            "what": "互相参访",
            "target_month": "2027-03",
        },
    ).json()
    token = opened["facilitator_token"]
    api.call("POST", f"/registration/workshops/{opened['id']}/status", token=token, json={"status": "closed"})
    api.call("POST", f"/registration/workshops/{opened['id']}/rounds", token=token, json={"kind": "6_months"})
    return api, organisations, intent["id"]


@pytest.mark.parametrize("width", VIEWPORTS)
def test_a_leader_looks_back_then_says_what_changed(browser, stack, width):
    api, (a, _b), intent_id = _round_two_of_two(stack)
    context = browser.new_context(viewport=VIEWPORTS[width], locale="zh-CN")
    page = context.new_page()
    page.goto(f"{stack.base_url}/registration/link/{a['access_token']}")
    page.wait_for_url(re.compile(r"/registration/o/$"))
    for _attempt in range(50):  # the round reaches diagnosis by event
        page.goto(f"{stack.base_url}/diagnosis/q/")
        if page.locator("[data-testid=follow-up-round]").count():
            break
        page.wait_for_timeout(200)
    assert "第 2 轮回访" in page.inner_text("[data-testid=follow-up-round]")
    page.click("[data-testid=start]")
    page.wait_for_url(re.compile(r"/diagnosis/q/looking-back$"))
    checks = page.locator("[data-testid=priority-check]")
    assert checks.count() == 3
    checks.nth(0).get_by_label("已完成").check()
    checks.nth(1).get_by_label("部分完成").check()
    checks.nth(0).get_by_label("备注（选填）").fill("已开过全员会")
    page.locator("[data-testid=intent-check]").get_by_label("已实现").check()
    assert fits_width(page), f"looking back scrolls sideways at {width} px"
    screenshot(page, f"rings-looking-back-{width}")
    page.click("[data-testid=save-continue]")
    page.wait_for_selector("[data-testid=what-changed]")
    page.fill("#changed", "使命改写成了一句话")
    page.click("[data-testid=save-continue]")
    page.wait_for_selector("[data-testid=section-title]")
    mine = api.call("GET", "/diagnosis/responses/mine", token=a["access_token"]).json()
    assert mine["round"] == 2 and mine["state"] == "draft"
    actions = mine["follow_up"]["actions"]
    assert sorted(o["outcome"] for o in actions.values()) == ["done", "partly"]
    assert "已开过全员会" in [o["note"] for o in actions.values()]
    assert mine["follow_up"]["intents"] == {intent_id: {"outcome": "happened", "note": None}}
    assert list(mine["follow_up"]["changes"].values()) == ["使命改写成了一句话"]
    context.close()
