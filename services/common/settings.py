"""One way to read configuration: environment variables, with defaults that need none.

Each field is declared once, with the variable it is read from and its default (a value,
or a function of the fields read before it). Every service's settings class extends
`Settings`; `load_settings(service, cls)` reads it. The embedded default is a SQLite file
per service under `var/` and the private Redis that `make run` starts on port 6390.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from environs import Env

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_REDIS_PORT = 6390

env = Env()
S = TypeVar("S", bound="Settings")
Derive = Callable[[dict[str, Any]], Any]


def is_set(variable: str) -> bool:
    """Whether the environment gives `variable` (a default is not a choice someone made)."""
    return bool(env.str(variable, ""))


def setting(variable: str, default: Any = None, *, derive: Derive | None = None) -> Any:
    """A field read from `variable` ("{SERVICE}" is the service's name in capitals); when
    unset (or empty), `default`, or `derive(the fields read so far)`."""
    return dataclasses.field(metadata={"variable": variable, "default": default, "derive": derive})


def local_secret(name: str) -> Derive:
    """On the embedded default, a random key kept under var/ (every process of the stack
    reads the same file); a deployment sets the key in its environment instead."""
    return lambda values: _read_or_make_secret(values["var_dir"] / name)


@dataclasses.dataclass(frozen=True)
class Settings:
    service: str
    var_dir: Path = setting("NIANLUN_VAR_DIR", derive=lambda _values: PROJECT_ROOT / "var")
    database_url: str = setting(
        "{SERVICE}_DATABASE_URL",
        derive=lambda values: f"sqlite:///{values['var_dir'] / (values['service'] + '.sqlite3')}",
    )
    # The server; each purpose below has its own database number.
    redis_url: str = setting("REDIS_URL", f"redis://127.0.0.1:{DEFAULT_REDIS_PORT}")
    log_level: str = setting("LOG_LEVEL", "INFO")
    # After this many failed deliveries an event is dead-lettered.
    max_event_deliveries: int = setting("EVENT_MAX_DELIVERIES", 5)
    # Pending this long, an entry is reclaimed (above the longest handler).
    event_claim_idle_ms: int = setting("EVENT_CLAIM_IDLE_MS", 30_000)
    # A stream's entries are kept this long, and longer until every consumer group has
    # acknowledged them (services.common.trim); dead letters are kept.
    event_retention_seconds: int = setting("EVENT_RETENTION_SECONDS", 7 * 24 * 3600)
    event_trim_every_seconds: int = setting("EVENT_TRIM_EVERY_SECONDS", 3600)
    # Stable across restarts of the same process slot, so its pending entries come back to
    # it; unset: the service and the host's name.
    consumer_name: str = setting("CONSUMER_NAME", "")
    max_request_bytes: int = setting("MAX_REQUEST_BYTES", 1_000_000)
    # Refused tokens before 429 (brute force): per client address, which a workshop's whole
    # room shares, and per browser session (services.common.limits).
    auth_failure_limit: str = setting("AUTH_FAILURE_LIMIT", "100 per 10 minutes")
    auth_failure_limit_per_session: str = setting("AUTH_FAILURE_LIMIT_PER_SESSION", "20 per 10 minutes")
    # Where phones reach the stack, for every link handed over (shown, printed, a QR code):
    # `make venue` sets the laptop's address on the venue's network; unset, the address the
    # page was opened at.
    public_url: str = setting("NIANLUN_PUBLIC_URL", "")
    # Trusted proxies in front (the gateway) for the client's address.
    proxy_hops: int = setting("PROXY_HOPS", 1)
    # Signs the pages' session cookie (CSRF tokens).
    secret_key: str = setting("SECRET_KEY", derive=local_secret("session.key"))

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


_READERS: dict[Any, Callable[..., Any]] = {str: env.str, int: env.int, float: env.float, bool: env.bool}


def load_settings(service: str, cls: type[S] = Settings) -> S:  # type: ignore[assignment]
    """`cls` read from the environment, field by field in their order of declaration."""
    types = typing.get_type_hints(cls)
    values: dict[str, Any] = {"service": service}
    for field in dataclasses.fields(cls):
        if field.name == "service":
            continue
        variable = field.metadata["variable"].replace("{SERVICE}", service.upper())
        kind = types[field.name]
        raw = env.str(variable, "")
        if raw:
            value = Path(raw).resolve() if kind is Path else _READERS[kind](variable)
        elif field.metadata["derive"] is not None:
            value = field.metadata["derive"](values)
        else:
            value = field.metadata["default"]
        values[field.name] = value.resolve() if isinstance(value, Path) else value
    return cls(**values)


def _read_or_make_secret(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
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
