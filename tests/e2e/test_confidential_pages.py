"""What raters and leaders are told about who sees their words, in a real browser (Debian's
Chromium) on a 360 px phone against the whole running system: a board member's private link
opens a questionnaire that names the organisation and says exactly who sees what; the leader's
industry-scan page has the box (unticked) that lets the summary quote them by name, with how
the quote is used, and ticking it is saved. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import pytest

from simulator.cohort import InstrumentCodes, sample_cohort
from simulator.driver import Api, open_workshop, register
from tests.support.browser import PHONE, fits_width, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def organisation(stack):
    api = Api(stack.base_url, stack.account_token)
    sample = sample_cohort(InstrumentCodes.from_json(api.call("GET", "/diagnosis/instrument").json()), size=1)[0]
    opened = open_workshop(api, "安顺公益机构负责人工作坊（评分人页面测试）", capacity=36)
    organisation = register(api, opened, sample)
    invited = api.call(
        "POST",
        f"/diagnosis/organisations/{organisation['id']}/respondents",
        token=organisation["access_token"],
        json={"role": "board", "label": "理事 老李"},
        retry_on=(401, 404),  # the organisation reaches diagnosis by event
    ).json()
    return {"api": api, "base": stack.base_url, "name": sample.profile["name_zh"], "rater": invited, **organisation}


def _phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    return context, context.new_page()


def test_the_rater_s_page_names_the_organisation_and_says_who_sees_what(browser, organisation):
    context, page = _phone(browser)
    page.goto(f"{organisation['base']}/diagnosis/link/{organisation['rater']['token']}")
    assert page.url.endswith("/diagnosis/q/")
    assert organisation["name"] in page.inner_text("[data-testid=answering-for]")
    told = page.inner_text("[data-testid=who-sees-what]")
    assert "谁会看到你的回答" in told and f"你评的是「{organisation['name']}」" in told
    assert "负责人只能看到至少 3 位评分人（员工和理事）合并计算后的数字，看不到任何一个人的回答" in told
    assert "作答的人不足 3 位时，你的回答不会出现在任何数字里" in told
    assert "其他评分人" in told
    assert "工作坊的引导师看到的也只是这些合并后的数字" in told
    assert "不会逐条展示给负责人、引导师或其他任何人" in told
    assert page.locator("[data-testid=who-sees-what]").is_visible()
    assert fits_width(page), "the rater's page scrolls sideways at 360 px"
    screenshot(page, "rater-overview-phone")
    page.click("[data-testid=start]")  # every page of the questionnaire names the organisation too
    assert organisation["name"] in page.inner_text("[data-testid=answering-for]")
    assert fits_width(page)
    context.close()


def test_the_leader_allows_or_not_their_words_to_be_quoted_by_name(browser, organisation):
    context, page = _phone(browser)
    context.add_cookies([{"name": "nl_token", "value": organisation["access_token"], "url": organisation["base"]}])
    page.goto(f"{organisation['base']}/diagnosis/q/")
    assert page.locator("[data-testid=who-sees-what]").count() == 0  # the leader's own figures are theirs
    page.goto(f"{organisation['base']}/diagnosis/o/panel")  # where the leader invites raters
    assert "至少 3 位作答后报告才显示团队的看法" in page.inner_text("[data-testid=raters-confidential]")
    page.goto(f"{organisation['base']}/diagnosis/q/scan")
    box = page.locator("[data-testid=scan-text-named]")
    assert box.is_visible() and not box.is_checked()  # unticked unless the leader ticks it
    use = page.inner_text("[data-testid=quote-use]")
    assert "原文收入工作坊总结" in use and "“一位参与机构负责人”" in use and "不写你们机构的名称" in use
    assert fits_width(page), "the scan page scrolls sideways at 360 px"
    screenshot(page, "leader-scan-quote-permission-phone")

    page.fill("#scan_text", "本地社工人才留不住。")
    box.check()
    page.click("[data-testid=save-continue]")
    page.wait_for_url("**/diagnosis/q/stage")
    mine = organisation["api"].call("GET", "/diagnosis/responses/mine", token=organisation["access_token"]).json()
    assert (mine["scan_text"], mine["scan_text_named"]) == ("本地社工人才留不住。", True)
    page.goto(f"{organisation['base']}/diagnosis/q/scan")
    page.locator("[data-testid=scan-text-named]").uncheck()
    page.click("[data-testid=save-continue]")
    page.wait_for_url("**/diagnosis/q/stage")
    mine = organisation["api"].call("GET", "/diagnosis/responses/mine", token=organisation["access_token"]).json()
    assert mine["scan_text_named"] is False
    context.close()
