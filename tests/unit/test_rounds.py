"""Follow-up rounds' rules (issue 21): when a round is due, its number, and the statuses
it moves a workshop through. Pure: no fixtures."""

import datetime as dt

import pytest

from services.common.contracts.registration import BASELINE_ROUND, ROUND_KINDS
from services.common.messages import Message
from services.registration.domain.model import (
    STATUS_LABELS,
    TRANSITIONS,
    NotAllowed,
    WorkshopStatus,
    check_transition,
    status_on_registration,
)
from services.registration.domain.reference import WORKSHOP_STATUSES
from services.registration.domain.rounds import KIND_LABELS, UnfitRound, months_after, next_round_number, round_date


@pytest.mark.parametrize(
    "ends_on, months, due",
    [
        ("2026-05-10", 3, "2026-08-10"),
        ("2026-05-10", 6, "2026-11-10"),
        ("2026-08-31", 6, "2027-02-28"),  # February is shorter: its last day
        ("2027-08-31", 6, "2028-02-29"),  # a leap year's
        ("2026-11-30", 3, "2027-02-28"),  # across the year
        ("2026-05-31", 3, "2026-08-31"),
        ("2026-10-31", 6, "2027-04-30"),
    ],
)
def test_a_round_counted_in_months_falls_on_the_same_day_or_the_months_last(ends_on, months, due):
    ends = dt.date.fromisoformat(ends_on)
    assert months_after(ends, months) == dt.date.fromisoformat(due)
    assert round_date(f"{months}_months", ends) == dt.date.fromisoformat(due)


def test_a_month_counted_round_ignores_a_date_given():
    assert round_date("3_months", dt.date(2026, 5, 10), dt.date(2030, 1, 1)) == dt.date(2026, 8, 10)


def test_a_round_on_a_date_is_not_before_the_workshop_ended():
    ends = dt.date(2026, 5, 10)
    assert round_date("date", ends, ends) == ends  # the last day itself is fine
    assert round_date("date", ends, dt.date(2026, 9, 1)) == dt.date(2026, 9, 1)
    with pytest.raises(UnfitRound) as before:
        round_date("date", ends, dt.date(2026, 5, 9))
    assert before.value.field == "opens_on" and "2026-05-10" in str(before.value.message)
    with pytest.raises(UnfitRound) as missing:
        round_date("date", ends)
    assert missing.value.field == "opens_on"
    with pytest.raises(UnfitRound) as unknown:
        round_date("12_months", ends)
    assert unknown.value.field == "kind"


def test_rounds_are_numbered_after_the_workshop_itself():
    assert next_round_number([]) == BASELINE_ROUND + 1 == 2
    assert next_round_number([2, 3]) == 4


def test_every_kind_of_the_contract_has_its_label():
    assert set(KIND_LABELS) == set(ROUND_KINDS)


def test_follow_up_is_reached_only_by_a_round_and_leads_back_to_closed():
    closed, follow_up = WorkshopStatus.CLOSED, WorkshopStatus.FOLLOW_UP
    assert TRANSITIONS[follow_up] == {closed} and follow_up in TRANSITIONS[closed]
    for current, wanted in ((closed, follow_up), (follow_up, closed)):
        check_transition(current, wanted, by_round=True)
        with pytest.raises(NotAllowed):
            check_transition(current, wanted)  # not by a plain change of status
    for current in (WorkshopStatus.DRAFT, WorkshopStatus.OPEN, WorkshopStatus.ARCHIVED):
        with pytest.raises(NotAllowed):
            check_transition(current, follow_up, by_round=True)
    with pytest.raises(NotAllowed):
        check_transition(follow_up, WorkshopStatus.ARCHIVED, by_round=True)  # close the round first


def test_follow_up_has_its_labels_and_refuses_registrations():
    assert WorkshopStatus.FOLLOW_UP in STATUS_LABELS and "follow_up" in WORKSHOP_STATUSES
    with pytest.raises(NotAllowed) as refused:
        status_on_registration(WorkshopStatus.FOLLOW_UP, 0, 36)
    assert isinstance(refused.value.message, Message)
