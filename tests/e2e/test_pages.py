"""The web pages in a real browser (Debian's Chromium through Playwright) against the whole
running system: a leader registers, invites a staff rater, both answer, the leader reads the
report; a facilitator watches the progress reach 100 %, reorders the agenda and downloads
the summary and the scores; on a laptop and on a 360 px phone; in Chinese and in English.
Screenshots of every page go to test-artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest
import requests

from simulator.cohort import InstrumentCodes, sample_cohort
from simulator.driver import Api, answer, open_workshop, register
from tests.support.browser import DESKTOP, PHONE, fits_width, screenshot
from tests.support.processes import wait_until

pytestmark = pytest.mark.e2e
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
REPORT_WAIT_MS = 90_000


@pytest.fixture(scope="module")
def workshop(stack):
    """A workshop where five organisations have already answered through the API, so that the
    cohort's figures (shown from five organisations on) appear."""
    api = Api(stack.base_url, stack.account_token)
    samples = sample_cohort(InstrumentCodes.from_json(api.call("GET", "/diagnosis/instrument").json()), size=8)
    opened = open_workshop(api, "安顺公益机构负责人工作坊（页面测试）", capacity=36)
    for sample in samples[:5]:
        answer(api, register(api, opened, sample), sample)
    return {**opened, "samples": samples, "base": stack.base_url}


def _new_page(browser, viewport: str):
    context = browser.new_context(viewport=VIEWPORTS[viewport], accept_downloads=True, locale="zh-CN")
    return context, context.new_page()


def _check_page(page, name: str, viewport: str):
    screenshot(page, f"{name}-{viewport}")
    assert "Traceback" not in page.content()
    if viewport == "phone":
        assert fits_width(page), f"{name} scrolls sideways at 360 px"


def _answer_everything(page, answers: dict, numbers: dict | None, name: str, viewport: str):
    """From the questionnaire's first page to the review page, choosing the sample's levels."""
    page.click("[data-testid=start]")
    first = True
    while "/q/review" not in page.url:
        for field in page.eval_on_selector_all(
            "input[type=radio][name^='answers.']", "inputs => [...new Set(inputs.map(i => i.name))]"
        ):
            page.check(f"input[name='{field}'][value='{answers[field.removeprefix('answers.')]}']")
        for field in page.eval_on_selector_all("[data-testid=number]", "inputs => inputs.map(i => i.name)"):
            page.fill(f"input[name='{field}']", f"{numbers[field.removeprefix('numbers.')]:g}")
        if first:
            _check_page(page, f"questionnaire-{name}", viewport)
            first = False
        page.click("[data-testid=save-continue]")
    _check_page(page, f"review-{name}", viewport)
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=submitted]")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_leader_registers_invites_a_rater_both_answer_and_the_leader_reads_the_report(browser, workshop, viewport):
    sample = workshop["samples"][5 if viewport == "desktop" else 6]
    context, page = _new_page(browser, viewport)
    page.goto(f"{workshop['base']}/registration/w/{workshop['code']}")
    _check_page(page, "landing", viewport)
    page.click("button[type=submit]")  # an empty form: told what is missing, in Chinese, nothing saved
    assert page.locator("#name_zh-error").inner_text() == "此项为必填。"
    page.fill("#f-name_zh", sample.profile["name_zh"])
    page.fill("#f-years_in_sector", str(sample.profile["years_in_sector"]))
    page.check(f"input[name=focus_areas][value={sample.profile['focus_areas'][0]}]")
    page.click("button[type=submit]")
    link = page.input_value("[data-testid=private-link]")
    assert re.fullmatch(rf"{workshop['base']}/registration/link/nlo_[\w-]{{43}}", link)
    _check_page(page, "registered", viewport)

    page.click("[data-testid=go-home]")
    page.wait_for_selector("[data-testid=diagnosis-panel]")
    page.wait_for_selector("[data-testid=no-report]")
    assert page.inner_text("[data-testid=organisation-name]") == sample.profile["name_zh"]
    _check_page(page, "home", viewport)

    page.fill("#rater-label", "王老师")
    page.click("[data-testid=invite]")
    rater_link = page.input_value("[data-testid=rater-link]")
    _check_page(page, "invited", viewport)
    page.click("[data-testid=back]")

    rater_context, rater_page = _new_page(browser, viewport)
    rater_page.goto(rater_link)
    role, rater_answers = sample.raters[0] if sample.raters else ("staff", sample.leader["answers"])
    _answer_everything(rater_page, rater_answers, None, "staff", viewport)
    rater_context.close()

    page.reload()
    page.wait_for_selector("[data-testid=raters] .status.submitted")  # the leader sees the rater has answered
    page.click("[data-testid=open-questionnaire]")
    _answer_everything(page, sample.leader["answers"], sample.leader["numbers"], "leader", viewport)

    page.goto(f"{workshop['base']}/registration/o/")
    page.wait_for_selector("[data-testid=read-report]", timeout=REPORT_WAIT_MS)  # the panel refreshes itself
    _check_page(page, "home-with-report", viewport)
    page.click("[data-testid=read-report]")
    assert page.inner_text("[data-testid=organisation-name]") == sample.profile["name_zh"]  # the page, no frame
    _check_page(page, "report", viewport)
    with page.expect_download() as download:
        page.click("[data-testid=download-pdf]")
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_facilitator_renders_everything_reorders_the_agenda_and_downloads(browser, workshop, viewport):
    context, page = _new_page(browser, viewport)
    page.goto(f"{workshop['base']}/registration/link/{workshop['facilitator_token']}")
    assert page.url.endswith("/registration/f/")
    page.wait_for_selector("[data-testid=submission-progress]")
    page.wait_for_selector("[data-testid=cohort] [data-testid=matches], [data-testid=cohort] .bars")

    first_talk = page.locator("[data-testid=talk] .talk-name").first.inner_text()
    page.locator("[data-testid=talk]").first.locator("button[value=down]").click()
    talks = page.locator("[data-testid=talk] .talk-name").all_inner_texts()
    assert talks[1].split(". ", 1)[1] == first_talk.split(". ", 1)[1]

    page.click("[data-testid=render-all]")
    page.wait_for_function(
        "() => { const p = document.querySelector('[data-testid=render-progress]');"
        " return p && p.dataset.total > 0 && p.dataset.done === p.dataset.total; }",
        timeout=REPORT_WAIT_MS,
    )
    page.wait_for_selector("[data-testid=download-summary]", timeout=REPORT_WAIT_MS)
    assert "100%" in page.inner_text("[data-testid=render-progress]")
    _check_page(page, "dashboard", viewport)
    with page.expect_download() as summary:
        page.click("[data-testid=download-summary]")
    assert open(summary.value.path(), "rb").read(5) == b"%PDF-"
    assert re.fullmatch(
        r".+-工作坊总结-\d{4}-\d{2}-\d{2}\.pdf", summary.value.suggested_filename
    )  # by workshop and day
    with page.expect_download() as scores:
        page.click("[data-testid=download-xlsx]")
    assert open(scores.value.path(), "rb").read(2) == b"PK"  # an XLSX is a zip
    assert scores.value.suggested_filename.endswith(".xlsx") and "-全部分数-" in scores.value.suggested_filename
    context.close()


def test_the_english_switch_is_remembered(browser, workshop):
    context, page = _new_page(browser, "phone")
    page.goto(f"{workshop['base']}/registration/w/{workshop['code']}")
    assert page.inner_text("h2#register") == "机构报名"
    assert page.get_attribute("html", "lang") == "zh-CN"
    page.click("[data-testid=lang-switch]")
    assert page.inner_text("h2#register") == "Register your organisation"
    assert page.get_attribute("html", "lang") == "en"
    _check_page(page, "landing-english", "phone")
    page.goto(f"{workshop['base']}/registration/link/nlo_not-a-real-token")  # another page, still English
    assert "open the private link you received again" in page.inner_text("[data-testid=error-page]")
    page.click("[data-testid=lang-switch]")
    assert "请重新打开您收到的专属链接或扫描二维码" in page.inner_text("[data-testid=error-page]")
    context.close()


@pytest.mark.parametrize(
    "path, status, words",
    [
        ("/registration/link/nlo_wrong", 401, "请重新打开您收到的专属链接或扫描二维码"),
        ("/registration/w/NOSUCHCODE", 404, "报名码无效"),
        ("/diagnosis/link/nlr_wrong", 401, "请重新打开您收到的专属链接或扫描二维码"),
        ("/registration/o/", 401, "请重新打开您收到的专属链接或扫描二维码"),
        ("/registration/f/", 401, "请重新打开您收到的专属链接或扫描二维码"),
        ("/diagnosis/q/", 401, "请重新打开您收到的专属链接或扫描二维码"),
        ("/reporting/o/report", 401, "请重新打开您收到的专属链接或扫描二维码"),
        ("/reporting/f/summary.pdf", 401, "请重新打开您收到的专属链接或扫描二维码"),
    ],
)
def test_a_bad_link_gets_a_friendly_page_with_the_right_status(stack, path, status, words):
    response = requests.get(stack.url(path), timeout=10)
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("text/html")
    assert words in response.text and "Traceback" not in response.text
    assert "令牌" not in response.text  # a leader is never told about tokens
    english = requests.get(stack.url(path), cookies={"nl_lang": "en"}, timeout=10)
    assert english.status_code == status and 'lang="en"' in english.text


def test_a_form_without_its_csrf_token_is_refused(stack, workshop):
    response = requests.post(stack.url(f"/registration/w/{workshop['code']}"), data={"name_zh": "跨站伪造"}, timeout=10)
    assert response.status_code == 400
    assert "表单已过期" in response.text
    roster = requests.get(
        stack.url(f"/registration/workshops/{workshop['id']}/organisations"),
        timeout=10,
        headers={"Authorization": f"Bearer {workshop['facilitator_token']}"},
    ).json()
    assert "跨站伪造" not in [o["name_zh"] for o in roster["organisations"]]


def test_a_leader_cannot_open_another_organisations_report(stack, workshop):
    """The private-link cookie reaches only its own organisation's files."""
    api = Api(stack.base_url, stack.account_token)
    sample = workshop["samples"][7]
    mine = register(api, workshop, sample)
    reports = []
    for organisation in api.call(
        "GET", f"/registration/workshops/{workshop['id']}/organisations", token=workshop["facilitator_token"]
    ).json()["organisations"]:
        listed = api.call(
            "GET",
            f"/reporting/organisations/{organisation['id']}/reports",
            token=workshop["facilitator_token"],
            expect=(200, 404),
        )  # 404: not heard of yet
        reports += listed.json() if listed.ok else []
    assert reports, "the five organisations answered through the API have reports"
    cookies = {"nl_token": mine["access_token"]}
    wait_until(
        lambda: requests.get(stack.url("/reporting/o/panel"), cookies=cookies, timeout=10).ok,
        30,
        what="reporting knows the new organisation's token",
    )
    for report in reports:
        for fmt in ("pdf", "html"):
            response = requests.get(
                stack.url(f"/reporting/o/reports/{report['id']}.{fmt}"), cookies=cookies, timeout=10
            )
            assert response.status_code == 404, (report["organisation_id"], fmt)


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_autosave_keeps_each_answer_and_refuses_a_bad_figure_in_words(stack, workshop):
    """What nianlun.js does on every change: post the section with X-Autosave; JSON back."""
    api = Api(stack.base_url, stack.account_token)
    leader = api.call(
        "POST", f"/registration/codes/{workshop['code']}/organisations", json={"name_zh": "自动保存测试机构"}
    ).json()
    browser_like = requests.Session()
    browser_like.get(stack.url(f"/registration/link/{leader['access_token']}"), timeout=10).raise_for_status()
    wait_until(
        lambda: browser_like.get(stack.url("/diagnosis/q/hub"), timeout=10).ok,
        30,
        what="diagnosis knows the new organisation's token",
    )
    html = browser_like.get(stack.url("/diagnosis/q/hub"), timeout=10).text
    saved = browser_like.post(
        stack.url("/diagnosis/q/hub"),
        headers={"X-Autosave": "1"},
        timeout=10,
        data={"csrf_token": _csrf(html), "answers.hub.mission_known": "3"},
    )
    assert saved.status_code == 200 and saved.json() == {"saved": True, "echo": {}}
    refused = browser_like.post(
        stack.url("/diagnosis/q/numbers"),
        headers={"X-Autosave": "1"},
        timeout=10,
        data={"csrf_token": _csrf(html), "numbers.income.government_purchase": "很多"},
    )
    assert refused.status_code == 422
    assert refused.json()["errors"] == {
        "numbers.income.government_purchase": "金额看不懂：请填数字，例如 35000 或 3.5万。"
    }
    page = browser_like.post(
        stack.url("/diagnosis/q/numbers"),
        timeout=10,
        data={"csrf_token": _csrf(html), "numbers.income.government_purchase": "很多"},
    )
    assert page.status_code == 422 and "例如 35000 或 3.5万" in page.text and 'value="很多"' in page.text
    mine = api.call("GET", "/diagnosis/responses/mine", token=leader["access_token"]).json()
    assert mine["answers"] == {"hub.mission_known": 3} and mine["numbers"] == {}
