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
    if service == "registration":
        app.test_client_class = _client_of_an_organiser(bootstrap.runtime())
    return app, bootstrap.runtime()


ORGANISER_PASSWORD = "a-long-passphrase-for-tests"


def _client_of_an_organiser(runtime):
    """Test clients that create workshops as an organiser would (with an account's API
    token); a request's own Authorization header still wins."""
    from flask.testing import FlaskClient

    from services.registration.service_layer import accounts

    organiser = accounts.create_organiser(
        runtime.sessions, "测试项目", "organiser@example.org", "主办方", ORGANISER_PASSWORD
    )
    token = accounts.issue_account_token(runtime.sessions, organiser)

    class OrganisersClient(FlaskClient):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"

    return OrganisersClient


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
