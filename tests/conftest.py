import os
import uuid

import pytest
import sqlalchemy

from tests.support.processes import RedisServer

PG_ADMIN_URL = os.environ.get("NIANLUN_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture
def redis_server(tmp_path):
    """A private redis-server on a free port: a test may kill and restart it."""
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


def pg_admin_engine():
    engine = sqlalchemy.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect():
            return engine
    except sqlalchemy.exc.OperationalError:
        return None


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    admin = pg_admin_engine()
    if admin is None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL}")
        pytest.skip("PostgreSQL is not reachable")
    name = f"nianlun_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    yield admin.url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """Each persistence test runs on the embedded default and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'service.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per test module (end-to-end and page tests)."""
    from tests.support.browser import launch  # Playwright only where a browser is wanted

    playwright, chromium = launch()
    yield chromium
    chromium.close()
    playwright.stop()
