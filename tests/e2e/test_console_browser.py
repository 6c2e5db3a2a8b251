"""The facilitator's console in a real browser, as a non-technical user works it: an organiser
made on the command line signs in and invites a facilitator, who joins, copies a workshop,
opens registration, imports a roster (fixing two bad rows after the preview), replaces a lost
private link, reads and downloads the reports, prints the agenda and closes the workshop; on a
laptop and on a 360 px phone, each with its own organiser."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import uuid
import zipfile

import pytest
import requests

from launcher.organiser import PASSWORD_VARIABLE
from services.common.settings import PROJECT_ROOT
from services.registration.domain.identifiers import credit_code_check_character
from tests.support.browser import DESKTOP, PHONE, fits_width, screenshot
from tests.support.client import NianlunClient

pytestmark = pytest.mark.e2e
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
PASSWORD = "correct-horse-battery"
SUBMITTED = 3  # organisations that answer through the API


def _credit_code(n: int) -> str:
    first17 = f"91520100MA{n:06d}X"[:17]
    return first17 + credit_code_check_character(first17)


def _roster(fixed: bool) -> bytes:
    lines = ["机构名称,统一社会信用代码,从业年限"]
    for n in range(36):
        code, years = _credit_code(n + 1), str(n % 20 + 1)
        if not fixed and n == 10:
            code = "91350100M000100Y44"  # a wrong check character
        if not fixed and n == 20:
            years = "-3"
        lines.append(f"测试机构{n + 1:02d}号,{code},{years}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _make_organiser(stack, login: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "launcher.organiser", "--programme", f"控制台测试项目 {login}"]
        + ["--login", login, "--name", "主办方测试"],
        env=dict(stack.env, **{PASSWORD_VARIABLE: PASSWORD}),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _check(page, step: str, viewport: str, must_fit: bool = False):
    screenshot(page, f"console-{step}-{viewport}")
    assert "Traceback" not in page.content()
    if must_fit and viewport == "phone":
        assert fits_width(page), f"{step} scrolls sideways at 360 px"


def _context(browser, viewport: str):
    context = browser.new_context(viewport=VIEWPORTS[viewport], accept_downloads=True, locale="zh-CN")
    return context, context.new_page()


def _fill_workshop(page, title: str):
    page.fill("#f-title_zh", title)
    page.fill("#f-province", "贵州省")
    page.fill("#f-city", "贵阳市")
    page.fill("#f-venue", "花溪会议中心")
    page.fill("#f-starts_on", "2027-03-01")
    page.fill("#f-ends_on", "2027-03-02")
    page.fill("#f-capacity", "40")
    page.fill("#f-talk_minutes", "3")
    page.fill("#f-agenda_starts_at", "14:00")


def _upload(page, base: str, content: bytes, name: str):
    page.goto(f"{base}/registration/f/roster")
    page.set_input_files("#f-file", files=[{"name": name, "mimeType": "text/csv", "buffer": content}])
    page.click("[data-testid=preview-roster]")
    page.wait_for_selector("[data-testid=preview-counts]")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_facilitator_runs_a_workshop_from_the_console(browser, stack, viewport):
    base = stack.base_url
    suffix = uuid.uuid4().hex[:6]
    organiser_login = f"organiser-{viewport}-{suffix}@example.org"
    _make_organiser(stack, organiser_login)

    # 1. The organiser signs in, creates the first workshop and invites a facilitator.
    org_context, page = _context(browser, viewport)
    page.goto(f"{base}/registration/account/sign-in")
    _check(page, "sign-in", viewport, must_fit=True)
    page.fill("#f-login", organiser_login)
    page.fill("#f-password", PASSWORD)
    page.click("[data-testid=sign-in]")
    page.wait_for_url(re.compile(r"/registration/account/$"))
    _check(page, "organiser-home", viewport, must_fit=True)
    page.goto(f"{base}/registration/account/workshops/new")
    _fill_workshop(page, f"春季工作坊 {suffix}")
    page.click("[data-testid=create-workshop]")
    page.wait_for_url(re.compile(r"/registration/f/"))
    page.goto(f"{base}/registration/account/")
    page.fill("#f-note", "林老师")
    page.click("[data-testid=invite]")
    link = page.input_value("[data-testid=invitation-link]")
    assert "/registration/account/join/" in link
    _check(page, "invited", viewport)

    # 2. The facilitator joins, in another browser.
    fac_context, fpage = _context(browser, viewport)
    fpage.goto(link)
    _check(fpage, "join", viewport, must_fit=True)
    facilitator_login = f"facilitator-{viewport}-{suffix}@example.org"
    fpage.fill("#f-login", facilitator_login)
    assert fpage.input_value("#f-display_name") == "林老师"
    fpage.fill("#f-password", PASSWORD)
    fpage.fill("#f-password_again", PASSWORD)
    fpage.click("[data-testid=join]")
    fpage.wait_for_url(re.compile(r"/registration/account/$"))
    assert fpage.locator("[data-testid=workshop-row]").count() == 0  # not yet on any workshop

    # The organiser adds them to the first workshop.
    page.reload()
    page.click("[data-testid=workshop-row] a[href$='/facilitators']")  # the row's "Facilitators" link
    page.select_option("#f-account", label=f"林老师 · {facilitator_login}")
    page.click("form.inline-form button[type=submit]")
    assert "林老师" in page.inner_text("[data-testid=facilitator-list]")

    # The facilitator creates the second workshop from a copy of the first.
    fpage.reload()
    assert fpage.locator("[data-testid=workshop-row]").count() == 1
    assert fpage.inner_text("[data-testid=open-workshop]") == "打开主持人面板"  # not the status "开放报名中"
    fpage.goto(f"{base}/registration/account/workshops/new")
    fpage.select_option("#f-copy", index=1)
    fpage.click("form.inline-form button[type=submit]")
    fpage.wait_for_url(re.compile(r"copy="))
    assert fpage.input_value("#f-title_zh") == f"春季工作坊 {suffix}"
    assert fpage.input_value("#f-city") == "贵阳市"
    assert fpage.input_value("#f-venue") == "花溪会议中心"
    assert fpage.input_value("#f-capacity") == "40"
    assert fpage.input_value("#f-talk_minutes") == "3"
    assert fpage.input_value("#f-agenda_starts_at") == "14:00"
    assert fpage.input_value("#f-starts_on") == ""  # the dates are not copied
    _check(fpage, "copy", viewport, must_fit=True)
    fpage.fill("#f-title_zh", f"秋季工作坊 {suffix}")
    fpage.fill("#f-starts_on", "2027-09-01")
    fpage.fill("#f-ends_on", "2027-09-02")
    fpage.click("[data-testid=create-workshop]")

    # 3. Its dashboard: open registration, import the roster.
    fpage.wait_for_url(re.compile(r"/registration/f/"))
    assert f"秋季工作坊 {suffix}" in fpage.inner_text("h1")
    fpage.click("#workshop form button[type=submit]")  # "Open registration"
    fpage.wait_for_selector("[data-testid=close-workshop]")
    _check(fpage, "dashboard", viewport, must_fit=True)
    assert "公益机构负责人工作坊的组织诊断" in fpage.inner_text("footer")  # the shared layout speaks Chinese too

    _upload(fpage, base, _roster(fixed=False), "名单.csv")
    rows = fpage.locator("[data-testid=preview-row]")
    assert rows.count() == 36
    bad = fpage.locator("[data-testid=preview-row][data-valid=no]")
    assert bad.count() == 2
    assert "测试机构11号" in bad.nth(0).inner_text() and "测试机构21号" in bad.nth(1).inner_text()
    assert re.search(r"34\D+2", fpage.inner_text("[data-testid=preview-counts]"))
    _check(fpage, "preview-bad", viewport, must_fit=True)
    fpage.click("[data-testid=upload-again]")
    fpage.wait_for_url(re.compile(r"/registration/f/roster$"))
    _upload(fpage, base, _roster(fixed=True), "名单-改.csv")
    assert fpage.locator("[data-testid=preview-row][data-valid=yes]").count() == 36
    _check(fpage, "preview", viewport, must_fit=True)
    sent_again = fpage.eval_on_selector(  # the form as sent, to send it a second time (a reload)
        "form:has([data-testid=confirm-import])", "f => Object.fromEntries(new FormData(f))"
    )
    fpage.click("[data-testid=confirm-import]")
    fpage.wait_for_selector("[data-testid=imported-links]")
    _check(fpage, "imported", viewport)
    links = fpage.eval_on_selector_all("[data-testid=imported-links] input", "inputs => inputs.map(i => i.value)")
    names = fpage.eval_on_selector_all(
        "[data-testid=imported-links] tbody tr td:first-child", "cells => cells.map(c => c.textContent.trim())"
    )
    assert len(links) == 36 and all("/registration/link/" in x for x in links)
    tokens = dict(zip(names, (x.rsplit("/", 1)[1] for x in links), strict=True))

    # The browser resends the import (a reload, a second click): refused, nothing imported twice.
    again = fac_context.request.post(f"{base}/registration/f/roster/import", form=sent_again)
    assert again.status == 409, again.status
    assert "已经导入过了（36 家机构）" in again.text() and "抱歉" in again.text()
    fpage.goto(f"{base}/registration/f/")
    assert fpage.locator("[data-testid=roster-row]").count() == 36

    # 4. A lost link is replaced.
    lost = "测试机构05号"
    fpage.locator("[data-testid=roster-row]", has_text=lost).locator("[data-testid=new-link]").click()
    fpage.click("[data-testid=confirm-new-link]")
    new_link = fpage.input_value("input[data-testid=new-link]")
    _check(fpage, "new-link", viewport, must_fit=True)
    old_link = f"{base}/registration/link/{tokens[lost]}"
    assert requests.get(old_link, timeout=10, allow_redirects=True).status_code in (401, 403, 404)
    leader_context, leader = _context(browser, viewport)
    leader.goto(new_link)
    assert lost in leader.content()
    _check(leader, "leader-home", viewport)
    leader_context.close()

    # 5. A few organisations answer through the API; their reports are read and downloaded.
    client = NianlunClient(base)
    answered = [n for n in sorted(tokens) if n != lost][:SUBMITTED]
    ids = {}
    for name in answered:
        me = client.get("/registration/me", token=tokens[name])
        organisation = {"id": me.json()["organisation_id"], "access_token": tokens[name], "name_zh": name}
        ids[name] = organisation["id"]
        client.submit(organisation, client.complete_response())
    for name in answered:
        client.wait_ready_report({"id": ids[name], "access_token": tokens[name], "name_zh": name}, timeout=90)

    fpage.goto(f"{base}/registration/f/")
    chosen = answered[0]
    fpage.locator("[data-testid=roster-row]", has_text=chosen).locator("[data-testid=open-report]").click()
    fpage.wait_for_url(re.compile(rf"/reporting/f/organisations/{ids[chosen]}/report"))
    assert chosen in fpage.content()
    _check(fpage, "report", viewport, must_fit=True)
    with fpage.expect_download() as download:
        fpage.click("[data-testid=download-pdf]")
    assert open(download.value.path(), "rb").read(4) == b"%PDF"

    fpage.goto(f"{base}/registration/f/")
    fpage.wait_for_selector("[data-testid=download-all-reports]", timeout=15_000)
    with fpage.expect_download() as download:
        fpage.click("[data-testid=download-all-reports]")
    archive = zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read()))
    pdfs = [n for n in archive.namelist() if n.endswith(".pdf")]
    assert len(pdfs) == SUBMITTED, archive.namelist()
    assert all(archive.read(n)[:4] == b"%PDF" for n in pdfs)

    # 6. The printable agenda, in a new tab.
    with fac_context.expect_page() as opened:
        fpage.click("[data-testid=printable-agenda]")
    agenda = opened.value
    agenda.wait_for_load_state()
    assert "测试机构" in agenda.content()
    _check(agenda, "agenda", viewport)
    assert requests.get(agenda.url, cookies={c["name"]: c["value"] for c in fac_context.cookies()}, timeout=10).ok
    agenda.close()

    # 7. Closing the workshop.
    fpage.click("[data-testid=close-workshop]")
    assert "截止之后" in fpage.content()
    _check(fpage, "close", viewport, must_fit=True)
    fpage.click("[data-testid=confirm-close]")
    fpage.wait_for_url(re.compile(r"/registration/f/"))
    assert fpage.inner_text("[data-testid=workshop-status]") == "已结束"
    _check(fpage, "closed", viewport, must_fit=True)
    fac_context.close()
    org_context.close()
