"""Trimming a stream against a real redis-server: an entry goes only once every consumer
group has acknowledged it and it is older than the retention period; a pending entry, one a
group has not read yet, a recent one and the dead letters always stay."""

import random
import time

import pytest

from services.common.bus import dead_letter_stream
from services.common.redis_client import connect_redis
from services.common.trim import StreamTrimmer

STREAM = "nianlun:events:tests"
DAY = 24 * 3600
RETENTION = 7 * DAY


@pytest.fixture
def client(redis_server):
    return connect_redis(redis_server.url)


def _fill(client, count, days_ago):
    """Entries with ids of that many days ago, one millisecond apart."""
    start = int((time.time() - days_ago * DAY) * 1000)
    return [client.xadd(STREAM, {"envelope": str(n)}, id=f"{start + n}-0") for n in range(count)]


def _group(client, name, read=0, ack=0):
    """A group that has read the first `read` entries and acknowledged the first `ack`."""
    client.xgroup_create(STREAM, name, id="0")
    entries = client.xreadgroup(name, "c1", {STREAM: ">"}, count=read)[0][1] if read else []
    for entry_id, _fields in entries[:ack]:
        client.xack(STREAM, name, entry_id)
    return [entry_id for entry_id, _ in entries]


def _ids(client):
    return [entry_id for entry_id, _ in client.xrange(STREAM)]


def test_only_what_every_group_acknowledged_and_retention_let_go_is_trimmed(client):
    ids = _fill(client, 10, days_ago=8) + _fill(client, 3, days_ago=1)
    _group(client, "diagnosis", read=13, ack=13)
    read = _group(client, "reporting", read=6, ack=4)  # entries 5 and 6 pending
    assert StreamTrimmer(client, STREAM, RETENTION).trim_once() == 4
    assert _ids(client) == ids[4:]
    pending = [p["message_id"] for p in client.xpending_range(STREAM, "reporting", min="-", max="+", count=10)]
    assert pending == read[4:6]  # still there, still pending: the group can acknowledge them
    client.xack(STREAM, "reporting", *read[4:6])
    client.xreadgroup("reporting", "c1", {STREAM: ">"}, count=10)  # reads the rest, unacknowledged
    assert StreamTrimmer(client, STREAM, RETENTION).trim_once() == 2  # up to the first pending one


def test_nothing_recent_nothing_unread_and_no_stream_without_groups_is_trimmed(client):
    _fill(client, 5, days_ago=30)
    assert StreamTrimmer(client, STREAM, RETENTION).trim_once() == 0  # no group reads it yet
    _group(client, "diagnosis", read=5, ack=5)
    _group(client, "latecomer")  # created, has read nothing
    assert StreamTrimmer(client, STREAM, RETENTION).trim_once() == 0
    client.xgroup_destroy(STREAM, "latecomer")
    assert StreamTrimmer(client, STREAM, RETENTION).trim_once(at=time.time() - 29 * DAY) == 0  # 1 day old then
    assert StreamTrimmer(client, STREAM, RETENTION).trim_once() == 5
    assert StreamTrimmer(client, "nianlun:events:nobody", RETENTION).trim_once() == 0


def test_the_dead_letters_are_kept(client):
    letters = dead_letter_stream("diagnosis")
    start = int((time.time() - 30 * DAY) * 1000)
    client.xadd(letters, {"envelope": "x"}, id=f"{start}-0")
    client.xgroup_create(letters, "someone", id="$")
    _fill(client, 3, days_ago=30)
    _group(client, "diagnosis", read=3, ack=3)
    assert StreamTrimmer(client, STREAM, RETENTION).trim_once() == 3
    assert client.xlen(letters) == 1


@pytest.mark.parametrize("seed", range(12))
def test_a_pending_entry_is_never_trimmed(client, seed):
    rng = random.Random(seed)
    _fill(client, 40, days_ago=10)
    pending = set()
    for name in ("diagnosis", "reporting", "registration"):
        read = _group(client, name, read=rng.randint(0, 40), ack=0)
        acked = set(rng.sample(read, rng.randint(0, len(read))))
        if acked:
            client.xack(STREAM, name, *acked)
        pending |= set(read) - acked
    StreamTrimmer(client, STREAM, RETENTION).trim_once()
    assert pending <= set(_ids(client))
