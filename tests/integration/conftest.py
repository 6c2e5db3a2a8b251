import importlib

import pytest

from launcher.run import migrations_dir
from services.common.db import migrate


def _service_app(service, monkeypatch, tmp_path, database_url, redis_url):
    monkeypatch.setenv("NIANLUN_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv(f"{service.upper()}_DATABASE_URL", database_url)
    bootstrap = importlib.import_module(f"services.{service}.bootstrap")
    _forget_wiring(bootstrap)
    migrate(database_url, migrations_dir(service))
    app = importlib.import_module(f"services.{service}.entrypoints.http").create_app()
    app.testing = True
    return app, bootstrap.runtime()


@pytest.fixture
def service_app(monkeypatch, tmp_path, database_url, redis_server):
    """service name -> (Flask app on a real database and Redis, its runtime)."""
    made = []

    def make(service):
        app, runtime = _service_app(service, monkeypatch, tmp_path, database_url, redis_server.url)
        made.append((service, runtime))
        return app, runtime

    yield make
    for service, runtime in made:
        runtime.engine.dispose()
        _forget_wiring(importlib.import_module(f"services.{service}.bootstrap"))


def _forget_wiring(bootstrap):
    """The next test's settings (its own database and Redis) get their own runtime and Celery app."""
    bootstrap.runtime.cache_clear()
    if hasattr(bootstrap, "celery_app"):
        bootstrap.celery_app.cache_clear()
