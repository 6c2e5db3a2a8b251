"""The method appendix: every formula, quoted from the docstring of the function computing it."""

from __future__ import annotations

import inspect
from typing import Any

from . import cohort, dimensions, finance, keyperson, matching, paths, perspectives, priorities, regions, stage
from .common import level_to_score, weighted_mean

FORMULAS = (
    ("level_to_score", level_to_score),
    ("item_statistics", dimensions.item_statistics),
    ("dimension_score", dimensions.dimension_score),
    ("leader_team_gap", dimensions.leader_team_gap),
    ("weighted_mean", weighted_mean),
    ("perspective_score", perspectives.perspective_score),
    ("total_revenue", finance.total_revenue),
    ("total_expenses", finance.total_expenses),
    ("equity_ratio", finance.equity_ratio),
    ("revenue_concentration", finance.revenue_concentration),
    ("admin_cost_ratio", finance.admin_cost_ratio),
    ("operating_margin", finance.operating_margin),
    ("months_of_reserve", finance.months_of_reserve),
    ("programme_expense_ratio", finance.programme_expense_ratio),
    ("self_sufficiency", finance.self_sufficiency),
    ("staff_turnover", finance.staff_turnover),
    ("leader_donation_share", finance.leader_donation_share),
    ("indicator_flag", finance.is_risky),
    ("indicator_health", finance.health),
    ("governance_weakness", keyperson.governance_weakness),
    ("leader_donation_part", keyperson.leader_donation_part),
    ("gap_part", keyperson.gap_part),
    ("key_person_index", keyperson.key_person_index),
    ("stage_met", stage.stage_met),
    ("ladder_stage", stage.ladder_stage),
    ("path_signals", paths),
    ("path_fit", paths.path_fit),
    ("priority_need", priorities.need),
    ("quartiles", cohort.quartiles),
    ("percentile", cohort.percentile),
    ("risky_rank", cohort.risky_rank),
    ("worst_quintile_flags", cohort.worst_quintile_flags),
    ("vulnerability_counts", cohort.vulnerability_counts),
    ("scan_summary", cohort.scan_summary),
    ("complementarity", matching.complementarity),
    ("jaccard", matching.jaccard),
    ("shared_area", regions.shared_area),
    ("match_type", matching.match_type),
    ("match_score", matching.match_score),
)


def method() -> list[dict[str, Any]]:
    """[{"name", "formula"}]: the docstrings above, in reading order, for the report's appendix."""
    return [{"name": name, "formula": inspect.getdoc(obj)} for name, obj in FORMULAS]
