"""`make run`: the whole stack on one machine, at http://127.0.0.1:$PORT (default 8080).
`make venue` (`--venue`): the same, served on the laptop's address on the venue's network
(launcher.venue), with every link and QR code pointing there.

With no configuration it keeps SQLite files and a private redis-server under var/; set
REDIS_URL or <SERVICE>_DATABASE_URL to use your own."""

from __future__ import annotations

import argparse
import importlib
import os
import shlex
import shutil
import sys
from pathlib import Path

from honcho.manager import Manager

from services import SERVICES
from services.common.db import migrate
from services.common.settings import DEFAULT_REDIS_PORT, PROJECT_ROOT, env, is_set, load_settings

from .gateway import write_config
from .processes import Layout, process_table, stack_environment
from .venue import NoVenueAddress, public_url, venue_host


def migrations_dir(service: str) -> Path:
    return Path(importlib.import_module(f"services.{service}").__file__).parent / "migrations"


def migrate_all() -> None:
    for service in SERVICES:
        migrate(load_settings(service).database_url, migrations_dir(service))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--venue", action="store_true", help="serve on this machine's address on the local network")
    arguments = parser.parse_args(argv)
    for tool in ("redis-server", "nginx"):
        if shutil.which(tool) is None:
            print(f"{tool} is missing: run `make system-deps` (or see README).", file=sys.stderr)
            return 1
    # NIANLUN_VAR_DIR and REDIS_URL, read as every service reads them (the fields all settings share).
    settings = load_settings(SERVICES[0])
    # The launcher's own knobs: the ports and how many processes.
    layout = Layout(
        var_dir=settings.var_dir,
        gateway_port=env.int("PORT", 8080),
        redis_port=env.int("NIANLUN_REDIS_PORT", DEFAULT_REDIS_PORT),
        web_workers=env.int("WEB_WORKERS", 2),
        render_concurrency=env.int("WORKER_CONCURRENCY", 2),
    )
    # No REDIS_URL given: the stack's own redis-server on NIANLUN_REDIS_PORT, not the settings' default.
    with_redis = not is_set("REDIS_URL")
    environment = stack_environment(layout, layout.redis_url if with_redis else settings.redis_url)
    listen, address = f"127.0.0.1:{layout.gateway_port}", f"http://127.0.0.1:{layout.gateway_port}"
    if arguments.venue:
        try:
            address = public_url(venue_host(), layout.gateway_port)
        except NoVenueAddress as missing:
            print(missing, file=sys.stderr)
            return 1
        # Only the gateway faces the room; the services and Redis stay on 127.0.0.1.
        listen = f"0.0.0.0:{layout.gateway_port}"
        environment["NIANLUN_PUBLIC_URL"] = address
    os.environ.update(environment)
    migrate_all()
    write_config(layout.gateway_dir, listen, {s: f"127.0.0.1:{layout.service_port(s)}" for s in SERVICES})
    manager = Manager()
    for name, command in process_table(layout, with_redis=with_redis).items():
        manager.add_process(name, shlex.join(command), env=environment, cwd=str(PROJECT_ROOT))
    _announce(address, arguments.venue)
    manager.loop()
    return manager.returncode or 0


def _announce(address: str, venue: bool) -> None:
    print(f"Nianlun: {address}/  (Ctrl-C stops everything)", flush=True)
    if venue:
        print(
            "场地模式 / Venue mode: phones on this Wi-Fi open the address above; every link and QR code "
            "points to it, and nothing needs the internet.",
            flush=True,
        )
        print(f"引导师登录 / Facilitators sign in: {address}/registration/account/sign-in", flush=True)


if __name__ == "__main__":
    sys.exit(main())
