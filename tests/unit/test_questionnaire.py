"""The questionnaire's progress and time estimate (services.diagnosis.domain.questionnaire)."""

from __future__ import annotations

from services.diagnosis.adapters.instrument_files import current_instrument
from services.diagnosis.domain import questionnaire as q

INSTRUMENT = current_instrument()


def _rubric_and_numbers() -> dict:
    return {
        "answers": {code: 3 for code in INSTRUMENT.items},
        "numbers": {n.code: 0 for n in INSTRUMENT.numbers},
    }


def test_progress_is_not_complete_while_the_scan_ladder_and_paths_are_open():
    answered, total = q.overall(q.progress(INSTRUMENT, "leader", _rubric_and_numbers()))
    assert answered < total
    assert total - answered == len(INSTRUMENT.scan_items) + len(INSTRUMENT.stage_criteria) + len(INSTRUMENT.paths)


def test_progress_reaches_all_once_every_section_is_answered():
    response = {
        **_rubric_and_numbers(),
        "scan": {s.code: 1 for s in INSTRUMENT.scan_items},
        "stage_evidence": {c.code: False for c in INSTRUMENT.stage_criteria},
        "path_views": {p.code: 2 for p in INSTRUMENT.paths},
    }
    progresses = q.progress(INSTRUMENT, "leader", response)
    answered, total = q.overall(progresses)
    assert answered == total
    assert q.first_open(progresses) == progresses[0].section


def test_a_rater_only_counts_the_wheel():
    assert q.overall(q.progress(INSTRUMENT, "staff", {"answers": {c: 2 for c in INSTRUMENT.items}})) == (
        len(INSTRUMENT.items),
        len(INSTRUMENT.items),
    )


def test_continuing_goes_to_the_first_section_left():
    first = INSTRUMENT.dimensions[0]
    response = {"answers": {item.code: 2 for item in first.items}}
    assert q.first_open(q.progress(INSTRUMENT, "staff", response)).code == INSTRUMENT.dimensions[1].code


def test_the_time_estimate_follows_the_number_of_questions():
    leader, staff = q.minutes_needed(INSTRUMENT, "leader"), q.minutes_needed(INSTRUMENT, "staff")
    assert staff % 5 == 0 and leader % 5 == 0
    rubric_seconds = len(INSTRUMENT.items) * q.SECONDS_PER_QUESTION[q.RUBRIC]
    assert abs(staff * 60 - rubric_seconds) <= 150  # to the nearest five minutes
    assert leader > staff
