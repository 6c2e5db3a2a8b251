"""Drives a running Nianlun through its public API the way its users would: a facilitator
opens a workshop, the sample organisations register, their leaders and raters fill in and
submit the diagnosis, and the facilitator renders everything. Shared by `make demo`, the
simulator CLI and the end-to-end tests."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

import requests

from .cohort import (
    IMPROVED,
    SLIPPED,
    STALLED,
    InstrumentCodes,
    SampleOrganisation,
    follow_up_story,
    sample_cohort,
    six_months_later,
    worked_on,
)


class ApiError(RuntimeError):
    pass


@dataclasses.dataclass
class Api:
    base_url: str
    account_token: str | None = None  # an organiser's or facilitator's, to create workshops
    session: requests.Session = dataclasses.field(default_factory=requests.Session)

    def call(self, method: str, path: str, token: str | None = None, expect=(200, 201, 202), retry_on=(), **kwargs):
        """One request; `retry_on` statuses are retried for a while (the system is eventually
        consistent: a just-registered organisation reaches diagnosis by event)."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        deadline = time.monotonic() + 30
        while True:
            response = self.session.request(method, self.base_url + path, headers=headers, timeout=30, **kwargs)
            if response.status_code in expect:
                return response
            if response.status_code not in retry_on or time.monotonic() > deadline:
                raise ApiError(f"{method} {path} -> {response.status_code}: {response.text[:300]}")
            time.sleep(0.2)


@dataclasses.dataclass
class Workshop:
    id: str
    code: str
    facilitator_token: str
    organisations: list[dict]


def open_workshop(api: Api, title_zh: str, capacity: int) -> dict:
    workshop = api.call(
        "POST",
        "/registration/workshops",
        token=api.account_token,
        json={
            "title_zh": title_zh,
            "title_en": "Nonprofit leaders' workshop",
            "province": "贵州",
            "city": "安顺",
            "venue": "安顺市民政局会议室",
            "starts_on": "2026-05-08",
            "ends_on": "2026-05-10",
            "capacity": capacity,
        },
    ).json()
    api.call(
        "POST",
        f"/registration/workshops/{workshop['id']}/status",
        token=workshop["facilitator_token"],
        json={"status": "open"},
    )
    return workshop


def register(api: Api, workshop: dict, sample: SampleOrganisation) -> dict:
    return api.call("POST", f"/registration/codes/{workshop['code']}/organisations", json=sample.profile).json()


def answer(api: Api, organisation: dict, sample: SampleOrganisation) -> None:
    """The leader's response, then each invited rater's; every one saved, then submitted.
    The raters' links are kept in `organisation["rater_tokens"]`, for a follow-up round."""
    token = organisation["access_token"]
    api.call("PUT", "/diagnosis/responses/mine", token=token, json=sample.leader, retry_on=(401, 404))
    api.call("POST", "/diagnosis/responses/mine/submit", token=token)
    organisation["rater_tokens"] = []
    for role, answers in sample.raters:
        invited = api.call(
            "POST", f"/diagnosis/organisations/{organisation['id']}/respondents", token=token, json={"role": role}
        ).json()
        api.call("PUT", "/diagnosis/responses/mine", token=invited["token"], json={"answers": answers})
        api.call("POST", "/diagnosis/responses/mine/submit", token=invited["token"])
        organisation["rater_tokens"].append(invited["token"])


def run_workshop(
    api: Api,
    size: int = 36,
    seed: int = 2024,
    title_zh: str = "贵州省公益机构负责人领导力工作坊",
    on_progress: Callable[[str, int, int], None] = lambda stage, done, total: None,
) -> Workshop:
    instrument = api.call("GET", "/diagnosis/instrument").json()
    samples = sample_cohort(InstrumentCodes.from_json(instrument), size=size, seed=seed)
    workshop = open_workshop(api, title_zh, capacity=max(size, 36))
    organisations = []
    for n, sample in enumerate(samples, start=1):
        organisations.append(register(api, workshop, sample))
        on_progress("registered", n, size)
    for n, (organisation, sample) in enumerate(zip(organisations, samples, strict=False), start=1):
        answer(api, organisation, sample)
        on_progress("submitted", n, size)
    return Workshop(workshop["id"], workshop["code"], workshop["facilitator_token"], organisations)


def render_all(
    api: Api,
    workshop: Workshop,
    timeout: float = 600,
    on_progress: Callable[[str, int, int], None] = lambda stage, done, total: None,
) -> dict:
    """Ask for every report and the summary, then wait until all are ready (or failed)."""
    token = workshop.facilitator_token
    api.call("POST", f"/reporting/workshops/{workshop.id}/render", token=token, retry_on=(409,))
    deadline = time.monotonic() + timeout
    while True:
        progress = api.call("GET", f"/reporting/workshops/{workshop.id}/progress", token=token).json()
        on_progress("rendered", progress["ready"], progress["total"])
        summary = progress.get("summary") or {}
        settled = progress["ready"] + len(progress["failures"]) == progress["total"] == len(workshop.organisations)
        if settled and summary.get("state") in ("ready", "failed"):
            return progress
        if progress["counts"].get("missing") or (summary and summary.get("state") == "superseded"):
            api.call("POST", f"/reporting/workshops/{workshop.id}/render", token=token, retry_on=(409,))
        if time.monotonic() > deadline:
            raise ApiError(f"rendering did not finish within {timeout}s: {progress}")
        time.sleep(0.5)


# What two organisations might agree to, by kind: sample sentences, as leaders write them.
INTENT_SENTENCES = {
    "resource_sharing": "共享培训场地和志愿者培训课程",
    "staff_exchange": "互派一名社工跟岗学习一周",
    "project_cooperation": "联合申请一个社区服务项目",
    "learning": "到对方机构参访，学习其项目管理做法",
}


def agree_intents(api: Api, workshop: Workshop, pairs: int = 6) -> int:
    """The workshop's last morning (链接与合作): the facilitator records intents agreed in the
    room for the best suggested matches, one pair at most once, and one leader proposes a
    learning visit that the other accepts. Returns how many were agreed."""
    cohort = api.call("GET", f"/diagnosis/workshops/{workshop.id}/cohort", token=workshop.facilitator_token).json()
    month = _months_ahead(3)
    seen: set[frozenset[str]] = set()
    agreed = 0
    for match in cohort["matches"]:
        pair = frozenset((match["from"], match["to"]))
        if pair in seen or agreed >= pairs:
            continue
        seen.add(pair)
        body = {"proposer_id": match["from"], "partner_id": match["to"], "kind": match["type"], "target_month": month}
        body["what"] = INTENT_SENTENCES[match["type"]]
        api.call("POST", f"/diagnosis/workshops/{workshop.id}/intents", token=workshop.facilitator_token, json=body)
        agreed += 1
    first, second = workshop.organisations[0], workshop.organisations[-1]
    if frozenset((first["id"], second["id"])) not in seen and first is not second:
        body = {
            "partner_id": second["id"],
            "kind": "learning",
            "what": INTENT_SENTENCES["learning"],
            "target_month": month,
        }
        proposed = api.call("POST", "/diagnosis/intents/mine", token=first["access_token"], json=body).json()
        api.call("POST", f"/diagnosis/intents/{proposed['id']}/accept", token=second["access_token"])
        agreed += 1
    return agreed


# What a leader writes, six months on, next to the section they worked on.
CHANGED_SENTENCE = "按照报告的建议，这半年重点做了这一块，已经看到变化。"
# What became of an action: done where the organisation worked on it, else by its story.
OTHER_OUTCOME = {IMPROVED: "partly", STALLED: "not_yet", SLIPPED: "not_yet"}
INTENT_OUTCOMES = ("happened", "happened", "in_progress", "dropped")  # both sides say the same


def run_follow_up(
    api: Api,
    workshop: Workshop,
    size: int = 36,
    seed: int = 2024,
    kind: str = "6_months",
    on_progress: Callable[[str, int, int], None] = lambda stage, done, total: None,
) -> int:
    """Six months later: the facilitator closes the workshop and opens a follow-up round;
    every leader looks back (the report's priorities, the agreed intents) and answers again,
    from the answers carried over, with a plausible change (cohort.six_months_later), and so
    do the same raters. Returns the round's number."""
    instrument = api.call("GET", "/diagnosis/instrument").json()
    codes = InstrumentCodes.from_json(instrument)
    samples = sample_cohort(codes, size=size, seed=seed)
    token = workshop.facilitator_token
    api.call("POST", f"/registration/workshops/{workshop.id}/status", token=token, json={"status": "closed"})
    opened = api.call("POST", f"/registration/workshops/{workshop.id}/rounds", token=token, json={"kind": kind}).json()
    for n, (organisation, sample) in enumerate(zip(workshop.organisations, samples, strict=False), start=1):
        _answer_again(api, codes, organisation, sample, n - 1, opened["number"])
        on_progress("submitted", n, size)
    return opened["number"]


def _answer_again(
    api: Api, codes: InstrumentCodes, organisation: dict, sample: SampleOrganisation, index: int, round_: int
) -> None:
    token = organisation["access_token"]
    carried = _in_round(api, token, round_)
    baseline = api.call("GET", f"/diagnosis/organisations/{organisation['id']}/diagnosis", token=token).json()
    priorities = [p["area"] for p in baseline["result"]["priorities"]]
    worked = worked_on(codes, priorities, index)
    other = OTHER_OUTCOME[follow_up_story(index)]
    intents = api.call("GET", "/diagnosis/intents/mine", token=token).json()["intents"]
    follow_up = {
        "actions": {area: {"outcome": "done" if area in worked else other} for area in priorities},
        "intents": {
            i["id"]: {"outcome": INTENT_OUTCOMES[int(i["id"][:8], 16) % len(INTENT_OUTCOMES)]}
            for i in intents
            if i["state"] == "agreed"
        },
        "changes": {dimension: CHANGED_SENTENCE for dimension in worked},
    }
    answers = six_months_later(codes, carried["answers"], priorities, index)
    body = dict(sample.leader, answers=answers, follow_up=follow_up)
    api.call("PUT", "/diagnosis/responses/mine", token=token, json=body)
    api.call("POST", "/diagnosis/responses/mine/submit", token=token)
    for rater in organisation.get("rater_tokens") or []:
        theirs = _in_round(api, rater, round_)
        later = six_months_later(codes, theirs["answers"], priorities, index)
        api.call("PUT", "/diagnosis/responses/mine", token=rater, json={"answers": later})
        api.call("POST", "/diagnosis/responses/mine/submit", token=rater)


def _in_round(api: Api, token: str, round_: int, timeout: float = 30) -> dict:
    """The respondent's answers carried into the round, once diagnosis has heard of it."""
    deadline = time.monotonic() + timeout
    while True:
        mine = api.call("GET", "/diagnosis/responses/mine", token=token).json()
        if mine["round"] == round_:
            return mine
        if time.monotonic() > deadline:
            raise ApiError(f"round {round_} did not reach diagnosis within {timeout}s")
        time.sleep(0.2)


def _months_ahead(months: int) -> str:
    today = time.localtime()
    index = today.tm_year * 12 + today.tm_mon - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
