import pytest
from werkzeug.datastructures import LanguageAccept

from launcher.gateway import render
from services.common.i18n import COMMON_TRANSLATIONS, speaker
from services.common.messages import preferred_language, translate_errors
from services.common.settings import redis_db_url


def test_each_purpose_gets_its_own_redis_database():
    assert redis_db_url("redis://127.0.0.1:6390", 1) == "redis://127.0.0.1:6390/1"
    assert redis_db_url("redis://:secret@redis:6379/0", 1) == "redis://:secret@redis:6379/1"


def test_field_messages_are_translated_keeping_their_place():
    errors = {"json": {"capacity": ["Not a valid integer."], "answers": {"x": {"value": ["Must be one of: 1, 2."]}}}}
    assert translate_errors(errors, speaker("zh", COMMON_TRANSLATIONS)) == {
        "json": {"capacity": ["应为整数。"], "answers": {"x": {"value": ["应为以下之一：1, 2。"]}}}
    }
    assert translate_errors(errors, speaker("en", COMMON_TRANSLATIONS)) == errors


@pytest.mark.parametrize(
    "header, expected",
    [(None, "zh"), ([("en-US", 1), ("en", 0.8)], "en"), ([("zh-CN", 1), ("en", 0.5)], "zh"), ([("fr", 1)], "zh")],
)
def test_chinese_unless_english_is_asked_for(header, expected):
    assert preferred_language(LanguageAccept(header) if header else None) == expected


def test_the_gateway_template_keeps_nginx_variables():
    text = render({"A": "1"}, template="listen ${A}; proxy_set_header Host $http_host;")
    assert text == "listen 1; proxy_set_header Host $http_host;"
    with pytest.raises(KeyError):
        render({}, template="listen ${A};")


def test_private_links_signed_downloads_and_bearer_tokens_are_redacted_from_log_lines():
    from services.common.logs import redact

    line = (
        'GET /registration/link/nlo_abc123?lang=en HTTP/1.1 "https://x/diagnosis/link/nlr_9"'
        " /reporting/downloads/eyJ.sig Authorization: Bearer nlf_secret"
    )
    assert redact(line) == (
        'GET /registration/link/[redacted]?lang=en HTTP/1.1 "https://x/diagnosis/link/[redacted]"'
        " /reporting/downloads/[redacted] Authorization: Bearer [redacted]"
    )
