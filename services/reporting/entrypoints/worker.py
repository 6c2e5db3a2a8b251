"""The Celery worker's tasks: `celery -A services.reporting.entrypoints.worker worker -Q reports`."""

from celery.signals import worker_process_init

from services.common.logs import configure_logging

from .. import SERVICE
from ..adapters import renderers
from ..adapters.celery_app import RENDER_TASK, SETTLE_TASK, SUMMARY_TASK
from ..bootstrap import celery_app as _celery_app
from ..bootstrap import runtime
from ..service_layer import following, reports, summaries

configure_logging(SERVICE, runtime().settings.log_level)
celery_app = _celery_app()


@worker_process_init.connect
def _warm_up(**_kwargs) -> None:
    renderers.warm_up()  # before the first task, not during it


@celery_app.task(name=RENDER_TASK)
def render_report(report_id: str) -> None:
    rt = runtime()
    reports.render_report(rt.sessions, rt.settings, report_id, renderers.organisation_report)


@celery_app.task(name=SUMMARY_TASK)
def render_summary(summary_id: str) -> None:
    rt = runtime()
    summaries.render_summary(rt.sessions, rt.settings, summary_id, renderers.workshop_summary)


@celery_app.task(name=SETTLE_TASK)
def settle_workshop(workshop_id: str) -> None:
    following.settle_workshop(runtime().sessions, workshop_id)
