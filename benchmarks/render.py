"""Rendering benchmark (not a test): CPU and wall time per organisation report and for the
workshop summary, a whole 36-organisation workshop with 1 and 2 worker processes, and peak
memory. Run: `make bench-render` (or `.venv/bin/python -m benchmarks.render`)."""
from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import platform
import resource
import statistics
import sys
import time

TODAY = dt.date(2026, 5, 10)


def _data():
    from services.diagnosis.adapters.instrument_files import current_instrument
    from simulator.workshop_data import sample_workshop_data
    return sample_workshop_data(current_instrument())


def _report_inputs(data: dict) -> list[dict]:
    return [{"workshop": data["workshop"], "profile": o["profile"], "scored": o["scored"], "cohort": o["cohort"],
             "appendix": data["appendix"], "inputs": o["scored"]["inputs"]} for o in data["organisations"]]


def _render_one(inputs: dict) -> tuple[float, int]:
    from services.reporting.adapters.renderers import organisation_report
    started = time.process_time()
    _html, pdf = organisation_report(inputs, "zh", TODAY)
    return time.process_time() - started, len(pdf)


def _warm_up(_=None) -> None:
    _render_one(_report_inputs(_data())[0])


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    data = _data()
    inputs = _report_inputs(data)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    _warm_up()  # fonts and imports are paid once per worker process, not per report
    cpu, sizes = zip(*(_render_one(i) for i in inputs[:12]))
    print(f"organisation report: CPU median {statistics.median(cpu):.3f} s, max {max(cpu):.3f} s "
          f"(12 reports, one process); PDF median {statistics.median(sizes) / 1024:.0f} KiB")

    from services.reporting.adapters.renderers import workshop_summary
    summary_data = {"workshop": data["workshop"], "cohort": data["cohort"],
                    "results": [o["scored"]["result"] for o in data["organisations"]], "appendix": data["appendix"],
                    "roster": [o["profile"] for o in data["organisations"]], "agenda": [],
                    "organisations": data["organisations"]}
    started, wall = time.process_time(), time.perf_counter()
    pdf, xlsx, _csv = workshop_summary(summary_data, "zh", TODAY)
    print(f"workshop summary + XLSX + CSV: CPU {time.process_time() - started:.3f} s, "
          f"wall {time.perf_counter() - wall:.3f} s; PDF {len(pdf) / 1024:.0f} KiB, XLSX {len(xlsx) / 1024:.0f} KiB")
    print(f"peak memory of this process: {_peak_rss_mb():.0f} MiB")

    context = multiprocessing.get_context("fork")
    for workers in (1, 2):
        with context.Pool(workers) as pool:
            pool.map(_warm_up, range(workers))  # like a started Celery worker: warm
            wall = time.perf_counter()
            results = pool.map(_render_one, inputs, chunksize=1)
            elapsed = time.perf_counter() - wall
        total_cpu = sum(c for c, _ in results)
        print(f"36-organisation workshop, {workers} worker process(es): wall {elapsed:.1f} s, "
              f"CPU {total_cpu:.1f} s, efficiency {total_cpu / (workers * elapsed):.2f}")
    print(f"peak memory of one worker process (children): "
          f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    sys.exit(main())
