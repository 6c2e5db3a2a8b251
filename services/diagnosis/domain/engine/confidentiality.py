"""Rater confidentiality: which raters' answers count and which groups get figures of their own.

Staff and board raters answer through their own link and are told that the leader sees only
figures combined over at least MIN_RATERS of them. The rule is applied here, before any
figure is computed, so that no figure over fewer raters ever enters the result (the API, the
event, the report and the spreadsheets all carry the result as it is). The rule itself is
the contract's (`services.common.contracts.diagnosis.rater_groups`), which reporting checks
again on what it prints."""

from __future__ import annotations

from collections.abc import Sequence

from services.common.contracts.diagnosis import MIN_RATERS as MIN_RATERS
from services.common.contracts.diagnosis import OTHER_RATERS as OTHER_RATERS
from services.common.contracts.diagnosis import rater_groups as groups_of

from .inputs import TEAM_ROLES, RaterAnswers


def rater_groups(raters: Sequence[RaterAnswers]) -> tuple[list[RaterAnswers], dict[str, tuple[str, ...]]]:
    """team = the staff and board raters who submitted (the leader is one person and sees
    their own figures). When team < 3, the team's answers count in no figure (not in the
    scores, the item means or ranges, nor the gap) and no team group is shown. Otherwise a
    role gets figures of its own only when every role with raters has at least 3 of them
    (else a small role could be worked out from the team's figure minus the other role's);
    when not, staff and board merge into one group, "other raters" (其他评分人).
    Returns (the raters who count, {group: its roles}) with the leader's own group first."""
    team = [r for r in raters if r.role in TEAM_ROLES]
    leader = [r for r in raters if r.role not in TEAM_ROLES]
    groups: dict[str, tuple[str, ...]] = {"leader": ("leader",)} if leader else {}
    team_groups = groups_of({role: sum(1 for r in team if r.role == role) for role in TEAM_ROLES})
    if not team_groups:
        return leader, groups
    return leader + team, {**groups, **team_groups}
