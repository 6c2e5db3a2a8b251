"""The HTTP side every service shares: the app factory, one error format, health checks.

Errors always come back as JSON in one shape:
    {"code": 422, "status": "Unprocessable Entity", "message": "提交的内容有误",
     "errors": {"json": {"name_zh": ["此项为必填。"]}}}
`message` (and the field messages) follow Accept-Language: Chinese unless English is asked for.
What an error says (code, message, field errors, Retry-After) is decided once, in
services.common.problems; the pages show the same as an error page (services.common.web).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import cast

from flask import Flask, jsonify, request
from flask.json.provider import DefaultJSONProvider
from flask_smorest import Api as _Api
from flask_smorest import Blueprint as _Blueprint
from sqlalchemy.exc import OperationalError
from webargs.flaskparser import FlaskParser, abort
from werkzeug.middleware.proxy_fix import ProxyFix

from .errors import ServiceError
from .i18n import N_
from .limits import limiter, retry_hint_when_unavailable
from .logs import configure_logging
from .messages import preferred_language
from .problems import problem_of
from .settings import Settings
from .web import init_pages


class _Parser(FlaskParser):
    DEFAULT_VALIDATION_STATUS = 422

    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        # A body that is not JSON is invalid input like any other: 422 with the field.
        abort(422, exc=error, messages={"json": {"_schema": [N_("Invalid JSON body.")]}})

    def _raw_load_json(self, req):
        try:
            return super()._raw_load_json(req)
        except RecursionError as error:  # "[[[[…" nested past Python's stack: not a server error
            return self._handle_invalid_json_error(error, req)


class Blueprint(_Blueprint):
    ARGUMENTS_PARSER = _Parser()

    def errors(self, *codes: int):
        """Document the error responses a route may give (the one error format)."""

        def decorate(view):
            for code in codes:
                view = self.alt_response(code, response=HTTPStatus(code).name)(view)
            return view

        return decorate


class Api(_Api):
    def handle_http_exception(self, error):
        return _error_response(error)


HealthCheck = Callable[[], None]


def create_service_app(
    settings: Settings, blueprints: Iterable[_Blueprint], health_checks: dict[str, HealthCheck], pages=None
) -> Flask:
    """The service's JSON API (documented in its OpenAPI document) and, given a
    `PageBlueprint`, its web pages (kept out of the document)."""
    service = settings.service
    configure_logging(service, settings.log_level)
    app = Flask(f"nianlun.{service}")
    cast(DefaultJSONProvider, app.json).ensure_ascii = False
    app.config.update(
        API_TITLE=f"Nianlun {service}",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=f"/{service}",
        OPENAPI_JSON_PATH="openapi.json",
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
        NIANLUN_SETTINGS=settings,
        RATELIMIT_STORAGE_URI=settings.rate_limit_url,
        RATELIMIT_STORAGE_OPTIONS={"socket_timeout": 1, "socket_connect_timeout": 1},
        RATELIMIT_KEY_PREFIX=f"nianlun:ratelimit:{service}",
    )
    if settings.proxy_hops:
        # Flask's documented way to wrap the WSGI app in middleware.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=settings.proxy_hops, x_proto=settings.proxy_hops
        )
    # Registered before the limiter, so it runs after the limiter's own headers (Flask runs
    # after-request hooks last-registered first): a 503 keeps its retry hint.
    app.after_request(retry_hint_when_unavailable)
    limiter.init_app(app)
    api = Api(app)
    for blueprint in blueprints:
        api.register_blueprint(blueprint, url_prefix=f"/{service}")
    if pages is not None:
        init_pages(app, service, settings.secret_key, pages, settings.translations_dir)
    _add_health(app, service, health_checks)
    _add_error_handlers(app)
    return app


def _add_health(app: Flask, service: str, checks: dict[str, HealthCheck]) -> None:
    def healthz():
        failures = {}
        for name, check in checks.items():
            try:
                check()
            except Exception as exc:  # noqa: BLE001 - report any failing dependency
                failures[name] = f"{type(exc).__name__}: {exc}"[:300]
        body = {"service": service, "status": "ok" if not failures else "unavailable", "failures": failures}
        return jsonify(body), 200 if not failures else 503

    app.add_url_rule("/healthz", "healthz", healthz)
    app.add_url_rule(f"/{service}/healthz", "healthz_prefixed", healthz)


def _error_response(error):
    """The one error format, for what services.common.problems makes of the error."""
    problem = problem_of(error, preferred_language(request.accept_languages))
    body = {"code": problem.code, "status": problem.status, "message": problem.message}
    if problem.errors:
        body["errors"] = problem.errors
    response = jsonify(body)
    response.status_code = problem.code
    response.headers.update(problem.headers)
    return response


def _add_error_handlers(app: Flask) -> None:
    # HTTP errors (werkzeug's, webargs's, the limiter's) come through Api.handle_http_exception.
    app.register_error_handler(ServiceError, _error_response)
    app.register_error_handler(OperationalError, _error_response)
