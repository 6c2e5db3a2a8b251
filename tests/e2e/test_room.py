"""A whole workshop room behind one address, on the limits `make run` ships with: 80 leaders
register on their phones' pages and 160 staff and board raters save their drafts, all from
127.0.0.1 within minutes, and none is refused; 200 guessed tokens from the same address are."""

from __future__ import annotations

import dataclasses
import re
import time

import pytest
import requests

from services.common.settings import Settings
from services.registration.settings import RegistrationSettings
from tests.support.client import NianlunClient
from tests.support.processes import wait_until

pytestmark = pytest.mark.e2e
ORGANISATIONS = 80
RATERS_EACH = 2


def _shipped(settings: type, name: str) -> str:
    return next(f for f in dataclasses.fields(settings) if f.name == name).metadata["default"]


SHIPPED_LIMITS = {
    "REGISTRATION_RATE_LIMIT": _shipped(RegistrationSettings, "registration_rate_limit"),
    "AUTH_FAILURE_LIMIT": _shipped(Settings, "auth_failure_limit"),
    "AUTH_FAILURE_LIMIT_PER_SESSION": _shipped(Settings, "auth_failure_limit_per_session"),
}


def _register_on_a_phone(base_url: str, code: str, n: int) -> tuple[requests.Session, int]:
    """One phone: it opens the registration page, sends the form, keeps its private link."""
    phone = requests.Session()
    landing = phone.get(f"{base_url}/registration/w/{code}", timeout=10)
    if landing.status_code != 200:
        return phone, landing.status_code
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', landing.text).group(1)
    form = {"csrf_token": csrf, "name_zh": f"安顺市第{n}社会工作服务中心", "years_in_sector": str(n % 20 + 1)}
    sent = phone.post(f"{base_url}/registration/w/{code}", data=form, timeout=10)
    return phone, sent.status_code


@pytest.mark.stack_options(env=SHIPPED_LIMITS)
def test_a_full_room_on_one_address_passes_and_a_guesser_is_stopped(own_stack):
    base_url = own_stack.base_url
    client = NianlunClient(base_url, own_stack.account_token)
    workshop = client.create_workshop(capacity=ORGANISATIONS)
    started = time.monotonic()
    answers: list[int] = []

    registered = [_register_on_a_phone(base_url, workshop["code"], n) for n in range(ORGANISATIONS)]
    answers += [status for _, status in registered]
    assert [status for _, status in registered] == [201] * ORGANISATIONS
    tokens = [phone.cookies["nl_token"] for phone, _ in registered]

    # Diagnosis hears of the organisations by event, in order: once the last is known, all are.
    last = {"Authorization": f"Bearer {tokens[-1]}"}
    wait_until(
        lambda: requests.get(f"{base_url}/diagnosis/responses/mine", headers=last, timeout=10).status_code == 200,
        30,
        interval=0.5,
        what="diagnosis knows the last organisation",
    )
    rater_answers = {name: level for name, level in client.complete_response(level=2)["answers"].items()}
    for token in tokens:
        leader = {"Authorization": f"Bearer {token}"}
        me = requests.get(f"{base_url}/registration/me", headers=leader, timeout=10).json()
        for role in ("staff", "board")[:RATERS_EACH]:
            invited = requests.post(
                f"{base_url}/diagnosis/organisations/{me['organisation_id']}/respondents",
                json={"role": role, "label": f"{role} 1"},
                headers=leader,
                timeout=10,
            )
            answers.append(invited.status_code)
            saved = requests.put(
                f"{base_url}/diagnosis/responses/mine",
                json={"answers": rater_answers},
                headers={"Authorization": f"Bearer {invited.json()['token']}"},
                timeout=10,
            )
            answers.append(saved.status_code)
    elapsed = time.monotonic() - started
    print(f"room: {len(answers)} requests in {elapsed:.0f} s, {answers.count(429)} × 429")
    assert elapsed < 600
    assert answers.count(429) == 0
    assert answers.count(200) == ORGANISATIONS * RATERS_EACH  # every rater's draft saved

    guesses = [
        requests.get(
            f"{base_url}/diagnosis/responses/mine", headers={"Authorization": f"Bearer nlo_guess{n}"}, timeout=10
        ).status_code
        for n in range(200)
    ]
    print(f"guesses: {guesses.count(401)} × 401, then {guesses.count(429)} × 429")
    assert guesses.count(429) > 0 and guesses.index(429) <= 100
    assert set(guesses[guesses.index(429) :]) == {429}
