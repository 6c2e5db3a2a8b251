"""The Celery application that carries report rendering (the broker is Redis, database 1).
One per process, built by `bootstrap.celery_app()`; tasks are sent only through
`services.common.tasks.enqueue`, after the commit of the row they render.

Why each setting: acks_late + reject_on_worker_lost put a killed worker's task back;
prefetch 1 keeps one long task per process; JSON only, ids only; max_tasks_per_child bounds
a render process's memory; the visibility timeout is above the hard time limit so a task that is
still running is never handed out again; the restore interval makes a dead worker's task
come back within about visibility_timeout + interval seconds."""

from __future__ import annotations

from collections.abc import Mapping

from celery import Celery

from ..settings import ReportingSettings

RENDER_TASK = "reporting.render_report"
SUMMARY_TASK = "reporting.render_summary"
SETTLE_TASK = "reporting.settle_workshop"  # sent with the settle window as its countdown
QUEUE = "reports"


def make_celery(settings: ReportingSettings) -> Celery:
    app = Celery("nianlun-reporting", broker=settings.broker_url)
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        worker_max_tasks_per_child=settings.max_tasks_per_child,
        task_time_limit=settings.render_time_limit,
        task_soft_time_limit=max(1, settings.render_time_limit - 2),
        task_default_queue=QUEUE,
        task_routes={task: {"queue": QUEUE} for task in (RENDER_TASK, SUMMARY_TASK, SETTLE_TASK)},
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": settings.visibility_timeout,
            "unacked_restore_interval": settings.unacked_restore_interval,
            "unacked_restore_throttle": 1,
            "socket_timeout": 10,
        },
        worker_hijack_root_logger=False,
    )
    return app


def sender(app: Celery, countdowns: Mapping[str, float] | None = None):
    """What `tasks.send_tasks_after_commit` calls: a task by name, its arguments (ids); a
    task named in `countdowns` is delivered that many seconds later."""
    delays = dict(countdowns or {})
    return lambda task, args: app.send_task(task, args=list(args), queue=QUEUE, countdown=delays.get(task))
