"""Error messages in the user's language (Chinese first). The field messages come from
marshmallow in English; the common ones are translated here, the rest pass through."""

from __future__ import annotations

import re

LANGUAGES = ("zh", "en")  # Chinese first
LANGUAGE_NAMES = {"zh": ("中文", "Chinese"), "en": ("英文", "English")}

_HTTP_MESSAGES = {
    400: ("请求无法理解。", "The request could not be understood."),
    404: ("找不到该资源。", "Not found."),
    405: ("不支持该请求方法。", "Method not allowed."),
    409: ("与现有数据冲突。", "This conflicts with existing data."),
    413: ("提交的内容过大。", "The request is too large."),
    415: ("不支持该内容类型。", "Unsupported content type."),
    422: ("提交的内容有误，请检查标出的字段。", "The input is invalid; see the fields listed."),
    429: ("请求过于频繁，请稍后再试。", "Too many requests; try again later."),
    500: ("服务器内部错误，我们已记录。", "Internal error; it has been logged."),
    503: ("服务暂时不可用，请稍后重试。", "The service is temporarily unavailable; retry shortly."),
}

_FIELD_MESSAGES_ZH = [
    (re.compile(r"^Missing data for required field\.$"), "此项为必填。"),
    (re.compile(r"^Field may not be null\.$"), "此项不能为空。"),
    (re.compile(r"^Unknown field\.$"), "不认识的字段。"),
    (re.compile(r"^Not a valid string\.$"), "应为文字。"),
    (re.compile(r"^Not a valid integer\.$"), "应为整数。"),
    (re.compile(r"^Not a valid number\.$"), "应为数字。"),
    (re.compile(r"^Not a valid boolean\.$"), "应为是或否。"),
    (re.compile(r"^Not a valid date\.$"), "日期格式无效（应为 YYYY-MM-DD）。"),
    (re.compile(r"^Not a valid UUID\.$"), "编号格式无效。"),
    (re.compile(r"^Not a valid mapping type\.$"), "应为对象（键值对）。"),
    (re.compile(r"^Not a valid list\.$"), "应为列表。"),
    (re.compile(r"^Invalid JSON body\.$"), "请求体不是有效的 JSON。"),
    (re.compile(r"^Invalid input type\.$"), "输入类型无效。"),
    (re.compile(r"^Shorter than minimum length (\d+)\.$"), r"长度不能少于 \1。"),
    (re.compile(r"^Longer than maximum length (\d+)\.$"), r"长度不能超过 \1。"),
    (re.compile(r"^Length must be between (\d+) and (\d+)\.$"), r"长度应在 \1 到 \2 之间。"),
    (
        re.compile(r"^Must be greater than or equal to (\S+) and less than or equal to (\S+)\.$"),
        r"应在 \1 到 \2 之间。",
    ),
    (re.compile(r"^Must be greater than or equal to (\S+)\.$"), r"不能小于 \1。"),
    (re.compile(r"^Must be less than or equal to (\S+)\.$"), r"不能大于 \1。"),
    (re.compile(r"^Must be one of: (.*)\.$"), r"应为以下之一：\1。"),
]


class Bilingual(str):
    """A validation message that knows its Chinese: it is the English text, carrying `.zh`."""

    zh: str

    def __new__(cls, zh: str, en: str):
        message = super().__new__(cls, en)
        message.zh = zh
        return message


def preferred_language(accept_languages) -> str:
    """The first of our languages in the client's order of preference ("zh-CN" counts as
    "zh"); Chinese when the client names neither."""
    for value, _quality in accept_languages or ():
        primary = value.split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return "zh"


def http_message(code: int, language: str) -> str:
    zh, en = _HTTP_MESSAGES.get(code, _HTTP_MESSAGES[500] if code >= 500 else _HTTP_MESSAGES[400])
    return zh if language == "zh" else en


def translate_errors(errors, language: str):
    """Translate marshmallow's messages, keeping the nesting (location → field → messages)."""
    if isinstance(errors, Bilingual):
        return errors.zh if language == "zh" else str(errors)
    if isinstance(errors, dict):
        return {key: translate_errors(value, language) for key, value in errors.items()}
    if isinstance(errors, list):
        return [translate_errors(value, language) for value in errors]
    if isinstance(errors, str) and language == "zh":
        for pattern, replacement in _FIELD_MESSAGES_ZH:
            if pattern.match(errors):
                return pattern.sub(replacement, errors)
    return errors
