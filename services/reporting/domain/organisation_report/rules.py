"""Sentences chosen from facts by rules: each section keeps one small table of
(key, condition on its facts, message, placeholders), read top to bottom, the first rule whose
condition holds says the sentence. Pure: the table sees facts only, the speaker only formats.

    TABLE = (
        Rule("tie", lambda f: f.top == f.low, N_("All score %(score)s."), lambda f, s: {"score": s.score(f.top)}),
        Rule("spread", always, N_("From %(low)s to %(top)s."), lambda f, s: {...}),
    )
    chosen(TABLE, facts).key   # what the tests check: which rule spoke, from which facts
    say(TABLE, facts, speak)   # the sentence, in the speaker's language ("" when no rule holds)

A message counted in a plural is said by `words`, a call of the speaker's `ngettext` (where the
catalogue's extraction finds both forms): `words=lambda f, s: s.ngettext("%(num)d item", "%(num)d items", f.n)`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from services.common.i18n import Speaker

F = TypeVar("F")


def always(_facts: Any) -> bool:
    return True


def _no_values(_facts: Any, _speak: Speaker) -> Mapping[str, Any]:
    return {}


@dataclass(frozen=True)
class Rule(Generic[F]):
    key: str  # stable, for tests and for reading the table
    when: Callable[[F], bool]
    message: str  # a msgid (N_), or "" for a rule that deliberately says nothing
    values: Callable[[F, Speaker], Mapping[str, Any]] = _no_values
    words: Callable[[F, Speaker], str] | None = None  # instead of message: a plural, said by the speaker


def chosen(table: tuple[Rule[F], ...], facts: F) -> Rule[F] | None:
    """The first rule of the table whose condition holds."""
    return next((rule for rule in table if rule.when(facts)), None)


def render(rule: Rule[F] | None, facts: F, speak: Speaker) -> str:
    if rule is not None and rule.words is not None:
        return rule.words(facts, speak)
    if rule is None or not rule.message:
        return ""
    return speak.gettext(rule.message, **dict(rule.values(facts, speak)))


def say(table: tuple[Rule[F], ...], facts: F, speak: Speaker) -> str:
    return render(chosen(table, facts), facts, speak)
