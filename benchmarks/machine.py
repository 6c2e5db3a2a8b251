"""What the benchmarks ran on, printed beside every figure."""

from __future__ import annotations

import os
import platform
import subprocess


def describe_machine() -> dict:
    model = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?"
    )
    memory_kib = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    redis_version = subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout.split()[2]
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kib / 1024**2),
        "python": platform.python_version(),
        "kernel": platform.release(),
        "redis": redis_version,
    }
