"""The reporting event process: keeps its copies of diagnoses, cohorts, profiles, agendas
and access grants; turns each new diagnosis into a report row and then its render task;
relays the outbox (`report.ready`); re-enqueues stale renders."""
from services.common.eventloop import Periodic, run_event_loop
from services.common.events import Event, stream_of
from services.common.grants import grant_handlers
from services.common.inbox import handle_once, idempotent
from services.common.logs import configure_logging
from services.common.outbox import OutboxRelay

from .. import SERVICE
from ..adapters.celery_app import enqueue_render, enqueue_summary, make_celery
from ..adapters.orm import access_grants, bus, summaries
from ..bootstrap import runtime
from ..service_layer import services
from ..service_layer.projections import HANDLERS, remember_cohort

SWEEP_EVERY_SECONDS = 5


def main() -> None:
    rt = runtime()
    configure_logging(SERVICE, rt.settings.log_level)
    celery = make_celery(rt.settings)

    def on_diagnosis_scored(event: Event) -> None:
        report_id = handle_once(rt.sessions, bus.processed_events, SERVICE, event, services.create_report)
        if report_id is not None:  # committed: now, and only now, the task may run
            enqueue_render(celery, report_id)

    def once(apply):
        return idempotent(rt.sessions, bus.processed_events, SERVICE, apply)

    handlers = {"diagnosis.scored": on_diagnosis_scored, "cohort.scored": once(remember_cohort),
                **{event_type: once(apply) for event_type, apply in {**HANDLERS, **grant_handlers(access_grants)}.items()}}
    consumer = rt.consumer([stream_of("diagnosis"), stream_of("registration")], handlers)
    sweepers = [
        Periodic(SWEEP_EVERY_SECONDS, lambda: services.requeue_stale(
            rt.sessions, rt.settings, lambda report_id: enqueue_render(celery, report_id))),
        Periodic(SWEEP_EVERY_SECONDS, lambda: services.requeue_stale(
            rt.sessions, rt.settings, lambda summary_id: enqueue_summary(celery, summary_id), table=summaries)),
    ]
    run_event_loop(relay=OutboxRelay(rt.engine, bus.outbox, rt.redis), consumer=consumer, periodic=sweepers)


if __name__ == "__main__":
    main()
