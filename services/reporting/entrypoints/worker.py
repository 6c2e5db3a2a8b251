"""The Celery worker's tasks: `celery -A services.reporting.entrypoints.worker worker -Q reports`."""
from services.common.logs import configure_logging

from .. import SERVICE
from ..adapters.celery_app import RENDER_TASK, make_celery
from ..adapters.pdf import html_to_pdf, render_html
from ..bootstrap import runtime
from ..service_layer import services

configure_logging(SERVICE, runtime().settings.log_level)
celery_app = make_celery(runtime().settings)


def render_pdf(context: dict) -> bytes:
    return html_to_pdf(render_html("report.html", context))


@celery_app.task(name=RENDER_TASK)
def render_report(report_id: str) -> None:
    rt = runtime()
    services.render_report(rt.sessions, rt.settings, report_id, render_pdf)
