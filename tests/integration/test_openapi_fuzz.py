"""Schemathesis against each service's own OpenAPI document, in process on SQLite and a real
Redis: generated valid and invalid requests, as the owner of a real workshop and organisation
(so that the requests get past authentication and reach the handlers). Zero failures: no
server error, no response outside its documented schema, no invalid input accepted."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode

from tests.integration import test_diagnosis_api as diagnosis_world
from tests.integration import test_registration_api as registration_world
from tests.integration import test_reporting_service as reporting_world
from tests.integration.conftest import _service_app

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))  # per operation and mode; raise it for a deeper run
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.negative_data_rejection,
]


class Owners:
    """The ids a request's path may name, and whose token opens which path."""

    def __init__(self, ids: dict[str, str], facilitator: dict, organisation: dict):
        self.ids, self.facilitator, self.organisation = ids, facilitator, organisation

    def headers_for(self, path: str) -> dict:
        return self.facilitator if "/workshops/" in path or "/cohort" in path else self.organisation

    def path_for(self, operation) -> dict:
        names = {p.name for p in operation.path_parameters}
        return {name: value for name, value in self.ids.items() if name in names}


def _app(service, monkeypatch, tmp_path, redis_server):
    return _service_app(service, monkeypatch, tmp_path, f"sqlite:///{tmp_path / 'fuzz.sqlite3'}", redis_server.url)


@pytest.fixture
def registration(monkeypatch, tmp_path, redis_server):
    app, _ = _app("registration", monkeypatch, tmp_path, redis_server)
    client = app.test_client()
    workshop = registration_world.create_open_workshop(client, capacity=500)
    organisation = registration_world.register(client, workshop)
    owners = Owners(
        {"workshop_id": workshop["id"], "organisation_id": organisation["id"], "code": workshop["code"]},
        workshop["headers"],
        organisation["headers"],
    )
    return schemathesis.openapi.from_wsgi("/registration/openapi.json", app), owners


@pytest.fixture
def diagnosis(monkeypatch, tmp_path, redis_server):
    app, runtime = _app("diagnosis", monkeypatch, tmp_path, redis_server)
    world = diagnosis_world.World(runtime)
    workshop = world.workshop()
    organisation = world.organisation(workshop)
    owners = Owners(
        {"workshop_id": workshop["id"], "organisation_id": organisation["id"]},
        workshop["headers"],
        organisation["headers"],
    )
    return schemathesis.openapi.from_wsgi("/diagnosis/openapi.json", app), owners


@pytest.fixture
def reporting(monkeypatch, tmp_path, redis_server):
    app, runtime = _app("reporting", monkeypatch, tmp_path, redis_server)
    workshop = reporting_world.Workshop(runtime, size=2)
    organisation = workshop.organisations[0]
    owners = Owners(
        {"workshop_id": workshop.id, "organisation_id": organisation["id"], "report_id": organisation["report_id"]},
        workshop.facilitator,
        organisation["headers"],
    )
    return schemathesis.openapi.from_wsgi("/reporting/openapi.json", app), owners


FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)


SESSION_ENDERS = ("/withdraw", "/token", "/status")


def _ends_a_session(operation) -> int:
    # A withdrawal, a new token (it revokes the owner's) or a closed workshop lock the owner
    # out: those run last, in this order, so that every other operation meets a live owner.
    return next((rank for rank, end in enumerate(SESSION_ENDERS, 1) if operation.path.endswith(end)), 0)


def fuzz(schema, owners) -> list[str]:
    """Every operation, valid requests then invalid ones, as its owner on the real ids.
    Returns the failures, one line each, so that one run shows them all."""
    failures = []
    for operation in sorted((result.ok() for result in schema.get_all_operations()), key=_ends_a_session):
        headers = owners.headers_for(operation.path)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(mode, path_parameters=owners.path_for(operation))

            @FUZZ
            @given(case=strategy)
            def call(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                call()
            except Unsatisfiable:
                continue  # nothing left to make invalid once the path is fixed
            except Exception as failure:  # noqa: BLE001 - collect, then report them all
                failures.append(f"{operation.label} ({mode.value}): {_describe(failure)[:1500]}")
    return failures


def _describe(failure: BaseException) -> str:
    parts = getattr(failure, "exceptions", None)  # schemathesis groups the checks that failed
    if parts:
        return "; ".join(_describe(part) for part in parts)
    return f"{type(failure).__name__}: {failure}"


def test_registration_api(registration):
    assert fuzz(*registration) == []


def test_diagnosis_api(diagnosis):
    assert fuzz(*diagnosis) == []


def test_reporting_api(reporting):
    assert fuzz(*reporting) == []
