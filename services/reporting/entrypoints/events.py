"""The reporting event process: consumes `diagnosis.scored` (a report row, then its render
task) and registration's access grants, relays the outbox (`report.ready`) and re-enqueues
stale reports."""
from services.common.eventloop import Periodic, run_event_loop
from services.common.events import Event, stream_of
from services.common.grants import grant_handlers
from services.common.inbox import handle_once, idempotent
from services.common.logs import configure_logging
from services.common.outbox import OutboxRelay

from .. import SERVICE
from ..adapters.celery_app import enqueue_render, make_celery
from ..adapters.orm import access_grants, bus
from ..bootstrap import runtime
from ..service_layer import services

SWEEP_EVERY_SECONDS = 5


def main() -> None:
    rt = runtime()
    configure_logging(SERVICE, rt.settings.log_level)
    celery = make_celery(rt.settings)

    def enqueue(report_id: str) -> None:
        enqueue_render(celery, report_id)

    def on_diagnosis_scored(event: Event) -> None:
        report_id = handle_once(rt.sessions, bus.processed_events, SERVICE, event, services.create_report)
        if report_id is not None:  # committed: now, and only now, the task may run
            enqueue(report_id)

    grants = {event_type: idempotent(rt.sessions, bus.processed_events, SERVICE, apply)
              for event_type, apply in grant_handlers(access_grants).items()}
    consumer = rt.consumer([stream_of("diagnosis"), stream_of("registration")],
                           {"diagnosis.scored": on_diagnosis_scored, **grants})
    sweeper = Periodic(SWEEP_EVERY_SECONDS, lambda: services.requeue_stale(rt.sessions, rt.settings, enqueue))
    run_event_loop(relay=OutboxRelay(rt.engine, bus.outbox, rt.redis), consumer=consumer, periodic=[sweeper])


if __name__ == "__main__":
    main()
