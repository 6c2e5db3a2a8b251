import shutil
import uuid

import pytest
import sqlalchemy

from services import SERVICES
from tests.conftest import pg_admin_engine
from tests.support.client import NianlunClient
from tests.support.processes import RedisServer, Stack

# Fast retries so that the fault tests finish in seconds: a failed event is retried after
# 0.5 s of idleness and dead-lettered after 3 deliveries.
FAST_RETRIES = {
    "EVENT_CLAIM_IDLE_MS": "500",
    "EVENT_MAX_DELIVERIES": "3",
    "LOG_LEVEL": "INFO",
    # Every test client comes from 127.0.0.1, and the access matrix presents hundreds of wrong
    # tokens on purpose: the per-address limits are for rooms of people (test_room.py).
    "REGISTRATION_RATE_LIMIT": "100000 per minute",
    "AUTH_FAILURE_LIMIT": "100000 per minute",
    "AUTH_FAILURE_LIMIT_PER_SESSION": "100000 per minute",
}


def _start_stack(tmp_path_factory, name, extra_env, **options):
    var_dir = tmp_path_factory.mktemp(name)
    redis_server = RedisServer(var_dir / "redis")
    redis_server.start()
    stack = Stack(var_dir, redis_server, {**FAST_RETRIES, **extra_env}, **options)
    try:
        stack.start()
    except Exception:
        stack.stop()
        redis_server.stop()
        _keep_logs(var_dir, name)
        raise
    return stack


def _keep_logs(var_dir, name):
    shutil.copytree(var_dir / "logs", f"test-artifacts/logs/{name}", dirs_exist_ok=True)


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """The whole system on real processes, renders at full speed."""
    made = _start_stack(tmp_path_factory, "stack", {})
    yield made
    made.stop()
    made.redis.stop()
    _keep_logs(made.layout.var_dir, "stack")


@pytest.fixture(scope="session")
def slow_stack(tmp_path_factory):
    """The same, with every render held for 2 s (tests/support/slow_worker.py) so that a test
    can kill a worker mid-render.
    Short limits: a killed worker's task comes back after ~12 s (visibility) + 1 s (restore);
    10 s per render leave room for a fresh pool child's first render (fonts load) and the 2 s."""
    made = _start_stack(
        tmp_path_factory,
        "slow-stack",
        {
            "NIANLUN_TEST_RENDER_DELAY_SECONDS": "2",
            "REPORT_RENDER_TIME_LIMIT": "10",
            "REPORT_UNACKED_RESTORE_INTERVAL": "1",
        },
        worker_app="tests.support.slow_worker",
    )
    yield made
    made.stop()
    made.redis.stop()
    _keep_logs(made.layout.var_dir, "slow-stack")


@pytest.fixture(scope="session")
def pg_stack(tmp_path_factory):
    """The stack on PostgreSQL: a fresh database per service."""
    databases = [_create_pg_database() for _ in range(3)]
    if None in databases:
        pytest.skip("PostgreSQL is not reachable")
    urls = {f"{s.upper()}_DATABASE_URL": url for s, url in zip(SERVICES, databases, strict=False)}
    made = _start_stack(tmp_path_factory, "pg-stack", urls)
    yield made
    made.stop()
    made.redis.stop()
    _keep_logs(made.layout.var_dir, "pg-stack")
    for url in databases:
        _drop_pg_database(url)


def _create_pg_database():
    admin = pg_admin_engine()
    if admin is None:
        return None
    name = f"nianlun_e2e_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    return admin.url.set(database=name).render_as_string(hide_password=False)


def _drop_pg_database(url):
    name = sqlalchemy.engine.make_url(url).database
    with pg_admin_engine().connect() as conn:
        conn.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def own_stack(tmp_path_factory, request):
    """A stack for one test that breaks it (kills its Redis, scales its workers): the options
    come from `@pytest.mark.stack_options(env={…}, render_concurrency=n)`."""
    marker = request.node.get_closest_marker("stack_options")
    options = dict(marker.kwargs) if marker else {}
    made = _start_stack(tmp_path_factory, request.node.name[:40], options.pop("env", {}), **options)
    yield made
    made.stop()
    made.redis.stop()
    _keep_logs(made.layout.var_dir, request.node.name[:40])


@pytest.fixture
def client(stack):
    return NianlunClient(stack.base_url, stack.account_token)
