"""The registration event process: relays the outbox (registration consumes no events yet)."""

from services.common.eventloop import run_event_loop
from services.common.logs import configure_logging
from services.common.outbox import OutboxRelay

from ..adapters.orm import bus
from ..bootstrap import runtime


def main() -> None:
    rt = runtime()
    configure_logging(rt.settings.service, rt.settings.log_level)
    run_event_loop(relay=OutboxRelay(rt.engine, bus.outbox, rt.redis), consumer=None)


if __name__ == "__main__":
    main()
