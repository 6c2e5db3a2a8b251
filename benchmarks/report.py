"""BENCHMARKS.md and its plots from the figures `make bench` measured (var/bench/*.json):
every figure beside its target and its baseline, the machine it ran on, the commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from services.common.settings import PROJECT_ROOT  # noqa: E402

BENCH = PROJECT_ROOT / "var" / "bench"

# What profiling the missed targets showed and what was changed (2026-11-27, this kind of
# machine); kept here so that every rewrite of BENCHMARKS.md carries it.
FINDINGS = """\
## What profiling showed, what was fixed, what remains

Figures from different runs are compared through their in-run baselines: the same kind of
machine measured the minimal 17-page document at 1.55 s of CPU in the first `make bench`
(commit `7cfdd4f`) and at about 0.6 s in this one, so absolute seconds move with the host.

**Save throughput.** py-spy on the diagnosis gunicorn workers at the ceiling
(`py-spy record -p <worker pid>` with 16 callers) showed the rate limiter making three Redis
round trips a request: one to check the failed-token limit and two more only to write
X-RateLimit-* headers (about 7 % of a worker's busy time); an invited respondent's token took
two statements to find, and the closed-workshop check two more. Fixed: no X-RateLimit headers
(a 429 still says Retry-After, from its limit's window), the caller in one statement, the
check in one join. The first run's 50-workshop queue grew for the whole phase (p99 7.8 s);
now 120 saves/s are inside the ceiling. The ratio to the bare endpoint moved only from 0.30
to the figure above, and stays under 0.5: what is left of a save is its work, not waste.
py-spy after the fix, as shares of a worker's busy time: the SQL statements and the commit
about a third (the commit alone about a tenth), the failed-token check about 6 %,
parsing and validating the ~60 answers about 5 %, the rest Flask, flask-smorest and gunicorn; the bare
endpoint only parses JSON. Not done, each a trade rather than a fix: SQLite's
`synchronous=NORMAL` (the last commits could be lost on power failure), not returning the
saved draft (an API change), caching callers in the process (a revoked link would keep working
until the cache expires).

**CPU per report (Typst).** Measured when a report was one 16-page document, by stage in one
warm process over 12 reports: the words 0.005 s, the three matplotlib charts 0.09–0.12 s,
Typst 0.10–0.14 s. Of the charts, `bbox_inches="tight"` draws every figure twice (about 30 ms a
report), each axes costs about 13 ms to create (ticks and spines even when hidden), and the
rest is measuring text in the CJK font. Typst uses more CPU than wall time (its thread pool);
`RAYON_NUM_THREADS=1` saved about 15 ms, within the noise, so it was not taken. That report's
median moved between runs on this shared machine (0.20 and 0.27 s on one commit). Since issue
18 a report is 7–8 pages and its method appendix a second document of about 3 (two compiles,
the row below). Not done: the radar drawn without an axes, fixed margins instead of tight
bounding boxes.

**Memory (Typst).** A render process holds about 165 MiB before its first report (Python,
the service's libraries, matplotlib, the compiler and its font book), grows to about 320–375 MiB
within 10–20 reports and then stays flat (the leak check below, which also holds the
benchmark's 36 views). The growth is Typst's memo cache: typst-py evicts, after each compile,
what the last 10 compilations did not use (`comemo::evict(10)` in its `compiler.rs`), so ten
reports' layouts stay in memory, about 20 MiB each (a minimal document of the same length:
about 6 MiB). Compiling a trivial document ten times after each report ages them out but gives
no memory back and costs 0.11 s; restricting the compiler to the two font folders changed
nothing (they are the only fonts installed). The 200 MiB target needs the eviction age as a
typst-py option (upstream) or a process per report. Workers are recycled after 100 tasks
(`REPORT_MAX_TASKS_PER_CHILD`).
"""
PLOTS = PROJECT_ROOT / "benchmarks" / "plots"


WEASYPRINT_COMPARISON = Path(__file__).resolve().parent / "weasyprint_comparison.json"


def _weasyprint_row() -> str:
    """Measured once, before WeasyPrint left (`benchmarks.render --compare-weasyprint` then)."""
    c = json.loads(WEASYPRINT_COMPARISON.read_text())
    return (
        f"| WeasyPrint comparison: the same views, CPU per report, median of {c['renders']} organisations "
        f"(commit `{c['commit']}`) | WeasyPrint {c['weasyprint_cpu_s']} s ({c['weasyprint_pages']} pages), "
        f"Typst {c['typst_cpu_s']} s ({c['typst_pages']} pages): {c['ratio']}× less; a minimal Typst document of "
        f"{c['typst_pages']} pages {c['typst_minimal_cpu_s']} s, the report {c['typst_overhead_ratio']}× it | | |"
    )


def _met(ok: bool) -> str:
    return "met" if ok else "**missed**"


def latency_plot(rows: list[dict]) -> Path:
    workshops = [r["workshops"] for r in rows]
    figure, axis = plt.subplots(figsize=(7, 4), dpi=110)
    for key, colour in (("p50_ms", "#7fb08a"), ("p95_ms", "#2f6b3a"), ("p99_ms", "#16361d")):
        axis.plot(workshops, [r["nianlun"][key] for r in rows], marker="o", color=colour, label=f"Nianlun {key[:3]}")
    axis.plot(
        workshops,
        [r["bare"]["p99_ms"] for r in rows],
        marker="s",
        linestyle="--",
        color="#999999",
        label="bare Flask p99",
    )
    axis.axhline(100, color="#c0392b", linewidth=0.8, linestyle=":", label="target p99 100 ms")
    axis.set_xlabel("workshops of 36 organisations at once (saves/s = workshops × 72 / 30)")
    axis.set_ylabel("latency, ms (log)")
    axis.set_yscale("log")
    axis.set_xticks(workshops)
    axis.legend(fontsize=8)
    axis.set_title("Saving a draft at a fixed arrival rate")
    return _save(figure, "latency.png")


def scaling_plot(rows: list[dict]) -> Path:
    workers = [r["workers"] for r in rows]
    figure, wall_axis = plt.subplots(figsize=(7, 4), dpi=110)
    wall_axis.bar(workers, [r["wall_s"] for r in rows], color="#7fb08a", width=0.5, label="wall, s")
    wall_axis.axhline(30, color="#c0392b", linewidth=0.8, linestyle=":", label="target 30 s (2 workers)")
    wall_axis.set_xlabel("worker processes (2 cores)")
    wall_axis.set_ylabel("a 36-organisation workshop, wall s")
    wall_axis.set_xticks(workers)
    efficiency_axis = wall_axis.twinx()
    efficiency_axis.plot(workers, [r["efficiency"] for r in rows], marker="o", color="#16361d", label="efficiency")
    efficiency_axis.set_ylim(0, 1.1)
    efficiency_axis.set_ylabel("efficiency (Σ CPU / workers × wall)")
    handles = wall_axis.get_legend_handles_labels()[0] + efficiency_axis.get_legend_handles_labels()[0]
    labels = wall_axis.get_legend_handles_labels()[1] + efficiency_axis.get_legend_handles_labels()[1]
    wall_axis.legend(handles, labels, fontsize=8, loc="upper right")
    wall_axis.set_title("Rendering a whole workshop")
    return _save(figure, "scaling.png")


def _save(figure, name: str) -> Path:
    figure.tight_layout()
    path = PLOTS / name
    figure.savefig(path)
    plt.close(figure)
    return path


def main() -> int:
    load = json.loads((BENCH / "load.json").read_text())
    render = json.loads((BENCH / "render.json").read_text())
    PLOTS.mkdir(parents=True, exist_ok=True)
    latency_plot(load["submission_path"])
    scaling_plot(render["scaling"])
    (PROJECT_ROOT / "BENCHMARKS.md").write_text(document(load, render))
    print("written: BENCHMARKS.md, benchmarks/plots/latency.png, benchmarks/plots/scaling.png")
    return 0


def document(load: dict, render: dict) -> str:
    machine = load["machine"]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=PROJECT_ROOT
    ).stdout.strip()
    model = load["model"]
    rows = {r["workshops"]: r for r in load["submission_path"]}
    at20 = rows.get(20)
    ceiling = load["ceiling"]
    idle = load["event_path"]["idle"]
    loaded_key = next(k for k in load["event_path"] if k.startswith("under_load"))
    loaded = load["event_path"][loaded_key]
    report = render["organisation_report"]
    scaling = {r["workers"]: r for r in render["scaling"]}
    leak = render["leak_check"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`benchmarks/`), which measures everything below in one run and",
        "rewrites this file. Benchmarks print figures; they never fail CI on a timing.",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB, Linux {machine['kernel']}, "
        f"Python {machine['python']}, Redis {machine['redis']}; commit `{commit}`. The load generator runs on the "
        "same two cores as the system it measures.",
        "",
        "## Targets",
        "",
        "| target | measured | |",
        "|---|---|---|",
    ]
    if at20:
        lines.append(
            f"| p99 of a draft save under 100 ms at 20 workshops, no errors | p99 {at20['nianlun']['p99_ms']} ms, "
            f"{at20['nianlun']['errors']} errors | "
            f"{_met(at20['nianlun']['p99_ms'] < 100 and at20['nianlun']['errors'] == 0)} |"
        )
    lines += [
        f"| save throughput at least half the bare endpoint's | {ceiling['nianlun']['throughput']} against "
        f"{ceiling['bare']['throughput']} req/s: {ceiling['ratio']:.2f} | {_met(ceiling['ratio'] >= 0.5)} |",
        f"| p95 submission → report ready under 5 s with idle workers | {idle['to_report_ready_ms'].get('p95')} ms | "
        f"{_met(idle['to_report_ready_ms'].get('p95', 1e9) < 5000)} |",
        f"| at most 0.2 s of CPU per organisation report (with its appendix) | median {report['cpu_median_s']} s | "
        f"{_met(report['cpu_median_s'] <= 0.2)} |",
        f"| the workshop summary in at most 0.6 s of CPU | {render['workshop_summary']['cpu_s']} s | "
        f"{_met(render['workshop_summary']['cpu_s'] <= 0.6)} |",
        f"| a whole workshop in at most 6 s with 2 workers | {scaling[2]['wall_s']} s | {_met(scaling[2]['wall_s'] <= 6)} |"
        if 2 in scaling
        else None,
        f"| scaling efficiency at least 0.8 | {scaling[2]['efficiency']} with 2 workers | "
        f"{_met(scaling[2]['efficiency'] >= 0.8)} |"
        if 2 in scaling
        else None,
        f"| peak memory of a render process at most 200 MiB | {render['peak_worker_mib']} MiB | "
        f"{_met(render['peak_worker_mib'] <= 200)} |",
        f"| memory after {leak['renders']} renders within 5 % of after 50 | {leak['after_50_mib']} → "
        f"{leak['after_all_mib']} MiB ({leak['growth'] * 100:+.1f} %) | {_met(abs(leak['growth']) <= 0.05)} |",
        "",
        FINDINGS,
        "## Submission path",
        "",
        f"Each respondent's page saves a draft about every {model['save_every_seconds']} s while a workshop fills in its "
        f"diagnosis (`PUT /diagnosis/responses/mine`, every rubric item answered, on SQLite); {model['organisations_per_workshop']} "
        f"organisations a workshop, {model['respondents_per_organisation']} respondents each. Requests are sent at a fixed "
        f"arrival rate for {model['phase_seconds']:.0f} s a level, and latency counts from when a request was due "
        "(`benchmarks/loadgen.py`, the way wrk2 measures), straight to each service's gunicorn "
        f"({model['gunicorn_workers']} sync workers). The baseline is a bare Flask endpoint parsing the same body "
        "on the same gunicorn settings (`benchmarks/bare_app.py`).",
        "",
        "| workshops | saves/s | Nianlun p50 | p95 | p99 | errors | bare p50 | bare p99 | p99 ratio |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in load["submission_path"]:
        n, b = row["nianlun"], row["bare"]
        lines.append(
            f"| {row['workshops']} | {n['rate']} | {n['p50_ms']} ms | {n['p95_ms']} ms | {n['p99_ms']} ms | "
            f"{n['errors']} | {b['p50_ms']} ms | {b['p99_ms']} ms | {n['p99_ms'] / b['p99_ms']:.1f}× |"
        )
    lines += [
        "",
        f"Ceiling, {ceiling['concurrency']} callers as fast as they can: Nianlun {ceiling['nianlun']['throughput']} saves/s "
        f"(p50 {ceiling['nianlun']['p50_ms']} ms), bare {ceiling['bare']['throughput']} req/s "
        f"(p50 {ceiling['bare']['p50_ms']} ms): ratio {ceiling['ratio']:.2f}.",
        "",
        "![latency against load](benchmarks/plots/latency.png)",
        "",
        "## Event path",
        "",
        "Organisations of one workshop submit one by one, 4 s apart; from the moment `POST /submit` was sent to the "
        "moment `diagnosis.scored` and the first `report.ready` reached their Redis streams (the stream ids are "
        "Redis's clock).",
        "",
        "| | submissions | → diagnosis.scored p50 | p95 | → report.ready p50 | p95 |",
        "|---|---|---|---|---|---|",
    ]
    for name, path in (("idle workers", idle), (loaded_key.replace("_", " "), loaded)):
        lines.append(
            f"| {name} | {path['submissions']} | {path['to_scored_ms'].get('p50')} ms | "
            f"{path['to_scored_ms'].get('p95')} ms | {path['to_report_ready_ms'].get('p50')} ms | "
            f"{path['to_report_ready_ms'].get('p95')} ms |"
        )
    if min(path["to_scored_ms"].get("p50", 0) for path in (idle, loaded)) <= 0:
        lines += [
            "",
            "A time of 0 ms or less means the event was published before the client had read the "
            "response to its `POST /submit` (an earlier version of `benchmarks/load.py` counted from then; "
            "it now counts from when the request was sent).",
        ]
    summary = render["workshop_summary"]
    lines += [
        "",
        "## Rendering",
        "",
        f"One process, warmed up first (imports and the CJK fonts: {render['warm_up_cpu_s']} s of CPU, paid once per "
        "worker process).",
        "",
        "| | CPU | wall | size |",
        "|---|---|---|---|",
        f"| organisation report ({report['pages']} pages) and its method appendix, median of {report['reports']} | "
        f"{report['cpu_median_s']} s "
        f"(max {report['cpu_max_s']} s) | {report['wall_median_s']} s | {report['pdf_median_kib']} KiB |",
        f"| minimal Typst document, {report['pages']} pages of Chinese text in the same font | "
        f"{report['minimal_document_cpu_s']} s | | |",
        f"| workshop summary PDF + XLSX + CSV (36 organisations) | {summary['cpu_s']} s | {summary['wall_s']} s | "
        f"{summary['pdf_kib']} KiB + {summary['xlsx_kib']} KiB |",
        _weasyprint_row(),
        "",
        f"The report and its appendix cost {report['overhead_ratio']}× the minimal document of the report's length: "
        "two compiles, three charts, tables and styles.",
        "",
        f"Leak check: {leak['after_50_mib']} MiB resident after 50 renders, {leak['after_all_mib']} MiB after {leak['renders']} "
        f"({leak['growth'] * 100:+.1f} %). Peak memory of a rendering worker process: {render['peak_worker_mib']} MiB.",
        "",
        "## Worker scaling",
        "",
        "A whole 36-organisation workshop, one report a task, on warm worker processes (rendering only: a "
        "workshop settles `REPORT_SETTLE_SECONDS` after its last change before its reports follow).",
        "",
        "| workers | wall | Σ CPU | efficiency |",
        "|---|---|---|---|",
    ]
    for row in render["scaling"]:
        lines.append(f"| {row['workers']} | {row['wall_s']} s | {row['cpu_s']} s | {row['efficiency']} |")
    lines += [
        "",
        "![worker scaling](benchmarks/plots/scaling.png)",
        "",
        "## Rerun",
        "",
        "| part | command |",
        "|---|---|",
        "| everything, then this file | `make bench` |",
        "| submission and event paths | `.venv/bin/python -m benchmarks.load [--seconds 20] [--levels 5 20 50]` |",
        "| rendering, leak check, scaling | `make bench-render` (`--leak-renders 500 --processes 1 2 3`) |",
        "| this file from the last figures | `.venv/bin/python -m benchmarks.report` |",
        "",
    ]
    return "\n".join(line for line in lines if line is not None) + "\n"


if __name__ == "__main__":
    sys.exit(main())
