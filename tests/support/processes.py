"""Real processes for the tests: a private redis-server, and a whole Nianlun stack whose
processes can be killed and restarted one by one."""

from __future__ import annotations

import functools
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import redis
import requests

from launcher.gateway import write_config
from launcher.organiser import script_token
from launcher.ports import free_port, free_port_block
from launcher.processes import WORKER_APP, Layout, process_table, redis_command, worker_command
from services import SERVICES
from services.common.settings import PROJECT_ROOT


def _accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def wait_until(predicate, timeout: float, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except Exception as exc:  # noqa: BLE001 - keep polling until the deadline
            last = exc
        time.sleep(interval)
    raise TimeoutError(f"{what} not reached within {timeout}s (last: {last!r})")


class ManagedProcess:
    def __init__(self, name: str, command: list[str], env: dict, log_dir: Path):
        self.name, self.command, self.env = name, command, env
        self.log_path = log_dir / f"{name}.log"
        self.popen: subprocess.Popen | None = None

    def start(self) -> None:
        log = open(self.log_path, "ab")
        self.popen = subprocess.Popen(
            self.command, env=self.env, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()

    @property
    def pid(self) -> int:
        return self.popen.pid

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self) -> None:
        """kill -9 of the process and all of its children (its session)."""
        if self.running():
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(10)

    def stop(self, timeout: float = 20) -> None:
        if not self.running():
            return
        os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()


class RedisServer(ManagedProcess):
    def __init__(self, directory: Path, port: int | None = None):
        directory.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        layout = Layout(var_dir=directory, redis_port=self.port)
        super().__init__("redis", redis_command(layout), dict(os.environ), directory)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def client(self, db: int = 0) -> redis.Redis:
        return redis.Redis(port=self.port, db=db, decode_responses=True)

    def start(self) -> None:
        super().start()
        # Poll the port first: redis-py retries a refused connection with a backoff of seconds.
        wait_until(lambda: _accepts(self.port), 10, interval=0.01, what="redis-server listening")
        wait_until(lambda: self.client().ping(), 10, what="redis-server up")


class Stack:
    """The three services, their event processes, a Celery worker and the gateway."""

    @functools.cached_property
    def account_token(self) -> str:
        """A scripts organiser's API token on this stack's databases."""
        return script_token(self.env)

    def account_token_of(self, login: str) -> str:
        """The API token of the scripts organiser `login` (a programme of its own), made on
        first use and kept for the stack's life."""
        if login not in self._account_tokens:
            self._account_tokens[login] = script_token(self.env, login=login)
        return self._account_tokens[login]

    def __init__(
        self,
        var_dir: Path,
        redis_server: RedisServer,
        extra_env: dict[str, str] | None = None,
        render_concurrency: int = 2,
        worker_app: str | None = None,
    ):
        self.layout = Layout(
            var_dir=var_dir, gateway_port=free_port_block(4), web_workers=2, render_concurrency=render_concurrency
        )
        self.redis = redis_server
        self._worker_starts = 1
        self._account_tokens: dict[str, str] = {}
        self.env = dict(
            os.environ,
            NIANLUN_VAR_DIR=str(var_dir),
            REDIS_URL=redis_server.url,
            PYTHONUNBUFFERED="1",
            **(extra_env or {}),
        )
        for service in SERVICES:  # SQLite under var_dir unless the stack is given databases
            key = f"{service.upper()}_DATABASE_URL"
            if key not in (extra_env or {}):
                self.env.pop(key, None)
        self.log_dir = log_dir = var_dir / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        self.worker_app = worker_app  # another Celery app module for the workers (fault injection)
        self.processes = {
            name: ManagedProcess(name, self._with_worker_app(command), self.env, log_dir)
            for name, command in process_table(self.layout, with_redis=False).items()
        }

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.layout.gateway_port}"

    def start(self) -> Stack:
        subprocess.run(
            [sys.executable, "-c", "from launcher.run import migrate_all; migrate_all()"],
            env=self.env,
            cwd=PROJECT_ROOT,
            check=True,
        )
        write_config(
            self.layout.gateway_dir,
            f"127.0.0.1:{self.layout.gateway_port}",
            {s: f"127.0.0.1:{self.layout.service_port(s)}" for s in SERVICES},
        )
        for process in self.processes.values():
            process.start()
        for service in SERVICES:
            wait_until(
                lambda: requests.get(f"{self.base_url}/{service}/healthz", timeout=2).ok, 30, what=f"{service} healthy"
            )
        self.wait_worker_ready()
        return self

    def wait_worker_ready(self, timeout: float = 30) -> None:
        log = self.processes["worker"].log_path
        wait_until(
            lambda: log.read_text(errors="replace").count(" ready.") >= self._worker_starts,
            timeout,
            what="celery worker ready",
        )

    def restart(self, name: str) -> None:
        self.processes[name].start()
        if name == "worker":
            self._worker_starts += 1
            self.wait_worker_ready()

    def _with_worker_app(self, command: list[str]) -> list[str]:
        if self.worker_app is None or "celery" not in command:
            return command
        return [self.worker_app if part == WORKER_APP else part for part in command]

    def add_worker(self, name: str) -> ManagedProcess:
        """One more Celery worker process (another `--scale` replica), started and ready."""
        process = ManagedProcess(name, self._with_worker_app(worker_command(self.layout, name)), self.env, self.log_dir)
        self.processes[name] = process
        process.start()
        wait_until(lambda: " ready." in process.log_path.read_text(errors="replace"), 30, what=f"{name} ready")
        return process

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            process.stop()

    def url(self, path: str) -> str:
        return self.base_url + path
