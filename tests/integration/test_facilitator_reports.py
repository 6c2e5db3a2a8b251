"""The facilitator's reports, from the pages: any organisation's report page of their workshop
(with its PDF), and every ready report of the workshop as one zip. Another workshop's
facilitator, an organisation and an unknown id get 404, never data."""

import io
import re
import urllib.parse
import uuid
import zipfile
from urllib.parse import quote

import pytest
from sqlalchemy import select

from services.common.files import safe_file_name
from services.reporting.adapters.orm import reports as table
from services.reporting.domain.report import unique_names
from tests.integration.test_report_page import NAME, hostile_organisation
from tests.integration.test_reporting_service import Workshop, feed, render

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # matplotlib's missing glyphs

TWIN = "乙社会工作服务中心"  # two organisations of one name: their entries must not overwrite each other


def token_of(headers: dict) -> str:
    return headers["Authorization"].split()[1]


def page_client(app, headers: dict | None = None, language: str | None = None):
    client = app.test_client()
    if headers:
        client.set_cookie("nl_token", token_of(headers))
    if language:
        client.set_cookie("nl_lang", language)
    return client


def named_organisation(workshop: Workshop, index: int, name: str) -> dict:
    """An organisation of the workshop registered as `name`, its diagnosis scored."""
    organisation = workshop.organisation(index)
    feed(
        workshop.runtime,
        "organisation.registered",
        {
            "organisation_id": organisation["id"],
            "workshop_id": workshop.id,
            "name_zh": name,
            "name_en": None,
            "status": "registered",
            "focus_areas": organisation["source"]["profile"]["focus_areas"],
        },
    )
    return dict(organisation, name_zh=name)


@pytest.fixture
def world(service_app):
    """Workshop X: a hostile-named organisation with a real report, two organisations of one
    name and one with an English report too (made by the fake renderer), one still waiting.
    Workshop Y: one organisation, nothing ready."""
    app, runtime = service_app("reporting")
    x = Workshop(runtime, size=0)
    real = hostile_organisation(x)
    twins = [named_organisation(x, 0, TWIN), named_organisation(x, 1, TWIN)]
    for twin in twins:
        assert render(runtime, twin["report_id"]) == "ready"
    api = app.test_client()
    english = api.post(
        f"/reporting/organisations/{twins[0]['id']}/reports", json={"language": "en"}, headers=twins[0]["headers"]
    )
    assert english.status_code == 202
    assert render(runtime, english.json["id"]) == "ready"
    waiting = x.organisation(2)
    y = Workshop(runtime, size=1)
    return {
        "app": app,
        "runtime": runtime,
        "x": x,
        "y": y,
        "real": real,
        "twins": twins,
        "english_id": english.json["id"],
        "waiting": waiting,
    }


def test_the_facilitator_reads_an_organisations_report_page_and_its_pdf(world):
    client = page_client(world["app"], world["x"].facilitator)
    real = world["real"]
    response = client.get(f"/reporting/f/organisations/{real['id']}/report")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:500]
    name = re.search(r'<h1 data-testid="organisation-name">(.*?)</h1>', html)[1]
    assert name.startswith("&lt;script&gt;alert(1)&lt;/script&gt;")  # the organisation's name, as text
    assert "<script>alert" not in html
    assert '<article class="report" lang="zh-CN"' in html
    # the page's links are the facilitator's own: the PDF here, nothing of the leader's
    assert f'href="/reporting/f/reports/{real["report_id"]}.pdf" data-testid="download-pdf"' in html
    assert "/reporting/o/" not in html and "/registration/o/" not in html
    assert 'data-testid="ask-english"' not in html and 'data-testid="download-appendix"' not in html
    assert "返回工作坊页面" in html

    pdf = client.get(f"/reporting/f/reports/{real['report_id']}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    # named by the organisation (its name made safe for a file) and the day it was made
    disposition = urllib.parse.unquote(pdf.headers["Content-Disposition"])
    assert re.search(r"-报告-zh-\d{4}-\d{2}-\d{2}\.pdf$", disposition), disposition
    assert real["report_id"] not in disposition
    # no English report: the Chinese one is shown
    assert client.get(f"/reporting/f/organisations/{real['id']}/report?language=en").status_code == 200

    # the organisation's leader sees the same page with their own links
    leader = page_client(world["app"], {"Authorization": f"Bearer {real['token']}"})
    own = leader.get("/reporting/o/report").get_data(as_text=True)
    assert f'href="/reporting/o/reports/{real["report_id"]}.pdf" data-testid="download-pdf"' in own
    assert f'href="/reporting/o/reports/{real["report_id"]}/appendix.pdf"' in own
    assert 'data-testid="ask-english"' in own and "/reporting/f/" not in own


def test_an_organisation_without_a_ready_report_says_so(world):
    client = page_client(world["app"], world["x"].facilitator)
    waiting = world["waiting"]
    response = client.get(f"/reporting/f/organisations/{waiting['id']}/report")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:500]
    assert 'data-testid="no-report"' in html and waiting["name_zh"] in html
    assert "该机构还没有报告" in html and 'data-testid="download-pdf"' not in html


def test_strangers_and_organisations_get_404_on_the_facilitators_routes(world):
    app, real, twins = world["app"], world["real"], world["twins"]
    own_report = f"/reporting/f/organisations/{real['id']}/report"
    pdf = f"/reporting/f/reports/{real['report_id']}.pdf"
    other_facilitator = page_client(app, world["y"].facilitator)
    for path in (own_report, pdf):
        response = other_facilitator.get(path)
        assert response.status_code == 404, path
        assert "alert(1)" not in response.get_data(as_text=True)
    leader = page_client(app, {"Authorization": f"Bearer {real['token']}"})  # even the organisation's own
    for path in (own_report, pdf, "/reporting/f/reports.zip"):
        response = leader.get(path)
        assert response.status_code == 404, path
        assert "alert(1)" not in response.get_data(as_text=True) and not response.data.startswith(b"PK")
    twin = page_client(app, twins[0]["headers"])
    assert twin.get(own_report).status_code == 404 and twin.get(pdf).status_code == 404
    facilitator = page_client(app, world["x"].facilitator)
    assert facilitator.get(f"/reporting/f/organisations/{uuid.uuid4()}/report").status_code == 404
    assert facilitator.get(f"/reporting/f/reports/{uuid.uuid4()}.pdf").status_code == 404
    y_organisation = world["y"].organisations[0]
    assert facilitator.get(f"/reporting/f/organisations/{y_organisation['id']}/report").status_code == 404
    assert facilitator.get(f"/reporting/f/reports/{y_organisation['report_id']}.pdf").status_code == 404
    anonymous = page_client(app)
    for path in (own_report, pdf, "/reporting/f/reports.zip"):
        assert anonymous.get(path).status_code == 401, path


def test_every_ready_report_in_one_zip_named_by_organisation_and_date(world):
    runtime, real, twins = world["runtime"], world["real"], world["twins"]
    client = page_client(world["app"], world["x"].facilitator)
    panel = client.get("/reporting/f/panel").get_data(as_text=True)
    assert 'data-testid="download-all-reports"' in panel and 'href="/reporting/f/reports.zip"' in panel
    assert f'href="/reporting/f/organisations/{twins[0]["id"]}/report"' in panel

    response = client.get("/reporting/f/reports.zip")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/zip"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert f"filename*=UTF-8''{quote('安顺工作坊-报告.zip', safe='')}" in disposition

    with runtime.sessions() as session:
        days = dict(session.execute(select(table.c.id, table.c.finished_at)).all())

    def day(report_id):
        return days[report_id].date().isoformat()

    hostile = safe_file_name(NAME, "x")
    first, second = sorted(twins, key=lambda twin: twin["id"])  # one name: in the order of their ids
    english_day = day(world["english_id"])
    expected = {
        f"{hostile}-报告-zh-{day(real['report_id'])}.pdf",
        f"{TWIN}-报告-zh-{day(first['report_id'])}.pdf",
        f"{TWIN}-报告-en-{english_day}.pdf",
        f"{TWIN}-报告-zh-{day(second['report_id'])}{'-2' if day(first['report_id']) == day(second['report_id']) else ''}.pdf",
    }
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = archive.namelist()
        assert set(names) == expected and len(names) == 4  # the waiting organisation has none
        for info in archive.infolist():
            assert info.flag_bits & 0x800  # names stored as UTF-8
            assert "/" not in info.filename and "\\" not in info.filename and not info.filename.startswith(".")
            assert archive.read(info).startswith(b"%PDF")
        assert archive.read(f"{TWIN}-报告-en-{english_day}.pdf") == b"%PDF-1.4 fake en"
    assert "<" not in hostile and ":" not in hostile and hostile.startswith("script_alert(1)_")

    english = page_client(world["app"], world["x"].facilitator, language="en").get("/reporting/f/reports.zip")
    with zipfile.ZipFile(io.BytesIO(english.data)) as archive:
        assert f"{TWIN}-report-zh-{day(first['report_id'])}.pdf" in archive.namelist()


def test_no_ready_report_means_no_zip_but_a_409_in_the_visitors_language(world):
    y = world["y"]
    client = page_client(world["app"], y.facilitator)
    assert 'data-testid="download-all-reports"' not in client.get("/reporting/f/panel").get_data(as_text=True)
    response = client.get("/reporting/f/reports.zip")
    assert response.status_code == 409
    assert "本工作坊还没有已生成的报告" in response.get_data(as_text=True)
    english = page_client(world["app"], y.facilitator, language="en").get("/reporting/f/reports.zip")
    assert english.status_code == 409 and "No report of this workshop is ready yet" in english.get_data(as_text=True)


def test_file_names_from_typed_text_cannot_leave_their_folder():
    assert safe_file_name("../../etc/passwd", "x") == "etc_passwd"
    assert safe_file_name("..", "fallback") == "fallback"
    assert safe_file_name(" .hidden\x00名字\n ", "x") == "hidden_名字"
    assert safe_file_name('a\\b:c*d?"e<f>g|h', "x") == "a_b_c_d_e_f_g_h"
    assert safe_file_name(None, "fallback") == "fallback"
    assert len(safe_file_name("长" * 300, "x")) == 80
    assert unique_names(["a.pdf", "b.pdf", "A.pdf", "a.pdf"]) == ["a.pdf", "b.pdf", "A-2.pdf", "a-3.pdf"]
