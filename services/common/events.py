"""The one event envelope every service publishes and consumes.

An event is a fact about the past ("organisation.registered"), versioned so that a consumer
can accept old and new shapes side by side. The envelope is validated on both sides.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from typing import Any

from marshmallow import Schema, fields, validate

from .clock import now

EVENT_TYPE_PATTERN = r"^[a-z][a-z_]*\.[a-z][a-z_]*$"


class EnvelopeSchema(Schema):
    id = fields.UUID(required=True)
    type = fields.String(required=True, validate=validate.Regexp(EVENT_TYPE_PATTERN))
    version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    time = fields.AwareDateTime(required=True)
    producer = fields.String(required=True, validate=validate.Length(min=1, max=64))
    payload = fields.Dict(keys=fields.String(), required=True)


_schema = EnvelopeSchema()


@dataclasses.dataclass(frozen=True)
class Event:
    id: uuid.UUID
    type: str
    version: int
    time: dt.datetime
    producer: str
    payload: dict[str, Any]

    @property
    def stream(self) -> str:
        return stream_of(self.producer)


def stream_of(producer: str) -> str:
    """Each producer writes one stream, so its events keep their order."""
    return f"nianlun:events:{producer}"


def new_event(type: str, payload: dict[str, Any], *, producer: str, version: int = 1) -> Event:
    event = Event(
        id=uuid.uuid4(),
        type=type,
        version=version,
        time=now(),
        producer=producer,
        payload=payload,
    )
    errors = _schema.validate(_schema.dump(event))
    if errors:
        raise ValueError(f"invalid event {type}: {errors}")
    return event


def encode(event: Event) -> str:
    return json.dumps(_schema.dump(event), ensure_ascii=False, sort_keys=True)


def decode(raw: str | bytes) -> Event:
    """Parse and validate an envelope; raises marshmallow.ValidationError or ValueError."""
    data = _schema.load(json.loads(raw))
    return Event(**data)
