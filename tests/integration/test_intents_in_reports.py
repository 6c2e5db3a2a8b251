"""Cooperation intents in reporting: `intent.changed` kept per intent (the newest revision wins,
redelivery and late older revisions do nothing); an agreed intent appears in both sides'
reports (the view, the PDF, the phone page) and nowhere else, a declined or withdrawn one in
none; a change brings both reports up to date the way a new cohort does; the workshop summary
and the XLSX/CSV list agreed intents apart from the suggested matches; what leaders typed stays
text (Typst markup, HTML, spreadsheet formulas)."""

import csv
import datetime as dt
import io
import json
import subprocess
import uuid
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from services.common.clock import now
from services.common.events import new_event
from services.common.inbox import handle_once
from services.reporting.adapters import renderers
from services.reporting.adapters.orm import bus, cooperation_intents, reports, workshop_settles
from services.reporting.adapters.orm import summaries as summary_rows
from services.reporting.service_layer import following, settles, summaries
from services.reporting.service_layer.reports import report_file
from tests.integration.test_reporting_service import Workshop, fake_summary, handlers

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # matplotlib's missing glyphs

ARTIFACTS = Path("test-artifacts")
HOSTILE = "#set text(red) <script>alert(1)</script> =1+1"
DECLINED = "被婉拒的意向 declined-only"
WITHDRAWN = "撤回的意向 withdrawn-only"


def intent_event(workshop, proposer, partner, revision, state, *, intent_id, what=HOSTILE, by="organisation"):
    return new_event(
        "intent.changed",
        {
            "intent_id": intent_id,
            "workshop_id": workshop.id,
            "proposer_id": proposer["id"],
            "partner_id": partner["id"],
            "kind": "staff_exchange",
            "what": what,
            "target_month": "2027-03",
            "state": state,
            "recorded_by": by,
            "revision": revision,
        },
        producer="diagnosis",
    )


def deliver(runtime, event):
    return handle_once(runtime.sessions, bus.processed_events, "reporting", event, handlers(runtime)["intent.changed"])


def kept(runtime, intent_id):
    with runtime.sessions() as session:
        return (
            session.execute(select(cooperation_intents).where(cooperation_intents.c.intent_id == intent_id))
            .mappings()
            .one()
        )


def settle_due(runtime, workshop):
    with runtime.sessions() as session:
        return session.execute(
            select(workshop_settles.c.due_at).where(workshop_settles.c.workshop_id == workshop.id)
        ).scalar()


def settle_now(runtime, workshop, monkeypatch):
    moment = now() + dt.timedelta(seconds=runtime.settings.settle_seconds + 1)
    monkeypatch.setattr(settles, "now", lambda: moment)
    queued = following.settle_workshop(runtime.sessions, workshop.id)
    monkeypatch.undo()
    return queued


def current_report_id(runtime, organisation):
    with runtime.sessions() as session:
        return session.execute(
            select(reports.c.id).where(reports.c.organisation_id == organisation["id"], reports.c.language == "zh")
        ).scalar()


def render(runtime, report_id):
    from services.reporting.service_layer import reports as service

    assert (
        service.render_report(runtime.sessions, runtime.settings, report_id, renderers.organisation_report) == "ready"
    )
    pdf = report_file(runtime.sessions, None, runtime.settings, report_id)
    view = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    return view, " ".join(text.split())


@pytest.fixture
def workshop(service_app):
    app, runtime = service_app("reporting")
    return Workshop(runtime, size=3), app


def test_an_agreed_intent_is_in_both_reports_and_in_no_other(workshop):
    workshop, app = workshop
    runtime = workshop.runtime
    a, b, c = workshop.organisations
    agreed, declined, withdrawn = (str(uuid.uuid4()) for _ in range(3))
    deliver(runtime, intent_event(workshop, a, b, 1, "proposed", intent_id=agreed))
    deliver(runtime, intent_event(workshop, a, b, 2, "agreed", intent_id=agreed, by="facilitator"))
    deliver(runtime, intent_event(workshop, a, c, 2, "declined", intent_id=declined, what=DECLINED))
    deliver(runtime, intent_event(workshop, b, c, 3, "withdrawn", intent_id=withdrawn, what=WITHDRAWN))

    for me, other in ((a, b), (b, a)):
        view, text = render(runtime, me["report_id"])
        rows = view["partners"]["intents"]
        assert rows == [
            {
                "name": other["name_zh"],
                "kind": "人员交流",
                "what": HOSTILE,
                "month": "2027年3月",
                "in_room": "（现场达成）",
            }
        ]
        assert view["partners"]["lead"].startswith("已与工作坊的同行达成 1 项合作意向")
        assert "已达成的合作意向" in text and "#set text(red) <script>alert(1)</script> =1+1" in text
        squeezed = text.replace(" ", "")  # a narrow cell wraps: its lines interleave with the next cell's
        assert "人员交流" in text and "2027年3月（现场" in squeezed and other["name_zh"][:8] in text
        assert DECLINED not in text and WITHDRAWN not in text

    view, text = render(runtime, c["report_id"])  # the third organisation: declined by it, withdrawn to it
    assert view["partners"]["intents"] == []
    assert view["partners"]["lead"] == "目前还没有与工作坊的同行达成合作意向：可以先和下面建议的合作伙伴谈一谈。"
    assert "已达成的合作意向" not in text and "#set text" not in text and DECLINED not in text and WITHDRAWN not in text

    client = app.test_client()  # the phone page: what was typed is text
    client.set_cookie("nl_token", a["headers"]["Authorization"].split()[1])
    html = client.get("/reporting/o/report").get_data(as_text=True)
    assert 'data-testid="intents-table"' in html and "<script>alert(1)" not in html
    assert "#set text(red) &lt;script&gt;alert(1)&lt;/script&gt; =1+1" in html and "（现场达成）" in html
    client.set_cookie("nl_token", c["headers"]["Authorization"].split()[1])
    html = client.get("/reporting/o/report").get_data(as_text=True)
    assert 'data-testid="intents-table"' not in html and "#set text" not in html


def test_the_newest_revision_wins_redelivery_is_harmless_and_a_change_brings_both_reports_up(workshop, monkeypatch):
    workshop, app = workshop
    runtime = workshop.runtime
    client = app.test_client()
    a, b, c = workshop.organisations
    for organisation in workshop.organisations:
        render(runtime, organisation["report_id"])
    settle_now(runtime, workshop, monkeypatch)  # the diagnoses' settle: nothing waits any more
    assert settle_due(runtime, workshop) is None
    with runtime.sessions() as session:  # the settle asked for the summary of the cohort
        summary_id = session.execute(
            select(summary_rows.c.id).where(summary_rows.c.workshop_id == workshop.id)
        ).scalar()
    assert summaries.render_summary(runtime.sessions, runtime.settings, summary_id, fake_summary) == "ready"

    def updating():
        return client.get(f"/reporting/workshops/{workshop.id}/progress", headers=workshop.facilitator).json["updating"]

    assert updating() == 0

    intent_id = str(uuid.uuid4())
    proposed = intent_event(workshop, a, b, 1, "proposed", intent_id=intent_id)
    assert deliver(runtime, proposed) is False
    assert settle_due(runtime, workshop) is None  # a proposal changes no report
    agreed = intent_event(workshop, a, b, 2, "agreed", intent_id=intent_id)
    assert deliver(runtime, agreed) is True
    assert settle_due(runtime, workshop) is not None
    assert updating() == 2  # both sides' reports wait for the workshop to settle
    assert deliver(runtime, agreed) is None  # the same event again: the inbox knew it
    again = intent_event(workshop, a, b, 2, "withdrawn", intent_id=intent_id)  # an equal revision, another event
    late = intent_event(workshop, a, b, 1, "proposed", intent_id=intent_id)  # an older one, arriving late
    assert deliver(runtime, again) is False and deliver(runtime, late) is False
    assert (kept(runtime, intent_id)["state"], kept(runtime, intent_id)["revision"]) == ("agreed", 2)

    queued = settle_now(runtime, workshop, monkeypatch)
    assert sorted(queued) == sorted([a["report_id"], b["report_id"]])  # both sides, not the third
    with runtime.sessions() as session:  # the summary, for the same cohort, is made again too
        assert (
            session.execute(select(summary_rows.c.state).where(summary_rows.c.id == summary_id)).scalar() == "pending"
        )
    for organisation in (a, b):
        view, _text = render(runtime, organisation["report_id"])
        assert [row["what"] for row in view["partners"]["intents"]] == [HOSTILE]
    assert updating() == 0
    assert settle_now(runtime, workshop, monkeypatch) is None  # nothing waits once both are rendered

    assert deliver(runtime, intent_event(workshop, a, b, 3, "withdrawn", intent_id=intent_id)) is True
    queued = settle_now(runtime, workshop, monkeypatch)
    assert sorted(queued) == sorted([a["report_id"], b["report_id"]])
    view, text = render(runtime, a["report_id"])
    assert view["partners"]["intents"] == [] and "#set text" not in text


def test_the_summary_and_the_scores_tell_agreed_intents_apart_from_suggested_matches(workshop):
    workshop, _app = workshop
    runtime = workshop.runtime
    a, b, c = workshop.organisations
    deliver(runtime, intent_event(workshop, a, b, 2, "agreed", intent_id=str(uuid.uuid4())))
    deliver(runtime, intent_event(workshop, b, c, 2, "declined", intent_id=str(uuid.uuid4()), what=DECLINED))

    data = summaries.summary_data(runtime.sessions, workshop.id)
    pdf, xlsx, csv_bytes = renderers.workshop_summary(data, "zh", dt.date(2026, 12, 4))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "summary-with-intents.pdf").write_bytes(pdf)  # to look at
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode(
        "utf-8"
    )
    text = " ".join(text.split())
    suggested = len(data["cohort"].get("matches") or [])
    assert f"建议的合作 {suggested} 对，已达成的合作意向 1 项。" in text
    assert "已达成的合作意向 (1)" in text and "#set text(red) <script>alert(1)</script> =1+1" in text
    assert DECLINED not in text
    assert text.index("建议的合作 ·") < text.index("已达成的合作意向 (1)")  # two lists, the suggestions first

    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    sheet = book["已达成的合作意向"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["提议方", "合作方", "合作方式", "内容", "目标月份", "记录方"]
    assert rows[1:] == [[a["name_zh"], b["name_zh"], "人员交流", HOSTILE, "2027年3月", "双方机构"]]
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value)
    lines = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"))))
    at = lines.index(["已达成的合作意向"])
    assert lines[at + 1][0] == "提议方" and lines[at + 2][:3] == [a["name_zh"], b["name_zh"], "人员交流"]
    assert DECLINED not in csv_bytes.decode("utf-8-sig")


def test_a_hostile_what_is_neutralised_for_spreadsheets(workshop):
    workshop, _app = workshop
    runtime = workshop.runtime
    a, b, _c = workshop.organisations
    deliver(runtime, intent_event(workshop, a, b, 2, "agreed", intent_id=str(uuid.uuid4()), what="=1+1"))
    data = summaries.summary_data(runtime.sessions, workshop.id)
    _pdf, xlsx, csv_bytes = renderers.workshop_summary(data, "zh", dt.date(2026, 12, 4))
    cell = openpyxl.load_workbook(io.BytesIO(xlsx))["已达成的合作意向"]["D2"]
    assert cell.data_type == "s" and not str(cell.value).startswith("=")
    lines = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"))))
    assert not lines[-1][3].startswith("=") and "=1+1" in lines[-1][3]


def test_the_phone_page_lists_the_intents_within_360_px(workshop):
    import threading

    from werkzeug.serving import make_server

    from tests.support.browser import PHONE, SCREENSHOTS, fits_width, launch, screenshot

    workshop, app = workshop
    runtime = workshop.runtime
    a, b, _c = workshop.organisations
    deliver(runtime, intent_event(workshop, a, b, 2, "agreed", intent_id=str(uuid.uuid4()), by="facilitator"))
    render(runtime, a["report_id"])
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    playwright, browser = launch()
    try:
        context = browser.new_context(viewport=PHONE)
        context.add_cookies([{"name": "nl_token", "value": a["headers"]["Authorization"].split()[1], "url": base}])
        page = context.new_page()
        page.goto(f"{base}/reporting/o/report")
        table = page.get_by_test_id("intents-table")
        assert HOSTILE in table.inner_text() and "（现场达成）" in table.inner_text()
        assert page.evaluate("document.querySelectorAll('#partners script').length") == 0
        assert fits_width(page)
        screenshot(page, "report-intents-phone")
        page.locator("#partners").screenshot(path=str(SCREENSHOTS / "report-intents-phone-section.png"))
    finally:
        browser.close()
        playwright.stop()
        server.shutdown()
