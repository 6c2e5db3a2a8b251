"""Trimming an event stream without losing an event a consumer still needs.

An entry goes once every consumer group of the stream has acknowledged it and it is older
than the retention period: `XTRIM MINID` to the oldest of the retention cutoff and, for each
group, its first entry not acknowledged (its oldest pending entry, or the first one after
what it has read). A stream that no group reads yet is kept whole (a consumer may not have
started). One Lua script, so that no group reads or acknowledges between the reckoning and
the trim. The dead-letter streams are never trimmed."""

from __future__ import annotations

import logging
import time

import redis

from .eventloop import Periodic
from .events import stream_of

log = logging.getLogger(__name__)

TRIM = """
local key, keep = KEYS[1], ARGV[1]
local function parts(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq), ms
end
local function before(a, b)
  local am, as = parts(a)
  local bm, bs = parts(b)
  return am < bm or (am == bm and as < bs)
end
if redis.call('EXISTS', key) == 0 then return {0, ''} end
local groups = redis.call('XINFO', 'GROUPS', key)
if #groups == 0 then return {0, ''} end
for _, group in ipairs(groups) do
  local info = {}
  for i = 1, #group, 2 do info[group[i]] = group[i + 1] end
  local pending = redis.call('XPENDING', key, info['name'])
  local first
  if pending[1] > 0 then
    first = pending[2]
  else
    local _, seq, ms = parts(info['last-delivered-id'])
    first = ms .. '-' .. string.format('%d', seq + 1)
  end
  if before(first, keep) then keep = first end
end
return {redis.call('XTRIM', key, 'MINID', keep), keep}
"""


class StreamTrimmer:
    def __init__(self, client: redis.Redis, stream: str, retention_seconds: float):
        self.client = client
        self.stream = stream
        self.retention_seconds = retention_seconds
        self._script = client.register_script(TRIM)

    def trim_once(self, at: float | None = None) -> int:
        """Trims what may go; returns how many entries went."""
        cutoff_ms = int(((time.time() if at is None else at) - self.retention_seconds) * 1000)
        trimmed, kept_from = self._script(keys=[self.stream], args=[f"{max(cutoff_ms, 0)}-0"])
        if trimmed:
            log.info("trimmed %d entries of %s (kept from %s)", trimmed, self.stream, kept_from)
        return int(trimmed)


def own_stream_trimming(runtime, producer: str) -> Periodic:
    """The event loop's job that trims the stream the service produces, now and then."""
    settings = runtime.settings
    trimmer = StreamTrimmer(runtime.redis, stream_of(producer), settings.event_retention_seconds)
    return Periodic(settings.event_trim_every_seconds, trimmer.trim_once)
