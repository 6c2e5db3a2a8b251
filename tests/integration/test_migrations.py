"""Each service's Alembic history builds its schema on SQLite and PostgreSQL, and matches
the tables the code declares (a model change without a migration fails here)."""

import importlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from launcher.run import migrations_dir
from services import SERVICES
from services.common.db import make_engine, migrate


@pytest.mark.parametrize("service", SERVICES)
def test_migrations_build_the_declared_schema(service, database_url):
    migrate(database_url, migrations_dir(service))
    migrate(database_url, migrations_dir(service))  # idempotent
    metadata = importlib.import_module(f"services.{service}.adapters.orm").metadata
    engine = make_engine(database_url)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
        tables = set(inspect(conn).get_table_names())
    engine.dispose()
    assert differences == []
    assert {"outbox", "processed_events", "alembic_version"} <= tables
