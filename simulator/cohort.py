"""A realistic, deterministic sample cohort: 36 fictional but plausible Guizhou nonprofit
organisations, each with a leader and 0–3 staff or board raters whose answers fit the
organisation's story (a team of two gets a third, so that most teams are large enough, three,
to be shown; teams of one stay, as in a real workshop, and count in no figure). The same seed gives the same cohort.

Four organisations carry known cases, so that tests (and a facilitator trying Nianlun) can
check that the diagnosis finds them:
  KNOWN["one_funder"]       lives on a single foundation grant
  KNOWN["rosy_leader"]      a leader who rates far above the team
  KNOWN["thin_reserve"]     two months of reserve
  KNOWN["complements"]      two organisations whose strengths and weaknesses mirror each other
"""

from __future__ import annotations

import dataclasses
import random

KNOWN = {"one_funder": 0, "rosy_leader": 1, "thin_reserve": 2, "complements": (3, 4)}

PLACES = [
    "安顺市西秀区",
    "安顺市平坝区",
    "安顺市普定县",
    "安顺市镇宁县",
    "安顺市关岭县",
    "安顺市紫云县",
    "贵阳市南明区",
    "贵阳市观山湖区",
    "遵义市红花岗区",
    "黔南州都匀市",
    "毕节市七星关区",
    "六盘水市钟山区",
]

# (name pattern, focus areas, legal form, income mix weights over the seven income lines)
ARCHETYPES = [
    (
        "{place}{word}社会工作服务中心",
        ("social_work", "community_governance"),
        "social_service_agency",
        {"government_purchase": 0.7, "foundation_grants": 0.15, "public_donations": 0.05, "other": 0.1},
    ),
    (
        "{place}{word}家庭教育促进会",
        ("family_education", "children"),
        "social_group",
        {"foundation_grants": 0.45, "corporate_giving": 0.2, "public_donations": 0.2, "leader_donations": 0.15},
    ),
    (
        "{place}{word}儿童成长服务中心",
        ("children", "education"),
        "social_service_agency",
        {"foundation_grants": 0.5, "government_purchase": 0.3, "public_donations": 0.2},
    ),
    (
        "{place}{word}为老服务中心",
        ("elderly", "health"),
        "social_service_agency",
        {"government_purchase": 0.55, "earned_income": 0.35, "other": 0.1},
    ),
    (
        "{place}{word}助残服务中心",
        ("disability", "health"),
        "social_service_agency",
        {"government_purchase": 0.4, "foundation_grants": 0.3, "earned_income": 0.2, "public_donations": 0.1},
    ),
    (
        "{place}{word}乡村发展协会",
        ("rural_development", "environment"),
        "social_group",
        {"foundation_grants": 0.5, "corporate_giving": 0.3, "earned_income": 0.2},
    ),
    (
        "{place}{word}志愿者协会",
        ("community_governance", "environment"),
        "social_group",
        {"public_donations": 0.4, "corporate_giving": 0.3, "leader_donations": 0.3},
    ),
    (
        "{place}{word}公益发展中心",
        ("social_work", "education", "children"),
        "social_service_agency",
        {"earned_income": 0.45, "foundation_grants": 0.25, "government_purchase": 0.3},
    ),
]
WORDS = [
    "阳光",
    "同心",
    "春晖",
    "众行",
    "知行",
    "山花",
    "暖心",
    "启明",
    "益友",
    "扶助",
    "新芽",
    "和美",
    "乐龄",
    "守望",
    "携手",
    "木棉",
    "晨曦",
    "夜郎",
    "屯堡",
    "黄果树",
    "红枫",
    "云上",
    "格凸",
    "花溪",
    "明德",
    "恒心",
    "善水",
    "青禾",
    "朝阳",
    "微光",
    "星火",
    "桃源",
    "拾穗",
    "归巢",
    "同行",
    "向阳",
]
STAGE_BY_CAPACITY = ["activities", "projects", "products", "know_how"]


@dataclasses.dataclass(frozen=True)
class InstrumentCodes:
    """The codes a sample cohort needs; from the instrument object or its JSON."""

    items: dict[str, list[str]]  # dimension -> item codes
    scan: dict[str, list[str]]  # quadrant -> scan codes
    criteria: dict[str, list[str]]  # stage -> criterion codes
    numbers: list[str]

    @classmethod
    def from_json(cls, instrument: dict) -> InstrumentCodes:
        def group(entries, key):
            grouped: dict[str, list[str]] = {}
            for entry in entries:
                grouped.setdefault(entry[key], []).append(entry["code"])
            return grouped

        return cls(
            items={d["code"]: [i["code"] for i in d["items"]] for d in instrument["dimensions"]},
            scan=group(instrument["scan_items"], "quadrant"),
            criteria=group(instrument["stage_criteria"], "stage"),
            numbers=[n["code"] for n in instrument["numbers"]],
        )

    @classmethod
    def from_instrument(cls, instrument) -> InstrumentCodes:
        return cls.from_json(dataclasses.asdict(instrument))


@dataclasses.dataclass(frozen=True)
class SampleOrganisation:
    profile: dict  # what the registration form takes
    leader: dict  # the leader's whole response: answers, numbers, scan, scan_text, stage_evidence, path_views
    raters: list[tuple[str, dict]]  # (role, answers) of staff and board


def sample_cohort(codes: InstrumentCodes, size: int = 36, seed: int = 2024) -> list[SampleOrganisation]:
    rng = random.Random(seed)
    return [_organisation(codes, rng, index) for index in range(size)]


def _organisation(codes: InstrumentCodes, rng: random.Random, index: int) -> SampleOrganisation:
    pattern, focus, legal_form, mix = ARCHETYPES[index % len(ARCHETYPES)]
    place = PLACES[(index * 5) % len(PLACES)] if index not in KNOWN["complements"] else PLACES[0]
    if index in KNOWN["complements"]:
        pattern, focus, legal_form, mix = ARCHETYPES[2]
    name = pattern.format(place=place.split("市")[-1].split("州")[-1], word=WORDS[index % len(WORDS)])
    capacity = rng.choice([1.6, 2.0, 2.4, 2.8, 3.2, 3.5])  # the organisation's overall strength, in levels
    staff = max(1, int(rng.gauss(4 + 4 * (capacity - 1.6), 2)))
    if rng.random() < 0.4:  # some have grown into a third field
        focus = focus + (rng.choice(["health", "education", "community_governance", "elderly"]),)
        focus = tuple(dict.fromkeys(focus))
    profile = {
        "name_zh": name,
        "legal_form": legal_form,
        "founded_year": 2024 - rng.randint(2, 18),
        "years_in_sector": rng.randint(2, 25),
        "focus_areas": list(focus),
        "service_region": place,
        "leader_name": rng.choice("王李张刘陈杨赵黄周吴")
        + rng.choice(["丽", "勇", "静", "敏", "军", "芳", "伟", "燕"]),
        "mobile": f"139{index:04d}{rng.randint(1000, 9999)}",
        "staff_full_time": staff,
        "staff_part_time": rng.randint(0, 4),
        "volunteers": rng.randint(5, 300),
    }
    levels = _levels(codes, rng, capacity, index)
    leader = {
        "answers": levels,
        "numbers": _numbers(rng, capacity, staff, mix, index),
        "scan": _scan(codes, rng, capacity),
        "scan_text": _scan_text(rng, focus),
        "scan_text_named": index % 3 == 0,  # a third of the leaders allow their name with their words
        "stage_evidence": _stage(codes, capacity),
        "path_views": _path_views(rng, focus, staff),
    }
    return SampleOrganisation(profile=profile, leader=leader, raters=_team(codes, rng, levels, capacity, index))


def _levels(codes: InstrumentCodes, rng: random.Random, capacity: float, index: int) -> dict[str, int]:
    strong, weak = _complement_plan(index)
    answers = {}
    for dimension, items in codes.items.items():
        centre = 4 if dimension in strong else 1.3 if dimension in weak else capacity + rng.uniform(-0.6, 0.6)
        for code in items:
            answers[code] = _clamp(round(rng.gauss(centre, 0.45)))
    return answers


def _complement_plan(index: int) -> tuple[set, set]:
    """The two complementary organisations: each strong where the other is weak."""
    first, second = KNOWN["complements"]
    if index == first:
        return {"team_growth", "service_innovation"}, {"cooperation", "expansion"}
    if index == second:
        return {"cooperation", "expansion"}, {"team_growth", "service_innovation"}
    return set(), set()


def _team(codes: InstrumentCodes, rng: random.Random, leader: dict[str, int], capacity: float, index: int):
    count = 3 if index == KNOWN["rosy_leader"] else rng.choice([0, 0, 1, 1, 2, 3])
    team = []
    for n in range(count):
        role = "board" if n == 2 else "staff"
        if index == KNOWN["rosy_leader"]:
            answers = {code: _clamp(level - 2 - (n % 2)) for code, level in leader.items()}
        else:
            answers = {code: _clamp(level + rng.choice([-1, 0, 0, 0, 1])) for code, level in leader.items()}
        team.append((role, answers))
    # A team of two gets a third staff member (two would be counted in no figure), and the two
    # complementary organisations a team of three (their strengths confirmed, so that they can
    # help each other): each from a draw of its own, so that the rest of the cohort stays as it was.
    least = 3 if count == 2 or index in KNOWN["complements"] else count
    own = random.Random(f"third rater {index}")
    while len(team) < least:
        team.append(("staff", {code: _clamp(level + own.choice([-1, 0, 0, 0, 1])) for code, level in leader.items()}))
    if index == KNOWN["rosy_leader"]:
        leader.update({code: 4 for code in leader})
    return team


def _numbers(rng: random.Random, capacity: float, staff: int, mix: dict, index: int) -> dict[str, float]:
    revenue = round(staff * rng.uniform(60_000, 110_000), -3)
    if index == KNOWN["one_funder"]:
        mix = {"foundation_grants": 1.0}
    numbers = {f"income.{line}": round(revenue * share, -2) for line, share in mix.items()}
    expenses = revenue * rng.uniform(0.9, 1.05)
    admin_share = rng.uniform(0.06, 0.16) if capacity > 2 else rng.uniform(0.02, 0.06)
    numbers.update(
        {
            "expense.administration": round(expenses * admin_share, -2),
            "expense.fundraising": round(expenses * rng.uniform(0, 0.04), -2),
        }
    )
    numbers["expense.programme"] = round(
        expenses - numbers["expense.administration"] - numbers["expense.fundraising"], -2
    )
    reserve_months = (
        2.0 if index == KNOWN["thin_reserve"] else rng.uniform(3.5, 9) if capacity > 2.2 else rng.uniform(0.5, 4)
    )
    reserves = round(expenses / 12 * reserve_months, -2)
    numbers.update(
        {
            "balance.unrestricted_reserves": reserves,
            "balance.net_assets": round(reserves * rng.uniform(1.1, 1.6), -2),
            "people.staff_full_time": staff,
            "people.staff_part_time": rng.randint(0, 4),
            "people.departures_12m": rng.randint(0, max(1, staff // 2)),
            "people.volunteers": rng.randint(5, 300),
            "people.fundraising_staff": 1 if capacity > 2.8 and staff > 5 else 0,
        }
    )
    if index == KNOWN["thin_reserve"]:  # keep its reserve at exactly two months of spending
        numbers["balance.unrestricted_reserves"] = round(
            (numbers["expense.programme"] + numbers["expense.administration"] + numbers["expense.fundraising"])
            / 12
            * 2,
            2,
        )
        numbers["balance.net_assets"] = round(numbers["balance.unrestricted_reserves"] * 1.3, 2)
    for line in (
        "government_purchase",
        "foundation_grants",
        "corporate_giving",
        "public_donations",
        "leader_donations",
        "earned_income",
        "other",
    ):
        numbers.setdefault(f"income.{line}", 0)
    return numbers


def _scan(codes: InstrumentCodes, rng: random.Random, capacity: float) -> dict[str, int]:
    chance = {"opportunity": 0.55, "threat": 0.6, "strength": 0.25 + capacity / 8, "weakness": 0.9 - capacity / 6}
    return {
        code: (2 if rng.random() < 0.3 else 1) if rng.random() < chance[quadrant] else 0
        for quadrant, items in codes.scan.items()
        for code in items
    }


def _scan_text(rng: random.Random, focus: tuple) -> str:
    return rng.choice(
        [
            "政府购买项目越来越看重财务规范，我们的会计是兼职的，压力很大。",
            "县里的年轻社工做满两年就走了，培养一个人要一年多。",
            "家长很认可我们的课程，但收费一提高就有人退出。",
            "疫情后企业捐赠明显少了，明年的预算还没有着落。",
            "我们想把志愿者培训做成一套能复制到其他乡镇的课程。",
        ]
    ) + (f"（我们同时在做 {len(focus)} 个领域的服务。）" if rng.random() < 0.2 else "")  # words, not codes


def _stage(codes: InstrumentCodes, capacity: float) -> dict[str, bool]:
    reached = sum(capacity >= floor for floor in (0, 2.3, 3.1, 3.4))  # strong organisations have climbed further
    return {
        code: stage in STAGE_BY_CAPACITY[:reached] for stage, criteria in codes.criteria.items() for code in criteria
    }


def _path_views(rng: random.Random, focus: tuple, staff: int) -> dict[str, int]:
    return {
        "specialise": 4 if len(focus) <= 2 else 2,
        "core_two_wings": rng.randint(2, 4),
        "regional": rng.randint(1, 4),
        "group": 3 if staff > 12 else 1,
        "consortium": 4 if staff < 5 else rng.randint(1, 3),
        "new_type": rng.randint(1, 3),
    }


def _clamp(level: float) -> int:
    return int(min(4, max(1, level)))


# Six months later (the follow-up round): most organisations worked on what their report put
# first, some stalled, a few slipped where attention went elsewhere.
IMPROVED, STALLED, SLIPPED = "improved", "stalled", "slipped"


def follow_up_story(index: int) -> str:
    return STALLED if index % 5 == 4 else SLIPPED if index % 7 == 6 else IMPROVED


def worked_on(codes: InstrumentCodes, priorities: list[str], index: int) -> list[str]:
    """The dimensions an organisation worked on after its report: the first two of its
    priorities that are dimensions, if its story is one of improvement."""
    if follow_up_story(index) != IMPROVED:
        return []
    return [area for area in priorities if area in codes.items][:2]


def six_months_later(codes: InstrumentCodes, answers: dict[str, int], priorities: list[str], index: int) -> dict:
    """The same respondent's answers in the follow-up round (a deterministic, plausible
    change): an improving organisation is one level up on every item of the dimensions it
    worked on; a slipping one a level down on its strongest dimension; a stalled one
    answers as before."""
    later = dict(answers)
    for dimension in worked_on(codes, priorities, index):
        later.update({code: _clamp(answers[code] + 1) for code in codes.items[dimension]})
    if follow_up_story(index) == SLIPPED:
        strongest = max(codes.items, key=lambda d: sum(answers[c] for c in codes.items[d]))
        later.update({code: _clamp(answers[code] - 1) for code in codes.items[strongest]})
    return later
