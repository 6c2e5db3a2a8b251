"""Every string the pages show has its Chinese translation, with the same placeholders."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ["services/common/web", "services/registration", "services/diagnosis", "services/reporting"]


def _strings_in(folder: str) -> set[str]:
    with open(ROOT / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    return {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(ROOT / folder, method_map, options_map)
    }


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_page_string_has_a_chinese_translation(folder):
    with open(ROOT / folder / "translations/zh/LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po)
    translated = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
    strings = _strings_in(folder)
    assert strings, "the extraction found the pages"
    assert sorted(strings - set(translated)) == [], "run `make translations` and translate the new strings"
    for english in strings:
        assert set(re.findall(r"%\(\w+\)s", english)) == set(re.findall(r"%\(\w+\)s", translated[english])), english
