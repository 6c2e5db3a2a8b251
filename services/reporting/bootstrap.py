"""Wires the reporting service to its real adapters, once per process: its runtime, whose
sessions send enqueued renders after each commit, and the one Celery application."""

import functools

from celery import Celery

from services.common.runtime import Runtime

from .adapters.celery_app import SETTLE_TASK, make_celery, sender
from .settings import ReportingSettings, reporting_settings


@functools.cache
def runtime() -> Runtime[ReportingSettings]:
    settings = reporting_settings()
    countdowns = {SETTLE_TASK: settings.settle_seconds}
    return Runtime(settings, send_task=lambda task, args: sender(celery_app(), countdowns)(task, args))


@functools.cache
def celery_app() -> Celery:
    settings: ReportingSettings = runtime().settings
    return make_celery(settings)
