"""Renders the nginx gateway's configuration from the one template."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from services import SERVICES
from services.common.settings import PROJECT_ROOT

TEMPLATE = PROJECT_ROOT / "gateway" / "nginx.conf.template"
TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def render(values: dict[str, str], template: str | None = None) -> str:
    """Substitute ${NAME} for the given names only; nginx's own $variables stay as they are."""
    text = TEMPLATE.read_text(encoding="utf-8") if template is None else template
    missing = set(re.findall(r"\$\{([A-Z_]+)\}", text)) - set(values)
    if missing:
        raise KeyError(f"gateway template needs {sorted(missing)}")
    return re.sub(r"\$\{([A-Z_]+)\}", lambda m: values[m.group(1)], text)


def write_config(run_dir: Path, listen: str, upstreams: dict[str, str], max_body: str = "2m") -> Path:
    run_dir.mkdir(parents=True, exist_ok=True)
    for name in TEMP_DIRS:
        (run_dir / name).mkdir(exist_ok=True)
    config = run_dir / "nginx.conf"
    config.write_text(
        render(
            {
                "RUN_DIR": str(run_dir),
                "LISTEN": listen,
                "MAX_BODY": max_body,
                **{f"{service.upper()}_UPSTREAM": address for service, address in upstreams.items()},
            }
        ),
        encoding="utf-8",
    )
    return config


def main() -> None:
    """The container's entrypoint (docker-compose.yml): its arguments are these variables,
    RUN_DIR, LISTEN, MAX_BODY and <SERVICE>_UPSTREAM for each service; not the services' settings."""
    run_dir = Path(os.environ.get("RUN_DIR", "/tmp/nginx"))
    upstreams = {s: os.environ[f"{s.upper()}_UPSTREAM"] for s in SERVICES}
    print(
        write_config(run_dir, os.environ.get("LISTEN", "8080"), upstreams, os.environ.get("MAX_BODY", "2m")),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
