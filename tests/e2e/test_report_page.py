"""The report page in a real browser (Debian's Chromium) against the whole running system, on a
360 px phone and a 1280 px laptop: a leader whose organisation has a long name opens its report.
Nothing scrolls sideways; the name, every section and the charts show;
tables are cards on the phone and tables on the laptop; the PDF is one tap away however far
down the page; the English version is asked for and read with the page still in Chinese.
Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import pytest

from simulator.cohort import InstrumentCodes, sample_cohort
from simulator.driver import Api, answer, open_workshop, register
from tests.support.browser import DESKTOP, PHONE, screenshot
from tests.support.client import NianlunClient
from tests.support.processes import wait_until

pytestmark = pytest.mark.e2e
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
SECTIONS = [
    "summary",
    "wheel",
    "perspectives",
    "finance",
    "key_person",
    "scan",
    "paths",
    "actions",
    "partners",
    "appendix",
]
CHARTS = ["radar", "income", "gap"]
# A name that cannot break between words, with the characters Typst and HTML would read as markup.
LONG_NAME = "（Xixiu-District-Sunshine-Social-Work-Service-Centre-of-Anshun-Guizhou #1 [*_@<b>$]）"
REPORT_WAIT_SECONDS = 120
FITS = "document.scrollingElement.scrollWidth <= window.innerWidth"


@pytest.fixture(scope="module")
def leader(stack):
    """An organisation with a long name whose leader and team answered, its report ready."""
    api = Api(stack.base_url, stack.account_token)
    samples = sample_cohort(InstrumentCodes.from_json(api.call("GET", "/diagnosis/instrument").json()), size=6)
    # a team of at least 3 (MIN_RATERS): the leader-versus-team chart shows only then
    sample = next(s for s in samples if len(s.raters) >= 3)
    sample.profile["name_zh"] += LONG_NAME
    opened = open_workshop(api, "安顺公益机构负责人工作坊（报告页面测试）", capacity=36)
    organisation = register(api, opened, sample)
    answer(api, organisation, sample)
    _wait_for_the_team_in_the_report(NianlunClient(stack.base_url, stack.account_token), organisation)
    return {"api": api, "organisation": organisation, "name": sample.profile["name_zh"], "base": stack.base_url}


def _wait_for_the_team_in_the_report(client: NianlunClient, organisation: dict) -> None:
    """The first report may be the leader's alone; the team's answers follow in a later one."""

    def with_team():
        for report in client.reports(organisation):
            if report["state"] == "ready":
                view = client.get(report["view_url"], token=organisation["access_token"]).json()
                if view["key_person"]["has_team"]:
                    return report
        return None

    wait_until(with_team, REPORT_WAIT_SECONDS, interval=0.2, what="a report with the team's answers")


def _open_report(browser, leader, viewport: str, query: str = ""):
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
    context.add_cookies([{"name": "nl_token", "value": leader["organisation"]["access_token"], "url": leader["base"]}])
    page = context.new_page()
    page.goto(f"{leader['base']}/reporting/o/report{query}")
    page.wait_for_selector("[data-testid=report]")
    return context, page


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_report_reads_without_zoom_or_sideways_scrolling(browser, leader, viewport):
    context, page = _open_report(browser, leader, viewport)
    assert "<iframe" not in page.content()
    assert page.evaluate(FITS), f"the report scrolls sideways at {VIEWPORTS[viewport]['width']} px"
    name = page.locator("[data-testid=organisation-name]")
    assert name.inner_text() == leader["name"]  # as typed, markup characters and all
    assert name.bounding_box()["width"] <= VIEWPORTS[viewport]["width"]  # the long name wraps

    contents = page.locator(".report-contents a").all_inner_texts()
    headings = [page.locator(f"section#{key} > h2") for key in SECTIONS]
    assert all(heading.is_visible() for heading in headings)
    assert [heading.inner_text() for heading in headings] == contents and contents[0].startswith("一、")
    assert page.get_attribute("[data-testid=report]", "lang") == "zh-CN"

    column = page.locator("#wheel").bounding_box()["width"]
    for chart in CHARTS:
        image = page.locator(f"[data-testid=chart-{chart}]")
        assert image.is_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), f"the {chart} chart did not decode"
        assert image.get_attribute("src").startswith("data:image/svg+xml;base64,")
        assert image.bounding_box()["width"] <= column + 24
    screenshot(page, f"report-page-{viewport}")

    row = page.locator("[data-testid=finance-table] tbody tr").first
    display = row.evaluate("tr => getComputedStyle(tr).display")
    value = row.locator("td").first
    label = value.evaluate("td => getComputedStyle(td, '::before').content")
    if viewport == "phone":  # one card per row, each value under its column's name
        assert display == "grid" and page.locator("[data-testid=finance-table] thead").bounding_box()["height"] <= 1
        assert label == f'"{value.get_attribute("data-label")}"' and label != '""'
        assert row.bounding_box()["width"] <= VIEWPORTS[viewport]["width"] - 16
    else:
        assert (
            display == "table-row" and page.locator("[data-testid=finance-table] thead").bounding_box()["height"] > 20
        )
        assert label in ("none", "normal")

    answers = page.locator("[data-testid=appendix-answers]")
    assert answers.get_attribute("open") is None  # folded until asked for
    answers.locator("summary").click()
    page.locator("[data-testid=appendix-method] summary").click()
    assert answers.locator("tbody tr").first.is_visible()
    assert page.evaluate(FITS), "the opened appendix scrolls sideways"

    page.evaluate("window.scrollTo(0, document.querySelector('#paths').offsetTop)")
    download = page.locator("[data-testid=download-pdf]")
    box = download.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORTS[viewport]["height"]  # still at hand
    pdf = page.request.get(download.evaluate("a => a.href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
    context.close()


def test_the_english_version_is_asked_for_then_read_inside_a_chinese_page(browser, leader):
    context, page = _open_report(browser, leader, "phone")
    page.click("[data-testid=ask-english]")
    assert page.url.endswith("/reporting/o/report?language=zh#report")
    organisation = leader["organisation"]

    def english_ready():
        listed = leader["api"].call(
            "GET", f"/reporting/organisations/{organisation['id']}/reports", token=organisation["access_token"]
        )
        return any(r["language"] == "en" and r["state"] == "ready" for r in listed.json())

    wait_until(english_ready, REPORT_WAIT_SECONDS, interval=0.2, what="the English report")
    page.reload()
    page.click("[data-testid=other-language]")
    page.wait_for_selector("[data-testid=report][lang=en]")
    assert page.get_attribute("html", "lang") == "zh-CN"  # the page's own words stay Chinese
    assert page.inner_text("[data-testid=download-pdf]") == "下载 PDF"
    assert page.inner_text("section#summary > h2").startswith("1. ")
    assert page.inner_text("[data-testid=other-language]") == "阅读中文版"
    assert page.evaluate(FITS)
    screenshot(page, "report-page-english-phone")
    context.close()
