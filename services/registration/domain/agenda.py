"""Lightning talks (闪电发言) in the 站年轮 order: the order, the facilitator's changes, the timetable.

Pure: no I/O. The caller loads the speakers and the stored AgendaLayout, and saves the layout
that move/pin/unpin return. Only the facilitator's changes are stored, never the whole order,
so late registrations and withdrawals still fall into place.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from services.common.i18n import N_
from services.common.messages import Message


class AgendaError(Exception):
    def __init__(self, message: str, **params: Any):
        self.message = Message(message, **params)
        super().__init__(str(self.message))


class AgendaOrder(StrEnum):
    LONGEST_FIRST = "longest_first"
    SHORTEST_FIRST = "shortest_first"


@dataclass(frozen=True)
class Speaker:
    organisation_id: str
    name_zh: str
    name_en: str | None
    years_in_sector: int | None  # None = unknown: after every known value, in either order
    registered_at: datetime.datetime  # tie-breaker: earlier registration first


@dataclass(frozen=True)
class AgendaSettings:
    starts_at: datetime.time
    talk_minutes: int = 2
    break_every: int = 12  # a break after every N talks; 0 = no breaks
    break_minutes: int = 10
    order: AgendaOrder = AgendaOrder.LONGEST_FIRST

    def __post_init__(self) -> None:
        # Settings come from a facilitator's form: refuse nonsense in words they can read.
        if self.talk_minutes < 1 or self.break_every < 0 or self.break_minutes < 0:
            raise AgendaError(N_("A talk lasts at least 1 minute; break settings cannot be negative."))
        object.__setattr__(self, "order", AgendaOrder(self.order))


@dataclass(frozen=True)
class AgendaLayout:
    """What the facilitator changed: their order of the unpinned talks, and pinned positions."""

    manual_order: tuple[str, ...] = ()  # organisation ids; empty = automatic order
    pins: Mapping[str, int] = field(default_factory=dict)  # organisation id -> 1-based position

    def __post_init__(self) -> None:
        # Copy, so that a caller's list or dict cannot change a "frozen" layout afterwards.
        object.__setattr__(self, "manual_order", tuple(self.manual_order))
        object.__setattr__(self, "pins", MappingProxyType({str(k): int(v) for k, v in self.pins.items()}))

    def to_json(self) -> dict[str, Any]:
        return {"manual_order": list(self.manual_order), "pins": dict(self.pins)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> AgendaLayout:
        data = data or {}  # nothing stored yet: the automatic order
        return cls(tuple(data.get("manual_order") or ()), data.get("pins") or {})


@dataclass(frozen=True)
class Slot:
    kind: str  # "talk" | "break"
    number: int | None  # talk number, 1-based; None for breaks
    starts_at: datetime.time
    ends_at: datetime.time
    organisation_id: str | None = None
    name_zh: str | None = None
    name_en: str | None = None
    years_in_sector: int | None = None
    pinned: bool = False


_RankKey = tuple[bool, int, datetime.datetime, str]


def _rank(settings: AgendaSettings) -> Callable[[Speaker], _RankKey]:
    sign = -1 if settings.order is AgendaOrder.LONGEST_FIRST else 1

    def key(s: Speaker) -> _RankKey:
        # Unknown years go last either way: we cannot tell where they belong.
        known = s.years_in_sector is not None
        return (
            not known,
            sign * s.years_in_sector if s.years_in_sector is not None else 0,
            s.registered_at,
            s.organisation_id,
        )

    return key


def _by_id(speakers: Sequence[Speaker]) -> dict[str, Speaker]:
    by_id = {s.organisation_id: s for s in speakers}
    if len(by_id) != len(speakers):
        raise ValueError("one talk per organisation: duplicate organisation_id among speakers")
    return by_id


def _unpinned_order(
    unpinned: list[Speaker], key: Callable[[Speaker], _RankKey], manual_order: Sequence[str]
) -> list[Speaker]:
    by_id = {s.organisation_id: s for s in unpinned}
    # dict.fromkeys keeps the facilitator's order and drops repeats; withdrawn ids are skipped.
    placed = [i for i in dict.fromkeys(manual_order) if i in by_id]
    result = [by_id[i] for i in placed]
    hand_placed = set(placed)
    for newcomer in sorted((s for s in unpinned if s.organisation_id not in hand_placed), key=key):
        # A late registration goes just before the first hand-placed talk the automatic rule
        # would put after it. Without a manual order every talk is a "newcomer": automatic order.
        at = next(
            (i for i, s in enumerate(result) if s.organisation_id in hand_placed and key(s) > key(newcomer)),
            len(result),
        )
        result.insert(at, newcomer)
    return result


def order_speakers(
    speakers: Sequence[Speaker], settings: AgendaSettings, layout: AgendaLayout = AgendaLayout()
) -> list[Speaker]:
    by_id = _by_id(speakers)
    key = _rank(settings)
    pins = {i: p for i, p in layout.pins.items() if i in by_id}  # withdrawn pins are ignored
    result = _unpinned_order([s for s in speakers if s.organisation_id not in pins], key, layout.manual_order)
    last = -1
    for oid, position in sorted(pins.items(), key=lambda item: (item[1], key(by_id[item[0]]))):
        # Ascending positions leave earlier pins where they are; a position past the end
        # (speakers withdrew) means last; a shared position falls back to the automatic order.
        last = min(max(position - 1, last + 1), len(result))
        result.insert(last, by_id[oid])
    return result


def _position(ordered: list[Speaker], organisation_id: str) -> int:
    for number, s in enumerate(ordered, start=1):
        if s.organisation_id == organisation_id:
            return number
    raise AgendaError(N_("No talk for this organisation."))


def _settled_pins(ordered: list[Speaker], layout: AgendaLayout) -> dict[str, int]:
    # Rewrite pins to where those talks really are, so stale or clamped positions cannot
    # push a newly pinned talk away from the position the facilitator asked for.
    return {s.organisation_id: n for n, s in enumerate(ordered, start=1) if s.organisation_id in layout.pins}


def move(
    speakers: Sequence[Speaker], settings: AgendaSettings, layout: AgendaLayout, organisation_id: str, direction: str
) -> AgendaLayout:
    step = {"up": -1, "down": 1}.get(direction)
    if step is None:
        raise AgendaError(N_("A talk can only move up or down."))
    ordered = order_speakers(speakers, settings, layout)
    position = _position(ordered, organisation_id)
    pins = _settled_pins(ordered, layout)
    if organisation_id in pins:
        target = position + step
        if not 1 <= target <= len(ordered):
            return layout  # already at the edge: nothing to do, not a mistake
        neighbour = ordered[target - 1].organisation_id
        if neighbour in pins:
            pins[neighbour] = position  # two pinned talks swap places rather than collide
        return replace(layout, pins={**pins, organisation_id: target})
    unpinned = [s.organisation_id for s in ordered if s.organisation_id not in pins]
    i = unpinned.index(organisation_id)
    if not 0 <= i + step < len(unpinned):
        return layout
    # Pinned talks stay put, so the talk trades places with the nearest unpinned one.
    unpinned[i], unpinned[i + step] = unpinned[i + step], unpinned[i]
    return replace(layout, manual_order=tuple(unpinned))


def pin(
    speakers: Sequence[Speaker], settings: AgendaSettings, layout: AgendaLayout, organisation_id: str, position: int
) -> AgendaLayout:
    ordered = order_speakers(speakers, settings, layout)
    _position(ordered, organisation_id)
    if not 1 <= position <= len(ordered):
        raise AgendaError(N_("The position must be between 1 and %(last)s."), last=len(ordered))
    pins = _settled_pins(ordered, layout)
    pins.pop(organisation_id, None)
    if position in pins.values():
        raise AgendaError(N_("Another organisation's talk is pinned to this position; unpin it first."))
    return replace(layout, pins={**pins, organisation_id: position})


def unpin(
    speakers: Sequence[Speaker], settings: AgendaSettings, layout: AgendaLayout, organisation_id: str
) -> AgendaLayout:
    _position(order_speakers(speakers, settings, layout), organisation_id)
    # It returns to its place among the unpinned talks (manual order, or the automatic rule).
    return replace(layout, pins={i: p for i, p in layout.pins.items() if i != organisation_id})


def _after(clock: datetime.datetime, minutes: int) -> datetime.datetime:
    end = clock + datetime.timedelta(minutes=minutes)
    if end.date() != clock.date():  # ending at exactly 24:00 counts: a time of day cannot say it
        raise AgendaError(N_("The agenda would run past midnight; start earlier or shorten it."))
    return end


def schedule(ordered: Sequence[Speaker], settings: AgendaSettings, layout: AgendaLayout = AgendaLayout()) -> list[Slot]:
    """Times for talks already in order; `layout` only marks which talks are pinned."""
    clock = datetime.datetime.combine(datetime.date(2000, 1, 1), settings.starts_at)  # any day will do
    slots = []
    for number, s in enumerate(ordered, start=1):
        end = _after(clock, settings.talk_minutes)
        slots.append(
            Slot(
                "talk",
                number,
                clock.timetz(),
                end.timetz(),
                s.organisation_id,
                s.name_zh,
                s.name_en,
                s.years_in_sector,
                s.organisation_id in layout.pins,
            )
        )
        clock = end
        if settings.break_every and number % settings.break_every == 0 and number < len(ordered):
            end = _after(clock, settings.break_minutes)
            slots.append(Slot("break", None, clock.timetz(), end.timetz()))
            clock = end
    return slots


def build_agenda(
    speakers: Sequence[Speaker], settings: AgendaSettings, layout: AgendaLayout = AgendaLayout()
) -> list[Slot]:
    return schedule(order_speakers(speakers, settings, layout), settings, layout)
