"""A whole 36-organisation workshop through the real system: registered, answered (with
staff and board raters) and rendered by real Celery workers; then 36 reports, one summary
and the scores workbook, opened back and checked. And a workshop whose last submission
comes after "render all": every report follows the cohort without another click."""

import io
import subprocess
import time

import openpyxl
import pytest

from simulator.cohort import InstrumentCodes, sample_cohort
from simulator.driver import Api, answer, open_workshop, register, render_all, run_workshop
from tests.support.processes import wait_until

pytestmark = pytest.mark.e2e


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_a_whole_workshop_renders(stack):
    api = Api(stack.base_url, stack.account_token)
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


@pytest.mark.stack_options(env={"REPORT_SETTLE_SECONDS": "1"})
def test_a_submission_after_render_all_leaves_every_report_current_without_another_click(own_stack):
    api = Api(own_stack.base_url, own_stack.account_token)
    samples = sample_cohort(InstrumentCodes.from_json(api.call("GET", "/diagnosis/instrument").json()), size=6)
    workshop = open_workshop(api, "随报告更新的工作坊", capacity=6)
    organisations = [register(api, workshop, sample) for sample in samples]
    for organisation, sample in zip(organisations[:-1], samples[:-1], strict=True):
        answer(api, organisation, sample)
    token, path = workshop["facilitator_token"], f"/reporting/workshops/{workshop['id']}"

    def progress():
        return api.call("GET", f"{path}/progress", token=token).json()

    api.call("POST", f"{path}/render", token=token, retry_on=(409,))
    wait_until(lambda: progress()["ready"] == 5, 120, interval=0.5, what="the first five reports")
    cohort_before = progress()["cohort_version"]

    answer(api, organisations[-1], samples[-1])  # the last submission, after "render all"
    submitted = time.monotonic()

    def current():
        now = progress()
        summary = now["summary"] or {}
        assert "stale" not in now["counts"]
        settled = now["ready"] == now["total"] == 6 and now["updating"] == 0
        if settled and now["cohort_version"] > cohort_before and summary.get("state") == "ready":
            return now if summary["cohort_version"] == now["cohort_version"] else None
        return None

    final = wait_until(current, 120, interval=0.5, what="every report current, no click")
    for organisation in organisations:
        newest = api.call(
            "GET", f"/reporting/organisations/{organisation['id']}/reports", token=organisation["access_token"]
        ).json()[0]
        assert (newest["state"], newest["cohort_version"]) == ("ready", final["cohort_version"])
    print(f"last submission to every report current: {time.monotonic() - submitted:.1f} s")
