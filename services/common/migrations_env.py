"""The body of every service's Alembic env.py: one way to run migrations."""

from __future__ import annotations

from typing import Any, cast

from alembic import context
from sqlalchemy import MetaData

from .db import make_engine


def run_migrations(target_metadata: MetaData) -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    options: dict[str, Any] = dict(target_metadata=target_metadata, render_as_batch=True, compare_type=True)
    if context.is_offline_mode():
        context.configure(url=url, literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(cast(str, url))
    with engine.connect() as connection:
        context.configure(connection=connection, **options)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
