"""The diagnosis instrument as data: what is asked, in Chinese and English.

An instrument is versioned; every stored answer and score names its version. The content
lives in `services/diagnosis/instrument/<version>.yaml`; `adapters/instrument_files.py`
reads and validates it at start-up into these frozen objects (no I/O here).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

LEVELS = (1, 2, 3, 4)  # rubric levels; "if between two levels, choose the lower"
ROLES = ("leader", "staff", "board")
SCAN_QUADRANTS = ("opportunity", "threat", "strength", "weakness")
SCAN_CHOICES = (0, 1, 2)  # does not apply / applies / strongly applies
STAGES = ("activities", "projects", "products", "know_how")  # 活动 → 项目 → 产品 → 技术输出
PATHS = ("specialise", "core_two_wings", "regional", "group", "consortium", "new_type")
NUMBER_GROUPS = ("income", "expense", "balance", "people")


@dataclasses.dataclass(frozen=True)
class Text:
    zh: str
    en: str


@dataclasses.dataclass(frozen=True)
class Item:
    """One statement rated on a 4-level rubric; `levels[0]` describes level 1."""

    code: str  # "<dimension>.<name>", e.g. "hub.mission"
    dimension: str
    text: Text
    levels: tuple[Text, Text, Text, Text]


@dataclasses.dataclass(frozen=True)
class Dimension:
    """The wheel's hub (mission, vision, values), one of its eight spokes, or governance."""

    code: str
    kind: str  # "hub" | "spoke" | "governance"
    name: Text
    items: tuple[Item, ...]


@dataclasses.dataclass(frozen=True)
class Perspective:
    """A scorecard perspective with the seed's guiding question, computed from dimension
    scores and financial indicators by explicit weights."""

    code: str  # "clients" | "operations" | "finance" | "growth"
    name: Text
    question: Text
    dimension_weights: Mapping[str, float]
    indicator_weights: Mapping[str, float]


@dataclasses.dataclass(frozen=True)
class ScanItem:
    code: str
    quadrant: str  # one of SCAN_QUADRANTS
    text: Text


@dataclasses.dataclass(frozen=True)
class NumberField:
    code: str  # e.g. "income.government_purchase", "expense.administration", "people.departures_12m"
    group: str  # one of NUMBER_GROUPS
    label: Text
    unit: str  # "yuan" | "people"


@dataclasses.dataclass(frozen=True)
class StageCriterion:
    """A yes/no statement that is evidence for a stage of the growth ladder."""

    code: str
    stage: str  # one of STAGES
    text: Text


@dataclasses.dataclass(frozen=True)
class Stage:
    code: str
    name: Text
    description: Text


@dataclasses.dataclass(frozen=True)
class DevelopmentPath:
    code: str  # one of PATHS
    name: Text
    description: Text


@dataclasses.dataclass(frozen=True)
class Action:
    """A concrete step for a weak area: a dimension code or a financial indicator code."""

    code: str
    area: str
    text: Text


@dataclasses.dataclass(frozen=True)
class Instrument:
    version: str
    title: Text
    dimensions: tuple[Dimension, ...]  # hub first, then the eight spokes, then governance
    perspectives: tuple[Perspective, ...]
    scan_items: tuple[ScanItem, ...]
    numbers: tuple[NumberField, ...]
    stages: tuple[Stage, ...]
    stage_criteria: tuple[StageCriterion, ...]
    paths: tuple[DevelopmentPath, ...]
    actions: tuple[Action, ...]

    def dimension(self, code: str) -> Dimension:
        return next(d for d in self.dimensions if d.code == code)

    @property
    def items(self) -> dict[str, Item]:
        return {item.code: item for dimension in self.dimensions for item in dimension.items}
