"""Outages of the parts that carry the work, on a stack of its own per test: Redis killed
with -9 and restarted from its append-only file while leaders submit, and report workers
scaled from three to one while a workshop renders. Each ends by counting submissions
against reports (none lost, none twice) and records its figures for RELIABILITY.md."""

import time

import pytest

from simulator.driver import Api, run_workshop
from tests.e2e.test_faults import assert_exactly_once
from tests.support.client import NianlunClient
from tests.support.figures import record
from tests.support.processes import wait_until

pytestmark = pytest.mark.e2e
OUTAGE_SECONDS = 5


def _ready(client, organisations) -> int:
    return sum(any(r["state"] == "ready" for r in client.reports(o)) for o in organisations)


def _known_to_diagnosis(client, organisation) -> bool:
    return client.get("/diagnosis/responses/mine", token=organisation["access_token"]).status_code == 200


def test_redis_killed_during_submissions_then_restarted_from_its_append_only_file(own_stack):
    client = NianlunClient(own_stack.base_url, own_stack.account_token)
    # Workshops of two: each organisation's diagnosis stays at one version, one report each.
    organisations = [
        client.register(w) for w in (client.create_workshop(capacity=2) for _ in range(10)) for _ in range(2)
    ]
    wait_until(lambda: all(_known_to_diagnosis(client, o) for o in organisations), 30, what="every token known")

    for organisation in organisations[:8]:
        client.submit(organisation)
    own_stack.redis.kill()
    killed_at = time.monotonic()
    during_outage = organisations[8:14]
    for organisation in during_outage:  # accepted with Redis gone: the database is the truth
        client.submit(organisation)
    time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - killed_at)))
    own_stack.redis.start()  # same port, same directory: it loads its append-only file
    restarted_at = time.monotonic()
    wait_until(lambda: _ready(client, during_outage) > 0, 60, interval=0.2, what="the flow resumed")
    resumed = time.monotonic() - restarted_at
    for organisation in organisations[14:]:
        client.submit(organisation)

    wait_until(lambda: _ready(client, organisations) == len(organisations), 180, interval=0.5, what="20 reports ready")
    recovered = time.monotonic() - restarted_at
    for organisation in organisations:
        assert_exactly_once(own_stack, client, organisation)
    record(
        "redis_killed_during_submissions",
        submissions=len(organisations),
        during_outage=6,
        outage_seconds=round(restarted_at - killed_at, 1),
        reports_ready=len(organisations),
        lost=0,
        duplicated=0,
        first_report_after_restart_seconds=round(resumed, 1),
        all_ready_after_restart_seconds=round(recovered, 1),
    )


@pytest.mark.stack_options(render_concurrency=1)
def test_workers_scaled_from_three_to_one_while_a_workshop_renders(own_stack):
    for name in ("worker-2", "worker-3"):
        own_stack.add_worker(name)
    api, client = (
        Api(own_stack.base_url, own_stack.account_token),
        NianlunClient(own_stack.base_url, own_stack.account_token),
    )
    workshop = run_workshop(api, size=12)
    token = workshop.facilitator_token
    started = time.monotonic()
    api.call("POST", f"/reporting/workshops/{workshop.id}/render", token=token, retry_on=(409,))

    def progress():
        return api.call("GET", f"/reporting/workshops/{workshop.id}/progress", token=token).json()

    wait_until(lambda: progress()["ready"] >= 3, 120, interval=0.2, what="three reports ready")
    ready_when_scaled = progress()["ready"]
    for name in ("worker-2", "worker-3"):  # what `--scale worker=1` does: SIGTERM, a warm shutdown
        own_stack.processes[name].stop(timeout=60)
    scaled_at = time.monotonic()

    def settled():
        now = progress()
        if now["counts"].get("missing"):
            api.call("POST", f"/reporting/workshops/{workshop.id}/render", token=token, retry_on=(409,))
        done = now["ready"] == now["total"] == 12 and (now.get("summary") or {}).get("state") == "ready"
        return now if done or now["failures"] else None

    final = wait_until(settled, 300, interval=0.5, what="the workshop rendered on one worker")
    assert final["failures"] == []
    for organisation in workshop.organisations:
        assert_exactly_once(own_stack, client, organisation)
    record(
        "workers_scaled_3_to_1_mid_render",
        organisations=12,
        ready_when_scaled=ready_when_scaled,
        reports_ready=final["ready"],
        lost=0,
        duplicated=0,
        failures=len(final["failures"]),
        seconds_after_scaling=round(time.monotonic() - scaled_at, 1),
        workshop_seconds=round(time.monotonic() - started, 1),
    )
