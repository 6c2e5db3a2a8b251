"""Every event's payload, one module per producer: a frozen dataclass for the code, a
marshmallow schema for the wire. A producer publishes the dataclass (`publish`), a
consumer reads it back with `payload_of(event)`."""

from __future__ import annotations

from typing import Any

from ..events import Event
from . import diagnosis, registration, reporting
from .base import EventContract

CONTRACTS: dict[str, EventContract[Any]] = {
    contract.type: contract
    for module in (registration, diagnosis, reporting)
    for contract in vars(module).values()
    if isinstance(contract, EventContract)
}


def contract_of(event_type: str) -> EventContract[Any]:
    try:
        return CONTRACTS[event_type]
    except KeyError:
        raise LookupError(f"no contract for event type {event_type!r}") from None


def payload_of(event: Event) -> Any:
    """The event's payload as its contract's dataclass (marshmallow.ValidationError if it
    lacks what the contract requires)."""
    return contract_of(event.type).load(event.payload)
