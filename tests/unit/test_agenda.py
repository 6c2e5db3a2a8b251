"""The lightning-talk agenda: 站年轮 order, the facilitator's moves and pins, the timetable."""

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from services.registration.domain.agenda import (
    AgendaError,
    AgendaLayout,
    AgendaOrder,
    AgendaSettings,
    Speaker,
    build_agenda,
    move,
    order_speakers,
    pin,
    schedule,
    unpin,
)
from tests.support.speech import en, zh

DAY = dt.datetime(2025, 3, 1, 8, 0)
NINE = dt.time(9, 0)
LONGEST = AgendaSettings(starts_at=NINE)
SHORTEST = AgendaSettings(starts_at=NINE, order=AgendaOrder.SHORTEST_FIRST)


def speaker(oid, years, minute=0):
    return Speaker(oid, f"机构{oid}", f"Org {oid}", years, DAY + dt.timedelta(minutes=minute))


def ids(speakers):
    return [s.organisation_id for s in speakers]


# a: 10 years, b: 3, c: unknown, d: 10 (registered after a), e: 0
ROOM = [speaker("c", None, 0), speaker("b", 3, 1), speaker("d", 10, 5), speaker("a", 10, 2), speaker("e", 0, 3)]


# -- automatic order ----------------------------------------------------------------------------


def test_longest_first_with_unknown_years_last_and_ties_by_registration():
    assert ids(order_speakers(ROOM, LONGEST)) == ["a", "d", "b", "e", "c"]


def test_shortest_first_still_puts_unknown_years_last():
    assert ids(order_speakers(ROOM, SHORTEST)) == ["e", "b", "a", "d", "c"]


def test_same_years_go_by_registration_time_not_by_id():
    assert ids(order_speakers([speaker("y", 5, 1), speaker("z", 5, 0)], LONGEST)) == ["z", "y"]


def test_same_years_and_same_registration_time_fall_back_to_the_organisation_id():
    same = [speaker("y", 5), speaker("x", 5)]
    assert ids(order_speakers(same, LONGEST)) == ["x", "y"]


def test_duplicate_organisations_are_a_caller_bug():
    with pytest.raises(ValueError):
        order_speakers([speaker("a", 1), speaker("a", 2)], LONGEST)


# -- manual order -------------------------------------------------------------------------------


def test_manual_order_is_kept_and_withdrawn_ids_are_ignored():
    layout = AgendaLayout(manual_order=("e", "gone", "a", "c", "b", "d"))
    assert ids(order_speakers(ROOM, LONGEST, layout)) == ["e", "a", "c", "b", "d"]


def test_a_late_registration_lands_before_the_first_hand_placed_talk_with_fewer_years():
    layout = AgendaLayout(manual_order=("b", "a", "e", "c", "d"))  # facilitator put b (3 years) first
    late = ROOM + [speaker("f", 5, 60)]
    # f (5 years) goes before b, the first hand-placed talk with fewer years.
    assert ids(order_speakers(late, LONGEST, layout)) == ["f", "b", "a", "e", "c", "d"]
    # Shortest first: before the first one with more years (a, 10), i.e. after b.
    assert ids(order_speakers(late, SHORTEST, layout)) == ["b", "f", "a", "e", "c", "d"]


def test_a_late_registration_with_unknown_years_goes_after_the_earlier_unknowns():
    layout = AgendaLayout(manual_order=("a", "d", "b", "e", "c"))
    late = ROOM + [speaker("g", None, 60)]
    assert ids(order_speakers(late, LONGEST, layout)) == ["a", "d", "b", "e", "c", "g"]


# -- pins ---------------------------------------------------------------------------------------


def test_pinned_talks_sit_at_their_positions_and_the_rest_keep_their_order():
    layout = AgendaLayout(pins={"c": 1, "a": 4})
    assert ids(order_speakers(ROOM, LONGEST, layout)) == ["c", "d", "b", "a", "e"]


def test_a_pin_past_the_end_clamps_and_withdrawn_pins_are_ignored():
    layout = AgendaLayout(pins={"a": 99, "gone": 1})
    assert ids(order_speakers(ROOM, LONGEST, layout)) == ["d", "b", "e", "c", "a"]


def test_two_pins_on_one_position_sit_side_by_side_in_automatic_order():
    layout = AgendaLayout(pins={"c": 2, "a": 2})  # possible after withdrawals or hand-edited data
    assert ids(order_speakers(ROOM, LONGEST, layout)) == ["d", "a", "c", "b", "e"]


def test_pin_rejects_positions_out_of_range_and_unknown_organisations():
    for position in (0, 6):
        with pytest.raises(AgendaError) as raised:
            pin(ROOM, LONGEST, AgendaLayout(), "a", position)
        assert zh(raised.value) == "位置须在 1 到 5 之间。"
    with pytest.raises(AgendaError) as raised:
        pin(ROOM, LONGEST, AgendaLayout(), "nobody", 1)
    assert (zh(raised.value), en(raised.value)) == ("找不到该机构的发言。", "No talk for this organisation.")


def test_pin_refuses_a_position_another_talk_is_pinned_to_but_repinning_oneself_is_fine():
    layout = pin(ROOM, LONGEST, AgendaLayout(), "c", 2)
    with pytest.raises(AgendaError):
        pin(ROOM, LONGEST, layout, "a", 2)
    assert pin(ROOM, LONGEST, layout, "c", 2).pins == {"c": 2}


def test_unpin_sends_the_talk_back_to_its_place():
    layout = pin(ROOM, LONGEST, AgendaLayout(), "c", 1)
    assert ids(order_speakers(ROOM, LONGEST, layout))[0] == "c"
    assert ids(order_speakers(ROOM, LONGEST, unpin(ROOM, LONGEST, layout, "c"))) == ["a", "d", "b", "e", "c"]
    with pytest.raises(AgendaError):
        unpin(ROOM, LONGEST, layout, "nobody")


# -- moves --------------------------------------------------------------------------------------


def test_move_swaps_with_the_neighbour_and_stores_the_full_manual_order():
    layout = move(ROOM, LONGEST, AgendaLayout(), "b", "up")
    assert layout.manual_order == ("a", "b", "d", "e", "c")
    assert ids(order_speakers(ROOM, LONGEST, layout)) == ["a", "b", "d", "e", "c"]


def test_moving_the_first_up_or_the_last_down_changes_nothing():
    layout = AgendaLayout()
    assert move(ROOM, LONGEST, layout, "a", "up") == layout
    assert move(ROOM, LONGEST, layout, "c", "down") == layout


def test_an_unpinned_move_skips_over_pinned_talks():
    layout = AgendaLayout(pins={"b": 3})  # a d [b] e c
    moved = move(ROOM, LONGEST, layout, "e", "up")
    assert ids(order_speakers(ROOM, LONGEST, moved)) == ["a", "e", "b", "d", "c"]


def test_moving_a_pinned_talk_moves_its_pin_and_stops_at_the_edges():
    layout = AgendaLayout(pins={"c": 2})
    assert move(ROOM, LONGEST, layout, "c", "up").pins == {"c": 1}
    assert move(ROOM, LONGEST, layout, "c", "down").pins == {"c": 3}
    at_top = AgendaLayout(pins={"c": 1})
    assert move(ROOM, LONGEST, at_top, "c", "up") == at_top


def test_two_pinned_neighbours_swap_places():
    layout = AgendaLayout(pins={"c": 2, "e": 3})
    assert move(ROOM, LONGEST, layout, "c", "down").pins == {"c": 3, "e": 2}


def test_move_refuses_other_directions_and_unknown_organisations():
    with pytest.raises(AgendaError):
        move(ROOM, LONGEST, AgendaLayout(), "a", "sideways")
    with pytest.raises(AgendaError):
        move(ROOM, LONGEST, AgendaLayout(), "nobody", "up")


# -- timetable ----------------------------------------------------------------------------------


def test_breaks_follow_every_n_talks_but_never_the_last():
    settings = AgendaSettings(starts_at=NINE, talk_minutes=2, break_every=2, break_minutes=10)
    slots = schedule(order_speakers(ROOM[:4], settings), settings)
    assert [(s.kind, s.number, s.starts_at, s.ends_at) for s in slots] == [
        ("talk", 1, dt.time(9, 0), dt.time(9, 2)),
        ("talk", 2, dt.time(9, 2), dt.time(9, 4)),
        ("break", None, dt.time(9, 4), dt.time(9, 14)),
        ("talk", 3, dt.time(9, 14), dt.time(9, 16)),
        ("talk", 4, dt.time(9, 16), dt.time(9, 18)),
    ]


def test_no_breaks_when_break_every_is_zero_and_pinned_talks_are_marked():
    settings = AgendaSettings(starts_at=NINE, break_every=0)
    layout = AgendaLayout(pins={"e": 1})
    slots = build_agenda(ROOM, settings, layout)
    assert [s.kind for s in slots] == ["talk"] * 5
    assert [(s.organisation_id, s.pinned) for s in slots][:2] == [("e", True), ("a", False)]
    assert slots[-1].ends_at == dt.time(9, 10)


def test_an_agenda_may_not_run_past_midnight():
    with pytest.raises(AgendaError):
        schedule(ROOM, AgendaSettings(starts_at=dt.time(23, 52), break_every=0))  # would end at 00:02
    assert schedule(ROOM, AgendaSettings(starts_at=dt.time(23, 49), break_every=0))[-1].ends_at == dt.time(23, 59)


def test_nonsense_settings_are_refused_in_both_languages():
    with pytest.raises(AgendaError) as raised:
        AgendaSettings(starts_at=NINE, talk_minutes=0)
    assert zh(raised.value) and en(raised.value)


def test_layout_round_trips_through_json():
    layout = AgendaLayout(manual_order=("b", "a"), pins={"c": 3})
    assert AgendaLayout.from_json(layout.to_json()) == layout
    assert AgendaLayout.from_json(None) == AgendaLayout()


# -- properties ---------------------------------------------------------------------------------

oids = st.sampled_from([f"o{i}" for i in range(12)])


@st.composite
def rooms(draw, min_size=0):
    chosen = draw(st.lists(oids, unique=True, min_size=min_size, max_size=12))
    return [
        Speaker(
            oid, oid, None, draw(st.none() | st.integers(0, 40)), DAY + dt.timedelta(minutes=draw(st.integers(0, 5)))
        )
        for oid in chosen
    ]


layouts = st.builds(
    AgendaLayout,
    st.lists(oids | st.just("gone")).map(tuple),
    st.dictionaries(oids | st.just("gone"), st.integers(1, 15), max_size=5),
)
settings_ = st.sampled_from([LONGEST, SHORTEST])


@given(rooms(), settings_, layouts)
def test_order_speakers_is_a_permutation_of_the_speakers_for_any_layout(room, settings, layout):
    ordered = order_speakers(room, settings, layout)
    assert sorted(ids(ordered)) == sorted(ids(room))


@given(rooms(), settings_)
def test_the_automatic_order_never_puts_fewer_years_before_more(room, settings):
    years = [s.years_in_sector for s in order_speakers(room, settings)]
    known = [y for y in years if y is not None]
    assert years == known + [None] * (len(years) - len(known))
    assert known == sorted(known, reverse=settings.order is AgendaOrder.LONGEST_FIRST)


@given(rooms(min_size=3), settings_, layouts, st.data())
def test_move_up_then_down_restores_the_order(room, settings, layout, data):
    before = ids(order_speakers(room, settings, layout))
    unpinned = [oid for oid in before if oid not in layout.pins]
    assume(len(unpinned) >= 3)
    oid = data.draw(st.sampled_from(unpinned[1:-1]))
    up = move(room, settings, layout, oid, "up")
    assert ids(order_speakers(room, settings, up)) != before
    assert ids(order_speakers(room, settings, move(room, settings, up, oid, "down"))) == before


@given(rooms(min_size=1), settings_, layouts, st.data())
def test_a_pinned_speaker_ends_at_its_position(room, settings, layout, data):
    oid = data.draw(st.sampled_from(ids(room)))
    position = data.draw(st.integers(1, len(room)))
    try:
        pinned = pin(room, settings, layout, oid, position)
    except AgendaError:  # another talk is already pinned there
        return
    assert ids(order_speakers(room, settings, pinned))[position - 1] == oid


@given(rooms(min_size=1), settings_, layouts, st.data())
def test_moves_keep_every_pinned_talk_where_its_pin_says(room, settings, layout, data):
    # Pins made by pin(), so every stored pin is a position actually held.
    layout = AgendaLayout(manual_order=layout.manual_order)
    for oid in data.draw(st.lists(st.sampled_from(ids(room)), max_size=3)):
        try:
            layout = pin(room, settings, layout, oid, data.draw(st.integers(1, len(room))))
        except AgendaError:
            pass
    oid, direction = data.draw(st.sampled_from(ids(room))), data.draw(st.sampled_from(["up", "down"]))
    moved = move(room, settings, layout, oid, direction)
    ordered = ids(order_speakers(room, settings, moved))
    for oid, position in moved.pins.items():
        if oid in ordered:
            assert ordered[position - 1] == oid


@given(rooms(), st.integers(1, 5), st.integers(0, 5), st.integers(0, 15))
def test_the_timetable_has_no_gaps_or_overlaps(room, talk, every, pause):
    settings = AgendaSettings(starts_at=NINE, talk_minutes=talk, break_every=every, break_minutes=pause)
    slots = schedule(room, settings)
    assert [s.number for s in slots if s.kind == "talk"] == list(range(1, len(room) + 1))
    assert all(a.ends_at == b.starts_at for a, b in zip(slots, slots[1:], strict=False))
    assert not slots or slots[-1].kind == "talk"
    breaks = sum(s.kind == "break" for s in slots)
    assert breaks == (max(len(room) - 1, 0) // every if every else 0)
