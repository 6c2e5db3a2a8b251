"""Database plumbing shared by the services: engines, sessions, migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True)


def _sqlite_engine(url: str) -> Engine:
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        # Several processes (web workers, the event loop, Celery workers) share the file:
        # WAL lets readers run beside one writer, busy_timeout makes writers queue, not fail.
        dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event below opens transactions
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # A writing transaction takes the write lock at BEGIN, so that two writers never
        # deadlock upgrading a read lock; a reading one stays deferred and runs beside them.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITES) else "BEGIN")

    return engine


WRITES = "nianlun_writes"


def for_writing(engine: Engine) -> Engine:
    """The same engine, marked: its transactions intend to write."""
    return engine.execution_options(**{WRITES: True})


class SessionFactory(sessionmaker):
    """`sessions()` for reading, `sessions.begin()` for a transaction that writes."""

    def __init__(self, engine: Engine):
        super().__init__(engine, expire_on_commit=False)
        self._writer = sessionmaker(for_writing(engine), expire_on_commit=False)

    def begin(self):
        return self._writer.begin()

    @property
    def makers(self) -> tuple[sessionmaker, sessionmaker]:
        """Both factories, for session events (`tasks.send_tasks_after_commit`)."""
        return (self, self._writer)


def make_session_factory(engine: Engine) -> sessionmaker:
    return SessionFactory(engine)


def migrate(database_url: str, migrations_dir: Path) -> None:
    """Bring the database up to the newest revision (Alembic, one history per service)."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    make_engine(database_url).dispose()  # creates the SQLite folder on first run
    command.upgrade(config, "head")
