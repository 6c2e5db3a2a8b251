"""Registration's progress consumer: `diagnosis.scored` (an organisation has submitted once
the result counts its leader; the earliest such time is kept) and `report.ready` (the
latest is kept), fed through the event process's own handlers, move the counts of
`progress.by_workshop` and of the account home page; a rescoring, a replayed event, another
workshop's report or events arriving in reverse order change nothing they should not."""

import copy
import dataclasses
import datetime as dt
import functools
import re
import uuid

import pytest
from sqlalchemy import select

from services.common.clock import now
from services.common.events import new_event
from services.diagnosis.adapters.instrument_files import current_instrument
from services.registration.adapters.orm import organisation_progress
from services.registration.entrypoints.events import handlers
from services.registration.service_layer import progress
from simulator.workshop_data import sample_workshop_data
from tests.integration.test_accounts import browser, sign_in
from tests.integration.test_registration_api import create_open_workshop, register


@functools.cache
def sample_scored():
    return sample_workshop_data(current_instrument(), size=1)["organisations"][0]["scored"]


@pytest.fixture
def registration(service_app):
    app, runtime = service_app("registration")
    client = app.test_client()
    x = create_open_workshop(client, title_zh="安顺工作坊")
    y = create_open_workshop(client, title_zh="遵义工作坊")
    members = {
        "X": [register(client, x, name_zh=f"安顺机构{i}", credit_code=None) for i in range(3)],
        "Y": [register(client, y, name_zh="遵义机构", credit_code=None)],
    }
    return app, runtime, {"X": x, "Y": y}, members


def scored(organisation, leader=1, version=1, at=None, round_=1):
    payload = copy.deepcopy(sample_scored())
    payload.update(
        organisation_id=organisation["id"],
        workshop_id=organisation["workshop_id"],
        diagnosis_version=version,
        round=round_,
    )
    payload["result"].update(organisation_id=organisation["id"], workshop_id=organisation["workshop_id"])
    payload["result"]["raters"]["by_role"]["leader"] = leader
    return _event("diagnosis.scored", payload, "diagnosis", at)


def ready(organisation, workshop_id=None, at=None, round_=1):
    payload = {
        "round": round_,
        "report_id": str(uuid.uuid4()),
        "organisation_id": organisation["id"],
        "workshop_id": workshop_id or organisation["workshop_id"],
        "diagnosis_version": 1,
        "cohort_version": 1,
        "language": "zh",
        "checksum": "0" * 64,
    }
    return _event("report.ready", payload, "reporting", at)


def _event(event_type, payload, producer, at):
    event = new_event(event_type, payload, producer=producer)
    return event if at is None else dataclasses.replace(event, time=at)


def deliver(runtime, *events):
    """Each event as the registration event process hands it to its handler."""
    handled = handlers(runtime)
    for event in events:
        handled[event.type](event)


def counts(runtime, workshops):
    return progress.by_workshop(runtime.sessions, [w["id"] for w in workshops.values()])


def home_rows(app):
    """Per workshop title on the account home page: (registered, submitted, reports ready)."""
    client = browser(app)
    assert sign_in(client).status_code == 303
    html = client.get("/registration/account/").get_data(as_text=True)
    rows = {}
    for row in re.findall(r'<tr data-testid="workshop-row">(.*?)</tr>', html, re.S):
        title = re.search(r'<a href="[^"]+">([^<]+)</a>', row).group(1)
        # the cells: workshop, dates, status, registered ("n / capacity"), submitted, reports ready
        cells = re.findall(r"<td data-label=[^>]*>(.*?)</td>", row, re.S)
        registered = int(cells[3].split("/")[0])
        rows[title] = (registered, int(cells[4]), int(cells[5]))
    return rows


def progress_row(runtime, organisation):
    with runtime.sessions() as session:
        return session.execute(
            select(organisation_progress).where(organisation_progress.c.organisation_id == organisation["id"])
        ).first()


def test_submissions_and_ready_reports_are_counted_once_per_organisation_and_workshop(registration):
    app, runtime, workshops, members = registration
    x, y = workshops["X"]["id"], workshops["Y"]["id"]
    a, b, c = members["X"]
    (d,) = members["Y"]
    assert counts(runtime, workshops) == {
        x: {"submitted": 0, "reports_ready": 0},
        y: {"submitted": 0, "reports_ready": 0},
    }
    assert home_rows(app) == {"安顺工作坊": (3, 0, 0), "遵义工作坊": (1, 0, 0)}

    first_a = scored(a)
    deliver(runtime, first_a, scored(b), scored(c, leader=0))  # c's result does not count its leader
    assert counts(runtime, workshops)[x] == {"submitted": 2, "reports_ready": 0}
    assert progress_row(runtime, c) is None

    report_a = ready(a)
    deliver(runtime, report_a)
    assert counts(runtime, workshops)[x] == {"submitted": 2, "reports_ready": 1}

    # Replays of the same events, and a's rescoring (a new diagnosis version): a still counts once.
    deliver(runtime, first_a, report_a, scored(a, version=2), first_a, report_a)
    assert counts(runtime, workshops)[x] == {"submitted": 2, "reports_ready": 1}

    # Another workshop's organisation's report, even one that names this workshop: X does not move.
    deliver(runtime, ready(d, workshop_id=x), ready(d))
    assert counts(runtime, workshops) == {
        x: {"submitted": 2, "reports_ready": 1},
        y: {"submitted": 0, "reports_ready": 1},
    }

    assert home_rows(app) == {"安顺工作坊": (3, 2, 1), "遵义工作坊": (1, 0, 1)}


def test_events_in_reverse_order_keep_the_earliest_submission_and_the_latest_report(registration):
    _app, runtime, workshops, members = registration
    a, b = members["X"][:2]
    start = now().replace(microsecond=0) - dt.timedelta(days=1)
    at = [start + dt.timedelta(hours=h) for h in range(5)]

    # a: submitted at 0, rescored at 1, reports ready at 2 then 3, delivered newest first;
    # the report arrives before any diagnosis.scored.
    deliver(runtime, ready(a, at=at[3]), ready(a, at=at[2]), scored(a, version=2, at=at[1]))
    assert counts(runtime, workshops)[workshops["X"]["id"]] == {"submitted": 1, "reports_ready": 1}
    deliver(runtime, scored(a, at=at[0]))
    row = progress_row(runtime, a)
    assert (row.submitted_at, row.report_ready_at) == (at[0], at[3])

    # b: in order, then a late delivery of nothing newer: the same semantics.
    deliver(runtime, scored(b, at=at[1]), ready(b, at=at[3]), scored(b, version=2, at=at[2]), ready(b, at=at[2]))
    row = progress_row(runtime, b)
    assert (row.submitted_at, row.report_ready_at) == (at[1], at[3])
    deliver(runtime, scored(b, leader=0, at=at[0]))  # an earlier result without the leader moves nothing
    assert progress_row(runtime, b).submitted_at == at[1]
    assert counts(runtime, workshops)[workshops["X"]["id"]] == {"submitted": 2, "reports_ready": 2}


def test_a_follow_up_round_counts_afresh_and_a_late_baseline_event_changes_nothing(registration):
    app, runtime, workshops, members = registration
    x = workshops["X"]
    a, b, c = members["X"]
    deliver(runtime, scored(a), scored(b), ready(a), ready(b))
    assert counts(runtime, workshops)[x["id"]] == {"submitted": 2, "reports_ready": 2}
    client = app.test_client()
    assert (
        client.post(
            f"/registration/workshops/{x['id']}/status", json={"status": "closed"}, headers=x["headers"]
        ).status_code
        == 200
    )
    opened = client.post(f"/registration/workshops/{x['id']}/rounds", json={"kind": "6_months"}, headers=x["headers"])
    assert opened.status_code == 201, opened.json
    assert counts(runtime, workshops)[x["id"]] == {"submitted": 0, "reports_ready": 0}  # nobody has answered round 2
    deliver(runtime, scored(a, version=5, round_=2), scored(c))  # c's baseline arrives late: not round 2
    assert counts(runtime, workshops)[x["id"]] == {"submitted": 1, "reports_ready": 0}
    deliver(runtime, ready(a, round_=2), ready(a))  # then a's baseline report, late: a stays in round 2
    assert counts(runtime, workshops)[x["id"]] == {"submitted": 1, "reports_ready": 1}
    assert progress_row(runtime, a).round == 2
    assert home_rows(app)["安顺工作坊"] == (3, 1, 1)
