"""Follow-up rounds in reporting: a baseline diagnosis and cohort, then a round-2 diagnosis
with its rings document and a round-2 cohort, through the consumer path the service runs.
Both rounds' reports exist and stay (the baseline's file untouched); the round-2 PDF and the
phone page open with the rings section, each spoke in the direction the document gives it
and the caution when the raters differ; what the leader typed stays text; the pages link to
the earlier round's report; the summary follows the newest round's cohort and the earlier
round's summary stays."""

import copy
import hashlib
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from services.common.events import decode
from services.diagnosis.adapters.instrument_files import current_instrument
from services.reporting.adapters.orm import bus, reports
from services.reporting.adapters.orm import summaries as summary_rows
from services.reporting.service_layer import summaries
from services.reporting.service_layer.reports import report_file
from tests.integration.test_intents_in_reports import render, settle_now
from tests.integration.test_reporting_service import Workshop, fake_summary, feed, sample
from tests.support.rings import BY_RATERS, DOWN, HOSTILE_CHANGE, SAME, UP, follow_up

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # matplotlib's missing glyphs

SCREENSHOTS = Path("test-artifacts/screenshots")


def squeeze(text: str) -> str:
    """The text without spaces: a narrow cell wraps, and Typst spaces CJK from digits."""
    return "".join(text.split())


def round_two(workshop, organisation):
    """The organisation's round-2 diagnosis (version 2, with its rings), then the round-2 cohort."""
    source = organisation["source"]
    after, rings = follow_up(source["scored"]["result"])
    scored = copy.deepcopy(source["scored"])
    scored.update(
        organisation_id=organisation["id"],
        workshop_id=workshop.id,
        diagnosis_version=2,
        round=2,
        result=dict(after, organisation_id=organisation["id"]),
        rings=rings,
    )
    report_id = feed(workshop.runtime, "diagnosis.scored", scored, producer="diagnosis")
    feed(
        workshop.runtime,
        "cohort.scored",
        {
            "workshop_id": workshop.id,
            "cohort_version": 2,
            "round": 2,
            "instrument_version": current_instrument().version,
            "figures": {"size": 1, "benchmark": None, "matches": []},
            "view": sample()["cohort"],
            "appendix": sample()["appendix"],
        },
        producer="diagnosis",
    )
    return report_id, after, rings


def report_rows(runtime, organisation):
    with runtime.sessions() as session:
        return (
            session.execute(
                select(reports).where(reports.c.organisation_id == organisation["id"]).order_by(reports.c.round)
            )
            .mappings()
            .all()
        )


def test_a_follow_up_round_has_its_own_report_opening_with_its_rings(service_app, monkeypatch):
    app, runtime = service_app("reporting")
    workshop = Workshop(runtime, size=1)
    organisation = workshop.organisations[0]
    baseline_id = organisation["report_id"]
    _view, baseline_text = render(runtime, baseline_id)
    assert "年轮：" not in baseline_text  # a baseline report has no rings
    baseline_pdf = report_file(runtime.sessions, None, runtime.settings, baseline_id)
    baseline_bytes = baseline_pdf.read_bytes()
    settle_now(runtime, workshop, monkeypatch)  # the baseline's settle: its summary is asked for
    with runtime.sessions() as session:
        first_summary = session.execute(select(summary_rows.c.id)).scalar_one()
    assert summaries.render_summary(runtime.sessions, runtime.settings, first_summary, fake_summary) == "ready"

    report_id, after, rings = round_two(workshop, organisation)
    assert report_id is not None and report_id != baseline_id
    queued = settle_now(runtime, workshop, monkeypatch)
    assert baseline_id not in (queued or [])  # the baseline stays as it was
    view, text = render(runtime, report_id)

    # both rounds' reports exist and stay; the baseline's file is untouched
    rows = report_rows(runtime, organisation)
    assert [(r["round"], r["diagnosis_version"], r["state"]) for r in rows] == [(1, 1, "ready"), (2, 2, "ready")]
    assert baseline_pdf.read_bytes() == baseline_bytes
    assert hashlib.sha256(baseline_bytes).hexdigest() == rows[0]["checksum"]
    assert report_file(runtime.sessions, None, runtime.settings, report_id) != baseline_pdf
    with runtime.sessions() as session:
        ready = [decode(raw) for raw in session.execute(select(bus.outbox.c.envelope)).scalars()]
    assert [e.payload["round"] for e in ready if e.type == "report.ready"] == [1, 2]

    # the PDF opens with the rings, after the cover, each spoke in its own direction
    flat = squeeze(text)
    assert text.index("年轮：第 2 轮与基线对比") < text.index("一、概要")
    assert "自基线以来，1个维度明显提升，2个基本持平，1个明显下降。" in flat
    words = {UP: "明显提升", SAME: "基本持平", DOWN: "明显下降", BY_RATERS: "基本持平（变化来自评分人的不同）"}
    for code, word in words.items():
        change = rings["since_baseline"]["dimensions"][code]
        name = after["dimensions"][code]["name"]["zh"]
        row = f"{name}{change['before']:.1f}{change['after']:.1f}{change['change']:+.1f}{word}"
        assert row in flat, row
    assert (
        "两轮的评分人不同（基线：负责人1人和员工3人；本轮（第2轮）：负责人1人、员工3人和理事3人），比较需谨慎。" in flat
    )
    assert "净资产比率" in flat and "改善" in flat and "变差" in flat
    assert "已不再是优先事项" in flat and "新列入的优先事项：「团队专业成长」" in flat
    assert f"{after['priorities'][0]['name']['zh']}已完成签了两家基金会" in flat and "已实现进行中" in flat
    assert "机构的硬数据收入来源从一个变成三个" in flat  # the leader's words under their section's name
    assert HOSTILE_CHANGE in text  # the leader's words, literally: no markup, no red page
    assert "接下来的三项优先事项" in flat

    # the rings page, for the issue note
    pdf = report_file(runtime.sessions, None, runtime.settings, report_id)
    page = next(
        n
        for n in range(1, 6)
        if "年轮：第 2 轮与基线对比 自基线以来"
        in " ".join(
            subprocess.run(
                ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                capture_output=True,
                check=True,
                text=True,
            ).stdout.split()
        )
    )
    assert page == 2  # right after the cover
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-f", str(page), "-l", str(page), "-png", "-singlefile", str(pdf), "rings-page"],
        cwd=SCREENSHOTS,
        check=True,
    )
    assert (SCREENSHOTS / "rings-page.png").stat().st_size > 10_000

    # the phone page says the same; the leader's words are text
    client = app.test_client()
    client.set_cookie("nl_token", organisation["headers"]["Authorization"].split()[1])
    html = client.get("/reporting/o/report").get_data(as_text=True)
    assert 'data-testid="rings"' in html and view["rings"]["lead"] in html
    assert (
        "两轮的评分人不同（基线：负责人 1 人和员工 3 人；本轮（第 2 轮）：负责人 1 人、员工 3 人和理事 3 人），比较需谨慎。"
        in html
    )
    for code, direction in ((UP, "up"), (SAME, "same"), (DOWN, "down")):
        assert f'data-code="{code}" data-direction="{direction}">' in html
    assert f'data-code="{BY_RATERS}" data-direction="same" data-because="raters">' in html
    assert "基本持平（变化来自评分人的不同）" in html
    assert "<script>alert(1)" not in html and "<b>粗体</b>" not in html
    assert "#set page(fill: red) &lt;b&gt;粗体&lt;/b&gt; $x^2$ [链接](http://x) *重点* &lt;script&gt;" in html

    # nothing is lost: the baseline's report, page and PDF, from the newest round's page
    assert 'data-testid="round-1-page"' in html
    baseline_page = client.get("/reporting/o/report?round=1&language=zh").get_data(as_text=True)
    assert 'data-testid="rings"' not in baseline_page and 'data-testid="round-2-page"' in baseline_page
    baseline_download = client.get(f"/reporting/o/reports/{baseline_id}.pdf")
    assert baseline_download.status_code == 200 and baseline_download.data == baseline_bytes
    panel = client.get("/reporting/o/panel").get_data(as_text=True)
    assert 'data-testid="round-1-page"' in panel and f"/reporting/o/reports/{baseline_id}.pdf" in panel

    # the facilitator's list: the newest round, with the baseline beside it
    client.set_cookie("nl_token", workshop.facilitator["Authorization"].split()[1])
    listing = client.get("/reporting/f/panel").get_data(as_text=True)
    assert "第 2 轮" in listing and 'data-testid="round-1-page"' in listing
    assert f"/reporting/f/reports/{baseline_id}.pdf" in listing
    facilitator_page = client.get(f"/reporting/f/organisations/{organisation['id']}/report").get_data(as_text=True)
    assert 'data-testid="rings"' in facilitator_page and 'data-testid="round-1-page"' in facilitator_page

    # an organisation reads only its own: another one's rounds do not exist for it
    other = workshop.organisation(1)
    client.set_cookie("nl_token", other["headers"]["Authorization"].split()[1])
    assert client.get(f"/reporting/o/reports/{baseline_id}.pdf").status_code == 404
    assert client.get(f"/reporting/o/reports/{report_id}.pdf").status_code == 404

    # the summary follows the newest round's cohort; the baseline's stays
    with runtime.sessions() as session:
        kept = session.execute(select(summary_rows).order_by(summary_rows.c.round)).mappings().all()
    assert [(s["round"], s["cohort_version"]) for s in kept] == [(1, 1), (2, 2)]
    assert kept[0]["state"] == "ready"
    data = summaries.summary_data(runtime.sessions, workshop.id)
    assert (data["round"], data["cohort_version"]) == (2, 2)
    assert [s["diagnosis_version"] for s in (o["scored"] for o in data["organisations"])] == [2]
    assert summaries.summary_data(runtime.sessions, workshop.id, 1)["cohort_version"] == 1


def test_the_rings_read_on_a_phone_within_360_px(service_app):
    import threading

    from werkzeug.serving import make_server

    from tests.support.browser import PHONE, fits_width, launch, screenshot

    app, runtime = service_app("reporting")
    workshop = Workshop(runtime, size=1)
    organisation = workshop.organisations[0]
    render(runtime, organisation["report_id"])
    report_id, _after, _rings = round_two(workshop, organisation)
    render(runtime, report_id)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    playwright, browser = launch()
    try:
        context = browser.new_context(viewport=PHONE)
        token = organisation["headers"]["Authorization"].split()[1]
        context.add_cookies([{"name": "nl_token", "value": token, "url": base}])
        page = context.new_page()
        page.goto(f"{base}/reporting/o/report")
        section = page.get_by_test_id("rings")
        assert "基本持平（变化来自评分人的不同）" in section.inner_text()
        assert HOSTILE_CHANGE in page.get_by_test_id("rings-change").first.inner_text()
        assert page.evaluate("document.querySelectorAll('#rings script, #rings b').length") == 0
        assert fits_width(page)
        screenshot(page, "report-rings-phone")
        section.screenshot(path=str(SCREENSHOTS / "report-rings-phone-section.png"))
        page.get_by_test_id("round-1-page").click()
        assert page.get_by_test_id("rings").count() == 0 and page.get_by_test_id("report").count() == 1
    finally:
        browser.close()
        playwright.stop()
        server.shutdown()
