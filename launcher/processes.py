"""The processes of a Nianlun stack and how to start each. `make run` runs them under honcho;
the end-to-end tests start the same commands one by one so that they can kill any of them."""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

from services import SERVICES
from services.common.settings import DEFAULT_REDIS_PORT


@dataclasses.dataclass(frozen=True)
class Layout:
    var_dir: Path
    gateway_port: int = 8080
    redis_port: int = DEFAULT_REDIS_PORT
    web_workers: int = 2
    render_concurrency: int = 2

    def service_port(self, service: str) -> int:
        return self.gateway_port + 1 + SERVICES.index(service)

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}"

    @property
    def gateway_dir(self) -> Path:
        return self.var_dir / "gateway"


def redis_command(layout: Layout) -> list[str]:
    # The broker and the event streams live here: keep an append-only file, never evict.
    redis_dir = layout.var_dir / "redis"
    redis_dir.mkdir(parents=True, exist_ok=True)
    return [
        "redis-server",
        "--port",
        str(layout.redis_port),
        "--bind",
        "127.0.0.1",
        "--dir",
        str(redis_dir),
        "--appendonly",
        "yes",
        "--appendfsync",
        "everysec",
        "--save",
        "",
        "--maxmemory-policy",
        "noeviction",
    ]


def web_command(layout: Layout, service: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"127.0.0.1:{layout.service_port(service)}",
        "--workers",
        str(layout.web_workers),
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "10",
        "--logger-class",
        "services.common.logs.AccessLogger",
        f"services.{service}.entrypoints.http:create_app()",
    ]


def events_command(service: str) -> list[str]:
    return [sys.executable, "-m", f"services.{service}.entrypoints.events"]


WORKER_APP = "services.reporting.entrypoints.worker"


def worker_command(layout: Layout, name: str = "reports") -> list[str]:
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        WORKER_APP,
        "worker",
        "--queues",
        "reports",
        "--concurrency",
        str(layout.render_concurrency),
        "--hostname",
        f"{name}@%h",
        "--loglevel",
        "INFO",
        "--without-gossip",
        "--without-mingle",
    ]


def gateway_command(layout: Layout) -> list[str]:
    return ["nginx", "-p", str(layout.gateway_dir), "-c", str(layout.gateway_dir / "nginx.conf"), "-g", "daemon off;"]


def process_table(layout: Layout, *, with_redis: bool) -> dict[str, list[str]]:
    table = {"redis": redis_command(layout)} if with_redis else {}
    for service in SERVICES:
        table[f"{service}-web"] = web_command(layout, service)
        table[f"{service}-events"] = events_command(service)
    table["worker"] = worker_command(layout)
    table["gateway"] = gateway_command(layout)
    return table


def stack_environment(layout: Layout, redis_url: str) -> dict[str, str]:
    return dict(os.environ, NIANLUN_VAR_DIR=str(layout.var_dir), REDIS_URL=redis_url, PYTHONUNBUFFERED="1")
