"""The simulator: N workshops of M organisations registering, answering and rendering at
once against a running Nianlun, then a summary of what happened.

    .venv/bin/python -m simulator --base-url http://127.0.0.1:8080 --workshops 3 --organisations 12
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import os
import sys
import time

from launcher.organiser import script_token

from .driver import Api, ApiError, render_all, run_workshop


@dataclasses.dataclass
class Outcome:
    workshop: int
    organisations: int = 0
    submitted: int = 0
    reports_ready: int = 0
    failures: list[str] = dataclasses.field(default_factory=list)
    seconds: float = 0.0


def simulate_workshop(base_url: str, token: str, number: int, size: int, seed: int) -> Outcome:
    outcome, started = Outcome(number), time.monotonic()
    api = Api(base_url, token)

    def count(stage: str, done: int, total: int) -> None:
        if stage == "submitted":
            outcome.submitted = done

    try:
        workshop = run_workshop(api, size=size, seed=seed + number, on_progress=count, title_zh=f"模拟工作坊 {number}")
        outcome.organisations = len(workshop.organisations)
        progress = render_all(api, workshop)
        outcome.reports_ready = progress["ready"]
        outcome.failures += [f"{f['name_zh']}: {f['error']}" for f in progress["failures"]]
    except ApiError as error:
        outcome.failures.append(str(error))
    outcome.seconds = time.monotonic() - started
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="N workshops of M organisations at once against a running Nianlun.")
    parser.add_argument("--base-url", default="http://127.0.0.1:8080")
    parser.add_argument("--workshops", type=int, default=2)
    parser.add_argument("--organisations", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--token",
        default=os.environ.get("NIANLUN_API_TOKEN"),
        help="an organiser's API token (make organiser ORGANISER_ARGS=--api-token); else one is made on var/",
    )
    args = parser.parse_args(argv)
    token = args.token or script_token(dict(os.environ))
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.workshops) as pool:
        outcomes = list(
            pool.map(
                lambda n: simulate_workshop(args.base_url, token, n, args.organisations, args.seed),
                range(1, args.workshops + 1),
            )
        )
    print(f"{'workshop':>8} {'organisations':>13} {'submitted':>9} {'reports':>7} {'failures':>8} {'seconds':>7}")
    for o in outcomes:
        print(
            f"{o.workshop:>8} {o.organisations:>13} {o.submitted:>9} {o.reports_ready:>7} {len(o.failures):>8} "
            f"{o.seconds:>7.1f}"
        )
        for failure in o.failures:
            print(f"         ! {failure[:200]}")
    total = sum(o.organisations for o in outcomes)
    ready = sum(o.reports_ready for o in outcomes)
    print(
        f"all: {args.workshops} workshops, {sum(o.submitted for o in outcomes)} submitted, {ready}/{total} reports "
        f"ready, {sum(len(o.failures) for o in outcomes)} failures, {time.monotonic() - started:.1f} s"
    )
    return 0 if ready == total and not any(o.failures for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
