"""`make demo`: the Anshun workshop end to end on the embedded default.

Starts the whole stack (as `make run` does, on free ports, data under var/demo/), opens a
workshop, registers the sample organisations, prints the lightning-talk agenda, has every
leader and rater answer through the public API, records the cooperation intents agreed in
the room (the facilitator's for the best suggested matches, one proposed and accepted by two
leaders), renders every report and the workshop summary with a progress bar and downloads
them. Then, six months later: the workshop is closed, a follow-up round opened, every leader
looks back and answers again with a plausible change (so do the same raters), and the
follow-up reports, with their rings, are rendered and downloaded into `follow-up/`. It
prints where they all are and the addresses to open, stops the stack and exits 0. Run it
again: each run is a new workshop."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
from pathlib import Path

from services.common.settings import PROJECT_ROOT
from simulator.driver import Api, Workshop, agree_intents, render_all, run_follow_up, run_workshop
from simulator.progress import ProgressBar

from .local_stack import start_stack, stop_stack, wait_healthy
from .organiser import script_token
from .ports import free_port_block

FOLLOW_UP = "follow-up"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=int(os.environ.get("DEMO_ORGANISATIONS", 36)))
    parser.add_argument("--var-dir", type=Path, default=PROJECT_ROOT / "var" / "demo")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)

    port = free_port_block(4)
    stack = start_stack(args.var_dir, port)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_healthy(base, stack)
        folder = _run(
            Api(base, script_token(dict(os.environ, NIANLUN_VAR_DIR=str(args.var_dir)))),
            args.organisations,
            args.seed,
            args.var_dir,
        )
    finally:
        stop_stack(stack)
    print(f"\nTo open those pages, serve this demo's data: NIANLUN_VAR_DIR={args.var_dir} make run")
    print(f"The follow-up reports (six months later, with their rings) are in: {folder / FOLLOW_UP}")
    print(f"The reports are in: {folder}")
    return 0


def _run(api: Api, size: int, seed: int, var_dir: Path, base: str = "http://127.0.0.1:8080") -> Path:
    started = time.monotonic()
    bars = {
        stage: ProgressBar(label)
        for stage, label in (("registered", "registered"), ("submitted", "submitted"), ("rendered", "reports ready"))
    }
    later = {
        stage: ProgressBar(label)
        for stage, label in (("submitted", "answered again"), ("rendered", "follow-up reports ready"))
    }
    workshop = run_workshop(
        api,
        size=size,
        seed=seed,
        title_zh="安顺市公益机构负责人领导力工作坊",
        on_progress=lambda stage, done, total: bars[stage].show(done, total),
    )
    _print_agenda(api, workshop)
    print(f"Cooperation intents agreed in the room (链接与合作): {agree_intents(api, workshop)}")
    render_all(api, workshop, on_progress=lambda stage, done, total: bars[stage].show(done, total))
    bars["rendered"].finish()
    folder = var_dir / "output" / f"{dt.datetime.now():%Y%m%d-%H%M%S}-{workshop.code}"
    count = _download(api, workshop, folder)
    print("\nSix months later: the workshop is closed and a follow-up round opened.")
    round_ = run_follow_up(
        api, workshop, size, seed, on_progress=lambda stage, done, total: later[stage].show(done, total)
    )
    render_all(api, workshop, on_progress=lambda stage, done, total: later[stage].show(done, total))
    later["rendered"].finish()
    again = _download(api, workshop, folder / FOLLOW_UP, round_)
    _print_progress(api, workshop)
    print(
        f"\n{size} organisations, {count} organisation reports and {again} follow-up reports, "
        f"2 summaries and 2 XLSX in {time.monotonic() - started:.0f} s."
    )
    print(f"Facilitator's dashboard: {base}/registration/link/{workshop.facilitator_token}")
    print(f"Registration page:       {base}/registration/w/{workshop.code}")
    print(f"An organisation's page:  {base}/registration/link/{workshop.organisations[0]['access_token']}")
    return folder


def _print_agenda(api: Api, workshop: Workshop) -> None:
    agenda = api.call("GET", f"/registration/workshops/{workshop.id}/agenda", token=workshop.facilitator_token).json()
    talks = [s for s in agenda["slots"] if s["kind"] == "talk"]
    print(f"\nLightning talks (站年轮): {len(talks)}, from {talks[0]['starts_at']} to {agenda['slots'][-1]['ends_at']}")
    for slot in talks[:3]:
        print(f"  {slot['starts_at']}  {slot['number']:>2}. {slot['name_zh']}")
    print("  …")


def _print_progress(api: Api, workshop: Workshop) -> None:
    view = api.call("GET", f"/diagnosis/workshops/{workshop.id}/progress", token=workshop.facilitator_token).json()
    if view["suppressed"]:
        print(f"Progress since the baseline: {view['compared']} compared (figures from {view['min_cohort']})")
        return
    intents = view["intents"]
    print(
        f"Progress since the baseline (round {view['round']}): {view['compared']} organisations compared; "
        f"{len(view['stalled'])} stalled; intents happened {intents['happened']}, under way {intents['in_progress']}, "
        f"dropped {intents['dropped']} of {intents['total']}"
    )


def _download(api: Api, workshop: Workshop, folder: Path, round_: int = 1) -> int:
    """Each organisation's report of the round (in Chinese), then the summary and the scores
    of the workshop's newest round."""
    token = workshop.facilitator_token
    (folder / "organisations").mkdir(parents=True, exist_ok=True)
    count = 0
    for number, organisation in enumerate(workshop.organisations, start=1):
        reports = api.call("GET", f"/reporting/organisations/{organisation['id']}/reports", token=token).json()
        ready = next(r for r in reports if r["state"] == "ready" and r["language"] == "zh" and r["round"] == round_)
        name = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", organisation["name_zh"])[:60]
        pdf = api.call("GET", f"/reporting/reports/{ready['id']}/pdf", token=token).content
        (folder / "organisations" / f"{number:02d}-{name}.pdf").write_bytes(pdf)
        count += 1
    for name in ("summary.pdf", "scores.xlsx"):
        (folder / name).write_bytes(api.call("GET", f"/reporting/workshops/{workshop.id}/{name}", token=token).content)
    return count


if __name__ == "__main__":
    sys.exit(main())
