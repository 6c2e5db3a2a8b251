"""Rendering benchmark (not a test): CPU and wall time per organisation report and for the
workshop summary, against a minimal Typst document of the same page count and font;
a leak check (memory after 50 and after 500 renders in one process); a whole
36-organisation workshop on 1, 2 and 3 worker processes, as wall time and efficiency; peak
memory per worker. Writes var/bench/render.json.
Run: `make bench-render` (or `.venv/bin/python -m benchmarks.render`)."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import multiprocessing
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from services.common.settings import PROJECT_ROOT

from .machine import describe_machine

TODAY = dt.date(2026, 5, 10)
SAMPLE = 12  # reports timed one by one


def _data():
    from services.diagnosis.adapters.instrument_files import current_instrument
    from simulator.workshop_data import sample_workshop_data

    return sample_workshop_data(current_instrument())


def _report_inputs(data: dict) -> list[dict]:
    return [
        {
            "workshop": data["workshop"],
            "profile": o["profile"],
            "scored": o["scored"],
            "cohort": o["cohort"],
            "appendix": data["appendix"],
            "inputs": o["scored"]["inputs"],
        }
        for o in data["organisations"]
    ]


def _render_one(inputs: dict) -> tuple[float, float, int]:
    """CPU seconds, wall seconds, PDF bytes of one organisation report, as the worker makes it."""
    from services.reporting.adapters.renderers import organisation_report

    cpu, wall = time.process_time(), time.perf_counter()
    _view, pdf, _appendix = organisation_report(inputs, "zh", TODAY)
    return time.process_time() - cpu, time.perf_counter() - wall, len(pdf)


def _warm_up(_=None) -> None:
    from services.reporting.adapters.renderers import warm_up

    warm_up()  # what a Celery worker process does once: imports and the CJK fonts


def _rss_mib() -> float:
    """Resident memory now (not the peak), from /proc."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 1024**2


PARAGRAPH = "年轮公益机构组织诊断报告：使命与战略、治理、人力资源、财务、项目与服务、对外关系。"
MINIMAL = Path(__file__).resolve().parent / "minimal.typ"


def _pages(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@functools.cache
def _minimal_compiler():
    import typst

    compiler = typst.Compiler(root=MINIMAL.parent)
    _minimal_pdf(1, compiler)  # its fonts load here, as the report compiler's did in the warm-up
    return compiler


def _minimal_pdf(pages: int, compiler=None, variant: int = 0) -> bytes:
    """The same number of pages of plain Chinese text in the reports' font, laid out by Typst:
    no charts, tables or styles, so that the difference is the report's own overhead. Each
    `variant` is a different text: Typst remembers what it laid out, and a report is never the
    same twice."""
    data = json.dumps({"pages": pages, "paragraph": f"{PARAGRAPH}（{variant}）"}, ensure_ascii=False)
    return (compiler or _minimal_compiler()).compile(input=MINIMAL, format="pdf", sys_inputs={"data": data})


def _median_cpu(render, arguments) -> float:
    spent = []
    for argument in arguments:
        started = time.process_time()
        render(argument)
        spent.append(time.process_time() - started)
    return statistics.median(spent)


def per_report(inputs: list[dict]) -> dict:
    timings = [_render_one(i) for i in inputs[:SAMPLE]]
    cpu, wall, sizes = zip(*timings, strict=False)
    from services.reporting.adapters.renderers import organisation_report

    _view, pdf, _appendix = organisation_report(inputs[0], "zh", TODAY)
    pages = _pages(pdf)
    minimal_cpu = _median_cpu(lambda n: _minimal_pdf(pages, variant=n), range(SAMPLE))
    return {
        "reports": SAMPLE,
        "cpu_median_s": round(statistics.median(cpu), 3),
        "cpu_max_s": round(max(cpu), 3),
        "wall_median_s": round(statistics.median(wall), 3),
        "pdf_median_kib": round(statistics.median(sizes) / 1024),
        "pages": pages,
        "minimal_document_cpu_s": round(minimal_cpu, 3),
        "overhead_ratio": round(statistics.median(cpu) / minimal_cpu, 2),
    }


def summary(data: dict) -> dict:
    from services.reporting.adapters.renderers import workshop_summary

    summary_data = {
        "workshop": data["workshop"],
        "cohort": data["cohort"],
        "results": [o["scored"]["result"] for o in data["organisations"]],
        "appendix": data["appendix"],
        "roster": [o["profile"] for o in data["organisations"]],
        "agenda": [],
        "organisations": data["organisations"],
    }
    cpu, wall = time.process_time(), time.perf_counter()
    pdf, xlsx, _csv = workshop_summary(summary_data, "zh", TODAY)
    return {
        "cpu_s": round(time.process_time() - cpu, 3),
        "wall_s": round(time.perf_counter() - wall, 3),
        "pdf_kib": round(len(pdf) / 1024),
        "xlsx_kib": round(len(xlsx) / 1024),
    }


def leak_check(inputs: list[dict], renders: int) -> dict:
    """Memory after 50 renders against after `renders`, in one process, as a worker that is
    never recycled would see it (the workers recycle a child after 100 tasks anyway)."""
    memory = {}
    for n in range(1, renders + 1):
        _render_one(inputs[n % len(inputs)])
        if n in (50, renders):
            memory[n] = _rss_mib()
        if n % 50 == 0:
            print(f"  leak check: {n}/{renders} renders, {_rss_mib():.0f} MiB", flush=True)
    return {
        "after_50_mib": round(memory[50]),
        "after_all_mib": round(memory[renders]),
        "renders": renders,
        "growth": round(memory[renders] / memory[50] - 1, 3),
    }


def scaling(inputs: list[dict], processes: tuple[int, ...]) -> list[dict]:
    # Not "fork": this process has compiled with Typst already, and a fork of its compiler's
    # thread pool hangs; Celery's workers make their compiler after the fork.
    context = multiprocessing.get_context("spawn")
    rows = []
    for workers in processes:
        with context.Pool(workers) as pool:
            pool.map(_warm_up, range(workers))  # like a started Celery worker: warm
            wall = time.perf_counter()
            results = pool.map(_render_one, inputs, chunksize=1)
            elapsed = time.perf_counter() - wall
        total_cpu = sum(cpu for cpu, _wall, _size in results)
        rows.append(
            {
                "workers": workers,
                "reports": len(inputs),
                "wall_s": round(elapsed, 1),
                "cpu_s": round(total_cpu, 1),
                "efficiency": round(total_cpu / (workers * elapsed), 2),
            }
        )
        print(
            f"  36-organisation workshop on {workers} process(es): wall {elapsed:.1f} s, "
            f"efficiency {rows[-1]['efficiency']:.2f}",
            flush=True,
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leak-renders", type=int, default=500)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "var" / "bench" / "render.json")
    args = parser.parse_args(argv)
    data = _data()
    inputs = _report_inputs(data)
    results = {"machine": describe_machine()}
    cold = time.process_time()
    _warm_up()
    results["warm_up_cpu_s"] = round(time.process_time() - cold, 3)
    results["organisation_report"] = per_report(inputs)
    print(f"organisation report: {results['organisation_report']}", flush=True)
    results["workshop_summary"] = summary(data)
    print(f"workshop summary: {results['workshop_summary']}", flush=True)
    results["scaling"] = scaling(inputs, tuple(args.processes))
    results["peak_worker_mib"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    results["leak_check"] = leak_check(inputs, args.leak_renders)
    print(f"leak check: {results['leak_check']}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1))
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
