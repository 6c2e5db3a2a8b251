"""Reports follow their cohort by themselves: every change moves the workshop's settle time
on, the settle task that arrives once it has settled brings every report up to the newest
cohort (earlier ones do nothing), a lost settle task is sent again, and with a real Celery
worker a workshop whose last submission comes after "render all" ends current."""

import collections
import datetime as dt
import json
import os
import time

import pytest
import redis
from sqlalchemy import select

from launcher.processes import WORKER_APP, Layout, worker_command
from services.common.clock import now
from services.common.events import decode
from services.reporting.adapters.celery_app import QUEUE, SETTLE_TASK
from services.reporting.adapters.orm import bus, reports, summaries, workshop_settles
from services.reporting.service_layer import following, settles
from tests.integration.test_reporting_service import Workshop, fake_report, render
from tests.support.processes import ManagedProcess, wait_until

SETTLE_SECONDS = 2  # room for a rush of five changes on a loaded machine


@pytest.fixture
def api(service_app, monkeypatch):
    monkeypatch.setenv("REPORT_SETTLE_SECONDS", str(SETTLE_SECONDS))
    app, runtime = service_app("reporting")
    return app.test_client(), runtime


@pytest.fixture
def settled(monkeypatch, api):
    """Moves the settles' clock past the window, as if the workshop had gone quiet."""
    _client, runtime = api

    def move(extra_seconds: float = 0):
        moment = now() + dt.timedelta(seconds=runtime.settings.settle_seconds + 1 + extra_seconds)
        monkeypatch.setattr(settles, "now", lambda: moment)

    return move


def settle_tasks(runtime):
    broker = redis.Redis.from_url(runtime.settings.broker_url)
    sent = [json.loads(raw) for raw in broker.lrange(QUEUE, 0, -1)]
    return [task["headers"] for task in sent if task["headers"]["task"] == SETTLE_TASK]


def report_rows(runtime, workshop):
    with runtime.sessions() as session:
        rows = session.execute(select(reports).where(reports.c.workshop_id == workshop.id)).mappings().all()
    return {row["organisation_id"]: dict(row) for row in rows}


def ready_announcements(runtime):
    """Per organisation, how many times one of its reports was announced ready."""
    with runtime.sessions() as session:
        events = [decode(raw) for raw in session.execute(select(bus.outbox.c.envelope)).scalars()]
    return collections.Counter(e.payload["organisation_id"] for e in events if e.type == "report.ready")


def progress(client, workshop):
    return client.get(f"/reporting/workshops/{workshop.id}/progress", headers=workshop.facilitator).json


def test_a_rush_of_changes_ends_in_one_round_of_renders(api, settled):
    client, runtime = api
    workshop = Workshop(runtime)
    for organisation in workshop.organisations:
        render(runtime, organisation["report_id"])
    sent_before = len(settle_tasks(runtime))

    for version in range(2, 7):  # five changes within the window
        workshop.cohort(version)
    sent = settle_tasks(runtime)
    assert len(sent) == sent_before + 5 and all(task["eta"] for task in sent)
    assert following.settle_workshop(runtime.sessions, workshop.id) is None  # arrived early: nothing
    assert {row["state"] for row in report_rows(runtime, workshop).values()} == {"ready"}
    waiting = progress(client, workshop)
    assert (waiting["ready"], waiting["updating"]) == (0, 3)

    settled()
    rounds = [following.settle_workshop(runtime.sessions, workshop.id) for _ in sent[:5]]
    assert sorted(rounds[0]) == sorted(o["report_id"] for o in workshop.organisations)
    assert rounds[1:] == [None] * 4  # the rest of the rush's tasks find nothing to do
    for organisation in workshop.organisations:
        assert render(runtime, organisation["report_id"]) == "ready"
    assert {row["cohort_version"] for row in report_rows(runtime, workshop).values()} == {6}
    assert ready_announcements(runtime) == {o["id"]: 2 for o in workshop.organisations}
    done = progress(client, workshop)
    assert (done["ready"], done["updating"], done["summary"]["cohort_version"]) == (3, 0, 6)
    with runtime.sessions() as session:
        assert session.execute(select(summaries.c.cohort_version)).scalars().all() == [6]


def test_a_render_on_figures_the_cohort_left_behind_settles_once_more(api, monkeypatch):
    client, runtime = api
    workshop = Workshop(runtime, size=1)
    organisation = workshop.organisations[0]

    def overtaken(data, language, generated_on):
        workshop.cohort(2)  # the cohort moves on while this renders, and the workshop settles
        with monkeypatch.context() as later:
            moment = now() + dt.timedelta(seconds=SETTLE_SECONDS + 1)
            later.setattr(settles, "now", lambda: moment)
            assert following.settle_workshop(runtime.sessions, workshop.id) == []  # it is rendering
        return fake_report(data, language, generated_on)

    assert render(runtime, organisation["report_id"], overtaken) == "ready"
    assert report_rows(runtime, workshop)[organisation["id"]]["cohort_version"] == 1
    assert progress(client, workshop)["updating"] == 1
    with runtime.sessions() as session:
        assert session.execute(select(workshop_settles.c.due_at)).scalar() is not None  # once more

    monkeypatch.setattr(settles, "now", lambda: now() + dt.timedelta(seconds=SETTLE_SECONDS + 1))
    assert following.settle_workshop(runtime.sessions, workshop.id) == [organisation["report_id"]]
    assert render(runtime, organisation["report_id"]) == "ready"
    assert report_rows(runtime, workshop)[organisation["id"]]["cohort_version"] == 2
    assert progress(client, workshop)["ready"] == 1


def test_a_lost_settle_task_is_sent_again_once(api, settled):
    _client, runtime = api
    workshop = Workshop(runtime, size=1)
    redis.Redis.from_url(runtime.settings.broker_url).delete(QUEUE)  # the broker forgot every task
    assert settles.requeue_lost_settles(runtime.sessions, runtime.settings) == 0  # not settled yet

    settled(extra_seconds=runtime.settings.requeue_after_seconds)
    assert settles.requeue_lost_settles(runtime.sessions, runtime.settings) == 1
    assert settles.requeue_lost_settles(runtime.sessions, runtime.settings) == 0  # not at every sweep
    assert [task["argsrepr"] for task in settle_tasks(runtime)] == [repr([workshop.id])]
    assert following.settle_workshop(runtime.sessions, workshop.id) == []  # its report still waits
    assert following.settle_workshop(runtime.sessions, workshop.id) is None


@pytest.fixture
def worker(api, tmp_path):
    """A real Celery worker on the test's database and Redis, rendering with stand-ins."""
    command = [
        "tests.support.fake_render_worker" if part == WORKER_APP else part
        for part in worker_command(Layout(var_dir=tmp_path, render_concurrency=2))
    ]
    process = ManagedProcess("worker", command, dict(os.environ), tmp_path)
    process.start()
    try:
        wait_until(lambda: " ready." in process.log_path.read_text(errors="replace"), 60, what="worker ready")
        yield process
    finally:
        process.stop()


def test_a_submission_after_render_all_ends_with_every_report_current_without_another_click(api, worker):
    client, runtime = api
    workshop = Workshop(runtime, size=3)

    def current(total, cohort_version):
        now_ = progress(client, workshop)
        summary = now_["summary"] or {}
        with runtime.sessions() as session:
            waiting = session.execute(select(workshop_settles.c.due_at)).scalar()
        return (
            (now_["ready"], now_["total"], now_["updating"], now_["cohort_version"])
            == (total, total, 0, cohort_version)
            and (summary.get("state"), summary.get("cohort_version")) == ("ready", cohort_version)
            and waiting is None
            and now_
        )

    wait_until(lambda: current(3, 1), 30, interval=0.2, what="the first reports and summary")
    assert client.post(f"/reporting/workshops/{workshop.id}/render", headers=workshop.facilitator).status_code == 202
    before = ready_announcements(runtime)

    late = workshop.organisation(3)  # the last submission, after "render all"
    for version in range(2, 7):  # the cohort it moves: a rush longer than the window, no gap as long
        workshop.cohort(version)
        time.sleep(SETTLE_SECONDS * 0.3)
    wait_until(lambda: current(4, 6), SETTLE_SECONDS + 30, interval=0.2, what="every report current")

    rows = report_rows(runtime, workshop)
    assert {row["cohort_version"] for row in rows.values()} == {6} and late["id"] in rows
    after = ready_announcements(runtime)
    assert {o["id"]: after[o["id"]] - before[o["id"]] for o in workshop.organisations} == {
        o["id"]: 1 for o in workshop.organisations
    }  # one round of renders for the rush, not one per change


def test_the_facilitator_panel_says_updating_never_out_of_date(api):
    client, runtime = api
    workshop = Workshop(runtime)
    for organisation in workshop.organisations:
        render(runtime, organisation["report_id"])
    workshop.cohort(2)
    for language, updating, hint in (
        ("zh", "正在更新 3/3", "报告会自动更新"),
        ("en", "Updating 3 of 3", "Reports update by themselves"),
    ):
        client.set_cookie("nl_lang", language)
        page = client.get("/reporting/f/panel", headers=workshop.facilitator).get_data(as_text=True)
        assert updating in page and hint in page
        assert "待更新" not in page and "Out of date" not in page
    client.set_cookie("nl_lang", "zh")
    leader = workshop.organisations[0]["headers"]
    assert "已生成" in client.get("/reporting/o/panel", headers=leader).get_data(as_text=True)
