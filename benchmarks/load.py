"""Load benchmark (not a test): the submission path at a fixed arrival rate for 5, 20 and 50
workshops of 36 organisations, each with a rater, against a bare Flask endpoint on the same
gunicorn settings; the ceiling of both; and the event path (submission accepted →
`diagnosis.scored` → `report.ready`) with idle workers and under load. Writes
var/bench/load.json. Run: `make bench` (all of it) or `.venv/bin/python -m benchmarks.load`.

The model: while a workshop fills in its diagnosis, every respondent's page saves a draft
about every 30 s (`PUT /diagnosis/responses/mine`, the request the submission path is made
of); so 20 workshops × 36 organisations × 2 respondents are 48 saves a second."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import redis
import requests

from launcher.local_stack import start_stack, stop_stack, wait_healthy
from launcher.organiser import script_token
from launcher.ports import free_port, free_port_block
from services.common.events import stream_of
from services.common.settings import PROJECT_ROOT
from simulator.driver import Api, open_workshop

from .loadgen import closed_loop, open_loop, percentile, session
from .machine import describe_machine

LEVELS = (5, 20, 50)
ORGANISATIONS = 36
RESPONDENTS_PER_ORGANISATION = 2  # the leader and one rater
SAVE_EVERY_SECONDS = 30
WEB_WORKERS = 2  # gunicorn workers per service, as `make run` and compose start them (WEB_WORKERS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20, help="length of each load phase")
    parser.add_argument("--levels", type=int, nargs="+", default=list(LEVELS), help="workshops at once, per phase")
    parser.add_argument("--web-workers", type=int, default=WEB_WORKERS, help="gunicorn workers, Nianlun and bare alike")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "var" / "bench" / "load.json")
    args = parser.parse_args(argv)
    var_dir = PROJECT_ROOT / "var" / "bench" / "stack"
    shutil.rmtree(var_dir, ignore_errors=True)
    port, redis_port, bare_port = free_port_block(4), free_port(), free_port()
    stack = start_stack(
        var_dir,
        port,
        NIANLUN_REDIS_PORT=str(redis_port),
        AUTH_FAILURE_LIMIT="10000000 per minute",
        LOG_LEVEL="WARNING",
        WEB_WORKERS=str(args.web_workers),
    )
    bare = _start_bare(bare_port, var_dir, args.web_workers)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_healthy(base, stack)
        _wait_up(f"http://127.0.0.1:{bare_port}/healthz")
        results = {
            "machine": describe_machine(),
            "model": {
                "organisations_per_workshop": ORGANISATIONS,
                "respondents_per_organisation": RESPONDENTS_PER_ORGANISATION,
                "save_every_seconds": SAVE_EVERY_SECONDS,
                "phase_seconds": args.seconds,
                "gunicorn_workers": args.web_workers,
            },
        }
        api = Api(base, script_token(dict(os.environ, NIANLUN_VAR_DIR=str(var_dir))))
        body = _draft(api)
        print(
            f"preparing {max(args.levels)} workshops of {ORGANISATIONS} organisations with a rater each …", flush=True
        )
        tokens = _prepare(api, max(args.levels))
        diagnosis = f"http://127.0.0.1:{port + 2}/diagnosis/responses/mine"  # the service's gunicorn, like bare
        bare_url = f"http://127.0.0.1:{bare_port}/bare"
        results["submission_path"] = _fixed_rate(diagnosis, bare_url, tokens, body, args.seconds, args.levels)
        results["ceiling"] = _ceiling(diagnosis, bare_url, tokens, body, args.seconds)
        events = redis.Redis(port=redis_port, db=0, decode_responses=True)
        results["event_path"] = {"idle": _event_path(api, events, body)}
        loaded = min(20, max(args.levels))
        background = threading.Thread(target=open_loop, args=(_rate(loaded), 45, _saver(diagnosis, tokens, body)))
        background.start()
        results["event_path"][f"under_load_{loaded}_workshops"] = _event_path(api, events, body)
        background.join()
    finally:
        stop_stack(stack)
        bare.terminate()
        bare.wait(10)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(f"written: {args.out}")
    return 0


def _rate(workshops: int) -> float:
    return workshops * ORGANISATIONS * RESPONDENTS_PER_ORGANISATION / SAVE_EVERY_SECONDS


def _start_bare(port: int, var_dir: Path, workers: int) -> subprocess.Popen:
    log = open(var_dir / "bare.log", "ab")
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--logger-class",
            "services.common.logs.AccessLogger",
            "benchmarks.bare_app:app",
        ],
        cwd=PROJECT_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _wait_up(url: str) -> None:
    for _ in range(100):
        try:
            if requests.get(url, timeout=1).ok:
                return
        except requests.RequestException:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not come up")


def _draft(api: Api) -> dict:
    """A realistic draft: every rubric item answered."""
    instrument = api.call("GET", "/diagnosis/instrument").json()
    return {"answers": {item["code"]: 3 for dimension in instrument["dimensions"] for item in dimension["items"]}}


def _prepare(api: Api, workshops: int) -> list[str]:
    """Tokens of every respondent, workshop by workshop (the first 72·n are n workshops)."""

    def one_workshop(index: int) -> list[str]:
        created = open_workshop(api, f"基准工作坊{index}", ORGANISATIONS)
        tokens = []
        for number in range(ORGANISATIONS):
            organisation = api.call(
                "POST",
                f"/registration/codes/{created['code']}/organisations",
                json={"name_zh": f"基准机构{index}-{number}"},
            ).json()
            rater = api.call(
                "POST",
                f"/diagnosis/organisations/{organisation['id']}/respondents",
                json={"role": "staff"},
                token=organisation["access_token"],
                retry_on=(401, 404),
            ).json()
            tokens += [organisation["access_token"], rater["token"]]
        return tokens

    with ThreadPoolExecutor(8) as pool:
        return [token for tokens in pool.map(one_workshop, range(workshops)) for token in tokens]


def _saver(url: str, tokens: list[str], body: dict):
    def send(i: int) -> bool:
        token = tokens[i % len(tokens)]
        return (
            session().put(url, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=30).status_code == 200
        )

    return send


def _bare(url: str, body: dict):
    def send(_i: int) -> bool:
        return session().put(url, json=body, timeout=30).status_code == 200

    return send


def _fixed_rate(
    diagnosis: str, bare_url: str, tokens: list[str], body: dict, seconds: float, levels: list[int]
) -> list[dict]:
    rows = []
    for workshops in levels:
        respondents = tokens[: workshops * ORGANISATIONS * RESPONDENTS_PER_ORGANISATION]
        rate = _rate(workshops)
        nianlun = open_loop(rate, seconds, _saver(diagnosis, respondents, body)).summary()
        ceiling = open_loop(rate, seconds, _bare(bare_url, body)).summary()
        rows.append({"workshops": workshops, "respondents": len(respondents), "nianlun": nianlun, "bare": ceiling})
        print(
            f"{workshops:>3} workshops, {rate:.0f} saves/s: Nianlun p50 {nianlun['p50_ms']} ms, p95 {nianlun['p95_ms']} ms, "
            f"p99 {nianlun['p99_ms']} ms, {nianlun['errors']} errors | bare p99 {ceiling['p99_ms']} ms",
            flush=True,
        )
    return rows


def _ceiling(diagnosis: str, bare_url: str, tokens: list[str], body: dict, seconds: float) -> dict:
    concurrency = 16
    nianlun = closed_loop(seconds, _saver(diagnosis, tokens, body), concurrency).summary()
    bare = closed_loop(seconds, _bare(bare_url, body), concurrency).summary()
    ratio = nianlun["throughput"] / bare["throughput"]
    print(
        f"ceiling ({concurrency} callers): Nianlun {nianlun['throughput']} saves/s, bare {bare['throughput']} req/s, "
        f"ratio {ratio:.2f}",
        flush=True,
    )
    return {"concurrency": concurrency, "nianlun": nianlun, "bare": bare, "ratio": round(ratio, 2)}


def _event_path(api: Api, events: redis.Redis, body: dict, organisations: int = 8, spacing: float = 4.0) -> dict:
    """Organisations submit one by one, `spacing` apart; each one's path is read back from
    the streams: when `diagnosis.scored` and the first `report.ready` were published."""
    created = open_workshop(api, "事件路径", organisations)
    complete = _complete(api, body)
    accepted = {}
    for number in range(organisations):
        organisation = api.call(
            "POST", f"/registration/codes/{created['code']}/organisations", json={"name_zh": f"事件机构{number}"}
        ).json()
        api.call(
            "PUT", "/diagnosis/responses/mine", token=organisation["access_token"], json=complete, retry_on=(401, 404)
        )
        sent = time.time()  # the submission is accepted within this request: count from its start
        api.call("POST", "/diagnosis/responses/mine/submit", token=organisation["access_token"])
        accepted[organisation["id"]] = sent
        time.sleep(spacing)
    scored, ready = _published(events, set(accepted), timeout=180)
    to_scored = sorted(scored[o] - accepted[o] for o in accepted)
    to_ready = sorted(ready[o] - accepted[o] for o in accepted if o in ready)
    return {
        "submissions": organisations,
        "reports_ready": len(to_ready),
        "to_scored_ms": _percentiles(to_scored),
        "to_report_ready_ms": _percentiles(to_ready),
    }


def _complete(api: Api, body: dict) -> dict:
    instrument = api.call("GET", "/diagnosis/instrument").json()
    figures = {n["code"]: 0 for n in instrument["numbers"]}
    figures.update(
        {
            "income.government_purchase": 300_000,
            "expense.programme": 250_000,
            "balance.net_assets": 100_000,
            "people.staff_full_time": 5,
        }
    )
    return dict(body, numbers=figures)


def _published(events: redis.Redis, organisations: set[str], timeout: float) -> tuple[dict, dict]:
    """organisation → when its first `diagnosis.scored` / `report.ready` reached the stream
    (the stream entry id is Redis's own clock, in ms)."""
    deadline = time.monotonic() + timeout
    while True:
        scored = _first_times(events, "diagnosis", "diagnosis.scored", organisations)
        ready = _first_times(events, "reporting", "report.ready", organisations)
        if len(ready) == len(organisations) or time.monotonic() > deadline:
            return scored, ready
        time.sleep(0.5)


def _first_times(events: redis.Redis, producer: str, event_type: str, organisations: set[str]) -> dict[str, float]:
    first = {}
    for entry_id, fields in events.xrange(stream_of(producer)):
        envelope = json.loads(fields["envelope"])
        organisation = envelope["payload"].get("organisation_id")
        if envelope["type"] == event_type and organisation in organisations and organisation not in first:
            first[organisation] = int(entry_id.split("-")[0]) / 1000
    return first


def _percentiles(values: list[float]) -> dict:
    if not values:
        return {}
    return {
        "p50": round(percentile(values, 50) * 1000),
        "p95": round(percentile(values, 95) * 1000),
        "max": round(values[-1] * 1000),
    }


if __name__ == "__main__":
    sys.exit(main())
