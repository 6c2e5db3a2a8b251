"""Hostile and unusual input through the whole system, gateway to PDF: each is refused with a
clear 4xx naming the field, or stored exactly and shown inertly on the pages, in the PDF and
in the spreadsheets. Never a 500."""

import csv
import io
import re
import subprocess

import openpyxl
import pytest
import requests

from simulator.driver import Api, Workshop, render_all
from tests.support.client import NianlunClient

pytestmark = pytest.mark.e2e

SCRIPT = "<script>alert('年轮')</script>机构"
TEMPLATE = "{{7*7}}{% raw %}机构"
FORMULA = '=HYPERLINK("http://evil.example","点我")'
TYPST = "#set page(fill: red) $x^2$ [a] \\ *b* _c_ @d <e> = f 机构"
SQL = "'; DROP TABLE organisations; --"
RIGHT_TO_LEFT = "مركز الأمل \u202e机构"
EMOJI = "😀 快乐儿童之家 🌱"
HOSTILE_NAMES = [SCRIPT, TEMPLATE, FORMULA, TYPST, SQL, RIGHT_TO_LEFT, EMOJI]


@pytest.fixture(scope="module")
def hostile_workshop(stack):
    """A workshop of seven whose every organisation is named by an attacker, all submitted,
    every report and the summary rendered."""
    client = NianlunClient(stack.base_url, stack.account_token)
    workshop = client.create_workshop(capacity=len(HOSTILE_NAMES))
    organisations = [client.register(workshop, name_zh=name) for name in HOSTILE_NAMES]
    for organisation in organisations:
        client.submit(organisation)
    render_all(
        Api(stack.base_url, stack.account_token),
        Workshop(workshop["id"], workshop["code"], workshop["facilitator_token"], organisations),
        timeout=120,
    )
    return client, workshop, organisations


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_names_come_back_exactly_from_the_api(hostile_workshop):
    client, _workshop, organisations = hostile_workshop
    for organisation, name in zip(organisations, HOSTILE_NAMES, strict=False):
        own = client.get(f"/registration/organisations/{organisation['id']}", token=organisation["access_token"]).json()
        assert own["name_zh"] == name


def test_pages_show_the_names_as_text(hostile_workshop):
    client, workshop, organisations = hostile_workshop
    dashboard = requests.get(
        client.base_url + "/registration/f/", cookies={"nl_token": workshop["facilitator_token"]}, timeout=30
    ).text
    assert "<script>alert" not in dashboard and "&lt;script&gt;alert(" in dashboard
    assert "{{7*7}}" in dashboard and "49机构" not in dashboard  # not evaluated as a template
    report_page = requests.get(
        client.base_url + "/reporting/o/report", cookies={"nl_token": organisations[0]["access_token"]}, timeout=30
    ).text
    assert "<script>alert" not in report_page


def test_the_pdf_prints_the_names_literally(hostile_workshop):
    client, _workshop, organisations = hostile_workshop
    for organisation, name in zip(organisations[:5], HOSTILE_NAMES[:5], strict=False):
        report = client.reports(organisation)[0]
        text = pdf_text(client.download(organisation, report).content)
        assert re.sub(r"\s+", "", name) in re.sub(r"\s+", "", text), name  # wherever its lines break
        view = client.get(report["view_url"], token=organisation["access_token"]).json()
        assert view["organisation_name"] == name  # data, exactly as typed


def test_the_spreadsheets_hold_text_not_formulas(hostile_workshop):
    client, workshop, _organisations = hostile_workshop
    token = workshop["facilitator_token"]
    for path in (
        f"/reporting/workshops/{workshop['id']}/scores.xlsx",
        f"/registration/workshops/{workshop['id']}/roster.xlsx",
    ):
        book = openpyxl.load_workbook(io.BytesIO(client.get(path, token=token).content))
        cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        assert not [c.coordinate for c in cells if c.data_type == "f" or c.value.startswith("=")], path
        assert any(FORMULA in c.value for c in cells), path  # kept, as text
    for path in (
        f"/registration/workshops/{workshop['id']}/roster.csv",
        f"/reporting/workshops/{workshop['id']}/scores.csv",
    ):
        text = client.get(path, token=token).content.decode("utf-8-sig")
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "@")], path
        assert "'" + FORMULA in cells, path  # kept, as text


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name_zh": "机" * 10_000}, "name_zh"),
        ({"name_zh": "机构\x00名称"}, "name_zh"),
        ({"name_zh": "正常机构", "email": "x" * 10_000 + "@example.org"}, "email"),
    ],
)
def test_oversized_and_control_character_fields_are_422_naming_the_field(stack, body, field):
    client = NianlunClient(stack.base_url, stack.account_token)
    workshop = client.create_workshop()
    response = client.post(f"/registration/codes/{workshop['code']}/organisations", body)
    assert response.status_code == 422 and field in response.json()["errors"]["json"]


@pytest.mark.parametrize("raw", [b'\xff\xfe{"name_zh": 1}', b'{"name_zh": "\xe6\x9c\xba\xe6"}', b"[" * 5000])
def test_malformed_bodies_through_the_gateway_are_4xx(stack, raw):
    client = NianlunClient(stack.base_url, stack.account_token)
    workshop = client.create_workshop()
    response = requests.post(
        f"{stack.base_url}/registration/codes/{workshop['code']}/organisations",
        data=raw,
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert 400 <= response.status_code < 500, response.text[:200]


def test_a_body_past_the_limit_is_413_at_the_gateway_or_the_service(stack):
    client = NianlunClient(stack.base_url, stack.account_token)
    workshop = client.create_workshop()
    response = requests.post(
        f"{stack.base_url}/registration/codes/{workshop['code']}/organisations",
        data=b'{"name_zh": "' + b"a" * 12_000_000 + b'"}',
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    "path",
    [
        "/reporting/reports/..%2F..%2F..%2Fetc%2Fpasswd/pdf",
        "/reporting/reports/../../etc/passwd/pdf",
        "/registration/organisations/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/reporting/downloads/..%2F..%2Fsession.key",
        "/registration/static/..%2F..%2F..%2Fsettings.py",
        "/diagnosis/q/..%2F..%2Fetc%2Fpasswd",
    ],
)
def test_path_traversal_in_ids_and_file_names_finds_nothing(hostile_workshop, path):
    client, _workshop, organisations = hostile_workshop
    response = requests.get(
        client.base_url + path,
        headers={"Authorization": f"Bearer {organisations[0]['access_token']}"},
        cookies={"nl_token": organisations[0]["access_token"]},
        timeout=30,
        allow_redirects=False,
    )
    assert response.status_code in (400, 401, 404), (path, response.status_code)
    assert "root:" not in response.text and "import " not in response.text


def test_a_roster_file_named_to_climb_directories_is_read_by_content_only(hostile_workshop):
    client, workshop, _organisations = hostile_workshop
    response = requests.post(
        f"{client.base_url}/registration/workshops/{workshop['id']}/roster/preview",
        headers={"Authorization": f"Bearer {workshop['facilitator_token']}"},
        timeout=30,
        files={"file": ("../../../../etc/cron.d/名册.csv", "机构名称\n新机构\n".encode(), "text/csv")},
    )
    assert response.status_code == 200, response.text[:300]
