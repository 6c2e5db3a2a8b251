"""The registration HTTP API (gunicorn: services.registration.entrypoints.http:create_app())."""

from services.common.http import create_service_app

from ..bootstrap import runtime
from .account_pages import account_pages, login_manager
from .api import organisations, public, roster, rounds, workshops
from .console import pages  # the console's routes join the page blueprint
from .printables import pages as _with_printables  # noqa: F401 - and so do the printables'
from .projector import projector_talks  # noqa: F401  (the projector's route joins it too)


def create_app():
    app = create_service_app(
        runtime().settings,
        [public.blp, workshops.blp, rounds.blp, organisations.blp, roster.blp],
        runtime().health_checks(),
        pages=pages,
    )
    app.register_blueprint(account_pages, url_prefix="/registration")
    login_manager.init_app(app)
    return app
