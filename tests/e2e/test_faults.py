"""Faults on the real processes: killed workers, a consumer that is down, an event delivered
twice, a poison event. Each ends by counting reports and artifacts: exactly one of each."""

import json
import os
import signal
import time

import pytest
from sqlalchemy import create_engine, text

from services.common.bus import list_dead_letters
from services.common.events import encode, new_event, stream_of
from services.reporting.service_layer.reports import APPENDIX_SUFFIX
from tests.support.client import NianlunClient
from tests.support.figures import record
from tests.support.processes import wait_until

pytestmark = pytest.mark.e2e
CONSUMER_DOWN_SECONDS = 60


def reporting_query(stack, sql, **params):
    engine = create_engine(f"sqlite:///{stack.layout.var_dir / 'reporting.sqlite3'}")
    with engine.connect() as conn:
        row = conn.execute(text(sql), params).mappings().first()
    engine.dispose()
    return row


def report_row(stack, organisation_id):
    return reporting_query(
        stack, "SELECT id, state, worker, attempts FROM reports WHERE organisation_id = :o", o=organisation_id
    )


def outbox_relayed(stack):
    return reporting_query(stack, "SELECT count(*) AS n FROM outbox WHERE published_at IS NULL")["n"] == 0


def artifacts(stack, organisation_id):
    """The organisation's report PDFs, each with its appendix beside it."""
    pdfs = sorted((stack.layout.var_dir / "reports").glob(f"*/{organisation_id}/*.pdf"))
    reports = [p for p in pdfs if not p.name.endswith("." + APPENDIX_SUFFIX)]
    assert len(pdfs) == 2 * len(reports), pdfs
    return reports


def ready_events(stack, organisation_id):
    entries = stack.redis.client().xrange(stream_of("reporting"))
    return [
        json.loads(fields["envelope"])
        for _, fields in entries
        if json.loads(fields["envelope"])["payload"].get("organisation_id") == organisation_id
    ]


def assert_exactly_once(stack, client, organisation):
    """The newest diagnosis version is rendered; no version is rendered twice; one file per
    rendered report, and one `report.ready` per report and cohort version."""
    reports = client.reports(organisation)
    versions = [r["diagnosis_version"] for r in reports]
    assert len(versions) == len(set(versions))
    assert reports[0]["state"] == "ready"
    ready = [r for r in reports if r["state"] == "ready"]
    assert {r["state"] for r in reports} <= {"ready", "superseded"}
    assert len(artifacts(stack, organisation["id"])) == len(ready)
    wait_until(lambda: outbox_relayed(stack), 10, what="reporting's outbox relayed")
    # A report brought up to a newer cohort is announced again: once per cohort version.
    announced = [
        (e["payload"]["report_id"], e["payload"]["cohort_version"])
        for e in ready_events(stack, organisation["id"])
        if e["type"] == "report.ready"
    ]
    assert len(announced) == len(set(announced))
    assert sorted({report_id for report_id, _ in announced}) == sorted(r["id"] for r in ready)


def start_render(stack):
    client = NianlunClient(stack.base_url, stack.account_token)
    organisation = client.register(client.create_workshop())
    client.submit(organisation)
    row = wait_until(
        lambda: (r := report_row(stack, organisation["id"])) and r["state"] == "rendering" and r,
        15,
        interval=0.05,
        what="render started",
    )
    return client, organisation, row


def test_killing_the_pool_child_mid_render_still_ends_ready_once(slow_stack):
    client, organisation, row = start_render(slow_stack)
    pid = int(row["worker"].rsplit(":", 1)[1])
    assert pid != slow_stack.processes["worker"].pid  # the pool child, not the main process
    os.kill(pid, signal.SIGKILL)
    killed_at = time.monotonic()

    client.wait_ready_report(organisation, timeout=30)
    recovered = time.monotonic() - killed_at
    attempts = report_row(slow_stack, organisation["id"])["attempts"]
    assert attempts >= 2
    assert_exactly_once(slow_stack, client, organisation)
    record(
        "pool_child_killed_mid_render",
        reports=1,
        ready=1,
        lost=0,
        duplicated=0,
        attempts=attempts,
        seconds_from_kill_to_ready=round(recovered, 1),
        render_delay_seconds=2,
    )


def test_killing_the_whole_worker_mid_render_then_restarting_it(slow_stack):
    client, organisation, _row = start_render(slow_stack)
    slow_stack.processes["worker"].kill()
    assert report_row(slow_stack, organisation["id"])["state"] == "rendering"
    killed_at = time.monotonic()
    slow_stack.restart("worker")

    # Back within the visibility timeout (12 s here) plus the restore interval, then the render.
    client.wait_ready_report(organisation, timeout=40)
    recovered = time.monotonic() - killed_at
    attempts = report_row(slow_stack, organisation["id"])["attempts"]
    assert attempts >= 2
    assert_exactly_once(slow_stack, client, organisation)
    record(
        "whole_worker_killed_mid_render",
        reports=1,
        ready=1,
        lost=0,
        duplicated=0,
        attempts=attempts,
        seconds_from_kill_to_ready=round(recovered, 1),
        visibility_timeout_seconds=12,
    )


def test_reporting_consumer_down_during_20_submissions(stack, client):
    stack.processes["reporting-events"].stop()
    stopped_at = time.monotonic()
    # Workshops of two keep each organisation's diagnosis to one version (no cohort of five
    # to move the benchmarks), so that 20 submissions mean exactly 20 reports.
    workshops = [client.create_workshop(capacity=2) for _ in range(10)]
    organisations = [client.register(w) for w in workshops for _ in range(2)]
    for number, organisation in enumerate(organisations, 1):  # submissions go on through a minute of outage
        client.submit(organisation)
        time.sleep(max(0.0, stopped_at + CONSUMER_DOWN_SECONDS * number / len(organisations) - time.monotonic()))
    assert all(client.reports(o) == [] for o in organisations[:5])

    stack.restart("reporting-events")
    restarted_at = time.monotonic()
    down = restarted_at - stopped_at
    wait_until(
        lambda: all(any(r["state"] == "ready" for r in client.reports(o)) for o in organisations),
        300,
        interval=1,
        what="20 reports ready",
    )
    drained = time.monotonic() - restarted_at
    for organisation in organisations:
        assert_exactly_once(stack, client, organisation)
    record(
        "reporting_consumer_down_during_submissions",
        submissions=20,
        reports_ready=20,
        lost=0,
        duplicated=0,
        down_seconds=round(down, 1),
        seconds_to_drain_after_restart=round(drained, 1),
    )


def test_the_same_event_delivered_twice_has_one_side_effect(stack, client):
    organisation = client.register(client.create_workshop())
    client.submit(organisation)
    client.wait_ready_report(organisation, timeout=120)  # behind whatever earlier tests left queued
    events = stack.redis.client()
    scored = [
        fields
        for _, fields in events.xrange(stream_of("diagnosis"))
        if json.loads(fields["envelope"])["type"] == "diagnosis.scored"
        and json.loads(fields["envelope"])["payload"]["organisation_id"] == organisation["id"]
    ]
    assert len(scored) == 1
    events.xadd(stream_of("diagnosis"), scored[0])  # the very same envelope, the same event id

    def reporting_caught_up():
        group = next(g for g in events.xinfo_groups(stream_of("diagnosis")) if g["name"] == "reporting")
        return group["lag"] == 0 and group["pending"] == 0

    wait_until(reporting_caught_up, 10, what="reporting consumed the duplicate")
    assert_exactly_once(stack, client, organisation)
    record("event_delivered_twice", deliveries=2, reports=1, report_ready_events=1, duplicated=0)


def test_a_poison_event_is_dead_lettered_and_the_rest_flow_on(stack, client):
    events = stack.redis.client()
    poison = new_event("diagnosis.scored", {"organisation_id": "not-a-uuid"}, producer="diagnosis")
    events.xadd(stream_of("diagnosis"), {"envelope": encode(poison)})
    organisation = client.register(client.create_workshop())
    client.submit(organisation)
    client.wait_ready_report(organisation, timeout=120)

    dead = wait_until(
        lambda: [
            d for d in list_dead_letters(events, "reporting") if json.loads(d["envelope"])["id"] == str(poison.id)
        ],
        15,
        what="poison event dead-lettered",
    )
    assert dead[0]["deliveries"] == "3"
    assert dead[0]["error"].startswith("ValidationError")
    assert_exactly_once(stack, client, organisation)
    record("poison_event", deliveries_before_dead_letter=3, dead_lettered=1, other_reports_ready=1, lost=0)
