"""Every message the project speaks (pages, reports, summaries, spreadsheets, errors) has its
Chinese translation, every plural form filled, with the same named placeholders."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ["services/common", "services/registration", "services/diagnosis", "services/reporting"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _messages_in(folder: str) -> dict[tuple[str | None, str], tuple[str, ...]]:
    """(context, msgid) -> every source form (one, or singular and plural)."""
    with open(ROOT / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = {}
    for _file, _line, message, _comments, context in extract_from_dir(ROOT / folder, method_map, options_map):
        forms = (message,) if isinstance(message, str) else tuple(m for m in message if m)
        found[(context, forms[0])] = forms
    return found


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_message_has_a_chinese_translation_with_the_same_placeholders(folder):
    with open(ROOT / folder / "translations/zh/LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po)
    translated = {}
    for m in catalog:
        if not m.id or m.fuzzy:
            continue
        key = m.id if isinstance(m.id, str) else m.id[0]
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if all(strings):
            translated[(m.context, key)] = strings
    messages = _messages_in(folder)
    assert messages, "the extraction found the messages"
    missing = sorted(f"{c or ''}|{k}" for c, k in set(messages) - set(translated))
    assert missing == [], "run `make translations` and translate the new messages"
    for key, forms in messages.items():
        expected = set().union(*(_placeholders(f) for f in forms)) - {"num"}
        for string in translated[key]:
            assert _placeholders(string) - {"num"} == expected, key
