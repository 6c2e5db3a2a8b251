"""One way to read configuration: environment variables, with defaults that need none.

Every service builds its settings from `base_settings(service)` and adds its own fields.
The embedded default is a SQLite file per service under `var/` and the private Redis that
`make run` starts on port 6390.
"""
from __future__ import annotations

import dataclasses
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from environs import Env

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_REDIS_PORT = 6390

env = Env()


@dataclasses.dataclass(frozen=True)
class Settings:
    service: str
    var_dir: Path
    database_url: str
    redis_url: str  # the server; each purpose below has its own database number
    log_level: str
    max_event_deliveries: int  # after this many failed deliveries an event is dead-lettered
    event_claim_idle_ms: int  # pending this long, an entry is reclaimed (above the longest handler)
    max_request_bytes: int
    auth_failure_limit: str  # failed token checks per client before 429 (brute force)
    proxy_hops: int  # trusted proxies in front (the gateway) for the client's address
    secret_key: str  # signs the pages' session cookie (CSRF tokens)

    @property
    def translations_dir(self) -> Path:
        """The service's page translations (services/<service>/translations)."""
        return PROJECT_ROOT / "services" / self.service / "translations"

    @property
    def rate_limit_url(self) -> str:
        return redis_db_url(self.redis_url, 2)

    @property
    def events_redis_url(self) -> str:
        return redis_db_url(self.redis_url, 0)

    @property
    def broker_url(self) -> str:
        return redis_db_url(self.redis_url, 1)


def redis_db_url(url: str, db: int) -> str:
    """The same Redis server, database number `db` (Warehouse's one database per purpose)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, ""))


def base_settings(service: str) -> dict:
    """The fields every service has, as keyword arguments for its own settings class."""
    var_dir = Path(env.str("NIANLUN_VAR_DIR", str(PROJECT_ROOT / "var"))).resolve()
    prefix = service.upper()
    return dict(
        service=service,
        var_dir=var_dir,
        database_url=env.str(f"{prefix}_DATABASE_URL", f"sqlite:///{var_dir / (service + '.sqlite3')}"),
        redis_url=env.str("REDIS_URL", f"redis://127.0.0.1:{DEFAULT_REDIS_PORT}"),
        log_level=env.str("LOG_LEVEL", "INFO"),
        max_event_deliveries=env.int("EVENT_MAX_DELIVERIES", 5),
        event_claim_idle_ms=env.int("EVENT_CLAIM_IDLE_MS", 30_000),
        max_request_bytes=env.int("MAX_REQUEST_BYTES", 1_000_000),
        auth_failure_limit=env.str("AUTH_FAILURE_LIMIT", "60 per minute"),
        proxy_hops=env.int("PROXY_HOPS", 1),
        secret_key=env.str("SECRET_KEY", "") or local_secret(var_dir, "session.key"),
    )


def local_secret(var_dir: Path, name: str) -> str:
    """On the embedded default, a random key kept under var/ (every process of the stack
    reads the same file); a deployment sets the key in its environment instead."""
    path = var_dir / name
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        draft.write_text(secrets.token_urlsafe(32))
        os.chmod(draft, 0o600)
        try:
            os.link(draft, path)  # atomic: of processes starting together, one key wins
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def load_settings(service: str) -> Settings:
    return Settings(**base_settings(service))
