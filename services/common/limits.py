"""Rate limits and retry hints, shared by the JSON API (services.common.http) and the pages
(services.common.web): the one limiter, and how long a refused client should wait."""

from __future__ import annotations

import hashlib

from flask import current_app, request, session
from flask_limiter import ApplicationLimit, Limiter
from flask_limiter.util import get_remote_address

from .auth import TOKEN_COOKIE, request_token

RETRY_AFTER_UNAVAILABLE_SECONDS = 5  # the database usually comes back within seconds

# One limiter per process, bound to the app in create_service_app; its counters live in
# Redis so that every gunicorn worker sees the same numbers. If Redis is away, requests pass.
# Its X-RateLimit-* headers are off: they cost two more Redis round trips on every request
# (about 7 % of a draft save's time, py-spy); a 429 still says when to retry
# (`retry_after_seconds`).
#
# Brute force on tokens: a token that was presented and refused counts, on every route of the
# service together, against the browser session it came from and against its address. A
# workshop room shares one address (one Wi-Fi), so the address's allowance is a room's, and
# the session's is one phone's: a guesser in a browser is stopped at the session's limit
# while the room goes on; one who drops cookies meets the address's.


def _settings():
    return current_app.config["NIANLUN_SETTINGS"]


def _browser_session() -> str | None:
    """The page session the request came with (its cookie holds the CSRF secret), as a short
    digest; None for a caller without one (a script, the JSON API, a first visit)."""
    secret = session.get("csrf_token")
    return hashlib.sha256(secret.encode()).hexdigest()[:16] if isinstance(secret, str) else None


def _without_token() -> bool:
    """Before the request: it carries no token anywhere (header, page cookie, private link's
    address), so it guesses none; a blocked address can still open the registration page."""
    carried = request.headers.get("Authorization") or request.cookies.get(TOKEN_COOKIE)
    return not (carried or (request.view_args or {}).get("token"))


def _refused_token(response) -> bool:
    """A 401 to a request that presented a token: a wrong, revoked or guessed one. A visitor
    who came without any (a lost cookie) is told what to do and not counted."""
    presented = request_token() or (request.view_args or {}).get("token")
    return response.status_code == 401 and bool(presented)


limiter = Limiter(
    key_func=get_remote_address,
    swallow_errors=True,
    headers_enabled=False,
    application_limits=[
        ApplicationLimit(
            lambda: _settings().auth_failure_limit_per_session,
            key_function=lambda: f"{get_remote_address()}:{_browser_session()}",
            scope="refused-token-session",
            exempt_when=lambda: _without_token() or _browser_session() is None,
            deduct_when=_refused_token,
        ),
        ApplicationLimit(
            lambda: _settings().auth_failure_limit,
            scope="refused-token-address",
            exempt_when=_without_token,
            deduct_when=_refused_token,
        ),
    ],
)


def retry_after_seconds(error: Exception, code: int) -> int | None:
    """When to ask again: for a 429 from the limiter, the length of the window it counts in;
    for a 503, a few seconds; otherwise None."""
    if code == 503:
        return RETRY_AFTER_UNAVAILABLE_SECONDS
    hit = getattr(error, "limit", None)
    return hit.limit.get_expiry() if hit is not None else None


def retry_hint_when_unavailable(response):
    """Every 503, an error's or a failing health check's, says when to retry."""
    if response.status_code == 503:
        response.headers["Retry-After"] = str(RETRY_AFTER_UNAVAILABLE_SECONDS)
    return response
