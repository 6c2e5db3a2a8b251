"""Reporting on a real database: report rows from events, idempotent renders, real PDFs."""
import dataclasses
import subprocess
import uuid

import pytest
from sqlalchemy import select

from services.common.auth import FACILITATOR, ORGANISATION, hash_token, new_token
from services.common.events import decode, new_event
from services.common.grants import grant_handlers
from services.common.inbox import handle_once
from services.reporting.adapters.orm import access_grants, bus
from services.reporting.entrypoints.worker import render_pdf
from services.reporting.service_layer import services


@pytest.fixture
def api(service_app):
    app, runtime = service_app("reporting")
    return app.test_client(), runtime


def grant(runtime, role, workshop_id, organisation_id=None):
    token = new_token(role)
    event = new_event("access.granted", {"token_hash": hash_token(token), "role": role, "workshop_id": workshop_id,
                                         "organisation_id": organisation_id}, producer="registration")
    handle_once(runtime.sessions, bus.processed_events, "reporting", event, grant_handlers(access_grants)["access.granted"])
    return {"Authorization": f"Bearer {token}"}


def scored(runtime, name_zh="安顺市联众社会工作服务中心"):
    workshop_id = str(uuid.uuid4())
    event = new_event("diagnosis.scored", {
        "organisation_id": str(uuid.uuid4()), "workshop_id": workshop_id,
        "organisation_name_zh": name_zh, "organisation_name_en": "Lianzhong Social Work",
        "diagnosis_version": 1, "submission_id": str(uuid.uuid4()),
        "scores": {"overall": 61.1, "answered": 3},
    }, producer="diagnosis")
    report_id = handle_once(runtime.sessions, bus.processed_events, "reporting", event, services.create_report)
    assert handle_once(runtime.sessions, bus.processed_events, "reporting", event, services.create_report) is None
    owner = grant(runtime, ORGANISATION, workshop_id, event.payload["organisation_id"])
    return report_id, dict(event.payload, owner=owner, facilitator=grant(runtime, FACILITATOR, workshop_id))


def outbox_types(runtime):
    with runtime.sessions() as session:
        return [decode(raw).type for raw in session.execute(select(bus.outbox.c.envelope)).scalars()]


def test_a_report_renders_to_a_real_pdf_once(api):
    client, runtime = api
    report_id, payload = scored(runtime)
    owner = payload["owner"]
    assert client.get(f"/reporting/reports/{report_id}", headers=owner).json["state"] == "pending"
    assert client.get(f"/reporting/reports/{report_id}/pdf", headers=owner).status_code == 409

    assert services.render_report(runtime.sessions, runtime.settings, report_id, render_pdf) == "ready"
    assert services.render_report(runtime.sessions, runtime.settings, report_id, render_pdf) is None

    assert outbox_types(runtime) == ["report.ready"]
    response = client.get(f"/reporting/reports/{report_id}/pdf", headers=owner)
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert client.get(f"/reporting/reports/{report_id}/pdf", headers=payload["facilitator"]).status_code == 200
    _other_id, other = scored(runtime, name_zh="别的机构")
    for stranger in (other["owner"], other["facilitator"]):
        assert client.get(f"/reporting/reports/{report_id}/pdf", headers=stranger).status_code == 404
        assert client.get(f"/reporting/organisations/{payload['organisation_id']}/reports", headers=stranger).json == []
    assert client.get(f"/reporting/reports/{report_id}/pdf").status_code == 401
    text = subprocess.run(["pdftotext", "-", "-"], input=response.data, capture_output=True, check=True).stdout
    assert "安顺市联众社会工作服务中心" in text.decode("utf-8")
    listed = client.get(f"/reporting/organisations/{payload['organisation_id']}/reports", headers=owner).json
    assert [r["pdf_url"] for r in listed] == [f"/reporting/reports/{report_id}/pdf"]


def test_user_text_is_escaped_in_the_report(api):
    _client, runtime = api
    report_id, _ = scored(runtime, name_zh='<img src="file:///etc/passwd">机构')
    captured = {}

    def capture(context):
        from services.reporting.adapters.pdf import render_html
        captured["html"] = render_html("report.html", context)
        return b"%PDF-fake"

    services.render_report(runtime.sessions, runtime.settings, report_id, capture)
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;机构" in captured["html"]
    assert "<img" not in captured["html"]


def test_a_failing_render_is_retried_then_marked_failed(api):
    client, runtime = api
    report_id, payload = scored(runtime)

    def broken(_context):
        raise RuntimeError("renderer broke")

    states = [services.render_report(runtime.sessions, runtime.settings, report_id, broken)
              for _ in range(runtime.settings.max_render_attempts)]
    assert states == ["pending"] * (runtime.settings.max_render_attempts - 1) + ["failed"]
    report = client.get(f"/reporting/reports/{report_id}", headers=payload["owner"]).json
    assert report["state"] == "failed" and report["attempts"] == runtime.settings.max_render_attempts
    assert outbox_types(runtime) == ["report.failed"]


def test_stale_reports_are_enqueued_again(api):
    _client, runtime = api
    report_id, _ = scored(runtime)
    enqueued = []
    assert services.requeue_stale(runtime.sessions, runtime.settings, enqueued.append) == 0
    impatient = dataclasses.replace(runtime.settings, requeue_after_seconds=-1)
    assert services.requeue_stale(runtime.sessions, impatient, enqueued.append) == 1
    assert enqueued == [report_id]


def test_unknown_report_gets_404(api):
    client, runtime = api
    _report_id, payload = scored(runtime)
    owner = payload["owner"]
    assert client.get(f"/reporting/reports/{uuid.uuid4()}", headers=owner).status_code == 404
    assert client.get(f"/reporting/reports/{uuid.uuid4()}/pdf", headers=owner).status_code == 404
    assert client.get(f"/reporting/organisations/{uuid.uuid4()}/reports", headers=owner).json == []
