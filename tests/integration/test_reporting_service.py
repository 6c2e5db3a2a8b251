"""Reporting on a real database: copies kept from events, report rows, idempotent renders,
render-all with progress, reports that follow their cohort by themselves, the summary,
signed links, and who may download what."""

import copy
import dataclasses
import functools
import json
import uuid

import pytest
import redis
from sqlalchemy import select

from services.common.auth import FACILITATOR, ORGANISATION, hash_token, new_token
from services.common.events import decode, new_event
from services.common.grants import grant_handlers
from services.common.inbox import handle_once
from services.diagnosis.adapters.instrument_files import current_instrument
from services.reporting.adapters import links
from services.reporting.adapters.celery_app import QUEUE, RENDER_TASK
from services.reporting.adapters.orm import access_grants, bus
from services.reporting.service_layer import reports, summaries
from services.reporting.service_layer.following import change_handlers
from services.reporting.service_layer.projections import HANDLERS
from simulator.workshop_data import sample_workshop_data


def handlers(runtime):
    """What the reporting event process does with each event (entrypoints/events.py)."""
    return {**HANDLERS, **grant_handlers(access_grants), **change_handlers(runtime.settings)}


@functools.cache
def sample():
    return sample_workshop_data(current_instrument(), size=6)


def feed(runtime, event_type, payload, producer="registration"):
    event = new_event(event_type, payload, producer=producer)
    return handle_once(runtime.sessions, bus.processed_events, "reporting", event, handlers(runtime)[event_type])


def grant(runtime, role, workshop_id, organisation_id=None):
    token = new_token(role)
    feed(
        runtime,
        "access.granted",
        {"token_hash": hash_token(token), "role": role, "workshop_id": workshop_id, "organisation_id": organisation_id},
    )
    return {"Authorization": f"Bearer {token}"}


def fake_report(data, language, generated_on):
    view = {"organisation_name": data["scored"]["organisation_name_zh"], "language": language}
    return view, b"%PDF-1.4 fake " + language.encode(), b"%PDF-1.4 appendix " + language.encode()


def fake_summary(data, language, generated_on):
    return b"%PDF-1.4 summary", b"PK fake xlsx", "机构\n".encode("utf-8-sig")


class Workshop:
    """A workshop as reporting hears of it: profiles, diagnoses, a cohort."""

    def __init__(self, runtime, size=3):
        self.runtime, self.id = runtime, str(uuid.uuid4())
        feed(
            runtime,
            "workshop.created",
            {
                "workshop_id": self.id,
                "title_zh": "安顺工作坊",
                "city": "安顺",
                "starts_on": "2026-05-08",
                "ends_on": "2026-05-10",
                "status": "open",
            },
        )
        self.facilitator = grant(runtime, FACILITATOR, self.id)
        self.organisations = [self.organisation(i) for i in range(size)]
        self.cohort(1)

    def organisation(self, index):
        source = sample()["organisations"][index]
        organisation_id = str(uuid.uuid4())
        feed(
            self.runtime,
            "organisation.registered",
            {
                "organisation_id": organisation_id,
                "workshop_id": self.id,
                "name_zh": source["profile"]["name_zh"],
                "name_en": None,
                "status": "registered",
                "focus_areas": source["profile"]["focus_areas"],
            },
        )
        organisation = {
            "id": organisation_id,
            "name_zh": source["profile"]["name_zh"],
            "source": source,
            "headers": grant(self.runtime, ORGANISATION, self.id, organisation_id),
        }
        organisation["report_id"] = self.score(organisation, 1)
        return organisation

    def score(self, organisation, version):
        scored = copy.deepcopy(organisation["source"]["scored"])
        scored.update(organisation_id=organisation["id"], workshop_id=self.id, diagnosis_version=version)
        return feed(self.runtime, "diagnosis.scored", scored, producer="diagnosis")

    def cohort(self, version):
        data = sample()
        feed(
            self.runtime,
            "cohort.scored",
            {
                "workshop_id": self.id,
                "cohort_version": version,
                "instrument_version": current_instrument().version,
                "figures": {"size": 3, "benchmark": None, "matches": []},
                "view": data["cohort"],
                "appendix": data["appendix"],
            },
            producer="diagnosis",
        )


@pytest.fixture
def api(service_app):
    app, runtime = service_app("reporting")
    return app.test_client(), runtime


def outbox_types(runtime):
    with runtime.sessions() as session:
        return [decode(raw).type for raw in session.execute(select(bus.outbox.c.envelope)).scalars()]


def render(runtime, report_id, renderer=fake_report):
    return reports.render_report(runtime.sessions, runtime.settings, report_id, renderer)


def test_a_report_renders_once_and_only_its_owners_open_it(api):
    client, runtime = api
    workshop, other = Workshop(runtime), Workshop(runtime)
    organisation = workshop.organisations[0]
    path = f"/reporting/reports/{organisation['report_id']}"
    assert client.get(path, headers=organisation["headers"]).json["state"] == "pending"
    assert client.get(f"{path}/pdf", headers=organisation["headers"]).status_code == 409

    assert render(runtime, organisation["report_id"]) == "ready"
    assert render(runtime, organisation["report_id"]) is None
    assert outbox_types(runtime) == ["report.ready"]
    report = client.get(path, headers=organisation["headers"]).json
    assert report["checksum"] and len(report["checksum"]) == 64 and report["cohort_version"] == 1
    pdf = client.get(f"{path}/pdf", headers=organisation["headers"])
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    view = client.get(report["view_url"], headers=organisation["headers"])
    assert view.mimetype == "application/json"
    assert view.json == {"organisation_name": organisation["name_zh"], "language": "zh"}
    # the method and answers appendix: its own PDF beside the report, for the same readers
    assert report["appendix_url"] == f"{path}/appendix.pdf"
    for reader in (organisation["headers"], workshop.facilitator):
        appendix = client.get(report["appendix_url"], headers=reader)
        assert appendix.status_code == 200 and appendix.data == b"%PDF-1.4 appendix zh"
        assert appendix.mimetype == "application/pdf"
    for stranger in (workshop.organisations[1]["headers"], other.facilitator, other.organisations[0]["headers"]):
        assert client.get(f"{path}/pdf", headers=stranger).status_code == 404
        assert client.get(f"{path}/appendix.pdf", headers=stranger).status_code == 404
        assert client.get(f"{path}/json", headers=stranger).status_code == 404
        assert client.get(f"/reporting/organisations/{organisation['id']}/reports", headers=stranger).status_code == 404
    assert client.get(f"{path}/pdf").status_code == 401
    assert client.get(f"{path}/appendix.pdf").status_code == 401


def test_a_newer_diagnosis_supersedes_a_waiting_report(api):
    _client, runtime = api
    workshop = Workshop(runtime, size=1)
    organisation = workshop.organisations[0]
    newer = workshop.score(organisation, 2)
    assert render(runtime, organisation["report_id"]) is None  # superseded while waiting
    assert workshop.score(organisation, 1) is None  # an old version arriving late changes nothing
    assert render(runtime, newer) == "ready"


def test_english_on_request(api):
    client, runtime = api
    organisation = Workshop(runtime, size=1).organisations[0]
    requested = client.post(
        f"/reporting/organisations/{organisation['id']}/reports",
        json={"language": "en"},
        headers=organisation["headers"],
    )
    assert requested.status_code == 202 and requested.json["language"] == "en"
    assert render(runtime, requested.json["id"]) == "ready"
    again = client.post(
        f"/reporting/organisations/{organisation['id']}/reports",
        json={"language": "en"},
        headers=organisation["headers"],
    )
    assert again.json["id"] == requested.json["id"] and again.json["state"] == "ready"
    assert (
        client.post(
            f"/reporting/organisations/{organisation['id']}/reports",
            json={"language": "fr"},
            headers=organisation["headers"],
        ).status_code
        == 422
    )


def test_render_all_brings_every_report_up_to_the_newest_cohort(api):
    client, runtime = api
    workshop = Workshop(runtime)
    for organisation in workshop.organisations:
        render(runtime, organisation["report_id"])
    progress = client.get(f"/reporting/workshops/{workshop.id}/progress", headers=workshop.facilitator).json
    assert (progress["total"], progress["ready"], progress["summary"]) == (3, 3, None)

    workshop.cohort(2)  # the cohort moved on: every report waits for its update
    waiting = client.get(f"/reporting/workshops/{workshop.id}/progress", headers=workshop.facilitator).json
    assert (waiting["ready"], waiting["updating"], waiting["counts"]["pending"]) == (0, 3, 3)
    assert "stale" not in waiting["counts"]
    started = client.post(f"/reporting/workshops/{workshop.id}/render", headers=workshop.facilitator)
    assert started.status_code == 202
    assert started.json["counts"]["pending"] == 3 and started.json["summary"]["state"] == "pending"
    for organisation in workshop.organisations:
        render(runtime, organisation["report_id"])
    summary_id = started.json["summary"]["id"]
    assert summaries.render_summary(runtime.sessions, runtime.settings, summary_id, fake_summary) == "ready"
    done = client.get(f"/reporting/workshops/{workshop.id}/progress", headers=workshop.facilitator).json
    assert done["ready"] == 3 and done["summary"]["state"] == "ready"
    for name in ("summary.pdf", "scores.xlsx", "scores.csv"):
        assert client.get(f"/reporting/workshops/{workshop.id}/{name}", headers=workshop.facilitator).status_code == 200
        assert (
            client.get(
                f"/reporting/workshops/{workshop.id}/{name}", headers=workshop.organisations[0]["headers"]
            ).status_code
            == 404
        )
    again = client.post(f"/reporting/workshops/{workshop.id}/render", headers=workshop.facilitator).json
    assert again["counts"]["pending"] == 0  # nothing to redo


def test_a_failing_render_is_retried_then_reported_with_its_reason(api):
    client, runtime = api
    workshop = Workshop(runtime, size=1)
    organisation = workshop.organisations[0]

    def broken(*_args):
        raise RuntimeError("renderer broke")

    states = [render(runtime, organisation["report_id"], broken) for _ in range(runtime.settings.max_render_attempts)]
    assert states == ["pending"] * (runtime.settings.max_render_attempts - 1) + ["failed"]
    progress = client.get(f"/reporting/workshops/{workshop.id}/progress", headers=workshop.facilitator).json
    assert progress["failures"] == [
        {
            "organisation_id": organisation["id"],
            "name_zh": organisation["name_zh"],
            "error": "RuntimeError: renderer broke",
        }
    ]
    assert "report.failed" in outbox_types(runtime)


def test_signed_links_open_one_file_until_they_expire(api):
    client, runtime = api
    organisation = Workshop(runtime, size=1).organisations[0]
    render(runtime, organisation["report_id"])
    link = client.post(
        f"/reporting/reports/{organisation['report_id']}/link", json={}, headers=organisation["headers"]
    ).json
    assert link["expires_in_seconds"] == 600
    assert client.get(link["url"]).data.startswith(b"%PDF")
    assert client.get(link["url"][:-3] + "abc").status_code == 404
    signed = link["url"].rsplit("/", 1)[1]
    with pytest.raises(Exception) as expired:
        links.verify(runtime.settings.link_secret, signed, max_age_seconds=-1)
    assert "expired" in str(expired.value)
    assert client.post(f"/reporting/reports/{organisation['report_id']}/link", json={}).status_code == 401


def test_stale_reports_are_enqueued_again(api):
    _client, runtime = api
    organisation = Workshop(runtime, size=1).organisations[0]
    broker = redis.Redis.from_url(runtime.settings.broker_url)
    queued = broker.llen(QUEUE)  # the render sent when the diagnosis arrived
    assert reports.requeue_stale(runtime.sessions, runtime.settings) == 0
    impatient = dataclasses.replace(runtime.settings, requeue_after_seconds=-1)
    assert reports.requeue_stale(runtime.sessions, impatient) == 1
    assert broker.llen(QUEUE) == queued + 1
    task = json.loads(broker.lindex(QUEUE, 0))
    assert (task["headers"]["task"], task["headers"]["argsrepr"]) == (RENDER_TASK, repr([organisation["report_id"]]))


def test_unknown_reports_get_404(api):
    client, runtime = api
    organisation = Workshop(runtime, size=1).organisations[0]
    for path in (f"/reporting/reports/{uuid.uuid4()}", f"/reporting/reports/{uuid.uuid4()}/pdf"):
        assert client.get(path, headers=organisation["headers"]).status_code == 404
    assert (
        client.get(f"/reporting/organisations/{uuid.uuid4()}/reports", headers=organisation["headers"]).status_code
        == 404
    )
    assert (
        client.get(f"/reporting/workshops/{uuid.uuid4()}/progress", headers=organisation["headers"]).status_code == 404
    )
