"""A whole 36-organisation workshop through the real system: registered, answered (with
staff and board raters) and rendered by real Celery workers; then 36 reports, one summary
and the scores workbook, opened back and checked."""

import io
import subprocess

import openpyxl
import pytest

from simulator.driver import Api, render_all, run_workshop

pytestmark = pytest.mark.e2e


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_a_whole_workshop_renders(stack):
    api = Api(stack.base_url)
    workshop = run_workshop(api, size=36)
    progress = render_all(api, workshop, timeout=600)
    assert progress["ready"] == 36 and progress["failures"] == [] and progress["summary"]["state"] == "ready"

    facilitator = workshop.facilitator_token
    sample = workshop.organisations[1]  # the organisation with three raters
    reports = api.call("GET", f"/reporting/organisations/{sample['id']}/reports", token=sample["access_token"]).json()
    newest = reports[0]
    assert newest["state"] == "ready" and newest["checksum"]
    text = pdf_text(api.call("GET", newest["pdf_url"], token=sample["access_token"]).content)
    assert sample["name_zh"] in text and "运营之轮" in text

    summary = api.call("GET", f"/reporting/workshops/{workshop.id}/summary.pdf", token=facilitator).content
    summary_text = pdf_text(summary)
    for title in ("参与情况", "行业扫描", "链接与合作网络", "共同短板与后续培训主题"):
        assert title in summary_text
    workbook = openpyxl.load_workbook(
        io.BytesIO(api.call("GET", f"/reporting/workshops/{workshop.id}/scores.xlsx", token=facilitator).content)
    )
    overview = workbook.worksheets[0]
    names = [row[0] for row in overview.iter_rows(min_row=2, values_only=True) if row[0]]
    assert len(names) == 36 and set(names) == {o["name_zh"] for o in workshop.organisations}
    assert len(workbook.sheetnames) >= 5
    # One folder per organisation; an organisation whose raters answered after its leader has
    # a file per diagnosis version it reached before the next superseded it.
    folders = {f.parent.name for f in (stack.layout.var_dir / "reports" / workshop.id).rglob("*.pdf")}
    assert len(folders - {"summary"}) == 36
