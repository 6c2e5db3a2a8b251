"""The report page from a stored view: the real renderer keeps the view beside the PDF, the
page lays it out with every section, and what users typed (the organisation's name, its region,
a partner's name) stays text: HTML, spreadsheet formulas and Typst's markup characters alike."""

import copy
import re
import uuid

import pytest
from sqlalchemy import select, update

from services.common.auth import ORGANISATION
from services.reporting.adapters import renderers
from services.reporting.adapters.orm import reports as table
from services.reporting.service_layer import reports
from tests.integration.test_reporting_service import Workshop, feed, grant, sample

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # matplotlib's missing glyphs

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x.example","y")'
TYPST = "#set page(fill: red) $x^2$ [a] \\ *b* _c_ @d <e> =f"
NAME = f"{SCRIPT}{FORMULA} {TYPST}"
PARTNER = "<img src=x onerror=alert(2)>"
SECTION_IDS = ["summary", "wheel", "perspectives", "finance", "key_person", "scan", "paths", "actions", "partners"]


def hostile_organisation(workshop: Workshop) -> dict:
    """An organisation of the workshop whose every typed text is hostile, its report rendered."""
    runtime, source = workshop.runtime, copy.deepcopy(sample()["organisations"][0])
    organisation_id = str(uuid.uuid4())
    feed(
        runtime,
        "organisation.registered",
        {
            "organisation_id": organisation_id,
            "workshop_id": workshop.id,
            "name_zh": NAME,
            "name_en": FORMULA,
            "status": "registered",
            "focus_areas": source["profile"]["focus_areas"],
            "service_region": "<b>安顺</b>",
        },
    )
    headers = grant(runtime, ORGANISATION, workshop.id, organisation_id)
    scored = dict(
        source["scored"],
        organisation_id=organisation_id,
        workshop_id=workshop.id,
        diagnosis_version=1,
        organisation_name_zh=NAME,
        organisation_name_en=FORMULA,
    )
    scored["result"] = dict(scored["result"], organisation_id=organisation_id)
    report_id = feed(runtime, "diagnosis.scored", scored, producer="diagnosis")
    figures = source["cohort"]  # the sample organisation's share of a cohort of 36, made this one's
    match = copy.deepcopy(figures["matches"][0])
    match.update({"from": organisation_id, "to": str(uuid.uuid4()), "to_name": PARTNER})
    cohort = sample()["cohort"]
    feed(
        runtime,
        "cohort.scored",
        {
            "workshop_id": workshop.id,
            "cohort_version": 2,
            "instrument_version": scored["instrument_version"],
            "figures": {
                "size": figures["size"],
                "benchmark": figures["benchmark"],
                **{key: {organisation_id: figures[key]} for key in ("percentiles", "quintile_flags", "vulnerability")},
                "matches": [match],
            },
            "view": cohort,
            "appendix": sample()["appendix"],
        },
        producer="diagnosis",
    )
    assert (
        reports.render_report(runtime.sessions, runtime.settings, report_id, renderers.organisation_report) == "ready"
    )
    return {"id": organisation_id, "report_id": report_id, "token": headers["Authorization"].split()[1]}


@pytest.fixture
def page(service_app):
    app, runtime = service_app("reporting")
    workshop = Workshop(runtime, size=0)
    organisation = hostile_organisation(workshop)
    client = app.test_client()
    client.set_cookie("nl_token", organisation["token"])
    return client, runtime, organisation


def test_the_page_shows_every_section_of_the_stored_view_with_hostile_text_as_text(page):
    client, runtime, organisation = page
    response = client.get("/reporting/o/report")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:500]
    assert "<iframe" not in html
    assert '<article class="report" lang="zh-CN"' in html
    for section in [*SECTION_IDS, "appendix"]:
        assert f'<section id="{section}"' in html
    assert html.count("<details") == 2  # the appendix's method and answers fold away

    assert "<script>alert" not in html and "<img src=x" not in html and "<b>安顺" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "=HYPERLINK(&#34;http://x.example&#34;,&#34;y&#34;)" in html
    assert "#set page(fill: red) $x^2$ [a] \\ *b* _c_ @d &lt;e&gt; =f" in html  # as typed, nothing interpreted
    assert "&lt;img src=x onerror=alert(2)&gt;" in html  # the partner's name
    assert "&lt;b&gt;安顺&lt;/b&gt;" in html
    name = re.search(r'<h1 data-testid="organisation-name">(.*?)</h1>', html)[1]
    assert name == "&lt;script&gt;alert(1)&lt;/script&gt;=HYPERLINK(&#34;http://x.example&#34;,&#34;y&#34;) " + (
        "#set page(fill: red) $x^2$ [a] \\ *b* _c_ @d &lt;e&gt; =f"
    )

    # The charts are images of our own SVG; no markup of the view reaches the page.
    assert "<svg" not in html.split('data-testid="report"', 1)[1].split("</article>")[0].replace('<svg class="bar"', "")
    assert len(re.findall(r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', html)) == 3
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_view_is_kept_beside_the_pdf_and_read_with_the_files_checks(page):
    client, runtime, organisation = page
    pdf = client.get(f"/reporting/o/reports/{organisation['report_id']}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    appendix = client.get(f"/reporting/o/reports/{organisation['report_id']}/appendix.pdf")
    assert appendix.status_code == 200 and appendix.mimetype == "application/pdf"
    assert appendix.data.startswith(b"%PDF") and appendix.data != pdf.data  # its own document
    html = client.get("/reporting/o/report").get_data(as_text=True)
    assert f'href="/reporting/o/reports/{organisation["report_id"]}/appendix.pdf"' in html
    with runtime.sessions() as session:  # a report rendered before reports had an appendix
        relative = session.execute(select(table.c.file_path).where(table.c.id == organisation["report_id"])).scalar()
    (runtime.settings.reports_dir / relative).with_suffix(".appendix.pdf").unlink()
    assert client.get(f"/reporting/o/reports/{organisation['report_id']}/appendix.pdf").status_code == 404
    old_frame = client.get(f"/reporting/o/reports/{organisation['report_id']}.html")
    assert old_frame.status_code == 302 and old_frame.location.endswith("/reporting/o/report?language=zh")

    stranger = Workshop(runtime, size=1).organisations[0]
    stranger_client = client.application.test_client()
    stranger_client.set_cookie("nl_token", stranger["headers"]["Authorization"].split()[1])
    for path in (
        f"/reporting/o/reports/{organisation['report_id']}.pdf",
        f"/reporting/o/reports/{organisation['report_id']}/appendix.pdf",
        f"/reporting/o/reports/{organisation['report_id']}.html",
    ):
        assert stranger_client.get(path).status_code == 404
    assert NAME not in stranger_client.get("/reporting/o/report").get_data(as_text=True)


def test_a_report_rendered_before_views_were_kept_offers_its_pdf(page):
    client, runtime, organisation = page
    with runtime.sessions() as session:
        relative = session.execute(select(table.c.file_path).where(table.c.id == organisation["report_id"])).scalar()
    (runtime.settings.reports_dir / relative).with_suffix(".json").unlink()
    html = client.get("/reporting/o/report").get_data(as_text=True)
    assert 'data-testid="no-view"' in html and 'data-testid="download-pdf"' in html
    assert 'data-testid="report"' not in html


def test_while_the_report_is_made_again_the_last_render_stays_readable(page):
    client, runtime, organisation = page
    with runtime.sessions.begin() as session:  # what a newer cohort does to a ready report
        session.execute(update(table).where(table.c.id == organisation["report_id"]).values(state="pending"))
    html = client.get("/reporting/o/report").get_data(as_text=True)
    assert 'data-testid="report"' in html and "新版本正在生成" in html
    assert client.get(f"/reporting/o/reports/{organisation['report_id']}.pdf").data.startswith(b"%PDF")
