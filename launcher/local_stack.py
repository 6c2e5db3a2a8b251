"""`make run`'s whole stack as one child process on a free port, for the demo and the
benchmarks: started under its own data folder, waited for, stopped with everything in it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from services import SERVICES
from services.common.settings import PROJECT_ROOT

from .ports import free_port


def start_stack(var_dir: Path, port: int, *arguments: str, **environment_overrides: str) -> subprocess.Popen:
    var_dir.mkdir(parents=True, exist_ok=True)
    environment = dict(
        os.environ,
        PORT=str(port),
        NIANLUN_VAR_DIR=str(var_dir),
        NIANLUN_REDIS_PORT=str(free_port()),
        REGISTRATION_RATE_LIMIT="100000 per minute",
    )
    environment.update(environment_overrides)
    environment.pop("REDIS_URL", None)
    log = open(var_dir / "stack.log", "ab")
    print(f"Starting Nianlun at http://127.0.0.1:{port}/ (log: {var_dir / 'stack.log'}) …", flush=True)
    return subprocess.Popen(
        [sys.executable, "-m", "launcher.run", *arguments],
        env=environment,
        cwd=PROJECT_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_healthy(base: str, stack: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if stack.poll() is not None:
            raise SystemExit("The stack stopped while starting; see its log.")
        try:
            if all(requests.get(f"{base}/{s}/healthz", timeout=2).ok for s in SERVICES):
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit(f"The stack did not become healthy within {timeout:.0f}s; see its log.")


def stop_stack(stack: subprocess.Popen) -> None:
    if stack.poll() is None:
        os.killpg(stack.pid, signal.SIGTERM)
        try:
            stack.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(stack.pid, signal.SIGKILL)
