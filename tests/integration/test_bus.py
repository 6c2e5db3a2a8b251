"""The event bus against a real redis-server and a real database (SQLite and PostgreSQL)."""

import json

import pytest
import redis as redis_lib
from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select

from services.common.bus import StreamConsumer, dead_letter_stream, list_dead_letters
from services.common.db import make_engine, make_session_factory
from services.common.events import decode, encode, new_event, stream_of
from services.common.inbox import handle_once, idempotent
from services.common.outbox import OutboxRelay, add_to_outbox
from services.common.redis_client import connect_redis
from services.common.tables import define_bus_tables
from tests.support.processes import wait_until

metadata = MetaData()
bus = define_bus_tables(metadata)
notes = Table("notes", metadata, Column("id", Integer, primary_key=True), Column("text", String(100)))


@pytest.fixture
def db(database_url):
    engine = make_engine(database_url)
    metadata.create_all(engine)
    yield engine, make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def client(redis_server):
    return connect_redis(redis_server.url)


def note_event(text="hello"):
    return new_event("note.written", {"text": text}, producer="tests")


def consumer(client, handlers, **kwargs):
    options = dict(
        group="readers",
        name="reader-1",
        streams=[stream_of("tests")],
        handlers=handlers,
        max_deliveries=3,
        claim_idle_ms=50,
        block_ms=10,
    )
    options.update(kwargs)
    made = StreamConsumer(client, **options)
    made.ensure_groups()
    return made


def drain(made, rounds=30, pause=0.06):
    import time

    for _ in range(rounds):
        made.poll_once()
        time.sleep(pause)


def test_outbox_row_and_change_commit_together_and_relay_publishes_in_order(db, client):
    engine, sessions = db
    with sessions.begin() as session:
        session.execute(insert(notes).values(text="kept"))
        for text in ("first", "second"):
            add_to_outbox(session, bus.outbox, note_event(text))
    with pytest.raises(RuntimeError), sessions.begin() as session:
        session.execute(insert(notes).values(text="rolled back"))
        add_to_outbox(session, bus.outbox, note_event("never"))
        raise RuntimeError("the use case failed")

    relay = OutboxRelay(engine, bus.outbox, client)
    assert relay.relay_once() == 2
    assert relay.relay_once() == 0
    published = [decode(fields["envelope"]).payload["text"] for _, fields in client.xrange(stream_of("tests"))]
    assert published == ["first", "second"]
    assert relay.backlog() == 0


def test_outbox_keeps_events_while_redis_is_down_and_sends_them_after(db, redis_server):
    engine, sessions = db
    client = connect_redis(redis_server.url)
    relay = OutboxRelay(engine, bus.outbox, client)
    redis_server.kill()
    with sessions.begin() as session:
        add_to_outbox(session, bus.outbox, note_event("while down"))
    with pytest.raises(redis_lib.ConnectionError):
        relay.relay_once()
    assert relay.backlog() == 1
    redis_server.start()
    assert wait_until(relay.relay_once, 10, what="relay after restart") == 1
    assert client.xlen(stream_of("tests")) == 1


def test_the_same_event_twice_has_one_side_effect(db):
    _engine, sessions = db
    event = note_event("once")

    def write(session, e):
        session.execute(insert(notes).values(text=e.payload["text"]))
        return "written"

    assert handle_once(sessions, bus.processed_events, "readers", event, write) == "written"
    assert handle_once(sessions, bus.processed_events, "readers", event, write) is None
    # Another consumer group keeps its own record: it handles the event once too.
    assert handle_once(sessions, bus.processed_events, "others", event, write) == "written"
    with sessions() as session:
        assert session.execute(select(func.count()).select_from(notes)).scalar_one() == 2


def test_a_failing_handler_dead_letters_after_max_deliveries_and_the_rest_flow(db, client):
    _engine, sessions = db

    def handle(event):
        if event.payload["text"] == "poison":
            raise ValueError("cannot digest this")
        handle_once(
            sessions,
            bus.processed_events,
            "readers",
            event,
            lambda s, e: s.execute(insert(notes).values(text=e.payload["text"])),
        )

    for text in ("good-1", "poison", "good-2"):
        client.xadd(stream_of("tests"), {"envelope": encode(note_event(text))})
    made = consumer(client, {"note.written": handle})
    drain(made)

    with sessions() as session:
        assert sorted(session.execute(select(notes.c.text)).scalars()) == ["good-1", "good-2"]
    dead = list_dead_letters(client, "readers")
    assert len(dead) == 1
    assert json.loads(dead[0]["envelope"])["payload"]["text"] == "poison"
    assert dead[0]["error"] == "ValueError: cannot digest this"
    assert dead[0]["deliveries"] == "3"
    assert client.xpending(stream_of("tests"), "readers")["pending"] == 0


def test_a_malformed_envelope_is_dead_lettered_at_once(client):
    client.xadd(stream_of("tests"), {"envelope": '{"type": "no such shape"}'})
    made = consumer(client, {})
    made.poll_once()
    dead = list_dead_letters(client, "readers")
    assert len(dead) == 1 and dead[0]["error"].startswith("malformed envelope")
    assert dead[0]["deliveries"] == "1"


def test_entries_of_a_dead_consumer_are_reclaimed_by_another(db, client):
    _engine, sessions = db
    client.xadd(stream_of("tests"), {"envelope": encode(note_event("orphaned"))})
    handled = []
    crashed = consumer(client, {"note.written": lambda e: (_ for _ in ()).throw(SystemExit)}, name="crashed")
    # The first consumer reads the entry and dies before acknowledging it.
    client.xreadgroup("readers", "crashed", {stream_of("tests"): ">"}, count=10)
    assert client.xpending(stream_of("tests"), "readers")["pending"] == 1
    survivor = consumer(
        client,
        {
            "note.written": idempotent(
                sessions, bus.processed_events, "readers", lambda s, e: handled.append(e.payload["text"])
            )
        },
        name="survivor",
    )
    del crashed
    drain(survivor, rounds=5)
    assert handled == ["orphaned"]
    assert client.xpending(stream_of("tests"), "readers")["pending"] == 0
    assert list_dead_letters(client, "readers") == []


def test_dead_letter_stream_is_named_per_group():
    assert dead_letter_stream("reporting") == "nianlun:deadletter:reporting"
