"""Curious neighbours, on the real processes through the gateway: every endpoint of every
service (the JSON API and the web pages) against anonymous, organisations A and B of
workshop X, the facilitators of workshops X and Y, a revoked token, and the organisers of
programmes P (which holds X) and Q (which holds Y) with their `nla_` account tokens. Only the
owners get through; everyone else gets 401 (no valid token) or 404 (not yours), never data;
A's private details never reach anyone but A and X's facilitator. An account token only
creates workshops (POST /registration/workshops): every service refuses it elsewhere as an
unknown token. The matrix is every row below × 8 principals (the route-listing test prints
its size). A further test checks that no aggregate mixes the two
programmes, and another that the table names every route the three services serve, so a new
endpoint cannot skip the matrix."""

from __future__ import annotations

import datetime as dt
import importlib
import re
import uuid

import pytest
import requests

from services import SERVICES
from services.diagnosis.domain.cooperation import month_ahead
from tests.support.client import NianlunClient
from tests.support.processes import wait_until

pytestmark = pytest.mark.e2e

ORG_A, ORG_B, FAC_X, FAC_Y = "org_a", "org_b", "facilitator_x", "facilitator_y"
ORGANISER_P, ORGANISER_Q = "organiser_p", "organiser_q"  # programme P holds X, programme Q holds Y
ORGS, FACILITATORS, ORGANISERS = {ORG_A, ORG_B}, {FAC_X, FAC_Y}, {ORGANISER_P, ORGANISER_Q}
EVERYONE = {"anonymous", ORG_A, ORG_B, FAC_X, FAC_Y, "revoked", ORGANISER_P, ORGANISER_Q}
# No grant at any service: 401 everywhere. An account token is a grant at no service (only
# POST /registration/workshops, in PUBLIC, reads it), so it is refused as an unknown one.
UNKNOWN_TOKENS = {"anonymous", "revoked", *ORGANISERS}
Q_LOGIN = "scripts-q@nianlun.local"
A_EMAIL = "jiazhongxin.private@example.org"  # A's private detail: only A and X's facilitator see it
A_INCOME = 3_141_592  # A's government purchase income (元): never in a log

# (method, path, form or JSON body, who may). Pages live under /<service>/{o,f,q,link,w}/; the
# other paths are the JSON API. Paths name {x}, {y}, {a}, {code}, {report}, {rater}, {co}.
# State-changing calls come after the reads, and the owners of each call go last; the tests
# that need A's token run before the matrix, whose last rows replace it.
INTENT = {"what": "互相参访", "target_month": "{month}"}
API = [
    ("get", "/registration/me", None, ORGS | FACILITATORS),
    ("get", "/registration/workshops/{x}", None, {FAC_X}),
    ("get", "/registration/workshops/{x}/tokens", None, {FAC_X}),
    ("get", "/registration/workshops/{x}/organisations", None, {FAC_X}),
    ("get", "/registration/organisations/{a}", None, {ORG_A, FAC_X}),
    ("get", "/registration/workshops/{x}/agenda", None, {ORG_A, ORG_B, FAC_X}),
    ("get", "/registration/workshops/{x}/agenda.html", None, {ORG_A, ORG_B, FAC_X}),
    ("get", "/registration/workshops/{x}/rounds", None, {FAC_X}),
    ("get", "/registration/workshops/{x}/roster.xlsx", None, {FAC_X}),
    ("get", "/registration/workshops/{x}/roster.csv", None, {FAC_X}),
    ("post", "/registration/workshops/{x}/roster/preview", "file", {FAC_X}),
    ("get", "/diagnosis/responses/mine", None, ORGS),
    ("get", "/diagnosis/organisations/{a}/respondents", None, {ORG_A}),
    ("get", "/diagnosis/organisations/{a}/diagnosis", None, {ORG_A, FAC_X}),
    ("get", "/diagnosis/workshops/{x}/cohort", None, {FAC_X}),
    ("get", "/diagnosis/workshops/{x}/programme-benchmark", None, {FAC_X}),
    ("get", "/diagnosis/intents/mine", None, ORGS),
    ("get", "/diagnosis/workshops/{x}/intents", None, {FAC_X}),
    ("get", "/diagnosis/workshops/{x}/progress", None, {FAC_X}),
    ("get", "/diagnosis/workshops/{x}/programme-progress", None, {FAC_X}),
    ("get", "/reporting/organisations/{a}/reports", None, {ORG_A, FAC_X}),
    ("get", "/reporting/reports/{report}", None, {ORG_A, FAC_X}),
    ("get", "/reporting/reports/{report}/pdf", None, {ORG_A, FAC_X}),
    ("get", "/reporting/reports/{report}/json", None, {ORG_A, FAC_X}),
    ("post", "/reporting/reports/{report}/link", {"format": "pdf"}, {ORG_A, FAC_X}),
    ("get", "/reporting/workshops/{x}/progress", None, {FAC_X}),
    ("get", "/reporting/workshops/{x}/summary", None, {FAC_X}),
    ("get", "/reporting/workshops/{x}/summary.pdf", None, {FAC_X}),
    ("get", "/reporting/workshops/{x}/scores.xlsx", None, {FAC_X}),
    ("get", "/reporting/workshops/{x}/scores.csv", None, {FAC_X}),
    ("patch", "/registration/workshops/{x}", {"venue": "新会场"}, {FAC_X}),
    ("post", "/registration/workshops/{x}/tokens", {"label": "助理"}, {FAC_X}),
    # X is open: its facilitator is told to close it first (409), and that no round is open.
    ("post", "/registration/workshops/{x}/rounds", {"kind": "6_months"}, {FAC_X}),
    ("post", "/registration/workshops/{x}/rounds/current/close", None, {FAC_X}),
    ("post", "/registration/workshops/{x}/agenda/{a}/move", {"direction": "down"}, {FAC_X}),
    ("put", "/registration/workshops/{x}/agenda/{a}/pin", {"position": 2}, {FAC_X}),
    ("delete", "/registration/workshops/{x}/agenda/{a}/pin", None, {FAC_X}),
    ("patch", "/registration/organisations/{a}", {"volunteers": 9}, {ORG_A}),
    ("put", "/diagnosis/responses/mine", {"answers": {}}, ORGS),
    ("post", "/diagnosis/organisations/{a}/respondents", {"role": "board"}, {ORG_A}),
    ("post", "/reporting/organisations/{a}/reports", {"language": "en"}, {ORG_A, FAC_X}),
    ("post", "/reporting/workshops/{x}/render", None, {FAC_X}),
    ("delete", "/diagnosis/organisations/{a}/respondents/{rater}", None, {ORG_A}),
    # An intent A proposed to B: B answers it, either side withdraws it (A first, then B's is 409).
    ("post", "/diagnosis/intents/{intent}/accept", None, {ORG_B}),
    ("post", "/diagnosis/intents/{intent}/decline", None, {ORG_B}),
    ("post", "/diagnosis/intents/{intent}/withdraw", None, {ORG_A, ORG_B}),
    ("post", "/diagnosis/intents/mine", {"partner_id": "{b}", "kind": "learning"} | INTENT, ORGS),  # B: 422, itself
    (
        "post",
        "/diagnosis/workshops/{x}/intents",
        {"proposer_id": "{a}", "partner_id": "{b}", "kind": "learning"} | INTENT,
        {FAC_X},
    ),
    ("delete", "/registration/workshops/{x}/tokens/{co}", None, {FAC_X}),
]
PAGES = [
    ("get", "/registration/o/", None, ORGS),
    ("get", "/registration/f/", None, FACILITATORS),
    ("get", "/diagnosis/o/panel", None, ORGS),
    ("get", "/diagnosis/q/", None, ORGS),
    ("get", "/diagnosis/q/review", None, ORGS),
    ("get", "/diagnosis/q/{section}", None, ORGS),
    ("get", "/diagnosis/f/progress", None, FACILITATORS),
    ("get", "/diagnosis/f/programme", None, FACILITATORS),
    ("get", "/registration/f/agenda.html", None, FACILITATORS),
    ("get", "/registration/f/close", None, FACILITATORS),
    ("get", "/registration/f/rounds/new", None, FACILITATORS),  # no kind chosen: 422
    ("get", "/registration/f/rounds/close", None, FACILITATORS),  # no round open: 409
    ("get", "/diagnosis/f/cohort", None, FACILITATORS),
    ("get", "/diagnosis/o/intents", None, ORGS),
    ("get", "/diagnosis/f/intents", None, FACILITATORS),
    ("get", "/diagnosis/f/rings", None, FACILITATORS),
    ("get", "/diagnosis/f/programme-rings", None, FACILITATORS),
    ("get", "/diagnosis/q/looking-back", None, set()),  # no follow-up round open: 404 for the leaders too
    ("get", "/registration/f/projector/talks", None, FACILITATORS),
    ("get", "/diagnosis/f/projector/submissions", None, FACILITATORS),
    ("get", "/diagnosis/f/projector/submissions/count", None, FACILITATORS),
    ("get", "/diagnosis/f/projector/cohort", None, FACILITATORS),
    ("get", "/reporting/o/panel", None, ORGS),
    ("get", "/reporting/o/report", None, ORGS),
    ("get", "/reporting/o/reports/{report}.pdf", None, {ORG_A}),
    ("get", "/reporting/o/reports/{report}.html", None, {ORG_A}),
    ("get", "/reporting/o/reports/{report}/appendix.pdf", None, {ORG_A}),
    ("get", "/reporting/f/panel", None, FACILITATORS),
    ("get", "/reporting/f/organisations/{a}/report", None, {FAC_X}),
    ("get", "/reporting/f/reports/{report}.pdf", None, {FAC_X}),
    ("get", "/reporting/f/reports.zip", None, FACILITATORS),
    ("get", "/reporting/f/summary.pdf", None, FACILITATORS),
    ("get", "/reporting/f/scores.xlsx", None, FACILITATORS),
    ("get", "/reporting/f/scores.csv", None, FACILITATORS),
    ("post", "/registration/o/profile", {"name_zh": ""}, ORGS),
    ("post", "/registration/f/status", {"status": "no-such-status"}, FACILITATORS),
    ("post", "/registration/f/rounds", {"kind": "6_months"}, FACILITATORS),  # unconfirmed: to the confirmation
    ("post", "/registration/f/rounds/close", {}, FACILITATORS),  # unconfirmed: to the confirmation
    ("post", "/registration/f/agenda/{a}", {"action": "down"}, {FAC_X}),
    ("get", "/registration/f/edit", None, FACILITATORS),
    ("get", "/registration/f/roster", None, FACILITATORS),
    ("get", "/registration/f/roster.xlsx", None, FACILITATORS),
    ("get", "/registration/f/roster.csv", None, FACILITATORS),
    ("get", "/registration/f/organisations/{a}/link", None, {FAC_X}),
    ("get", "/registration/f/poster.pdf", None, FACILITATORS),
    ("get", "/registration/f/slide", None, FACILITATORS),
    ("get", "/registration/f/sheets/new-links", None, FACILITATORS),
    ("post", "/registration/f/edit", {"title_zh": ""}, FACILITATORS),
    ("post", "/registration/f/roster/preview", {}, FACILITATORS),
    ("post", "/registration/f/roster/import", {"upload_id": "{upload}"}, {FAC_X}),
    ("post", "/registration/f/sheets.pdf", {}, FACILITATORS),  # no link sent: 422 for its facilitators
    ("post", "/registration/f/sheets/new-links", {}, FACILITATORS),  # unconfirmed: to the confirmation
    ("post", "/registration/f/organisations/{c}/link", {}, {FAC_X}),
    ("post", "/registration/f/organisations/{c}/withdraw", {}, {FAC_X}),
    ("post", "/registration/f/organisations/{c}/restore", {}, {FAC_X}),
    ("post", "/diagnosis/q/{section}", {}, ORGS),
    ("post", "/diagnosis/q/looking-back", {}, set()),
    ("post", "/diagnosis/o/raters", {"role": "no-such-role"}, ORGS),
    ("post", "/diagnosis/o/raters/{rater_b}/revoke", {}, {ORG_A}),
    ("post", "/diagnosis/o/intents", {"partner_id": ""}, ORGS),  # 422: nothing chosen
    ("post", "/diagnosis/o/intents/{intent_b}/withdraw", {}, {ORG_A, ORG_B}),
    ("post", "/diagnosis/f/intents", {"proposer_id": ""}, FACILITATORS),  # 422: nothing chosen
    ("post", "/reporting/o/reports", {"language": "zh"}, ORGS),
    ("post", "/reporting/f/render", {}, FACILITATORS),
    ("post", "/diagnosis/q/reopen", {}, ORGS),
    ("post", "/diagnosis/q/submit", {}, ORGS),
]
# Last, as they lock the owners out: A resubmits and withdraws, X is closed, A's token is replaced.
ENDINGS = [
    ("post", "/diagnosis/responses/mine/reopen", None, ORGS),
    ("post", "/diagnosis/responses/mine/submit", None, ORGS),
    ("post", "/registration/workshops/{x}/roster/import", "file", {FAC_X}),
    ("post", "/registration/organisations/{a}/withdraw", None, {ORG_A, FAC_X}),
    ("post", "/registration/workshops/{x}/status", {"status": "closed"}, {FAC_X}),
    ("post", "/registration/workshops/{x}/organisations/{a}/token", None, {FAC_X}),
]
MATRIX = API + PAGES + ENDINGS
# Open to everyone by design: the workshop's public code, the instrument, how to fill it in,
# creating a workshop, the private links (a wrong token is refused, then rate-limited:
# test_guessing_a_private_link…) and signed download links (the signature is the capability;
# they expire).
PUBLIC = [
    ("get", "/registration/codes/{code}"),
    ("post", "/registration/codes/{code}/organisations"),
    ("get", "/registration/reference"),
    ("post", "/registration/workshops"),
    ("get", "/registration/w/{code}"),
    ("post", "/registration/w/{code}"),
    ("get", "/registration/link/{token}"),
    ("get", "/diagnosis/link/{token}"),
    ("get", "/diagnosis/instrument"),
    ("get", "/diagnosis/q/how"),
    ("get", "/reporting/downloads/{signed}"),
]
# Organisers' and facilitators' account pages: a signed-in session, not a token, opens them
# (tests/integration/test_accounts.py checks them, another programme included).
ACCOUNT_PAGES = [
    ("get", "/registration/account/sign-in"),
    ("post", "/registration/account/sign-in"),
    ("post", "/registration/account/sign-out"),
    ("post", "/registration/account/sign-out-everywhere"),
    ("get", "/registration/account/"),
    ("get", "/registration/account/workshops/{x}/open"),
    ("post", "/registration/account/invitations"),
    ("post", "/registration/account/invitations/{a}/withdraw"),
    ("get", "/registration/account/join/{token}"),
    ("post", "/registration/account/join/{token}"),
    ("get", "/registration/account/programme"),
    ("get", "/registration/account/workshops/new"),
    ("post", "/registration/account/workshops/new"),
    ("get", "/registration/account/workshops/{x}/facilitators"),
    ("post", "/registration/account/workshops/{x}/facilitators"),
    ("post", "/registration/account/workshops/{x}/facilitators/{a}/remove"),
]
SEES_A = {ORG_A, FAC_X}


class Principal:
    """One caller: a bearer token for the API, the same token as the page cookie for pages,
    and the service's CSRF pair so that a refused page POST is refused for who it is."""

    def __init__(self, name: str, token: str | None, csrf: dict[str, tuple[str, str]]):
        self.name, self.token, self.csrf = name, token, csrf

    def call(self, base_url: str, method: str, path: str, body) -> requests.Response:
        url = base_url + path
        if _is_page(path):
            service = path.split("/")[1]
            session_cookie, csrf_token = self.csrf[service]
            cookies = {f"nl_session_{service}": session_cookie, **({"nl_token": self.token} if self.token else {})}
            data = dict(body or {}, csrf_token=csrf_token) if method == "post" else None
            return requests.request(method, url, data=data, cookies=cookies, allow_redirects=False, timeout=30)
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        if body == "file":
            return requests.request(
                method,
                url,
                headers=headers,
                timeout=30,
                files={"file": ("roster.csv", "机构名称\n新导入的机构\n".encode(), "text/csv")},
            )
        return requests.request(method, url, json=body, headers=headers, timeout=30)


def _is_page(path: str) -> bool:
    return path.split("/")[2] in ("o", "f", "q", "w", "link")


def _csrf_pair(base_url: str, token: str, service: str, page: str) -> tuple[str, str]:
    response = requests.get(f"{base_url}/{service}/{page}", cookies={"nl_token": token}, timeout=30)
    assert response.status_code == 200, (page, response.status_code)
    return response.cookies[f"nl_session_{service}"], re.search(r'name="csrf_token" value="([^"]+)"', response.text)[1]


@pytest.fixture(scope="module")
def world(stack):
    client = NianlunClient(stack.base_url, stack.account_token)  # programme P's organiser
    client_q = NianlunClient(stack.base_url, stack.account_token_of(Q_LOGIN))  # programme Q's
    x, y = client.create_workshop(), client_q.create_workshop()
    a = client.post(
        f"/registration/codes/{x['code']}/organisations",
        {"name_zh": "甲社会工作服务中心", "email": A_EMAIL, "years_in_sector": 8},
    ).json()
    b, _ = client.register(x), client.register(y)
    c = client.register(x)  # the console's new link, withdraw and restore act on C
    client.submit(a, client.complete_response(numbers={"income.government_purchase": A_INCOME}))
    client.submit(b)
    report = client.wait_ready_report(a, timeout=60)
    raters = [
        client.post(
            f"/diagnosis/organisations/{a['id']}/respondents", {"role": "staff"}, token=a["access_token"]
        ).json()
        for _ in range(2)
    ]
    rendering = client.post(f"/reporting/workshops/{x['id']}/render", {}, token=x["facilitator_token"])
    assert rendering.status_code == 202, rendering.text
    wait_until(
        lambda: (
            client.get(f"/reporting/workshops/{x['id']}/summary", token=x["facilitator_token"]).json().get("state")
            == "ready"
        ),
        60,
        interval=0.5,
        what="the workshop summary ready",
    )
    co = client.post(
        f"/registration/workshops/{x['id']}/tokens", {"label": "助教"}, token=x["facilitator_token"]
    ).json()
    revoked = client.post(f"/registration/workshops/{x['id']}/tokens", {}, token=x["facilitator_token"]).json()
    tokens = {
        ORG_A: a["access_token"],
        ORG_B: b["access_token"],
        FAC_X: x["facilitator_token"],
        FAC_Y: y["facilitator_token"],
        "revoked": revoked["token"],
        "anonymous": None,
        ORGANISER_P: stack.account_token,
        ORGANISER_Q: client_q.account_token,
    }
    for service_path in ("/diagnosis/workshops/{x}/cohort", "/reporting/workshops/{x}/progress"):
        wait_until(
            lambda: client.get(service_path.format(x=x["id"]), token=revoked["token"]).status_code == 200,
            20,
            what="the second facilitator token known everywhere",
        )
    client.http.delete(
        f"{stack.base_url}/registration/workshops/{x['id']}/tokens/{revoked['id']}",
        headers={"Authorization": f"Bearer {x['facilitator_token']}"},
        timeout=10,
    )
    for service_path in ("/diagnosis/workshops/{x}/cohort", "/reporting/workshops/{x}/progress"):
        wait_until(
            lambda: client.get(service_path.format(x=x["id"]), token=revoked["token"]).status_code == 401,
            20,
            what="the revocation known everywhere",
        )
    csrf = {
        "registration": _csrf_pair(stack.base_url, a["access_token"], "registration", "o/"),
        "diagnosis": _csrf_pair(stack.base_url, a["access_token"], "diagnosis", "o/panel"),
        "reporting": _csrf_pair(stack.base_url, x["facilitator_token"], "reporting", "f/panel"),
    }
    section = client.instrument()["dimensions"][0]["code"]
    intents = [
        client.post(
            "/diagnosis/intents/mine",
            {
                "partner_id": b["id"],
                "kind": kind,
                "what": "共享培训场地",
                "target_month": month_ahead(dt.date.today(), 1),
            },
            token=a["access_token"],
        ).json()
        for kind in ("resource_sharing", "staff_exchange")
    ]
    ids = {
        "x": x["id"],
        "y": y["id"],
        "a": a["id"],
        "code": x["code"],
        "code_y": y["code"],
        "report": report["id"],
        "rater": raters[0]["id"],
        "rater_b": raters[1]["id"],
        "co": co["id"],
        "c": c["id"],
        "upload": _previewed_roster(stack.base_url, x["facilitator_token"]),
        "section": section,
        "b": b["id"],
        "intent": intents[0]["id"],
        "intent_b": intents[1]["id"],
        "month": month_ahead(dt.date.today(), 1),
    }
    principals = {name: Principal(name, token, csrf) for name, token in tokens.items()}
    # The ways a secret could reach an access log: private links, and a signed download.
    for link in (f"/registration/link/{a['access_token']}", f"/diagnosis/link/{raters[0]['token']}"):
        assert requests.get(stack.base_url + link, allow_redirects=False, timeout=30).status_code in (200, 302, 303)
    signed = client.post(f"/reporting/reports/{report['id']}/link", {"format": "pdf"}, token=a["access_token"]).json()
    assert requests.get(stack.base_url + signed["url"], timeout=30).status_code == 200
    secrets = [
        *tokens.values(),
        *(r["token"] for r in raters),
        co["token"],
        signed["url"].rsplit("/", 1)[1],
        A_EMAIL,
        str(A_INCOME),
    ]
    return stack.base_url, ids, principals, [s for s in secrets if s]


def _previewed_roster(base_url: str, facilitator_token: str) -> str:
    """A roster file X's facilitator has previewed on the console: the import row confirms it."""
    session_cookie, csrf_token = _csrf_pair(base_url, facilitator_token, "registration", "f/roster")
    preview = requests.post(
        f"{base_url}/registration/f/roster/preview",
        data={"csrf_token": csrf_token},
        files={"file": ("名册.csv", "机构名称\n从控制台导入的机构\n".encode(), "text/csv")},
        cookies={"nl_session_registration": session_cookie, "nl_token": facilitator_token},
        timeout=30,
    )
    assert preview.status_code == 200, preview.text[:300]
    return re.search(r'name="upload_id" value="([^"]+)"', preview.text)[1]


def _refused(response, principal: str) -> bool:
    """401 for a caller without a grant at the service (no token, a revoked one, an
    organiser's account token), 404 for a valid token that is not the owner's; never 200."""
    return response.status_code == (401 if principal in UNKNOWN_TOKENS else 404)


def test_guessed_ids_are_refused_like_foreign_ones(world):
    base_url, ids, principals, _secrets = world
    guessed = dict(ids, x=str(uuid.uuid4()), a=str(uuid.uuid4()), report=str(uuid.uuid4()))
    for method, path, body, allowed in API:
        if "{" not in path or method != "get":
            continue
        owner = principals[FAC_X if FAC_X in allowed else ORG_A]
        assert owner.call(base_url, method, path.format(**guessed), body).status_code == 404, path


def test_a_signed_link_opens_one_file_and_a_tampered_one_nothing(world):
    base_url, ids, principals, _secrets = world
    link = (
        principals[ORG_A].call(base_url, "post", f"/reporting/reports/{ids['report']}/link", {"format": "pdf"}).json()
    )
    assert requests.get(base_url + link["url"], timeout=30).content.startswith(b"%PDF")
    tampered = link["url"][:-3] + ("abc" if not link["url"].endswith("abc") else "xyz")
    assert requests.get(base_url + tampered, timeout=30).status_code == 404


def test_no_aggregate_mixes_programmes(world):
    """P (X: A and B at level 3, one more at level 4) and Q (Y: two at level 1): X's cohort
    and programme benchmark count P's organisations only, Y's Q's only; neither facilitator
    sees the other programme's benchmark. (Fewer than five: the medians are suppressed, the
    counts are not.) Programme-wide counts of P are taken as a difference, as other modules
    may add workshops to the scripts organiser's programme P on the same stack."""
    base_url, ids, principals, _secrets = world
    client = NianlunClient(base_url)
    fac_x, fac_y = principals[FAC_X].token, principals[FAC_Y].token

    def figures(workshop: str, token: str) -> tuple[dict, dict]:
        cohort = client.get(f"/diagnosis/workshops/{workshop}/cohort", token=token)
        programme = client.get(f"/diagnosis/workshops/{workshop}/programme-benchmark", token=token)
        assert cohort.status_code == programme.status_code == 200, (cohort.text[:300], programme.text[:300])
        return cohort.json(), programme.json()

    _cohort_x, before_x = figures(ids["x"], fac_x)
    p_org = client.register({"code": ids["code"]})
    client.submit(p_org, client.complete_response(level=4))
    for _ in range(2):
        client.submit(client.register({"code": ids["code_y"]}), client.complete_response(level=1))

    def settled():
        (cohort_x, programme_x), (cohort_y, programme_y) = figures(ids["x"], fac_x), figures(ids["y"], fac_y)
        return (cohort_y["benchmark"]["n_organisations"] == 2 and programme_x["n_organisations"]) and (
            cohort_x,
            programme_x,
            cohort_y,
            programme_y,
        )

    cohort_x, programme_x, cohort_y, programme_y = wait_until(settled, 20, interval=0.5, what="the cohorts counted")
    assert programme_x["programme_id"] and programme_y["programme_id"]
    assert programme_x["programme_id"] != programme_y["programme_id"]
    # X: A, B and the new one; P across its workshops: one more than before, never Q's two.
    assert cohort_x["participation"]["submitted"] == cohort_x["benchmark"]["n_organisations"] == 3
    assert programme_x["n_organisations"] == before_x["n_organisations"] + 1
    assert programme_x["n_workshops"] == before_x["n_workshops"]
    assert cohort_x["benchmark_all_workshops"]["n_organisations"] == programme_x["n_organisations"]
    # Y: Q's only workshop, its two organisations, nothing of P's.
    assert cohort_y["participation"]["submitted"] == cohort_y["benchmark"]["n_organisations"] == 2
    assert programme_y["n_organisations"] == cohort_y["benchmark_all_workshops"]["n_organisations"] == 2
    assert programme_y["n_workshops"] == 1
    assert programme_y["suppressed"] and programme_y["dimensions"] == []
    # The other programme's benchmark is not theirs: 404, as for any workshop not theirs.
    for workshop, token in ((ids["x"], fac_y), (ids["y"], fac_x)):
        refused = client.get(f"/diagnosis/workshops/{workshop}/programme-benchmark", token=token)
        assert refused.status_code == 404, refused.text[:300]
    for name in ORGANISERS:  # an organiser's account token reads neither programme
        for workshop in (ids["x"], ids["y"]):
            for path in (
                f"/diagnosis/workshops/{workshop}/programme-benchmark",
                f"/diagnosis/workshops/{workshop}/cohort",
            ):
                assert client.get(path, token=principals[name].token).status_code == 401, (name, path)


@pytest.mark.parametrize("method, path, body, allowed", MATRIX, ids=[f"{m} {p}" for m, p, _b, _a in MATRIX])
def test_only_the_owners_get_through(world, method, path, body, allowed):
    base_url, ids, principals, _secrets = world
    url = path.format(**ids)
    if isinstance(body, dict):  # a form may name an object too (the previewed roster's id)
        body = {key: value.format(**ids) if isinstance(value, str) else value for key, value in body.items()}
    for name in sorted(EVERYONE - allowed):
        response = principals[name].call(base_url, method, url, body)
        assert _refused(response, name), (name, response.status_code, response.text[:300])
        assert A_EMAIL not in response.text
    for name in sorted(allowed):  # the owners last: some of these calls change the world
        response = principals[name].call(base_url, method, url, body)
        assert response.status_code not in (401, 403, 404) and response.status_code < 500, (
            name,
            response.status_code,
            response.text[:300],
        )
        if name not in SEES_A:
            assert A_EMAIL not in response.text, name


def test_the_matrix_names_every_route_of_every_service(world, monkeypatch, tmp_path):
    _base_url, ids, _principals, _secrets = world
    print(f"\naccess matrix: {len(MATRIX)} routes × {len(EVERYONE)} principals = {len(MATRIX) * len(EVERYONE)} checks")
    examples = dict(ids, token="a-token", signed="a-signature")
    listed = [(m, p.format(**examples)) for m, p, _b, _a in MATRIX] + [
        (m, p.format(**examples)) for m, p in PUBLIC + ACCOUNT_PAGES
    ]
    monkeypatch.setenv("NIANLUN_VAR_DIR", str(tmp_path))
    for service in SERVICES:
        url_map = importlib.import_module(f"services.{service}.entrypoints.http").create_app().url_map
        routes = url_map.bind("localhost")
        reached = {(m.upper(), routes.match(p, method=m.upper())[0]) for m, p in listed if p.startswith(f"/{service}/")}
        served = {
            (method, rule.endpoint)
            for rule in url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}
            if not rule.rule.endswith(("/healthz", "/openapi.json"))
            and rule.endpoint.split(".")[-1] != "static"
            and "/lang/" not in rule.rule
        }
        assert served - reached == set(), service


def test_no_token_figure_or_private_detail_reaches_the_logs(world, stack):
    *_, secrets = world
    logs = {path.name: path.read_text(errors="replace") for path in (stack.layout.var_dir / "logs").glob("*.log")}
    assert "/link/[redacted]" in logs["registration-web.log"]  # the private link was visited and logged
    leaks = [(name, secret[:12]) for name, text in logs.items() for secret in secrets if secret in text]
    assert leaks == []


@pytest.mark.stack_options(env={"AUTH_FAILURE_LIMIT": "10 per minute", "REGISTRATION_RATE_LIMIT": "5 per minute"})
def test_guessing_tokens_and_mass_registration_are_rate_limited(own_stack):
    """On a stack of its own: the limits hold per client for a minute and would refuse the
    other tests' requests too."""
    base_url = own_stack.base_url
    guesses = {
        "api": lambda i: requests.get(
            f"{base_url}/diagnosis/responses/mine", timeout=10, headers={"Authorization": f"Bearer nlo_guess{i}"}
        ),
        "private link": lambda i: requests.get(
            f"{base_url}/registration/link/nlo_guess{i}", timeout=10, allow_redirects=False
        ),
        "page cookie": lambda i: requests.get(
            f"{base_url}/reporting/o/panel", cookies={"nl_token": f"nlo_guess{i}"}, timeout=10
        ),
    }
    client = NianlunClient(base_url, own_stack.account_token)
    workshop = client.create_workshop()  # before the guesses: past them, the address's tokens are refused
    for name, guess in guesses.items():
        answers = [guess(i) for i in range(11)]
        assert [answer.status_code for answer in answers] == [401] * 10 + [429], (name, answers)
        assert answers[-1].headers.get("Retry-After") == "60", name
    registrations = [
        client.post(f"/registration/codes/{workshop['code']}/organisations", {"name_zh": f"机构{i}"}) for i in range(6)
    ]
    assert [r.status_code for r in registrations] == [201] * 5 + [429]
    assert registrations[-1].headers.get("Retry-After")
