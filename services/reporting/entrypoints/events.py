"""The reporting event process: keeps its copies of diagnoses, cohorts, profiles, agendas,
cooperation intents and access grants; turns each new diagnosis into a report row (its render
is sent once the row commits); moves the workshop's settle time on with every new diagnosis
or cohort and every intent agreed or agreed no longer, so that its reports follow; relays the outbox (`report.ready`); re-enqueues stale renders and
lost settles."""

from services.common.eventloop import Periodic, run_event_loop
from services.common.events import stream_of
from services.common.grants import grant_handlers
from services.common.inbox import idempotent
from services.common.logs import configure_logging
from services.common.outbox import OutboxRelay
from services.common.trim import own_stream_trimming

from .. import SERVICE
from ..adapters.celery_app import SUMMARY_TASK
from ..adapters.orm import access_grants, bus, summaries
from ..bootstrap import runtime
from ..service_layer import reports
from ..service_layer.following import change_handlers
from ..service_layer.projections import HANDLERS
from ..service_layer.settles import requeue_lost_settles

SWEEP_EVERY_SECONDS = 5


def main() -> None:
    rt = runtime()
    configure_logging(SERVICE, rt.settings.log_level)

    def once(apply):
        return idempotent(rt.sessions, bus.processed_events, SERVICE, apply)

    handlers = {
        event_type: once(apply)
        for event_type, apply in {
            **change_handlers(rt.settings),
            **HANDLERS,
            **grant_handlers(access_grants),
        }.items()
    }
    consumer = rt.consumer([stream_of("diagnosis"), stream_of("registration")], handlers)
    sweepers = [
        Periodic(SWEEP_EVERY_SECONDS, lambda: reports.requeue_stale(rt.sessions, rt.settings)),
        Periodic(
            SWEEP_EVERY_SECONDS,
            lambda: reports.requeue_stale(rt.sessions, rt.settings, table=summaries, task=SUMMARY_TASK),
        ),
        Periodic(SWEEP_EVERY_SECONDS, lambda: requeue_lost_settles(rt.sessions, rt.settings)),
        own_stream_trimming(rt, SERVICE),
    ]
    run_event_loop(relay=OutboxRelay(rt.engine, bus.outbox, rt.redis), consumer=consumer, periodic=sweepers)


if __name__ == "__main__":
    main()
