import json

import pytest
from marshmallow import ValidationError

from services.common.events import decode, encode, new_event, stream_of


def test_an_event_survives_the_wire_unchanged():
    event = new_event("organisation.registered", {"name_zh": "安顺市联众社会工作服务中心"}, producer="registration")
    raw = encode(event)
    assert "安顺" in raw  # readable on the stream, not \\u-escaped
    assert decode(raw) == event
    assert event.stream == stream_of("registration") == "nianlun:events:registration"


@pytest.mark.parametrize(
    "change",
    [
        {"type": "OrganisationRegistered"},
        {"version": 0},
        {"version": "1"},
        {"time": "2026-05-08T09:00:00"},  # no zone: ambiguous across workshops
        {"payload": ["not", "a", "mapping"]},
        {"id": "not-a-uuid"},
    ],
)
def test_a_malformed_envelope_is_refused(change):
    envelope = json.loads(encode(new_event("diagnosis.scored", {}, producer="diagnosis")))
    envelope.update(change)
    with pytest.raises(ValidationError):
        decode(json.dumps(envelope))


def test_missing_fields_are_refused():
    with pytest.raises(ValidationError) as error:
        decode('{"type": "a.b"}')
    assert {"id", "version", "time", "producer", "payload"} <= set(error.value.messages)


def test_an_invalid_event_is_never_created():
    with pytest.raises(ValueError):
        new_event("Bad Type", {}, producer="registration")
