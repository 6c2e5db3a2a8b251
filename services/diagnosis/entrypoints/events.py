"""The diagnosis event process: relays its outbox and consumes registration's events."""
from services.common.eventloop import run_event_loop
from services.common.events import stream_of
from services.common.inbox import idempotent
from services.common.logs import configure_logging
from services.common.outbox import OutboxRelay

from .. import SERVICE
from ..adapters.orm import bus
from ..bootstrap import runtime
from ..service_layer import services


def main() -> None:
    rt = runtime()
    configure_logging(SERVICE, rt.settings.log_level)
    consumer = rt.consumer([stream_of("registration")], {
        "organisation.registered": idempotent(rt.sessions, bus.processed_events, SERVICE,
                                              services.remember_organisation),
    })
    run_event_loop(relay=OutboxRelay(rt.engine, bus.outbox, rt.redis), consumer=consumer)


if __name__ == "__main__":
    main()
