"""A tiny API client for the end-to-end tests: the calls a real client makes, through the
gateway, retrying where the system is only eventually consistent."""

from __future__ import annotations

import itertools

import requests

from .processes import wait_until

_names = itertools.count(1)


def _auth(token: str | None) -> dict:
    return {"Authorization": f"Bearer {token}"} if token else {}


class NianlunClient:
    def __init__(self, base_url: str, account_token: str | None = None):
        self.base_url = base_url
        self.account_token = account_token  # creates workshops (launcher.organiser.script_token)
        self.http = requests.Session()

    def post(self, path: str, body, token: str | None = None) -> requests.Response:
        return self.http.post(self.base_url + path, json=body, headers=_auth(token), timeout=10)

    def get(self, path: str, token: str | None = None) -> requests.Response:
        return self.http.get(self.base_url + path, headers=_auth(token), timeout=10)

    def create_workshop(self, capacity: int = 36) -> dict:
        """A workshop, opened for registration; carries its facilitator's token."""
        response = self.post(
            "/registration/workshops",
            {
                "title_zh": "贵州公益机构负责人领导力工作坊",
                "title_en": "Guizhou nonprofit leadership workshop",
                "province": "贵州",
                "city": "安顺",
                "starts_on": "2026-05-08",
                "ends_on": "2026-05-10",
                "capacity": capacity,
            },
            token=self.account_token,
        )
        assert response.status_code == 201, response.text
        workshop = response.json()
        opened = self.post(
            f"/registration/workshops/{workshop['id']}/status", {"status": "open"}, token=workshop["facilitator_token"]
        )
        assert opened.status_code == 200, opened.text
        return dict(workshop, status="open")

    def register(self, workshop: dict, name_zh: str | None = None) -> dict:
        """An organisation; carries its private token."""
        name_zh = name_zh or f"安顺市第{next(_names)}社会工作服务中心"
        response = self.post(
            f"/registration/codes/{workshop['code']}/organisations",
            {"name_zh": name_zh, "years_in_sector": next(_names) % 20},
        )
        assert response.status_code == 201, response.text
        return response.json()

    def instrument(self) -> dict:
        if not hasattr(self, "_instrument"):
            self._instrument = self.get("/diagnosis/instrument").json()
        return self._instrument

    def complete_response(self, level: int = 3, numbers: dict | None = None) -> dict:
        """Every rubric item at `level`, and every figure (a modest budget unless given)."""
        instrument = self.instrument()
        answers = {item["code"]: level for dimension in instrument["dimensions"] for item in dimension["items"]}
        figures = {n["code"]: 0 for n in instrument["numbers"]}
        figures.update(
            {
                "income.government_purchase": 300_000,
                "income.foundation_grants": 200_000,
                "expense.programme": 380_000,
                "expense.administration": 60_000,
                "balance.net_assets": 150_000,
                "balance.unrestricted_reserves": 100_000,
                "people.staff_full_time": 6,
                "people.departures_12m": 1,
                "people.volunteers": 40,
            }
        )
        figures.update(numbers or {})
        return {"answers": answers, "numbers": figures}

    def submit(
        self, organisation: dict, response: dict | None = None, timeout: float = 15, token: str | None = None
    ) -> dict:
        """Save the whole response as a draft, then submit it, once diagnosis has heard of
        the organisation and its token (it learns both by event)."""
        token = token or organisation["access_token"]
        body = response or self.complete_response()

        def save():
            saved = self.http.put(
                self.base_url + "/diagnosis/responses/mine", json=body, headers=_auth(token), timeout=10
            )
            assert saved.status_code in (200, 401, 404), saved.text
            return saved.status_code == 200

        wait_until(save, timeout, interval=0.2, what="draft saved")
        submitted = self.post("/diagnosis/responses/mine/submit", {}, token=token)
        assert submitted.status_code == 200, submitted.text
        return submitted.json()

    def reports(self, organisation: dict) -> list[dict]:
        response = self.get(
            f"/reporting/organisations/{organisation['id']}/reports", token=organisation["access_token"]
        )
        if response.status_code in (401, 404):  # reporting has not heard of the token or organisation yet
            return []
        assert response.status_code == 200, response.text
        return response.json()

    def download(self, organisation: dict, report: dict) -> requests.Response:
        return self.get(report["pdf_url"], token=organisation["access_token"])

    def wait_ready_report(self, organisation: dict, timeout: float) -> dict:
        def ready():
            return next((r for r in self.reports(organisation) if r["state"] == "ready"), None)

        return wait_until(ready, timeout, interval=0.1, what=f"report of {organisation['name_zh']} ready")
