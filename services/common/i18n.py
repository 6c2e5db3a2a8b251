"""One way to speak two languages outside a page request: the sentences come from a service's
gettext catalogues (`translations/zh/LC_MESSAGES/messages.po`, English being the source
language), the numbers, money, percentages, dates and lists from Babel's locale data.

A `Speaker` is what a report, a summary or a spreadsheet is phrased with:

    speak = speaker("zh", REPORTING_TRANSLATIONS)
    speak.gettext("%(name)s scores %(score)s out of 100.", name=name, score=speak.score(71.25))
    speak.ngettext("%(num)d spoke is above it", "%(num)d spokes are above it", 3)

Messages use named placeholders (`%(name)s`) so that a translation may reorder them; the
catalogue tests check that every message is translated with the same placeholders. Pages get
the same catalogues through Flask-Babel."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

from babel import Locale
from babel.dates import format_date, format_interval
from babel.lists import format_list
from babel.numbers import format_compact_decimal, format_decimal, format_percent
from babel.support import NullTranslations, Translations

from .catalogs import compile_catalogs
from .messages import LANGUAGES

ListStyle = Literal["standard", "or", "unit", "unit-short"]
LOCALES = {"zh": "zh_Hans_CN", "en": "en"}
COMMON_TRANSLATIONS = Path(__file__).parent / "translations"  # what every service says alike
DASH = "–"  # what a figure that could not be computed reads as, in either language


class Speaker:
    """One language: its catalogue's sentences and Babel's formats."""

    def __init__(self, language: str, translations: NullTranslations):
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        self.language = language
        self.zh = language == "zh"
        self.locale = Locale.parse(LOCALES[language])
        self._translations = translations

    # --- sentences -------------------------------------------------------------------------

    def gettext(self, message: str, **params: Any) -> str:
        text = self._translations.gettext(message)
        return text % params if params else text

    def ngettext(self, singular: str, plural: str, num: int, **params: Any) -> str:
        """The plural form for `num` (available to the message as `%(num)d`)."""
        return self._translations.ngettext(singular, plural, num) % dict(params, num=num)

    def pgettext(self, context: str, message: str, **params: Any) -> str:
        """A short word whose translation depends on where it stands (a label, a state)."""
        text = str(self._translations.pgettext(context, message))
        return text % params if params else text

    def pick(self, text: Mapping[str, str | None] | None) -> str:
        """Bilingual data (the instrument's wording, a workshop's two titles) in this language,
        falling back to the other: data is not a message, so it carries its own translation."""
        if not text:
            return ""
        other = "en" if self.zh else "zh"
        return text.get(self.language) or text.get(other) or ""

    def join(self, sentences: Iterable[str | None]) -> str:
        """Sentences one after another: run together in Chinese, spaced in English."""
        parts = [s.strip() for s in sentences if s and s.strip()]
        return ("" if self.zh else " ").join(parts)

    def quote(self, text: str) -> str:
        return self.gettext("“%(text)s”", text=text)

    def names(self, names: Iterable[str]) -> str:
        """「甲」、「乙」和「丙」 / “A”, “B” and “C”."""
        return self.list(self.quote(n) for n in names)

    def list(self, items: Iterable[str], style: ListStyle = "standard") -> str:
        items = [i for i in items if i]
        return format_list(items, style=style, locale=self.locale) if items else ""

    # --- figures ---------------------------------------------------------------------------

    def number(self, value: float | int | None, digits: int = 0) -> str:
        if value is None:
            return DASH
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, pattern, locale=self.locale)

    def score(self, value: float | int | None) -> str:
        """A score out of 100, to one decimal: 71.3."""
        return self.number(value, 1)

    def percent(self, value: float | None, digits: int = 1) -> str:
        """A share (0.125) as a percentage: 12.5%."""
        if value is None:
            return DASH
        return format_percent(value, "#,##0" + ("." + "0" * digits if digits else "") + "%", locale=self.locale)

    def money(self, value: float | int | None) -> str:
        """12.5万元 (from ten thousand yuan up) or 3,500元 in Chinese; ¥125,000 in English."""
        if value is None:
            return DASH
        if value < 0:
            return "-" + self.money(-value)
        if self.zh and value >= 10000:
            amount = format_compact_decimal(value, fraction_digits=1, locale=self.locale)
        else:
            amount = format_decimal(value, "#,##0", locale=self.locale)
        return self.gettext("¥%(amount)s", amount=amount)

    def date(self, value: dt.date | str | None) -> str:
        if not value:
            return ""
        return format_date(_as_date(value), "long", locale=self.locale)

    def date_range(self, start: dt.date | str | None, end: dt.date | str | None) -> str:
        if not start:
            return ""
        if not end or _as_date(end) == _as_date(start):
            return self.date(start)
        return format_interval(_as_date(start), _as_date(end), "yMMMd", locale=self.locale)


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is defined (a table of codes and their
    names); it is translated where it is spoken, with `Speaker.gettext`."""
    return message


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


@functools.cache
def speaker(language: str, translations: Path) -> Speaker:
    """The speaker of `language` with a service's catalogue under `translations`, over the
    common one (loaded once per process; .mo files are compiled from the .po files when
    missing or older)."""
    catalogue = _catalogue(language, COMMON_TRANSLATIONS)
    service = _catalogue(language, translations)
    if isinstance(catalogue, Translations) and isinstance(service, Translations):
        catalogue.merge(service)
    elif isinstance(service, Translations):
        catalogue = service
    return Speaker(language, catalogue)


def _catalogue(language: str, directory: Path) -> NullTranslations:
    compile_catalogs(directory)
    return Translations.load(str(directory), [LOCALES[language], language])
