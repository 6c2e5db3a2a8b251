"""The diagnosis event process: relays its outbox and consumes registration's events
(workshops, organisations, access grants)."""

from services.common.eventloop import run_event_loop
from services.common.events import stream_of
from services.common.grants import grant_handlers
from services.common.inbox import idempotent
from services.common.logs import configure_logging
from services.common.outbox import OutboxRelay
from services.common.trim import own_stream_trimming

from .. import SERVICE
from ..adapters.orm import access_grants, bus
from ..bootstrap import runtime
from ..service_layer.projections import HANDLERS


def main() -> None:
    rt = runtime()
    configure_logging(SERVICE, rt.settings.log_level)
    handlers = {**HANDLERS, **grant_handlers(access_grants)}
    consumer = rt.consumer(
        [stream_of("registration")],
        {
            event_type: idempotent(rt.sessions, bus.processed_events, SERVICE, apply)
            for event_type, apply in handlers.items()
        },
    )
    run_event_loop(
        relay=OutboxRelay(rt.engine, bus.outbox, rt.redis),
        consumer=consumer,
        periodic=[own_stream_trimming(rt, SERVICE)],
    )


if __name__ == "__main__":
    main()
