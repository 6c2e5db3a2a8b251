"""The thin slice, end to end through the gateway, on the real processes."""

import subprocess
import time

import pytest

from services import SERVICES

pytestmark = pytest.mark.e2e


def test_workshop_to_downloadable_pdf_within_10_seconds(client):
    workshop = client.create_workshop()
    organisation = client.register(workshop, name_zh="安顺市联众社会工作服务中心")
    started = time.monotonic()
    submission = client.submit(organisation)
    assert submission["version"] == 1

    report = client.wait_ready_report(organisation, timeout=10 - (time.monotonic() - started))
    pdf = client.download(organisation, report)
    assert pdf.status_code == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout
    assert "安顺市联众社会工作服务中心" in text.decode("utf-8")


def test_each_service_serves_health_and_openapi_through_the_gateway(client):
    for service in SERVICES:
        assert client.get(f"/{service}/healthz").json()["status"] == "ok"
        spec = client.get(f"/{service}/openapi.json").json()
        assert spec["openapi"].startswith("3.")
        assert spec["paths"]


def test_bad_input_through_the_gateway_is_never_a_500(client):
    workshop = client.create_workshop()
    cases = [
        ("/registration/workshops", b"{broken"),
        ("/registration/workshops", b'{"title_zh": 5}'),
        (f"/registration/codes/{workshop['code']}/organisations", b"[]"),
        ("/diagnosis/organisations/nope/submissions", b'{"answers": {"a": 1}}'),
    ]
    for path, body in cases:
        response = client.http.post(
            client.base_url + path, data=body, headers={"Content-Type": "application/json"}, timeout=10
        )
        assert response.status_code in (401, 404, 422), (path, response.status_code, response.text)
        assert response.json()["message"]
    too_large = client.http.post(
        client.base_url + "/registration/workshops",
        data=b"x" * 3_000_000,
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert too_large.status_code == 413
    assert client.get("/no/such/place").status_code == 404
