"""An error carries an English msgid and its parameters; the response speaks it in the
client's language from the catalogues (the service's over the common one)."""

from pathlib import Path

import pytest
from flask import Flask
from marshmallow import ValidationError

from services.common.errors import Conflict, NoSuchWorkshop
from services.common.i18n import N_
from services.common.messages import Message
from services.common.problems import problem_of
from services.registration.schemas import OrganisationProfileSchema

ROOT = Path(__file__).resolve().parents[2]


class _Settings:
    translations_dir = ROOT / "services" / "registration" / "translations"


@pytest.fixture
def app():
    app = Flask(__name__)
    app.config["NIANLUN_SETTINGS"] = _Settings()
    with app.test_request_context("/"):
        yield app


def test_an_error_raised_with_a_msgid_and_parameters_is_said_in_either_language(app):
    error = Conflict(N_("Same as row %(row)s."), row=7)
    assert str(error) == "Same as row 7."
    assert problem_of(error, "zh").message == "与第 7 行重复。"
    assert problem_of(error, "en").message == "Same as row 7."
    assert problem_of(error, "zh").code == 409


def test_a_common_error_is_translated_from_the_common_catalogue_in_a_service(app):
    assert problem_of(NoSuchWorkshop(), "zh").message == "找不到该工作坊。"
    assert problem_of(NoSuchWorkshop(), "en").message == "No such workshop."


def test_a_field_error_keeps_its_place_and_a_parameter_may_itself_be_a_message(app):
    nested = Message(
        N_("A workshop cannot go from “%(current)s” to “%(wanted)s”."),
        current=Message(N_("Draft")),
        wanted=Message(N_("Archived")),
    )
    error = Conflict(nested, field="status")
    assert problem_of(error, "zh").errors == {"json": {"status": ["工作坊不能从“草稿”变为“已归档”。"]}}
    assert problem_of(error, "en").message == "A workshop cannot go from “Draft” to “Archived”."


def test_marshmallow_messages_and_our_own_get_their_chinese_from_the_catalogues(app):
    with pytest.raises(ValidationError) as invalid:
        OrganisationProfileSchema().load({"name_zh": "", "mobile": "123", "focus_areas": ["x"]})
    error = Conflict(N_("The input is invalid; see the fields listed."), errors=invalid.value.messages)
    zh = problem_of(error, "zh").errors["json"]
    assert zh["name_zh"] == ["长度应在 1 到 200 之间。"]
    assert zh["mobile"] == ["请填写 11 位中国大陆手机号码。"]
    assert zh["focus_areas"][0][0].startswith("应为以下之一：children, ")
    en = problem_of(error, "en").errors["json"]
    assert en["name_zh"] == ["Length must be between 1 and 200."]
    assert en["mobile"] == ["Give an 11-digit mainland China mobile number."]


def test_a_schema_message_with_parameters_is_translated_with_them(app):
    with pytest.raises(ValidationError) as invalid:
        OrganisationProfileSchema().load({"name_zh": "甲", "founded_year": 1800})
    error = Conflict(N_("The input is invalid; see the fields listed."), errors=invalid.value.messages)
    assert problem_of(error, "zh").errors["json"]["founded_year"][0].startswith("成立年份应在 1949 到 ")
    assert (
        problem_of(error, "en").errors["json"]["founded_year"][0].startswith("The founding year must be between 1949")
    )
