"""Amounts as people type them on a phone (services.diagnosis.domain.amounts), and the
schema field that reads them for the API and the pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from marshmallow import ValidationError

from services.common.i18n import speaker
from services.diagnosis.domain import questionnaire
from services.diagnosis.domain.amounts import NotAnAmount, parse_amount
from services.diagnosis.schemas import ResponseSchema

TRANSLATIONS = Path(questionnaire.__file__).parents[1] / "translations"
FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


@pytest.mark.parametrize(
    "typed, value",
    [
        ("35000", 35_000),
        ("3.5万", 35_000),
        ("12,000", 12_000),
        ("12，000", 12_000),
        ("1.2万元", 12_000),
        ("３５０００", 35_000),
        ("３.５万", 35_000),
        ("1,234,567.5", 1_234_567.5),
        (" 8 000 ", 8_000),
        ("2千", 2_000),
        ("1.5亿", 150_000_000),
        ("¥1,200", 1_200),
        ("-3,000", -3_000),
        ("0", 0),
        ("12人", 12),
    ],
)
def test_the_forms_people_type_are_read(typed, value):
    assert parse_amount(typed) == value


@pytest.mark.parametrize(
    "typed", ["", "很多", "1,2", "12,00", "3.5万万", "1e5", "nan", "inf", "3.5.1", "万", "--5", "5-"]
)
def test_anything_else_is_not_an_amount(typed):
    with pytest.raises(NotAnAmount):
        parse_amount(typed)


amounts = st.integers(min_value=0, max_value=10**11)


@given(amounts)
def test_plain_grouped_and_full_width_digits_round_trip(value):
    grouped = f"{value:,}"
    assert parse_amount(str(value)) == value
    assert parse_amount(grouped) == value
    assert parse_amount(grouped.translate(FULL_WIDTH)) == value
    assert parse_amount(f"{value}元") == value


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=9999))
def test_wan_round_trips(whole, rest):
    """x.yyyy万 is x * 10000 + yyyy, exactly (no float error from 3.5 * 10000)."""
    typed = f"{whole}.{rest:04d}万".rstrip("0").rstrip(".") if rest else f"{whole}万"
    assert parse_amount(typed) == whole * 10_000 + rest


def test_the_schema_returns_numbers_and_refuses_with_an_example():
    loaded = ResponseSchema(partial=True).load({"numbers": {"income.government_purchase": "3.5万", "income.other": 12}})
    assert loaded["numbers"] == {"income.government_purchase": 35_000.0, "income.other": 12.0}
    with pytest.raises(ValidationError) as refused:
        ResponseSchema(partial=True).load({"numbers": {"income.other": "很多", "income.public_donations": True}})
    messages = refused.value.messages["numbers"]
    assert messages["income.other"] == {"value": ["Not an amount: type a number, for example 35000 or 3.5万."]}
    assert "income.public_donations" in messages


def test_all_of_a_sections_errors_come_in_one_round():
    """A field that cannot be read does not hide a rule across fields (once two rounds)."""
    with pytest.raises(ValidationError) as refused:
        ResponseSchema(partial=True).load(
            {"numbers": {"income.other": "很多", "people.staff_full_time": 2, "people.fundraising_staff": 5}}
        )
    assert set(refused.value.messages["numbers"]) == {"income.other", "people.fundraising_staff"}


def test_the_echo_says_what_was_understood_in_either_language():
    zh, en = speaker("zh", TRANSLATIONS), speaker("en", TRANSLATIONS)
    assert questionnaire.echo(zh, 35_000.0, "yuan") == "= 35,000 元"
    assert questionnaire.echo(en, 35_000.0, "yuan") == "= 35,000 yuan"
    assert questionnaire.echo(zh, 12.0, "people") == "= 12 人"
    assert questionnaire.plain(1_234_567.0) == "1234567" and questionnaire.plain(2.5) == "2.5"
