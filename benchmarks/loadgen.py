"""Open-loop load at a fixed arrival rate, the way wrk2 measures: request i is due at
start + i / rate whether or not earlier ones have come back, and its latency counts from
when it was due, so a slow server cannot hide its queue (no coordinated omission)."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests

_local = threading.local()


def session() -> requests.Session:
    """One HTTP session per load thread."""
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session


def percentile(ordered: list[float], p: float) -> float:
    """The nearest-rank percentile of values already sorted."""
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


@dataclass
class Run:
    rate: float
    seconds: float
    latencies: list[float]  # seconds, of the requests that succeeded
    errors: int
    elapsed: float

    def percentile(self, p: float) -> float:
        return percentile(sorted(self.latencies), p) if self.latencies else float("nan")

    def summary(self) -> dict:
        done = len(self.latencies)
        return {
            "rate": round(self.rate, 1),
            "requests": done + self.errors,
            "errors": self.errors,
            "throughput": round(done / self.elapsed, 1),
            "p50_ms": round(self.percentile(50) * 1000, 1),
            "p95_ms": round(self.percentile(95) * 1000, 1),
            "p99_ms": round(self.percentile(99) * 1000, 1),
            "mean_ms": round(statistics.fmean(self.latencies) * 1000, 1) if self.latencies else None,
        }


def open_loop(rate: float, seconds: float, send: Callable[[int], bool], threads: int = 96) -> Run:
    """`send(i)` makes request i and says whether it succeeded."""
    count = int(rate * seconds)
    start = time.perf_counter() + 0.2
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def fire(i: int) -> None:
        due = start + i / rate
        wait = due - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        try:
            ok = send(i)
        except requests.RequestException:
            ok = False
        latency = time.perf_counter() - due
        with lock:
            if ok:
                latencies.append(latency)
            else:
                errors[0] += 1

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(fire, range(count)))
    return Run(rate, seconds, latencies, errors[0], time.perf_counter() - start)


def closed_loop(seconds: float, send: Callable[[int], bool], concurrency: int) -> Run:
    """As fast as `concurrency` callers can go: the throughput ceiling."""
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    counter = iter(range(10**9))

    def caller() -> None:
        while time.perf_counter() < deadline:
            i = next(counter)
            began = time.perf_counter()
            try:
                ok = send(i)
            except requests.RequestException:
                ok = False
            with lock:
                if ok:
                    latencies.append(time.perf_counter() - began)
                else:
                    errors[0] += 1

    began = time.perf_counter()
    workers = [threading.Thread(target=caller) for _ in range(concurrency)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return Run(float("nan"), seconds, latencies, errors[0], time.perf_counter() - began)
