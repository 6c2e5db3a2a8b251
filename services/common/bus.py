"""Consuming events from Redis Streams with a consumer group.

Delivery is at least once: an entry is acknowledged (XACK) only after its handler has
committed. An entry left pending (its consumer died, or the handler failed) is reclaimed
with XAUTOCLAIM once it has been idle `claim_idle_ms`; after `max_deliveries` deliveries it
is moved to the group's dead-letter stream with its last error, and the others flow on.
Handlers must therefore be idempotent (see `inbox.handle_once`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, cast

import redis
from marshmallow import ValidationError

from .clock import now
from .events import Event, decode

log = logging.getLogger(__name__)

Handler = Callable[[Event], object]  # what a handler returns is ignored


def dead_letter_stream(group: str) -> str:
    return f"nianlun:deadletter:{group}"


class StreamConsumer:
    def __init__(
        self,
        client: redis.Redis,
        *,
        group: str,
        name: str,
        streams: list[str],
        handlers: dict[str, Handler],
        max_deliveries: int = 5,
        claim_idle_ms: int = 30_000,
        block_ms: int = 100,
        batch_size: int = 50,
    ):
        self.client = client
        self.group = group
        self.name = name
        self.streams = streams
        self.handlers = handlers
        self.max_deliveries = max_deliveries
        self.claim_idle_ms = claim_idle_ms
        self.block_ms = block_ms
        self.batch_size = batch_size
        self.dead_letters = dead_letter_stream(group)
        self._errors_key = f"nianlun:errors:{group}"

    def ensure_groups(self) -> None:
        for stream in self.streams:
            try:
                self.client.xgroup_create(stream, self.group, id="0", mkstream=True)
            except redis.ResponseError as exc:
                if "BUSYGROUP" not in str(exc):
                    raise

    def poll_once(self) -> int:
        """Retry what is due, then read what is new; returns the number of entries seen."""
        return self._reclaim() + self._read_new()

    def _read_new(self) -> int:
        response = cast(
            "list[Any] | None",
            self.client.xreadgroup(
                self.group,
                self.name,
                {s: ">" for s in self.streams},
                count=self.batch_size,
                block=self.block_ms,
            ),
        )
        seen = 0
        for stream, entries in response or []:
            for entry_id, fields in entries:
                self._deliver(stream, entry_id, fields, deliveries=1)
                seen += 1
        return seen

    def _reclaim(self) -> int:
        seen = 0
        for stream in self.streams:
            _next, entries, _deleted = cast(
                "list[Any]",
                self.client.xautoclaim(
                    stream,
                    self.group,
                    self.name,
                    min_idle_time=self.claim_idle_ms,
                    start_id="0-0",
                    count=self.batch_size,
                ),
            )
            entries = [(i, f) for i, f in entries if f is not None]
            if not entries:
                continue
            counts = self._delivery_counts(stream, [i for i, _ in entries])
            for entry_id, fields in entries:
                self._deliver(stream, entry_id, fields, deliveries=counts.get(entry_id, 1))
                seen += 1
        return seen

    def _delivery_counts(self, stream: str, ids: list[str]) -> dict[str, int]:
        pipe = self.client.pipeline(transaction=False)
        for entry_id in ids:
            pipe.xpending_range(stream, self.group, min=entry_id, max=entry_id, count=1)
        return {p["message_id"]: p["times_delivered"] for result in pipe.execute() for p in result}

    def _deliver(self, stream: str, entry_id: str, fields: dict, deliveries: int) -> None:
        raw = fields.get("envelope", "")
        if deliveries > self.max_deliveries:
            error = cast("str | None", self.client.hget(self._errors_key, entry_id)) or "no error recorded"
            self._dead_letter(stream, entry_id, raw, error, deliveries - 1)
            return
        try:
            event = decode(raw)
        except (ValidationError, ValueError) as exc:
            # A malformed envelope will never succeed: no retries.
            self._dead_letter(stream, entry_id, raw, f"malformed envelope: {exc}", deliveries)
            return
        handler = self.handlers.get(event.type)
        if handler is not None:
            try:
                handler(event)
            except Exception as exc:  # noqa: BLE001 - any failure leaves the entry pending for a retry
                log.exception("handler for %s %s failed (delivery %d)", event.type, event.id, deliveries)
                self.client.hset(self._errors_key, entry_id, f"{type(exc).__name__}: {exc}"[:2000])
                return
        pipe = self.client.pipeline()
        pipe.xack(stream, self.group, entry_id)
        pipe.hdel(self._errors_key, entry_id)
        pipe.execute()

    def _dead_letter(self, stream: str, entry_id: str, raw: str, error: str, deliveries: int) -> None:
        log.error("dead-lettering %s %s after %d deliveries: %s", stream, entry_id, deliveries, error)
        pipe = self.client.pipeline()  # MULTI/EXEC: recorded and acknowledged together
        pipe.xadd(
            self.dead_letters,
            {
                "stream": stream,
                "entry_id": entry_id,
                "envelope": raw,
                "error": error,
                "deliveries": str(deliveries),
                "group": self.group,
                "time": now().isoformat(),
            },
        )
        pipe.xack(stream, self.group, entry_id)
        pipe.hdel(self._errors_key, entry_id)
        pipe.execute()


def list_dead_letters(client: redis.Redis, group: str, count: int = 100) -> list[dict]:
    entries = cast("list[Any]", client.xrevrange(dead_letter_stream(group), count=count))
    return [dict(fields, id=entry_id) for entry_id, fields in entries]
