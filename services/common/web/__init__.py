"""The web pages' plumbing, shared by the three services: the language (Chinese first, an
English switch remembered in a cookie), the private-link cookie, CSRF on every form, one page
layout, friendly error pages.

Each service keeps its pages in `entrypoints/pages.py`, a `PageBlueprint` that calls the same
service layer as the JSON API. A private link (e.g. `/registration/o/<token>`) puts its token
in an HttpOnly cookie and redirects to a clean address; page routes read the token from that
cookie (as `g.page_token`), the JSON API only from its Authorization header, so only pages
need CSRF tokens. A page that shows another service's part of the story loads it from that
service as a fragment (`data-fragment`), so every service renders only its own data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from flask import Blueprint, Flask, current_app, g, redirect, render_template, request, url_for
from flask_babel import Babel, gettext
from flask_wtf.csrf import generate_csrf, validate_csrf
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException
from wtforms.validators import ValidationError as CsrfInvalid

from ..auth import TOKEN_COOKIE
from ..catalogs import compile_catalogs
from ..errors import ServiceError
from ..i18n import COMMON_TRANSLATIONS, N_
from ..messages import LANGUAGES, translate_errors
from ..messages import say as spoken
from ..problems import problem_of, speaker_for
from .qr import qr_image

LANG_COOKIE = "nl_lang"
TOKEN_COOKIE_MAX_AGE = dt.timedelta(days=180)  # a workshop season; the link itself never expires
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
HERE = Path(__file__).parent

# Pages load scripts, styles and frames only from our origin; user text can run nothing.
PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'"
)


def page_language() -> str:
    """Chinese unless the visitor chose English with the switch (remembered in a cookie)."""
    chosen = request.cookies.get(LANG_COOKIE) if request else None
    return chosen if chosen in LANGUAGES else "zh"


WECHAT_MARK = "MicroMessenger"  # in the User-Agent of WeChat's in-app browser (Weixin, XWEB)


def in_wechat() -> bool:
    """The visitor reads the page in WeChat's own browser, which cannot reliably start a
    file download: pages then say how to open the page in the phone's browser (macros.html
    `wechat_download_hint`). A fragment is asked for by the same browser, with its User-Agent."""
    return bool(request) and WECHAT_MARK in (request.user_agent.string or "")


def pick(text) -> str:
    """The visitor's language out of bilingual data ({"zh", "en"} or an object with .zh/.en,
    such as the instrument's wording); a msgid marked with N_ in a table is translated."""
    if text is None:
        return ""
    language = page_language()
    if isinstance(text, dict):
        return text.get(language) or text.get("zh") or ""
    if isinstance(text, (tuple, list)):  # reporting's pages still hold (zh, en) tables
        return text[0] if language == "zh" else text[1]
    if isinstance(text, str):
        return gettext(text)
    return getattr(text, language, None) or getattr(text, "zh", "") or str(text)


def say(message: str) -> str:
    """A message (an error's, a field's) in the visitor's language, from the catalogues."""
    return spoken(message, speaker_for(page_language()))


def field_errors(errors: dict) -> dict:
    """marshmallow's messages in the visitor's language, as field -> first message."""
    translated = translate_errors(errors, speaker_for(page_language()))
    flat = {}
    for field, messages in translated.items():
        if isinstance(messages, dict):  # nested, e.g. answers -> item code -> messages
            for inner, inner_messages in field_errors(messages).items():
                # a mapping's entry reports {"value": [...]} or {"key": [...]}: name the entry
                flat[field if inner in ("value", "key") else f"{field}.{inner}"] = inner_messages
        else:
            flat[field] = messages[0] if isinstance(messages, list) else messages
    return flat


def form_fields(form, integers=(), lists=()) -> dict:
    """A submitted form as a schema's input: text stripped, blank fields left out, whole
    numbers as int (anything else is passed on for the schema to refuse in words)."""
    values = {}
    for name in form:
        if name == "csrf_token":
            continue
        if name in lists:
            values[name] = [value for value in form.getlist(name) if value.strip()]
            continue
        value = form.get(name, "").strip()
        if value == "":
            continue
        if name in integers and value.lstrip("-").isdigit():
            value = int(value)
        values[name] = value
    for name in lists:
        values.setdefault(name, [])
    return values


def safe_next(target: str | None, default: str) -> str:
    """A redirect target from a form: only a path on our own origin."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return default


def external_url(endpoint: str, **values) -> str:
    """A link to hand over (shown to copy, printed, as a QR code): at the public address when
    one is set (`make venue`: the laptop's address on the venue's Wi-Fi, which phones reach),
    else at the address this page was opened at."""
    public = current_app.config["NIANLUN_SETTINGS"].public_url
    if not public:
        return url_for(endpoint, _external=True, **values)
    return public.rstrip("/") + url_for(endpoint, **values)


def is_fragment() -> bool:
    return request.args.get("fragment") == "1"


def render_page(template: str, status: int = 200, **context):
    """A page in the one layout; asked for as a fragment (`?fragment=1`), the same content
    without the layout, for another service's page to show."""
    layout = "fragment.html" if is_fragment() else "base.html"
    return render_template(template, layout=layout, **context), status


def remember_token(response, token: str):
    response.set_cookie(
        TOKEN_COOKIE,
        token,
        max_age=TOKEN_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
        path="/",
    )
    return response


LOST_LINK = N_("Please open the private link you received again, or scan its QR code.")


class FormExpired(ServiceError):
    status = 400

    def __init__(self):
        super().__init__(N_("This form has expired or did not come from this site; reload the page and try again."))


class PageBlueprint(Blueprint):
    """A service's pages: the token from the private-link cookie, CSRF checked on every form,
    errors as friendly pages in the visitor's language with the right status code."""

    def __init__(self, name: str, import_name: str):
        super().__init__(name, import_name, template_folder="../templates")
        self.body_limits: dict[str, Callable[[], int]] = {}
        self.before_request(self._before_page)
        self.after_request(_page_headers)
        for error in (ServiceError, HTTPException, OperationalError):
            self.register_error_handler(error, _error_page)

    def accepts_larger_bodies(self, endpoint: str, limit: Callable[[], int]) -> None:
        """An upload page (a roster file) may take more than every other form: its limit
        is set before the form is read for its CSRF token."""
        self.body_limits[f"{self.name}.{endpoint}"] = limit

    def _before_page(self):
        if request.endpoint in self.body_limits:
            request.max_content_length = self.body_limits[request.endpoint]()
        _check_page_request()


def _check_page_request():
    g.page_token = request.cookies.get(TOKEN_COOKIE)
    if request.method not in SAFE_METHODS:
        try:
            validate_csrf(request.form.get("csrf_token") or request.headers.get("X-CSRFToken"))
        except CsrfInvalid as error:
            raise FormExpired() from error


def _page_headers(response):
    response.headers.setdefault("Content-Security-Policy", PAGE_POLICY)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers.setdefault("Cache-Control", "no-store")  # pages show private data
    return response


def _error_page(error: ServiceError | HTTPException | OperationalError):
    """What services.common.problems makes of the error, as a page in the visitor's language."""
    problem = problem_of(error, page_language())
    # A page's visitor lost the cookie their private link left (another browser, WeChat's own
    # one): told in plain words what to do, never about tokens.
    message = say(LOST_LINK) if problem.code == 401 else problem.message
    body, _ = render_page("error.html", status=problem.code, status_code=problem.code, message=message)
    response = current_app.make_response((body, problem.code))
    response.headers.update(problem.headers)
    return _page_headers(response)


def _web_blueprint() -> Blueprint:
    """Static files and the language switch, at /<service>/static and /<service>/lang/<code>."""
    web = Blueprint("web", __name__, template_folder="templates", static_folder="static", static_url_path="/static")

    @web.get("/lang/<language>")
    def switch_language(language: str):
        response = redirect(safe_next(request.args.get("next"), "/"), 303)
        if language in LANGUAGES:
            response.set_cookie(
                LANG_COOKIE,
                language,
                max_age=dt.timedelta(days=365),
                samesite="Lax",
                secure=request.is_secure,
                path="/",
            )
        return response

    return web


def init_pages(app: Flask, service: str, secret_key: str, pages: PageBlueprint, translations: Path) -> None:
    directories = [COMMON_TRANSLATIONS, translations]
    for directory in directories:
        compile_catalogs(directory)
    app.config.update(
        SECRET_KEY=secret_key,
        # One session cookie per service (it holds only the CSRF secret), on its own path.
        SESSION_COOKIE_NAME=f"nl_session_{service}",
        SESSION_COOKIE_PATH=f"/{service}/",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,  # valid for the browser session: a questionnaire stays open for hours
        BABEL_DEFAULT_LOCALE="zh",
        BABEL_TRANSLATION_DIRECTORIES=";".join(str(d) for d in directories),
    )
    Babel(app, locale_selector=page_language)
    app.jinja_env.globals.update(
        csrf_token=generate_csrf,
        pick=pick,
        page_language=page_language,
        service=service,
        languages=LANGUAGES,
        qr=qr_image,
        external_url=external_url,
        in_wechat=in_wechat,
    )
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    app.register_blueprint(_web_blueprint(), url_prefix=f"/{service}")
    app.register_blueprint(pages, url_prefix=f"/{service}")


__all__ = [
    "PageBlueprint",
    "init_pages",
    "render_page",
    "remember_token",
    "safe_next",
    "external_url",
    "pick",
    "say",
    "field_errors",
    "page_language",
    "in_wechat",
    "is_fragment",
    "form_fields",
    "gettext",
    "TOKEN_COOKIE",
    "LANG_COOKIE",
]
