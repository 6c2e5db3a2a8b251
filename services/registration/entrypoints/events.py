"""The registration event process: relays its outbox and consumes diagnosis's and
reporting's events into the organisations' progress (submitted, report ready)."""

from services.common.eventloop import run_event_loop
from services.common.events import stream_of
from services.common.inbox import idempotent
from services.common.logs import configure_logging
from services.common.outbox import OutboxRelay
from services.common.trim import own_stream_trimming

from .. import SERVICE
from ..adapters.orm import bus
from ..bootstrap import runtime
from ..service_layer.progress import HANDLERS


def handlers(rt) -> dict:
    """event type -> the bus handler: each event applied once (see services.common.inbox)."""
    return {
        event_type: idempotent(rt.sessions, bus.processed_events, SERVICE, apply)
        for event_type, apply in HANDLERS.items()
    }


def main() -> None:
    rt = runtime()
    configure_logging(SERVICE, rt.settings.log_level)
    consumer = rt.consumer([stream_of("diagnosis"), stream_of("reporting")], handlers(rt))
    run_event_loop(
        relay=OutboxRelay(rt.engine, bus.outbox, rt.redis),
        consumer=consumer,
        periodic=[own_stream_trimming(rt, SERVICE)],
    )


if __name__ == "__main__":
    main()
