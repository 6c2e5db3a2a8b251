"""The questionnaire on a 360 px phone in Debian's Chromium, against the whole running
system: the time estimate on the first page, progress that does not read 100 % while the
scan is open, "3.5万" echoed as 35,000 元 while typing, and two bad figures reported at once
with the valid one saved."""

from __future__ import annotations

import re

import pytest
import requests

from simulator.driver import Api, open_workshop
from tests.support.browser import PHONE, fits_width, screenshot
from tests.support.processes import wait_until

pytestmark = pytest.mark.e2e
EXAMPLE = "金额看不懂：请填数字，例如 35000 或 3.5万。"


def registered_leader(stack, workshop_title: str, name_zh: str) -> tuple[Api, str]:
    """(the API, the leader's token) of an organisation registered in a new open workshop,
    once diagnosis knows its token."""
    api = Api(stack.base_url, stack.account_token)
    workshop = open_workshop(api, workshop_title, capacity=10)
    organisation = api.call(
        "POST", f"/registration/codes/{workshop['code']}/organisations", json={"name_zh": name_zh}
    ).json()
    token = organisation["access_token"]
    wait_until(
        lambda: (
            requests.get(
                stack.url("/diagnosis/responses/mine"), headers={"Authorization": f"Bearer {token}"}, timeout=10
            ).ok
        ),
        30,
        what="diagnosis knows the new organisation's token",
    )
    return api, token


@pytest.fixture
def leader(stack, browser):
    """A registered organisation's leader on a phone, with the questionnaire open."""
    api, token = registered_leader(stack, "手机问卷测试工作坊", "手机问卷测试机构")
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(stack.url(f"/registration/link/{token}"))
    yield {"api": api, "token": token, "page": page, "stack": stack}
    context.close()


def _check(page, name):
    screenshot(page, f"questionnaire-{name}-phone")
    assert "Traceback" not in page.content()
    assert fits_width(page), f"{name} scrolls sideways at 360 px"


def test_the_first_page_says_how_long_it_takes_and_progress_stays_below_100_while_the_scan_is_open(leader):
    page, api, token = leader["page"], leader["api"], leader["token"]
    page.goto(leader["stack"].url("/diagnosis/q/"))
    estimate = page.inner_text("[data-testid=estimate]")
    assert re.search(r"约 \d+ 分钟，可分多次完成，答案自动保存。", estimate), estimate
    assert re.search(r"共 \d+ 题。", estimate), estimate
    _check(page, "overview")

    instrument = api.call("GET", "/diagnosis/instrument").json()
    api.call(
        "PUT",
        "/diagnosis/responses/mine",
        token=token,
        json={
            "answers": {item["code"]: 3 for d in instrument["dimensions"] for item in d["items"]},
            "numbers": {n["code"]: 0 for n in instrument["numbers"]},
        },
    )
    page.reload()
    progress = page.locator("[data-testid=answer-progress]")
    done, total = int(progress.get_attribute("data-done")), int(progress.get_attribute("data-total"))
    assert done < total
    assert "(100%)" not in progress.inner_text()
    page.click("[data-testid=start]")  # continuing goes to the first section left: the scan
    assert page.url.endswith("/diagnosis/q/scan")
    page.goto(leader["stack"].url("/diagnosis/q/review"))
    assert "行业扫描" in page.inner_text("[data-testid=open-sections]")
    _check(page, "review-open")


def test_an_amount_is_echoed_and_two_bad_ones_are_reported_at_once_with_the_valid_one_saved(leader):
    page, api, token = leader["page"], leader["api"], leader["token"]
    page.goto(leader["stack"].url("/diagnosis/q/numbers"))
    page.fill("input[name='numbers.income.government_purchase']", "3.5万")
    echo = page.locator("[data-echo='numbers.income.government_purchase']")
    echo.filter(has_text="= 35,000 元").wait_for(timeout=10_000)  # the live echo, after the autosave
    _check(page, "numbers-echo")

    page.fill("input[name='numbers.income.other']", "很多")
    page.fill("input[name='numbers.people.staff_full_time']", "1,2")
    page.fill("input[name='numbers.income.foundation_grants']", "１２，０００")
    page.click("[data-testid=save-continue]")
    page.wait_for_selector("[data-testid=form-errors]")
    assert page.url.endswith("/diagnosis/q/numbers")
    assert page.inner_text("#numbers-income-other-error") == EXAMPLE
    assert page.inner_text("#numbers-people-staff_full_time-error") == EXAMPLE
    assert page.input_value("input[name='numbers.income.other']") == "很多"  # what was typed is shown back
    assert page.input_value("input[name='numbers.people.staff_full_time']") == "1,2"
    assert page.inner_text("[data-echo='numbers.income.foundation_grants']") == "= 12,000 元"
    _check(page, "numbers-errors")
    mine = api.call("GET", "/diagnosis/responses/mine", token=token).json()
    assert mine["numbers"] == {"income.government_purchase": 35_000, "income.foundation_grants": 12_000}
