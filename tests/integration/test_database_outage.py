"""The database unreachable for a few seconds (PostgreSQL behind a proxy the test cuts):
requests get 503 with a retry hint in the one error format, pages a 503 page, never a 500;
nothing is half-written; the service serves again by itself once the database is back."""

import time

import pytest
import sqlalchemy

from tests.integration.conftest import _service_app
from tests.integration.test_registration_api import PROFILE, create_open_workshop
from tests.support.figures import record
from tests.support.tcp_proxy import TcpProxy

pytestmark = pytest.mark.postgres


@pytest.fixture
def proxied(postgres_url, monkeypatch, tmp_path, redis_server):
    url = sqlalchemy.engine.make_url(postgres_url)
    proxy = TcpProxy(url.port or 5432)
    app, runtime = _service_app(
        "registration",
        monkeypatch,
        tmp_path,
        url.set(port=proxy.port).render_as_string(hide_password=False),
        redis_server.url,
    )
    yield app.test_client(), proxy, postgres_url
    proxy.close()
    runtime.engine.dispose()


def count(direct_url, table):
    engine = sqlalchemy.create_engine(direct_url)
    with engine.connect() as conn:
        n = conn.execute(sqlalchemy.text(f"SELECT count(*) FROM {table}")).scalar()
    engine.dispose()
    return n


def test_an_unreachable_database_is_a_503_with_a_retry_hint_and_nothing_half_written(proxied):
    client, proxy, direct_url = proxied
    workshop = create_open_workshop(client)
    register = f"/registration/codes/{workshop['code']}/organisations"
    before = count(direct_url, "organisations"), count(direct_url, "outbox")

    proxy.cut()
    cut_at = time.monotonic()
    refused = [client.post(register, json=dict(PROFILE, credit_code=None, name_zh=f"机构{i}")) for i in range(5)]
    page = client.get(f"/registration/w/{workshop['code']}")
    for response in refused:
        assert response.status_code == 503 and response.headers["Retry-After"] == "5"
        assert response.json["message"] == "服务暂时不可用，请稍后重试。"
    assert page.status_code == 503 and "服务暂时不可用" in page.get_data(as_text=True)
    assert page.headers["Retry-After"] == "5"
    time.sleep(max(0.0, 3 - (time.monotonic() - cut_at)))  # down for a few seconds

    proxy.restore()
    restored_at = time.monotonic()
    accepted = client.post(register, json=dict(PROFILE, credit_code=None, name_zh="恢复后报名的机构"))
    assert accepted.status_code == 201, accepted.json
    served_again = time.monotonic() - restored_at
    after = count(direct_url, "organisations"), count(direct_url, "outbox")
    assert after[0] == before[0] + 1  # only the one accepted after the outage, with its events
    assert after[1] > before[1]
    record(
        "database_unreachable",
        requests_during_outage=len(refused) + 1,
        answered_503=len(refused) + 1,
        answered_500=0,
        half_written=0,
        seconds_to_serve_again=round(served_again, 2),
    )
