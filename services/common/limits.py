"""Rate limits and retry hints, shared by the JSON API (services.common.http) and the pages
(services.common.web): the one limiter, and how long a refused client should wait."""

from __future__ import annotations

from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

RETRY_AFTER_UNAVAILABLE_SECONDS = 5  # the database usually comes back within seconds

# One limiter per process, bound to the app in create_service_app; its counters live in
# Redis so that every gunicorn worker sees the same numbers. If Redis is away, requests pass.
# Its X-RateLimit-* headers are off: they cost two more Redis round trips on every request
# (about 7 % of a draft save's time, py-spy); a 429 still says when to retry
# (`retry_after_seconds`).
limiter = Limiter(
    key_func=get_remote_address,
    swallow_errors=True,
    headers_enabled=False,
    # Brute force on tokens: failed authentications (401) count against the client.
    default_limits=[lambda: current_app.config["NIANLUN_SETTINGS"].auth_failure_limit],
    default_limits_deduct_when=lambda response: response.status_code == 401,
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
