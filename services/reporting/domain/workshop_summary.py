"""The workshop summary (工作坊总结), for facilitators only: what the cohort looks like as a whole.

Pure: no I/O, no clock, no HTML. `workshop_summary_context` turns the facilitator's view of a
workshop (the `cohort` composed by the diagnosis service), every organisation's own result and
the instrument's wording into what the page shows, in one language (Chinese by default).
The charts are drawn from this context by the adapter (`adapters/summary_charts.py`).

Privacy: aggregates (distributions, scan counts, stage and path spreads, shared weaknesses) are
shown only over at least `min_cohort` organisations (5); below that the context carries a note
instead. Names, raters, free texts and matches are per organisation: the facilitator sees them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from services.common.contracts.diagnosis import MIN_COHORT
from services.common.messages import LANGUAGES

from .labels import FOCUS_AREAS

NETWORK_EDGES = 30  # the strongest matches drawn in the network picture
MATCHES_LISTED = 10  # … and listed with their reasons
TOPIC_MIN_SHARE = 0.2  # a weakness becomes a training topic when at least 20% share it …
TOPICS_MAX = 6  # … at most this many topics …
TOPICS_MIN = 3  # … and at least the three most common ones
SCAN_TOP = 5

# --------------------------------------------------------------------------- wording

LABELS: dict[str, tuple[str, str]] = {
    "document": ("工作坊总结", "Workshop summary"),
    "facilitators_only": (
        "仅供培训师和主办方使用，请勿转发给参训机构。",
        "For facilitators and organisers only; do not pass on to the organisations.",
    ),
    "running_note": ("仅供培训师和主办方使用，请勿转发", "Facilitators only: do not pass on"),
    "generated_on": ("生成日期", "Generated on"),
    "dates": ("日期", "Dates"),
    "venue": ("地点", "Venue"),
    "instrument": ("诊断工具版本", "Instrument version"),
    "contents": ("目录", "Contents"),
    "highlights": ("要点", "Highlights"),
    # sections
    "s_roster": ("名册与日程", "Roster and agenda"),
    "s_participation": ("参与情况", "Participation"),
    "s_distribution": ("各维度得分分布", "Score distributions by dimension"),
    "s_scan": ("行业扫描", "Industry scan"),
    "s_stages_paths": ("成长阶段与发展路径", "Growth stages and development paths"),
    "s_network": ("链接与合作网络", "Collaboration network"),
    "s_topics": ("共同短板与后续培训主题", "Shared weaknesses and suggested training topics"),
    # roster and agenda
    "roster": ("参训机构名册", "Roster"),
    "agenda": ("闪电发言日程", "Lightning-talk agenda"),
    "no": ("序号", "No."),
    "time": ("时间", "Time"),
    "organisation": ("机构", "Organisation"),
    "region": ("服务地区", "Region"),
    "focus": ("关注领域", "Focus areas"),
    "status": ("状态", "Status"),
    "break": ("茶歇", "Break"),
    "no_roster": ("没有提供名册。", "No roster was given."),
    "no_agenda": ("没有提供日程。", "No agenda was given."),
    # participation
    "registered": ("已报名机构", "Organisations registered"),
    "submitted": ("已提交诊断", "Diagnoses submitted"),
    "raters_total": ("评分人总数", "Raters in all"),
    "leader": ("负责人", "Leader"),
    "staff": ("员工", "Staff"),
    "board": ("理事", "Board"),
    "total": ("合计", "Total"),
    "submitted_q": ("已提交", "Submitted"),
    "yes": ("是", "yes"),
    "not_yet": ("未提交", "not yet"),
    "waiting_for": ("尚未提交诊断的机构", "Organisations that have not submitted yet"),
    "raters_note": (
        "评分人：负责人必填，员工和理事由负责人邀请，选填。只有负责人一人评分的机构，报告中看不到团队视角。",
        "Raters: the leader is required; staff and board members are invited by the leader. "
        "Where only the leader rated, the report has no team view.",
    ),
    "leader_only": ("只有负责人评分的机构", "Organisations rated by the leader only"),
    # distribution
    "distribution_caption": (
        "每个点是一家机构（位置略有错开以免重叠）；方框为四分位区间，竖线为中位数。",
        "Each dot is one organisation (slightly spread to avoid overlap); the box is the "
        "interquartile range, the line the median.",
    ),
    "dimension": ("维度", "Dimension"),
    "perspective": ("平衡计分卡视角", "Scorecard perspective"),
    "indicator": ("财务指标", "Financial indicator"),
    "n": ("机构数", "n"),
    "q1": ("下四分位", "Q1"),
    "median": ("中位数", "Median"),
    "q3": ("上四分位", "Q3"),
    "median_all": ("全部工作坊中位数", "Median, all workshops"),
    "score_axis": ("得分（0–100）", "Score (0–100)"),
    # scan
    "quadrant": ("象限", "Quadrant"),
    "chosen": ("选择的机构", "Organisations choosing it"),
    "strongly": ("其中“非常符合”", "of which “strongly applies”"),
    "most_chosen": ("选择最多的几项", "Most chosen items"),
    "free_texts": ("负责人的补充说明", "The leaders' own words"),
    "no_free_texts": ("没有负责人填写补充说明。", "No leader wrote a comment."),
    "scan_caption": (
        "条形长度为选择该项的机构占比，深色部分为“非常符合”；数字为选择该项的机构数，括号内为其中“非常符合”的机构数。",
        "Bar length: the share of organisations choosing the item, the dark part “strongly applies”; "
        "the number counts the organisations choosing it, in brackets those saying “strongly applies”.",
    ),
    "orgs_unit": ("家", ""),
    # stages and paths
    "stages": ("成长阶段", "Growth stage"),
    "paths": ("最适合的发展路径", "Best-fit development path"),
    "spread_caption": (
        "左：各机构在成长阶梯（活动 → 项目 → 产品 → 技术输出）上达到的阶段；右：每家机构排第一的发展路径。",
        "Left: the stage each organisation has reached on the growth ladder (activities → projects → "
        "products → know-how); right: each organisation's best-fit development path.",
    ),
    "count": ("机构数", "Organisations"),
    "share": ("占比", "Share"),
    # network
    "network_caption": (
        "圆周上每个点是一家机构，连线是匹配度最高的 {k} 对，箭头由能提供帮助的一方指向需要帮助的一方；颜色表示合作类型。",
        "Each point on the circle is an organisation; the lines are the {k} strongest matches, "
        "pointing from the organisation that can help to the one that needs it; colours show the type.",
    ),
    "top_matches": ("建议优先对接的机构", "Pairs worth introducing first"),
    "matches_found": ("推荐的互补机构对", "Suggested complementary pairs"),
    "pair": ("机构对", "Pair"),
    "type": ("类型", "Type"),
    "fit": ("匹配度", "Fit"),
    "why": ("理由", "Why"),
    "no_matches": ("暂时没有找到互补的机构对。", "No complementary pairs were found yet."),
    # topics
    "topics_intro": (
        "下表把最多机构列为“前三项优先事项”的领域，整理成下一阶段的培训主题建议。",
        "The areas that most organisations have among their three priorities, turned into "
        "suggested topics for the next sessions.",
    ),
    "area": ("领域", "Area"),
    "organisations_sharing": ("涉及机构", "Organisations"),
    "session": ("建议课程", "Proposed session"),
    "kind_dimension": ("运营之轮", "Operations wheel"),
    "kind_indicator": ("财务指标", "Financial indicator"),
    "no_topics": ("还没有足够的诊断结果来归纳共同短板。", "Not enough diagnoses yet to find shared weaknesses."),
    # suppression
    "suppressed": (
        "本期只有 {n} 家机构提交了诊断，少于 {min} 家。为保护各机构的隐私，这里不显示汇总数字和分布。",
        "Only {n} organisation(s) have submitted a diagnosis, fewer than {min}. To protect each "
        "organisation's privacy, no aggregate figures or distributions are shown here.",
    ),
}

STATUS_LABELS = {
    "registered": ("已报名", "registered"),
    "waitlisted": ("候补", "waitlisted"),
    "withdrawn": ("已退出", "withdrawn"),
}
QUADRANTS = (  # the seed's order: outside in, then inside
    ("opportunity", ("机会", "Opportunities")),
    ("threat", ("威胁", "Threats")),
    ("strength", ("优势", "Strengths")),
    ("weakness", ("劣势", "Weaknesses")),
)
STAGES = (
    ("none", ("尚未到“活动”阶段", "Not yet at “activities”")),
    ("activities", ("活动", "Activities")),
    ("projects", ("项目", "Projects")),
    ("products", ("产品", "Products")),
    ("know_how", ("技术输出", "Exporting know-how")),
)
PATHS = (
    ("specialise", ("专精路线", "Specialise")),
    ("core_two_wings", ("一体两翼", "One core, two wings")),
    ("regional", ("区域综合", "Regional comprehensive provider")),
    ("group", ("集团化", "Group")),
    ("consortium", ("联合体", "Consortium")),
    ("new_type", ("新型组织", "New-type organisation")),
)
MATCH_TYPES = (  # drawing order and colours are the adapter's; names here
    ("resource_sharing", ("资源共享", "resource sharing")),
    ("staff_exchange", ("人员交流", "staff exchange")),
    ("project_cooperation", ("项目合作", "project cooperation")),
)
PERCENT_INDICATORS = {
    "equity_ratio",
    "admin_cost_ratio",
    "operating_margin",
    "programme_expense_ratio",
    "self_sufficiency",
    "staff_turnover",
    "leader_donation_share",
}

# The training topic each shared weakness suggests: (title zh, title en, content zh, content en).
TOPICS: dict[str, tuple[str, str, str, str]] = {
    "hub": (
        "使命、愿景、价值观：从一句话使命到“接不接项目”的标准",
        "Mission, vision and values: from a one-line mission to criteria for taking on projects",
        "每家机构写出一句话使命和三到五年愿景，定下接项目的标准，用价值观讨论“为养人接项目”的两难案例。",
        "Each organisation writes a one-line mission and a 3–5-year vision, sets criteria for accepting projects, "
        "and uses its values to discuss the dilemma of taking projects just to pay staff.",
    ),
    "structure_strategy": (
        "三年战略规划与组织架构",
        "A three-year strategic plan and a clear structure",
        "用一天画出机构的三年规划（定位、目标、预算），再拆成年度计划、岗位职责和半年复盘。",
        "Draft the three-year plan in a day (positioning, goals, budget), then break it into an "
        "annual plan, job duties and a six-monthly review.",
    ),
    "service_innovation": (
        "从项目到产品：服务设计与创新",
        "From projects to products: service design and innovation",
        "借联众力“活动→项目→产品→技术输出”的案例，用需求调研和服务包模板，把一个项目打磨成可复制的产品。",
        "Using the 联众力 ladder (activities → projects → products → know-how), turn one project into a "
        "replicable service package with a needs study and a package template.",
    ),
    "team_growth": (
        "团队专业成长：能力地图、督导与职业通道",
        "Team growth: skills maps, supervision and career paths",
        "画岗位能力地图，定年度培训和督导计划，设计社工职业阶梯，回应“人才流失、团队不稳”。",
        "Draw a skills map for each post, plan a year of training and supervision and a social-work career "
        "ladder, answering talent loss and unstable teams.",
    ),
    "compliance": (
        "行政合规与财务规范",
        "Administrative compliance and financial rules",
        "对照年检和政府购买项目的财务要求，整理财务制度、档案、劳动合同和安全管理的自查清单。",
        "Against the annual inspection and the finance rules of government contracts, build a self-check "
        "list for financial rules, records, labour contracts and safety.",
    ),
    "efficiency": (
        "运营效能：流程、数据和简单的数字化工具",
        "Operating efficiency: routines, data and simple digital tools",
        "梳理三条最常用的工作流程，用表格或小程序跟进服务记录和成本，减少重复劳动。",
        "Map the three most common routines and use a spreadsheet or mini-app to track service records and "
        "costs, cutting repeated work.",
    ),
    "cooperation": (
        "链接与合作：与政府、资方和同行一起做事",
        "Links and cooperation with government, funders and peers",
        "画出机构的利益相关方地图，练习与政府购买方对接，商定资源共享、人员交流和联合申报的具体安排。",
        "Draw a stakeholder map, practise working with government purchasers, and agree concrete resource "
        "sharing, staff exchange and joint applications.",
    ),
    "satisfaction": (
        "以服务对象为中心：收集和使用反馈",
        "Client-centred: collecting and using feedback",
        "设计简单可行的满意度和反馈收集方法，把反馈变成服务改进，并向购买方和资方讲清成效。",
        "Design simple ways to collect satisfaction and feedback, turn it into service changes, and report "
        "results clearly to purchasers and funders.",
    ),
    "expansion": (
        "业务拓展与多元收入",
        "Growing the work and diversifying income",
        "评估新领域和新区域的机会，设计一项收费服务或产品，测算成本和定价。",
        "Assess new fields and regions, design one fee-based service or product, and work out its cost and price.",
    ),
    "governance": (
        "理事会治理与第二梯队：让机构离开负责人也能运转",
        "Board governance and second-line leaders: an organisation that runs without its leader",
        "理事会怎样开会和决策，写一页“决策权限表”，做“负责人离岗两周”测试，培养第二梯队。",
        "How a board meets and decides, a one-page table of decision rights, the “leader away for two weeks” "
        "test, and growing second-line leaders.",
    ),
    "equity_ratio": (
        "财务韧性：积累净资产",
        "Financial resilience: building net assets",
        "读懂资产负债表，设定每年留存结余的目标，和理事会一起决定积累的用途。",
        "Read the balance sheet, set a yearly target for retained surplus, and decide with the board what it is for.",
    ),
    "revenue_concentration": (
        "多元筹资：不把鸡蛋放在一个篮子里",
        "Diversified fundraising: not all eggs in one basket",
        "画出资金来源地图，为最大的资金来源中断准备预案，选一个新渠道（基金会小额资助、企业合作、月捐）半年内落地。",
        "Map funding sources, prepare for the largest one stopping, and open one new channel (small "
        "grants, a company partnership, monthly giving) within six months.",
    ),
    "admin_cost_ratio": (
        "管理成本与全成本核算",
        "Administrative costs and full-cost budgeting",
        "管理费用太低同样危险：学习在项目预算中合理列支管理成本，并向资方说明全成本。",
        "Too little spent on administration is risky too: budget administrative costs properly in "
        "projects and explain full cost to funders.",
    ),
    "operating_margin": (
        "收支平衡：项目全成本定价与月度核对",
        "Balancing the books: full-cost pricing and monthly checks",
        "按全成本给项目报价，每月对比收支，找出亏钱的项目并及时与资方沟通。",
        "Price projects at full cost, compare income and spending every month, and raise loss-making "
        "projects with funders in time.",
    ),
    "months_of_reserve": (
        "储备金与现金流管理",
        "Reserves and cash-flow management",
        "建立不少于三个月支出的非限定储备，做一张十二个月的现金流预测表。",
        "Build unrestricted reserves of at least three months' spending and a twelve-month cash-flow forecast.",
    ),
    "programme_expense_ratio": (
        "把钱花在服务上：支出结构分析",
        "Money for the mission: the shape of spending",
        "分析项目、管理和筹款支出的结构，找出可以压缩的非必要支出。",
        "Analyse programme, administration and fundraising spending and find costs that can be cut.",
    ),
    "self_sufficiency": (
        "自我造血：收费服务与社会企业",
        "Earning income: fee-based services and social enterprise",
        "梳理可以收费的服务，学习社会企业和“用两翼养核心”的做法，测算收费服务的盈亏。",
        "List services that could charge fees, learn from social enterprises and the “two wings feed the "
        "core” model, and work out the break-even of a paid service.",
    ),
    "staff_turnover": (
        "留住人才：薪酬、成长与稳定的团队",
        "Keeping people: pay, growth and a stable team",
        "分析离职原因，设计薪酬和成长通道，建立新人带教和骨干激励，回应“人才流失”。",
        "Analyse why people leave, design pay and growth paths, set up mentoring for newcomers and "
        "incentives for key staff.",
    ),
    "leader_donation_share": (
        "不靠负责人的钱包：减少对个人捐赠的依赖",
        "Beyond the leader's pocket: less reliance on personal donations",
        "测算负责人和理事个人捐赠在收入中的占比，制定三年内逐步降低的计划和替代来源。",
        "Measure how much income comes from the leader and board personally, and plan to lower it "
        "over three years with other sources.",
    ),
}


# --------------------------------------------------------------------------- the context


def workshop_summary_context(
    workshop: Mapping,
    cohort: Mapping,
    results: Sequence[Mapping],
    appendix: Mapping,
    language: str,
    generated_on: dt.date,
    roster: Sequence[Mapping] | None = None,
    agenda: Sequence[Mapping] | None = None,
) -> dict:
    """What the facilitator's workshop summary shows, in `language` ("zh" or "en").

    workshop: {"title_zh", "title_en", "city", "venue", "starts_on", "ends_on", ...};
    cohort: the facilitator's view (participation, benchmark, scan, scan_texts, stages, paths,
    common_weaknesses, matches); results: each organisation's own diagnosis result (a
    `diagnosis.scored` payload or its "result" are both accepted); appendix: the instrument's
    names and wording; roster: [{name_zh, status, focus_areas, service_region}];
    agenda: [{kind, number, starts_at, ends_at, name_zh}]."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown summary language {language!r}")
    lang = language
    results = [_result_of(r) for r in results]
    benchmark = cohort.get("benchmark") or {}
    min_cohort = int(benchmark.get("min_cohort") or MIN_COHORT)
    n = len(results)
    suppressed = bool(benchmark.get("suppressed")) or n < min_cohort
    t = {key: _pick(value, lang) for key, value in LABELS.items()}
    suppressed_note = t["suppressed"].format(n=n, min=min_cohort)

    names = _Names(appendix, benchmark, results, lang)
    context: dict[str, Any] = {
        "language": lang,
        "html_lang": "zh-CN" if lang == "zh" else "en",
        "t": t,
        "generated_on": generated_on.isoformat(),
        "workshop": _workshop(workshop, lang),
        "instrument_versions": sorted({str(r["instrument_version"]) for r in results if r.get("instrument_version")}),
        "n_results": n,
        "min_cohort": min_cohort,
        "suppressed": suppressed,
        "suppressed_note": suppressed_note,
        "roster": _roster(roster, lang) if roster is not None else None,
        "agenda": _agenda(agenda, lang, t) if agenda is not None else None,
        "participation": _participation(cohort.get("participation") or {}, lang),
        "distribution": _distribution(cohort, results, names, suppressed, lang),
        "scan": _scan(cohort, suppressed, lang),
        "stages": _spread(cohort.get("stages"), STAGES, names.stage, suppressed),
        "paths": _spread(cohort.get("paths"), PATHS, names.path, suppressed),
        "network": _network(cohort, lang),
        "topics": _topics(cohort.get("common_weaknesses") or [], names, n, suppressed, lang),
    }
    context["highlights"] = _highlights(context, lang)
    sections = [
        ("participation", t["s_participation"]),
        ("distribution", t["s_distribution"]),
        ("scan", t["s_scan"]),
        ("stages_paths", t["s_stages_paths"]),
        ("network", t["s_network"]),
        ("topics", t["s_topics"]),
    ]
    if roster is not None or agenda is not None:
        sections.insert(0, ("roster", t["s_roster"]))
    context["sections"] = [{"id": key, "number": i, "title": title} for i, (key, title) in enumerate(sections, 1)]
    context["section_number"] = {s["id"]: s["number"] for s in context["sections"]}
    return context


def _result_of(entry: Mapping) -> Mapping:
    """A result, from a result, a scored payload ({..., "result": ...}) or {"scored": ...}."""
    if "scored" in entry and isinstance(entry["scored"], Mapping):
        entry = entry["scored"]
    if "result" in entry and isinstance(entry["result"], Mapping):
        return entry["result"]
    return entry


def _pick(value: Any, lang: str) -> str:
    """One language of a bilingual value ({"zh", "en"} or (zh, en)); the other when empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        zh, en = value.get("zh"), value.get("en")
    else:
        zh, en = value
    first, second = (zh, en) if lang == "zh" else (en, zh)
    return first or second or ""


class _Names:
    """Names of dimensions, perspectives, indicators, stages and paths, from the appendix,
    the benchmark and the results, with built-in fallbacks."""

    def __init__(self, appendix: Mapping, benchmark: Mapping, results: Sequence[Mapping], lang: str):
        self.lang = lang
        self.dimensions: dict[str, Any] = {}
        for code, entry in (appendix.get("dimensions") or {}).items():
            self.dimensions[code] = entry.get("name")
        for code, entry in (benchmark.get("dimensions") or {}).items():
            self.dimensions.setdefault(code, entry.get("name"))
        for result in results:
            for code, entry in (result.get("dimensions") or {}).items():
                self.dimensions.setdefault(code, entry.get("name"))
        self.indicators: dict[str, Any] = {
            code: e.get("name") for code, e in (benchmark.get("indicators") or {}).items()
        }
        self.perspectives: dict[str, Any] = {
            code: e.get("name") for code, e in (appendix.get("perspectives") or {}).items()
        }
        self.stages: dict[str, Any] = dict(STAGES)
        self.paths: dict[str, Any] = dict(PATHS)
        self.priority_names: dict[str, Any] = {}
        for result in results:
            for step in (result.get("stage") or {}).get("ladder") or []:
                if step.get("name"):
                    self.stages[step["code"]] = step["name"]
            for path in result.get("paths") or []:
                if path.get("name"):
                    self.paths[path["code"]] = path["name"]
            for code, entry in ((result.get("finance") or {}).get("indicators") or {}).items():
                self.indicators.setdefault(code, entry.get("name"))
            for priority in result.get("priorities") or []:
                self.priority_names.setdefault(priority["area"], priority.get("name"))

    def dimension(self, code: str) -> str:
        return _pick(self.dimensions.get(code), self.lang) or code

    def area(self, code: str) -> str:
        value = self.dimensions.get(code) or self.indicators.get(code) or self.priority_names.get(code)
        return _pick(value, self.lang) or code

    def stage(self, code: str) -> str:
        return _pick(self.stages.get(code), self.lang) or code

    def path(self, code: str) -> str:
        return _pick(self.paths.get(code), self.lang) or code


def _workshop(workshop: Mapping, lang: str) -> dict:
    title = workshop.get("title_zh") if lang == "zh" else (workshop.get("title_en") or workshop.get("title_zh"))
    other = (
        workshop.get("title_en") if lang == "zh" else (workshop.get("title_zh") if workshop.get("title_en") else None)
    )
    starts, ends = _date_text(workshop.get("starts_on")), _date_text(workshop.get("ends_on"))
    dates = starts if not ends or ends == starts else f"{starts} – {ends}"
    place = (
        "、".join(p for p in (workshop.get("province"), workshop.get("city")) if p)
        if lang == "zh"
        else ", ".join(p for p in (workshop.get("city"), workshop.get("province")) if p)
    )
    return {
        "title": title or "",
        "other_title": other or "",
        "dates": dates,
        "place": place,
        "venue": workshop.get("venue") or "",
    }


def _date_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)


def _time_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.time, dt.datetime)):
        return value.strftime("%H:%M")
    text = str(value)
    match = re.search(r"(\d{1,2}):(\d{2})", text)
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else text


def _focus_text(codes: Any, lang: str) -> str:
    if not codes:
        return ""
    if isinstance(codes, str):
        codes = [codes]
    labels = [_pick(FOCUS_AREAS.get(c, (str(c), str(c))), lang) for c in codes]
    return ("、" if lang == "zh" else ", ").join(labels)


def _status_text(status: Any, lang: str) -> str:
    status = getattr(status, "value", status)
    return _pick(STATUS_LABELS.get(str(status), (str(status or ""), str(status or ""))), lang)


def _roster(roster: Sequence[Mapping], lang: str) -> list[dict]:
    return [
        {
            "number": i,
            "name": r.get("name_zh") or r.get("name_en") or "",
            "name_en": (r.get("name_en") or "") if lang == "en" else "",
            "region": r.get("service_region") or "",
            "focus": _focus_text(r.get("focus_areas"), lang),
            "status": _status_text(r.get("status"), lang),
            "withdrawn": str(getattr(r.get("status"), "value", r.get("status"))) == "withdrawn",
        }
        for i, r in enumerate(roster, 1)
    ]


def _agenda(agenda: Sequence[Mapping], lang: str, t: Mapping[str, str]) -> list[dict]:
    rows = []
    for slot in agenda:
        is_break = slot.get("kind") == "break"
        rows.append(
            {
                "is_break": is_break,
                "number": slot.get("number") if not is_break else None,
                "time": f"{_time_text(slot.get('starts_at'))}–{_time_text(slot.get('ends_at'))}",
                "name": t["break"] if is_break else (slot.get("name_zh") or slot.get("name_en") or ""),
            }
        )
    return rows


def _participation(participation: Mapping, lang: str) -> dict:
    rows = []
    totals: Counter[str] = Counter()
    for o in participation.get("organisations") or []:
        raters = o.get("raters") or {}
        counts = {role: int(raters.get(role) or 0) for role in ("leader", "staff", "board")}
        total = sum(int(v or 0) for v in raters.values())
        totals.update(counts)
        rows.append(
            {
                "name": o.get("name_zh") or o.get("name_en") or "",
                "name_en": (o.get("name_en") or "") if lang == "en" else "",
                "status": _status_text(o.get("status"), lang),
                "withdrawn": o.get("status") == "withdrawn",
                "submitted": bool(o.get("submitted")),
                **counts,
                "total": total,
            }
        )
    registered = int(participation.get("registered") or 0)
    submitted = int(participation.get("submitted") or 0)
    active = [r for r in rows if not r["withdrawn"]]
    return {
        "registered": registered,
        "submitted": submitted,
        "submitted_share": _percent(submitted / registered) if registered else "–",
        "raters_total": sum(r["total"] for r in rows),
        "totals": {role: totals[role] for role in ("leader", "staff", "board")},
        "rows": rows,
        "waiting": [r["name"] for r in active if not r["submitted"]],
        "leader_only": sum(1 for r in active if r["submitted"] and r["total"] and r["total"] == r["leader"]),
    }


def _distribution(cohort: Mapping, results: Sequence[Mapping], names: _Names, suppressed: bool, lang: str) -> dict:
    if suppressed:
        return {"suppressed": True}
    benchmark = cohort.get("benchmark") or {}
    everyone = cohort.get("benchmark_all_workshops") or {}
    codes = list(names.dimensions) or list(benchmark.get("dimensions") or {})
    dimensions = []
    for code in codes:
        stats = (benchmark.get("dimensions") or {}).get(code) or {}
        scores = [float(s) for s in (_dimension_score(r, code) for r in results) if s is not None]
        if not scores and not stats:
            continue
        hidden = bool(stats.get("suppressed"))
        dimensions.append(
            {
                "code": code,
                "name": names.dimension(code),
                "n": stats.get("n", len(scores)),
                "suppressed": hidden,
                "scores": [] if hidden else sorted(scores),
                "q1": stats.get("q1"),
                "median": stats.get("median"),
                "q3": stats.get("q3"),
                "q1_text": _number(stats.get("q1")),
                "median_text": _number(stats.get("median")),
                "q3_text": _number(stats.get("q3")),
                "median_all_text": _all_workshops(everyone, "dimensions", code, _number),
            }
        )
    perspectives = [
        {
            "name": _pick(s.get("name"), lang) or names.perspectives.get(code) or code,
            "n": s.get("n"),
            "q1": _number(s.get("q1")),
            "median": _number(s.get("median")),
            "q3": _number(s.get("q3")),
            "median_all": _all_workshops(everyone, "perspectives", code, _number),
        }
        for code, s in (benchmark.get("perspectives") or {}).items()
        if not s.get("suppressed")
    ]

    def indicator(code, value):
        return _indicator_text(code, value, lang)

    indicators = [
        {
            "name": _pick(s.get("name"), lang) or code,
            "n": s.get("n"),
            "q1": indicator(code, s.get("q1")),
            "median": indicator(code, s.get("median")),
            "q3": indicator(code, s.get("q3")),
            "median_all": _all_workshops(everyone, "indicators", code, lambda v, code=code: indicator(code, v)),
        }
        for code, s in (benchmark.get("indicators") or {}).items()
        if not s.get("suppressed")
    ]
    return {
        "suppressed": False,
        "dimensions": dimensions,
        "perspectives": perspectives,
        "indicators": indicators,
        "n": len(results),
    }


def _dimension_score(result: Mapping, code: str):
    entry = (result.get("dimensions") or {}).get(code)
    return entry.get("score") if entry else None


def _all_workshops(everyone: Mapping, part: str, code: str, formatter) -> str:
    if not everyone or everyone.get("suppressed"):
        return "–"
    stats = (everyone.get(part) or {}).get(code) or {}
    return "–" if stats.get("suppressed") else formatter(stats.get("median"))


def _number(value: Any, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    return f"{float(value):.{digits}f}"


def _percent(value: Any) -> str:
    if value is None:
        return "–"
    return f"{float(value) * 100:.0f}%"


def _indicator_text(code: str, value: Any, lang: str) -> str:
    if value is None:
        return "–"
    if code in PERCENT_INDICATORS:
        return f"{float(value) * 100:.1f}%"
    if code == "months_of_reserve":
        return f"{float(value):.1f} 个月" if lang == "zh" else f"{float(value):.1f} months"
    return f"{float(value):.2f}"


def _scan(cohort: Mapping, suppressed: bool, lang: str) -> dict:
    items = list(cohort.get("scan") or [])
    hidden = suppressed or any(i.get("suppressed") for i in items)
    texts = _grouped_texts(cohort.get("scan_texts") or [])
    if hidden:
        return {"suppressed": True, "texts": texts}
    n = max([int(i.get("n_organisations") or 0) for i in items] or [0])
    quadrants = []
    for code, name in QUADRANTS:
        rows = [_scan_row(i, n, lang) for i in items if i.get("quadrant") == code]
        rows.sort(key=lambda r: (-r["chosen"], -r["strongly"]))
        if rows:
            quadrants.append({"code": code, "name": _pick(name, lang), "items": rows})
    known = {q for q, _ in QUADRANTS}
    others = [_scan_row(i, n, lang) for i in items if i.get("quadrant") not in known]
    if others:
        quadrants.append({"code": "other", "name": "其他" if lang == "zh" else "Other", "items": others})
    quadrant_names = {code: _pick(name, lang) for code, name in QUADRANTS}
    top = sorted(
        (_scan_row(i, n, lang) | {"quadrant": quadrant_names.get(i.get("quadrant"), "")} for i in items),
        key=lambda r: (-r["chosen"], -r["strongly"]),
    )[:SCAN_TOP]
    return {"suppressed": False, "n": n, "quadrants": quadrants, "top": [r for r in top if r["chosen"]], "texts": texts}


def _scan_row(item: Mapping, n: int, lang: str) -> dict:
    chosen = int(item.get("chosen") or 0)
    strongly = int(item.get("strongly_applies") or 0)
    return {
        "code": item.get("code"),
        "text": _pick(item.get("text"), lang),
        "chosen": chosen,
        "strongly": strongly,
        "share": _percent(chosen / n) if n else "–",
        "bar": round(100 * chosen / n, 1) if n else 0.0,
        "bar_strong": round(100 * strongly / n, 1) if n else 0.0,
    }


def _grouped_texts(texts: Iterable[Mapping]) -> list[dict]:
    """The leaders' free texts; the same words from several organisations are shown once."""
    groups: dict[str, dict] = {}
    for entry in texts:
        text = " ".join(str(entry.get("text") or "").split())
        if not text:
            continue
        group = groups.setdefault(text, {"text": text, "names": []})
        group["names"].append(entry.get("name_zh") or "")
    return sorted(groups.values(), key=lambda g: -len(g["names"]))


def _spread(spread: Mapping | None, known: Sequence[tuple[str, Any]], name_of, suppressed: bool) -> dict:
    if suppressed or not spread or spread.get("suppressed"):
        return {"suppressed": True}
    counts = {str(k): int(v) for k, v in (spread.get("counts") or {}).items()}
    n = int(spread.get("n") or sum(counts.values()))
    order = [code for code, _ in known if code != "none" or counts.get("none")]
    order += [code for code in counts if code not in order]
    rows = [
        {
            "code": code,
            "name": name_of(code),
            "count": counts.get(code, 0),
            "share": _percent(counts.get(code, 0) / n) if n else "–",
        }
        for code in order
    ]
    return {"suppressed": False, "n": n, "rows": rows}


def _highlights(context: Mapping, lang: str) -> list[str]:
    """A few sentences for the cover: where the cohort stands at a glance."""
    zh = lang == "zh"
    p = context["participation"]
    lines = [
        f"{p['submitted']}/{p['registered']} 家机构提交了诊断，共 {p['raters_total']} 位评分人；"
        f"其中 {p['leader_only']} 家只有负责人一人评分。"
        if zh
        else f"{p['submitted']} of {p['registered']} organisations submitted a diagnosis, with {p['raters_total']} "
        f"raters in all; {p['leader_only']} were rated by the leader alone."
    ]
    if context["suppressed"]:
        lines.append(context["suppressed_note"])
    dimensions = [d for d in (context["distribution"].get("dimensions") or []) if d.get("median") is not None]
    if dimensions:
        low = min(dimensions, key=lambda d: d["median"])
        high = max(dimensions, key=lambda d: d["median"])
        lines.append(
            f"中位数最低的维度是「{low['name']}」（{low['median_text']}），最高的是「{high['name']}」"
            f"（{high['median_text']}）。"
            if zh
            else f"The lowest median is “{low['name']}” ({low['median_text']}), the highest “{high['name']}” "
            f"({high['median_text']})."
        )
    stages, paths = context["stages"], context["paths"]
    if not stages.get("suppressed") and not paths.get("suppressed") and stages["rows"] and paths["rows"]:
        stage = max(stages["rows"], key=lambda r: r["count"])
        path = max(paths["rows"], key=lambda r: r["count"])
        lines.append(
            f"最多的机构处在「{stage['name']}」阶段（{stage['count']} 家）；最常见的最适合路径是"
            f"「{path['name']}」（{path['count']} 家）。"
            if zh
            else f"Most organisations are at the “{stage['name']}” stage ({stage['count']}); the most common "
            f"best-fit path is “{path['name']}” ({path['count']})."
        )
    scan = context["scan"]
    if not scan.get("suppressed") and scan.get("top"):
        top = scan["top"][0]
        text = top["text"].rstrip("。.")
        lines.append(
            f"行业扫描中选择最多的是「{text}」（{top['chosen']} 家）。"
            if zh
            else f"The most chosen item of the industry scan: “{text}” ({top['chosen']} organisations)."
        )
    topics = context["topics"].get("rows") or []
    if topics:
        listed = (
            "、".join(f"「{r['area_name']}」（{r['organisations']} 家）" for r in topics[:3])
            if zh
            else ", ".join(f"“{r['area_name']}” ({r['organisations']})" for r in topics[:3])
        )
        lines.append(f"最多机构共同的短板：{listed}。" if zh else f"The weaknesses most organisations share: {listed}.")
    network = context["network"]
    if network["listed"]:
        best = network["listed"][0]
        lines.append(
            f"找到 {network['total']} 对互补的机构；匹配度最高的是 {best['from_name']} → {best['to_name']}"
            f"（{best['type_name']}）。"
            if zh
            else f"{network['total']} complementary pairs found; the strongest is {best['from_name']} → "
            f"{best['to_name']} ({best['type_name']})."
        )
    return lines


# --------------------------------------------------------------------------- the network


def _network(cohort: Mapping, lang: str) -> dict:
    matches = sorted(cohort.get("matches") or [], key=lambda m: -float(m.get("score") or 0))
    participation = (cohort.get("participation") or {}).get("organisations") or []
    nodes: dict[str, str] = {}
    for o in participation:
        if o.get("submitted") and o.get("status") != "withdrawn":
            nodes[o["organisation_id"]] = o.get("name_zh") or o.get("name_en") or ""
    for m in matches:  # an organisation in a match is always on the circle
        nodes.setdefault(m["from"], m.get("from_name") or "")
        nodes.setdefault(m["to"], m.get("to_name") or "")
    shorts = short_names(list(nodes.values()))
    drawn = matches[:NETWORK_EDGES]
    type_names = {code: _pick(name, lang) for code, name in MATCH_TYPES}
    for m in drawn:
        type_names.setdefault(m.get("type"), _pick(m.get("type_name"), lang) or str(m.get("type")))
    used = [code for code in type_names if any(m.get("type") == code for m in drawn)]
    return {
        "nodes": [
            {"id": oid, "name": name, "short": short} for (oid, name), short in zip(nodes.items(), shorts, strict=False)
        ],
        "edges": [
            {"from": m["from"], "to": m["to"], "type": m.get("type"), "score": float(m.get("score") or 0)}
            for m in drawn
        ],
        "types": [{"code": code, "name": type_names[code]} for code in used],
        "total": len(matches),
        "caption": _pick(LABELS["network_caption"], lang).format(k=len(drawn)),
        "listed": [
            {
                "from_name": m.get("from_name") or "",
                "to_name": m.get("to_name") or "",
                "type": m.get("type"),
                "type_name": type_names.get(m.get("type"), ""),
                "score": _number(m.get("score")),
                "reason": _pick(m.get("reason"), lang),
            }
            for m in matches[:MATCHES_LISTED]
        ],
    }


_REGION_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,5}?(?:自治州|自治县|省|市|州|盟|区|县|旗)")
_NOT_A_REGION = ("社区", "小区", "园区", "景区", "校区", "城市", "都市", "超市", "集市", "城乡")
_SUFFIXES = (
    ("社会工作服务中心", "社工"),
    ("社会工作服务社", "社工"),
    ("社工服务中心", "社工"),
    ("社会工作", "社工"),
    ("服务中心", ""),
    ("发展中心", ""),
    ("服务社", ""),
    ("促进会", ""),
    ("研究会", ""),
    ("联合会", ""),
    ("中心", ""),
    ("协会", ""),
)
SHORT_WIDTH = 14  # display width of a short name: 7 Chinese characters


def short_names(names: Sequence[str]) -> list[str]:
    """Short labels for the network picture: the region prefix and the usual legal suffix
    dropped (西秀区阳光社会工作服务中心 → 阳光社工), cut to 7 characters; labels that would
    repeat get their region back (西秀阳光社工) or a number."""
    first = [_short(name) for name in names]
    counts = Counter(short for short, _ in first)
    labels = []
    for short, prefix in first:
        if counts[short] > 1 and prefix:
            short = _cut(prefix[:2] + short, SHORT_WIDTH + 4)
        labels.append(short)
    seen: Counter = Counter()
    repeated = Counter(labels)
    result = []
    for label in labels:
        if repeated[label] > 1:
            seen[label] += 1
            label = f"{label}{seen[label]}"
        result.append(label)
    return result


def _short(name: str) -> tuple[str, str]:
    name = " ".join((name or "").split())
    core, prefix = name, ""
    for _ in range(2):  # 贵阳市南明区… : city, then district
        match = _REGION_PREFIX.match(core)
        if not match or match.group(0)[-2:] in _NOT_A_REGION or len(core) - match.end() < 4:
            break
        prefix += match.group(0)
        core = core[match.end() :]
    for suffix, replacement in _SUFFIXES:
        if core.endswith(suffix):
            shorter = core[: -len(suffix)] + replacement
            if len(shorter) >= 3:  # 爱心协会 stays: 爱心 alone says nothing
                core = shorter
            break
    if core.endswith("发展") and len(core) > 5:
        core = core[:-2]
    return _cut(core or name, SHORT_WIDTH), prefix


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _cut(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if used + w > width - 1:
            break
        out, used = out + ch, used + w
    return out + "…"


# --------------------------------------------------------------------------- training topics


def _topics(weaknesses: Sequence[Mapping], names: _Names, n: int, suppressed: bool, lang: str) -> dict:
    if suppressed:
        return {"suppressed": True, "rows": []}
    ranked = sorted(weaknesses, key=lambda w: -int(w.get("organisations") or 0))
    chosen = [w for w in ranked if n and int(w.get("organisations") or 0) / n >= TOPIC_MIN_SHARE][:TOPICS_MAX]
    if len(chosen) < TOPICS_MIN:
        chosen = [w for w in ranked if int(w.get("organisations") or 0) > 0][:TOPICS_MIN]
    rows = []
    for w in chosen:
        code = str(w.get("area"))
        area = names.area(code)
        kind = "dimension" if code in names.dimensions else "indicator"
        topic = TOPICS.get(code)
        if topic:
            title, content = (topic[0], topic[2]) if lang == "zh" else (topic[1], topic[3])
        elif lang == "zh":
            title, content = f"「{area}」专题研讨", "分享做得好的机构的做法，每家机构定出一项三个月内可以完成的改进。"
        else:
            title, content = (
                f"Focus session: {area}",
                "Organisations strong in this area share their practice; each sets one improvement "
                "to finish within three months.",
            )
        organisations = int(w.get("organisations") or 0)
        rows.append(
            {
                "area": code,
                "area_name": area,
                "kind": _pick(LABELS["kind_dimension" if kind == "dimension" else "kind_indicator"], lang),
                "organisations": organisations,
                "share": _percent(w["share"])
                if w.get("share") is not None
                else (_percent(organisations / n) if n else "–"),
                "title": title,
                "content": content,
            }
        )
    return {"suppressed": False, "rows": rows}
