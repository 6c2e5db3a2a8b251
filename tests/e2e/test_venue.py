"""`make venue` as a facilitator runs it on the laptop: the gateway faces the network, and
the links and QR codes the dashboard hands over point to the venue address, where a phone
opens them. The address is chosen by hand here (VENUE_HOST), as a facilitator may."""

from __future__ import annotations

import os

import pytest
import requests

from launcher.local_stack import start_stack, stop_stack, wait_healthy
from launcher.organiser import script_token
from launcher.ports import free_port_block
from tests.support.qr import codes_in_page

pytestmark = pytest.mark.e2e
VENUE_HOST = "127.0.0.2"  # not the address the facilitator opens the dashboard at


@pytest.fixture(scope="module")
def venue(tmp_path_factory):
    var_dir, port = tmp_path_factory.mktemp("venue"), free_port_block(4)
    stack = start_stack(var_dir, port, "--venue", VENUE_HOST=VENUE_HOST)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", stack)
        yield var_dir, port
    finally:
        stop_stack(stack)


def test_the_dashboard_hands_over_links_at_the_venue_address(venue):
    var_dir, port = venue
    announced = (var_dir / "stack.log").read_text()
    assert f"Nianlun: http://{VENUE_HOST}:{port}/" in announced and "场地模式" in announced
    assert f"listen 0.0.0.0:{port};" in (var_dir / "gateway" / "nginx.conf").read_text()
    token = script_token(dict(os.environ, NIANLUN_VAR_DIR=str(var_dir)))
    laptop = requests.Session()
    created = laptop.post(
        f"http://127.0.0.1:{port}/registration/workshops",
        headers={"Authorization": f"Bearer {token}"},
        json={"title_zh": "场地模式测试", "province": "贵州", "city": "安顺"}
        | {"starts_on": "2026-12-10", "ends_on": "2026-12-12", "capacity": 36},
        timeout=10,
    )
    workshop = created.json()
    dashboard = laptop.get(f"http://127.0.0.1:{port}/registration/link/{workshop['facilitator_token']}", timeout=10)
    [link] = codes_in_page(dashboard.text, "registration-qr")
    assert link == f"http://{VENUE_HOST}:{port}/registration/w/{workshop['code']}"
    phone = requests.get(link, timeout=10)
    assert phone.status_code == 200 and "场地模式测试" in phone.text
