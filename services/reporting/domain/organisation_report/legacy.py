"""The per-organisation diagnosis report, as words and numbers (pure: no I/O, no HTML).

`organisation_report_context(...)` turns what reporting holds for one organisation — its own
diagnosis (`scored`, the `diagnosis.scored` payload), its slice of the workshop cohort, the
method appendix and the instrument's wording — into exactly what the report template prints,
in one language: Chinese by default, English on request. Every sentence is chosen here, so the
template stays free of language switches and of arithmetic; the charts get their numbers and
labels in `context["charts"]` and are drawn by the adapter.

Everything returned is plain text: names and free text typed by users are escaped by the
template, never marked safe here.

Sections (the numbering the template prints):
  cover · 1 summary · 2 operations wheel · 3 scorecard perspectives · 4 financial health ·
  5 key-person risk and rater agreement · 6 industry scan · 7 development paths ·
  8 action plan · 9 suggested partners · 10 method appendix and answers
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, cast

from services.common.contracts.diagnosis import MIN_COHORT
from services.common.messages import LANGUAGES

from ..content import maturity
from ..labels import FOCUS_AREAS, LEGAL_FORMS

# --------------------------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------------------------

SECTIONS = [  # key, zh title, en title, starts a new page
    ("summary", "概要：机构现在在哪里", "Summary: where the organisation stands", True),
    ("wheel", "运营之轮", "The operations wheel", True),
    ("perspectives", "平衡计分卡的四个维度", "The four scorecard perspectives", True),
    ("finance", "财务健康", "Financial health", True),
    ("key_person", "关键人物风险与评分一致性", "Key-person risk and rater agreement", True),
    ("scan", "行业扫描", "Industry scan", False),
    ("paths", "六条发展路径", "The six development paths", True),
    ("actions", "行动计划", "Action plan", True),
    ("partners", "建议合作伙伴", "Suggested partners", False),
    ("appendix", "方法说明与答题明细", "Method appendix and answers", True),
]
CHINESE_NUMERALS = "一二三四五六七八九十"

LABELS = {
    "report_title": ("组织诊断报告", "Organisational diagnosis report"),
    "product": ("年轮 Nianlun", "Nianlun 年轮"),
    "confidential": (
        "本报告仅供机构内部使用，请勿外传。",
        "For the organisation's internal use only; please do not circulate.",
    ),
    "workshop": ("工作坊", "Workshop"),
    "place": ("地点", "Place"),
    "dates": ("日期", "Dates"),
    "generated_on": ("报告日期", "Report date"),
    "instrument_version": ("诊断工具版本", "Instrument version"),
    "diagnosis_version": ("诊断结果版本", "Diagnosis version"),
    "respondents": ("参与评分", "Raters"),
    "legal_form": ("机构类型", "Legal form"),
    "founded": ("成立年份", "Founded"),
    "region": ("服务地区", "Service region"),
    "focus": ("服务领域", "Focus areas"),
    "staff": ("人员", "People"),
    "leader": ("负责人", "Leader"),
    "page": ("第 ", "Page "),
    "page_after": (" 页", ""),
    "overall": ("运营之轮总分", "Operations wheel score"),
    "out_of_100": ("满分 100", "out of 100"),
    "level": ("整体水平", "Overall level"),
    "stage": ("成长阶梯", "Growth ladder"),
    "best_path": ("最契合的路径", "Best-fitting path"),
    "key_person_risk": ("关键人物风险", "Key-person risk"),
    "risks": ("风险提示", "Risks at a glance"),
    "risk_level": ("风险水平", "Risk level"),
    "raters": ("评分人数", "Raters"),
    "disagreement_count": ("意见不一的条目", "Items in dispute"),
    "contents": ("目录", "Contents"),
    "priorities": ("三个优先事项", "Three priorities"),
    "dimension": ("方面", "Area"),
    "organisation": ("本机构", "This organisation"),
    "cohort_median": ("同批中位数", "Cohort median"),
    "quartiles": ("同批四分位区间", "Cohort quartiles"),
    "percentile": ("同批百分位", "Cohort percentile"),
    "col_score": ("本机构", "Score"),
    "col_median": ("同批中位数", "Median"),
    "col_quartiles": ("四分位区间", "Quartiles"),
    "col_percentile": ("百分位", "Percentile"),
    "indicator": ("指标", "Indicator"),
    "value": ("本机构", "Value"),
    "threshold": ("警戒线", "Threshold"),
    "position": ("同批位置", "Cohort position"),
    "judgement": ("判断", "Flag"),
    "component": ("组成部分", "Component"),
    "input": ("依据", "Input"),
    "part_score": ("分项得分", "Part score"),
    "weight": ("权重", "Weight"),
    "leader_score": ("负责人", "Leader"),
    "team_score": ("团队", "Team"),
    "gap": ("差值", "Gap"),
    "item": ("条目", "Item"),
    "range": ("最低–最高", "Min–max"),
    "mean_level": ("平均等级", "Mean level"),
    "spread": ("分歧", "Spread"),
    "by_role": ("各角色平均", "Mean by role"),
    "reasons_for": ("支持的理由", "Reasons for"),
    "reasons_against": ("需要注意", "Reasons against"),
    "reasons_mixed": ("两可之处", "Mixed"),
    "unknown": ("缺少数据", "Not known"),
    "fit": ("契合度", "Fit"),
    "own_interest": ("机构自评兴趣", "Own interest"),
    "action": ("行动", "Action"),
    "owner": ("负责人", "Owner"),
    "due": ("完成时间", "Due"),
    "check_3m": ("3 个月检查", "3-month check"),
    "check_6m": ("6 个月检查", "6-month check"),
    "why": ("为什么是它", "Why this one"),
    "partner": ("伙伴机构", "Partner"),
    "cooperation_type": ("合作方式", "Kind of cooperation"),
    "reason": ("为什么", "Why"),
    "method": ("计算方法", "Method"),
    "cohort": ("同批机构", "The cohort"),
    "answers": ("答题明细", "The answers"),
    "formula_note": (
        "公式保留通用的数学写法和英文注释，便于与计算程序逐条对照。",
        "The formulas are written as the scoring code computes them.",
    ),
    "answers_note": (
        "每个条目按 1–4 级作答（若介于两级之间，选较低的一级）。“分歧”为最高与最低等级之差，"
        "相差两级或以上的条目标为“需讨论”。",
        "Every item is answered on 4 levels (between two levels, choose the lower). "
        "The spread is the highest minus the lowest level; items with a spread of two levels "
        "or more are marked “discuss”.",
    ),
    "discuss": ("需讨论", "discuss"),
    "scan_strengths": ("优势 S", "Strengths"),
    "scan_weaknesses": ("劣势 W", "Weaknesses"),
    "scan_opportunities": ("机遇 O", "Opportunities"),
    "scan_threats": ("挑战 T", "Threats"),
    "scan_strongly": ("非常符合", "strongly"),
    "scan_none": ("未选择", "none chosen"),
    "scan_text": ("机构补充的看法", "In the organisation's own words"),
    "health": ("健康分", "health"),
    "income_mix": ("收入结构", "Income mix"),
    "indicators": ("财务指标", "Financial indicators"),
    "what_it_means": ("这意味着什么", "What it means"),
    "leader_vs_team": ("负责人与团队的看法", "Leader and team"),
    "disagreements": ("评分者意见不一的条目", "Items where raters disagree"),
    "guiding_question": ("引导问题", "Guiding question"),
    "what_figures_say": ("数字怎么说", "What the figures say"),
    "next_step": ("下一步", "Next step"),
    "total_revenue": ("年度总收入", "Total revenue"),
    "total_expenses": ("年度总支出", "Total expenses"),
    "percentile_note": (
        "百分位：本机构的数值高于同批百分之几的机构。数值高不一定是好事，要看警戒线的方向。",
        "Percentile: the share of the cohort whose value is below this organisation's. "
        "Higher is not always better: see which side of the threshold is risky.",
    ),
}

ROLES = {"leader": ("负责人", "leader"), "staff": ("员工", "staff"), "board": ("理事", "board")}


INCOME_SOURCES = [  # code in the hard numbers, zh, en
    ("income.government_purchase", "政府购买服务", "Government purchase of services"),
    ("income.foundation_grants", "基金会资助", "Foundation grants"),
    ("income.corporate_giving", "企业捐赠", "Corporate giving"),
    ("income.public_donations", "公众个人捐赠", "Public donations"),
    ("income.leader_donations", "负责人和理事个人捐赠", "Leader and board donations"),
    ("income.earned_income", "服务收费等自营收入", "Earned income and fees"),
    ("income.other", "其他收入", "Other income"),
]

INDICATOR_FORMAT = {
    "equity_ratio": "pct",
    "revenue_concentration": "ratio",
    "admin_cost_ratio": "pct",
    "operating_margin": "pct",
    "months_of_reserve": "months",
    "programme_expense_ratio": "pct",
    "self_sufficiency": "pct",
    "staff_turnover": "pct",
    "leader_donation_share": "pct",
}
TUCKMAN_CHANG = ("equity_ratio", "revenue_concentration", "admin_cost_ratio", "operating_margin")

# Why an indicator matters, for an organisation in the seed's situation: said after the
# engine's own reason (which gives the figure and its threshold), so it never repeats it.
INDICATOR_MEANING = {
    "equity_ratio": (
        "净资产是应对回款延迟或项目中断的缓冲，越薄，越经不起意外。",
        "Net assets are the cushion against a late payment or a lost project; the thinner they "
        "are, the less a surprise can be absorbed.",
    ),
    "revenue_concentration": (
        "收入越集中，主要资方一调整方向、或政府一压缩购买预算，机构就越快承压——这正是行业扫描里大家最担心的情形。",
        "The more concentrated the income, the faster a change of course by the main funder, "
        "or a cut in government purchase budgets, is felt — the very threat the industry scan "
        "named.",
    ),
    "admin_cost_ratio": (
        "管理费用压得过低时，财务、人事和合规往往由项目人员兼做；政府购买项目的财务要求提高以后，这里最容易出问题。",
        "When administration is cut this thin, finance, HR and compliance are done on the side by "
        "programme staff; as government-purchased projects face stricter financial rules, this is "
        "where problems appear first.",
    ),
    "operating_margin": (
        "长期收不抵支，储备会一年比一年薄，最先受影响的是工资和团队的稳定。",
        "Spending more than comes in, year after year, wears the reserves down; salaries and the "
        "team's stability suffer first.",
    ),
    "months_of_reserve": (
        "储备越少，一笔拨款延迟就越可能发不出工资。",
        "The smaller the reserve, the more likely one late grant puts salaries at risk.",
    ),
    "programme_expense_ratio": (
        "用在项目上的钱占比偏低时，资方和购买方会问：钱是否真正用在了服务对象身上？",
        "When a low share of spending goes to programmes, funders and purchasers ask "
        "whether the money reaches the people served.",
    ),
    "self_sufficiency": (
        "自营收入越少，机构的运转就越依赖外部资金的节奏。",
        "The less the organisation earns itself, the more it runs to the rhythm of outside money.",
    ),
    "staff_turnover": (
        "人员流失会把项目经验和社区关系一起带走——这就是行业扫描中“人才流失”的真实写照。",
        "People who leave take project know-how and community relationships with them — the "
        "“talent loss” of the industry scan, in figures.",
    ),
    "leader_donation_share": (
        "机构越依靠负责人和理事自己掏钱，负责人的个人状况就越直接决定机构的存续。",
        "The more the organisation lives on the leader's and board's own money, the more the "
        "leader's personal situation decides its survival.",
    ),
}

KEY_PERSON_BANDS: dict[str | None, tuple[str, str]] = {
    "low": ("较低", "low"),
    "medium": ("中等", "medium"),
    "high": ("较高", "high"),
}
KEY_PERSON_PARTS = {
    "governance_weakness": ("治理薄弱程度", "Governance weakness"),
    "leader_donations": ("对负责人捐赠的依赖", "Reliance on leader donations"),
    "leader_team_gap": ("负责人高于团队的评分差", "Leader above team"),
}

SCAN_QUADRANTS = [  # the SWOT 2×2: internal on top, external below
    ("strength", "scan_strengths"),
    ("weakness", "scan_weaknesses"),
    ("opportunity", "scan_opportunities"),
    ("threat", "scan_threats"),
]

# Milestones for the action plan: what to see at 3 and at 6 months, per priority area.
CHECKS = {
    "hub": (
        (
            "使命、愿景、价值观的一页纸已经写好，并在全员会上逐句讨论过。",
            "The one-page mission, vision and values statement is written and has been discussed line by "
            "line with all staff.",
        ),
        (
            "每个新项目立项时都用使命来判断接不接，并留下书面记录；请团队重新评一次这一方面。",
            "Every new project is checked against the mission before it is accepted, in writing; the team "
            "rates this area again.",
        ),
    ),
    "structure_strategy": (
        (
            "组织架构图和主要岗位职责已写好并发给每个人；三年规划的提纲已经讨论过。",
            "The organisation chart and the main job duties are written and shared; the outline "
            "of a three-year plan has been discussed.",
        ),
        (
            "三年规划定稿，年度预算按规划编制；每个项目都有明确的负责人和汇报对象。",
            "The three-year plan is final and the annual budget follows it; every project has a "
            "named lead and a line of reporting.",
        ),
    ),
    "service_innovation": (
        (
            "至少完成一次服务对象需求调研，并据此调整了一项服务。",
            "At least one needs assessment is done and one service has been adjusted in response.",
        ),
        (
            "有一项服务留下了前后对比的变化证据（数据或案例），可以拿给购买方和资方看。",
            "One service has before-and-after evidence of change (data or cases) to show purchasers and funders.",
        ),
    ),
    "team_growth": (
        (
            "每位员工都有一份写下来的年度学习计划；每月一次的业务复盘已开过三次。",
            "Every staff member has a written yearly learning plan; the monthly case review has met three times.",
        ),
        (
            "关键岗位都有人能替补；请员工重新评一次这一方面，看分数是否上升。",
            "Every key post has someone who can stand in; staff rate this area again to see whether "
            "the score has risen.",
        ),
    ),
    "compliance": (
        (
            "财务、档案和年检的清单已经对照完，缺的材料有人负责、有完成日期。",
            "The finance, records and annual-inspection checklists are reviewed; every missing item has "
            "an owner and a date.",
        ),
        (
            "年检和项目审计没有再被指出同样的问题；员工合同和安全制度全部到位。",
            "The annual inspection and project audits raise no repeat findings; staff contracts and "
            "safety rules are all in place.",
        ),
    ),
    "efficiency": (
        (
            "最常做的三项工作已写成流程；开始用统一的表格或工具记录服务数据。",
            "The three most frequent tasks are written up as procedures; service data is recorded in "
            "one shared format or tool.",
        ),
        (
            "每个项目每月都有进度和预算的跟进；重复劳动和返工明显减少。",
            "Every project has a monthly follow-up of progress and budget; duplicated work and rework "
            "are visibly down.",
        ),
    ),
    "cooperation": (
        (
            "列出了政府、资方、同行和社区四类伙伴的名单，并各安排了一次拜访或交流。",
            "A list of partners in government, funders, peers and the community is made, with one "
            "visit or exchange arranged for each.",
        ),
        (
            "至少与一家同行机构开始了具体合作（联合申请、人员交流或资源共享）。",
            "At least one concrete cooperation with a peer organisation has started (a joint "
            "application, a staff exchange or shared resources).",
        ),
    ),
    "satisfaction": (
        (
            "每个项目都在收集服务对象的反馈，第一轮反馈已经汇总并在团队会上讨论过。",
            "Every project collects feedback from the people served; the first round is summarised "
            "and discussed by the team.",
        ),
        (
            "根据反馈至少改进了一处服务，并把改进告诉了服务对象和购买方。",
            "At least one service has been improved in response, and the people served and the "
            "purchaser have been told.",
        ),
    ),
    "expansion": (
        (
            "评估过一个新的服务领域或服务地区，写下了可行性和所需资源。",
            "One new field or area of service has been assessed, with its feasibility and the resources "
            "it needs written down.",
        ),
        (
            "把一个成熟项目整理成可复制的服务包（手册、流程、评估工具），或拿到一个新领域的第一个项目。",
            "A mature project is written up as a replicable package (manual, procedures, evaluation "
            "tools), or the first project in a new field is secured.",
        ),
    ),
    "governance": (
        (
            "负责人离岗两周的测试已经做过并复盘；决策权限表已经写好。",
            "The leader's two-week absence has been tried and reviewed; the table of decision rights is written.",
        ),
        (
            "理事会按时开会并做出了有记录的决定；第二梯队有人能独立负责一块业务。",
            "The board has met on time and taken minuted decisions; a second-line leader runs one area "
            "of work independently.",
        ),
    ),
    "equity_ratio": (
        (
            "算清楚了净资产和限定性资金；每个项目的结余去向有了书面规定。",
            "Net assets and restricted funds are worked out; where each project's surplus goes is set down in writing.",
        ),
        (
            "重新计算净资产比率，目标是回到 10% 的警戒线以上。",
            "Recompute the equity ratio, aiming to be back above the 10% line.",
        ),
    ),
    "revenue_concentration": (
        (
            "资金来源清单和主要来源中断时的预案已经写好；新渠道有了负责人，也做了第一次接触。",
            "The list of funding sources and a plan for losing the main one are written; "
            "the new channel has an owner and a first contact has been made.",
        ),
        (
            "新渠道带来了第一笔收入；重新计算收入集中度（HHI），应比现在低。",
            "The new channel has brought its first income; recompute the revenue "
            "concentration (HHI): it should be lower than today.",
        ),
    ),
    "admin_cost_ratio": (
        (
            "算清楚了财务、人事、合规实际花了多少钱，以及哪些是项目人员兼做的。",
            "The true cost of finance, HR and compliance is known, including what programme staff do on the side.",
        ),
        (
            "新项目预算都列入了合理的管理费用；管理费用率回到 5% 以上。",
            "New project budgets include a fair share of administration; the ratio is back above 5%.",
        ),
    ),
    "operating_margin": (
        (
            "每月的收支对比已连续做了三次，亏钱的项目都和资方沟通过。",
            "The monthly income-and-spending comparison has been done three times in a row, and "
            "every loss-making project has been raised with its funder.",
        ),
        (
            "新项目全部按全成本报价；半年的收支结余率回到 0 以上。",
            "All new projects are priced at full cost; the six-month operating margin is back above 0.",
        ),
    ),
    "months_of_reserve": (
        (
            "定下了储备目标（至少 3 个月开支）和每月存入的金额。",
            "A reserve target (at least three months of spending) and a monthly amount to set aside are agreed.",
        ),
        ("储备月数比现在增加，并向理事会报告。", "Months of reserve are up on today and reported to the board."),
    ),
    "programme_expense_ratio": (
        (
            "逐项核对了支出分类，项目支出没有被记到管理费用里。",
            "Spending categories are checked line by line so programme costs are not booked as administration.",
        ),
        ("项目支出占比回到 60% 以上。", "The programme expense ratio is back above 60%."),
    ),
    "self_sufficiency": (
        (
            "列出了机构可以收费的服务或可以出售的专业知识，并测算了价格。",
            "The services the organisation could charge for, or the know-how it could sell, are listed and priced.",
        ),
        ("第一笔服务收费或培训收入已经到账。", "The first fee or training income has come in."),
    ),
    "staff_turnover": (
        (
            "和每位员工谈过一次职业发展；离职面谈的原因已经汇总。",
            "Every staff member has had a career conversation; the reasons from exit interviews are summarised.",
        ),
        (
            "半年内关键岗位没有人离开；流失率比现在低。",
            "No key post has been lost in six months; turnover is lower than today.",
        ),
    ),
    "leader_donation_share": (
        (
            "算清楚了负责人和理事每年投入多少，并和理事会讨论过逐年减少的计划。",
            "How much the leader and board put in each year is worked out and a plan to "
            "reduce it has been discussed with the board.",
        ),
        (
            "有一笔来自其他渠道的收入替代了负责人的一部分捐赠。",
            "Income from another channel has replaced part of the leader's donations.",
        ),
    ),
}
GENERIC_CHECK = (
    (
        "行动都已指定负责人并开始执行；在团队会上回顾了一次进展。",
        "Every action has an owner and has started; progress has been reviewed at a team meeting.",
    ),
    (
        "请负责人和团队重新评一次这一方面，对比现在的分数。",
        "The leader and the team rate this area again and compare with today's score.",
    ),
)

METHOD_TITLES = {
    "level_to_score": ("等级换算为分数", "From level to score"),
    "item_statistics": ("条目统计", "Item statistics"),
    "dimension_score": ("方面得分", "Area score"),
    "leader_team_gap": ("负责人与团队的评分差", "Leader-versus-team gap"),
    "weighted_mean": ("加权平均", "Weighted mean"),
    "perspective_score": ("计分卡维度得分", "Perspective score"),
    "total_revenue": ("总收入", "Total revenue"),
    "total_expenses": ("总支出", "Total expenses"),
    "equity_ratio": ("净资产比率", "Equity ratio"),
    "revenue_concentration": ("收入集中度（HHI）", "Revenue concentration (HHI)"),
    "admin_cost_ratio": ("管理费用率", "Administrative cost ratio"),
    "operating_margin": ("收支结余率", "Operating margin"),
    "months_of_reserve": ("储备月数", "Months of reserve"),
    "programme_expense_ratio": ("项目支出占比", "Programme expense ratio"),
    "self_sufficiency": ("自我造血率", "Self-sufficiency"),
    "staff_turnover": ("人员流失率", "Staff turnover"),
    "leader_donation_share": ("负责人捐赠占比", "Leader donation share"),
    "indicator_flag": ("警戒线判断", "Threshold flag"),
    "indicator_health": ("指标健康分", "Indicator health"),
    "governance_weakness": ("治理薄弱程度", "Governance weakness"),
    "leader_donation_part": ("负责人捐赠分项", "Leader-donation part"),
    "gap_part": ("评分差分项", "Gap part"),
    "key_person_index": ("关键人物风险指数", "Key-person risk index"),
    "stage_met": ("阶段标准是否满足", "When a stage is met"),
    "ladder_stage": ("成长阶梯上的阶段", "Stage on the growth ladder"),
    "path_signals": ("发展路径的契合信号", "Development-path signals"),
    "path_fit": ("路径契合度", "Path fit"),
    "priority_need": ("优先事项排序", "Ranking the priorities"),
    "quartiles": ("四分位数", "Quartiles"),
    "percentile": ("百分位", "Percentile"),
    "risky_rank": ("从风险一端排名", "Rank from the risky end"),
    "worst_quintile_flags": ("同批最差五分之一", "Cohort's worst fifth"),
    "vulnerability_counts": ("财务脆弱性计数", "Vulnerability count"),
    "scan_summary": ("行业扫描汇总", "Industry-scan summary"),
    "complementarity": ("互补程度", "Complementarity"),
    "jaccard": ("服务领域重合度（Jaccard）", "Focus overlap (Jaccard)"),
    "shared_area": ("共同地区", "Shared area"),
    "match_type": ("合作方式", "Kind of cooperation"),
    "match_score": ("匹配得分", "Match score"),
}


# --------------------------------------------------------------------------------------------
# Formatting for the reader
# --------------------------------------------------------------------------------------------


class _Lang:
    """The report's language: picks text and formats numbers the way its readers expect."""

    def __init__(self, language: str):
        if language not in LANGUAGES:
            raise ValueError(f"unknown report language {language!r}")
        self.code = language
        self.zh = language == "zh"

    def pick(self, pair) -> str:
        """A {"zh","en"} mapping or a (zh, en) pair, in this language (falling back to the other)."""
        if pair is None:
            return ""
        if isinstance(pair, Mapping):
            first, second = (pair.get("zh"), pair.get("en")) if self.zh else (pair.get("en"), pair.get("zh"))
        else:
            first, second = (pair[0], pair[1]) if self.zh else (pair[1], pair[0])
        return first or second or ""

    def label(self, key: str) -> str:
        zh, en = LABELS[key]
        return zh if self.zh else en  # no fallback: an empty label is meant (e.g. "页" after a page number)

    def score(self, value) -> str:
        return "–" if value is None else f"{float(value):.1f}"

    def money(self, value) -> str:
        """12.5 万元 (from 10,000 yuan up; smaller sums in 元) in Chinese, ¥125,000 in English."""
        if value is None:
            return "–"
        value = float(value)
        if not self.zh:
            return f"-¥{-value:,.0f}" if value < 0 else f"¥{value:,.0f}"
        if abs(value) >= 10000:
            return f"{value / 10000:,.1f} 万元"
        return f"{value:,.0f} 元"

    def pct(self, value, digits: int = 1) -> str:
        return "–" if value is None else f"{float(value) * 100:.{digits}f}%"

    def months(self, value) -> str:
        if value is None:
            return "–"
        return f"{float(value):.1f} 个月" if self.zh else f"{float(value):.1f} months"

    def indicator(self, code: str, value) -> str:
        kind = INDICATOR_FORMAT.get(code, "ratio")
        if kind == "pct":
            return self.pct(value)
        if kind == "months":
            return self.months(value)
        return "–" if value is None else f"{float(value):.2f}"

    def date(self, value) -> str:
        if value is None:
            return ""
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
        return f"{day.year}年{day.month}月{day.day}日" if self.zh else f"{day.day} {day:%B} {day.year}"

    def date_range(self, start, end) -> str:
        if not start:
            return ""
        if not end or str(end)[:10] == str(start)[:10]:
            return self.date(start)
        a, b = dt.date.fromisoformat(str(start)[:10]), dt.date.fromisoformat(str(end)[:10])
        if self.zh:
            if a.year == b.year and a.month == b.month:
                return f"{a.year}年{a.month}月{a.day}日至{b.day}日"
            return f"{self.date(a)}至{self.date(b)}"
        if a.year == b.year and a.month == b.month:
            return f"{a.day}–{b.day} {a:%B} {a.year}"
        return f"{self.date(a)} – {self.date(b)}"

    def quote(self, name: str) -> str:
        return f"「{name}」" if self.zh else f"“{name}”"

    def names(self, names: Iterable[str]) -> str:
        """「甲」、「乙」和「丙」 / “A”, “B” and “C”."""
        quoted = [self.quote(n) for n in names]
        if len(quoted) <= 1:
            return "".join(quoted)
        if self.zh:
            return "、".join(quoted[:-1]) + "和" + quoted[-1]
        return ", ".join(quoted[:-1]) + " and " + quoted[-1]

    def join_sentences(self, sentences: Iterable[str]) -> str:
        parts = [s.strip() for s in sentences if s and s.strip()]
        return "".join(parts) if self.zh else " ".join(parts)

    def count(self, n: int, zh_unit: str, en_one: str, en_many: str | None = None) -> str:
        if self.zh:
            return f"{n} {zh_unit}"
        return f"{n} {en_one if n == 1 else (en_many or en_one + 's')}"

    def ordinal(self, n: int) -> str:
        if self.zh:
            return CHINESE_NUMERALS[n - 1] if 1 <= n <= 10 else str(n)
        return str(n)


def _en_count(n: int, one: str, many: str) -> str:
    """ "1 spoke is" / "3 spokes are"."""
    return f"{n} {one if n == 1 else many}"


def _ordinal_en(value: float) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st (a percentile rounded to a whole number)."""
    n = int(round(value))
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _get(mapping, *keys, default=None):
    for key in keys:
        if not isinstance(mapping, Mapping) or key not in mapping:
            return default
        mapping = mapping[key]
    return default if mapping is None else mapping


# --------------------------------------------------------------------------------------------
# The context
# --------------------------------------------------------------------------------------------


def organisation_report_context(
    workshop: Mapping,
    profile: Mapping,
    scored: Mapping,
    cohort: Mapping,
    appendix: Mapping,
    language: str,
    generated_on: dt.date | str,
    respondents: Mapping | Iterable | None = None,
    *,
    scan: Mapping[str, int] | None = None,
    scan_text: str | None = None,
    numbers: Mapping[str, Any] | None = None,
) -> dict:
    """Everything the report template prints for one organisation, in `language` ("zh"/"en").

    workshop     the workshop (title_zh/en, city, venue, starts_on, ends_on)
    profile      the organisation's public profile (legal form, focus areas, region, staff…)
    scored       the `diagnosis.scored` payload: names, versions, headline scores, `result`
    cohort       its slice of the workshop: size, benchmark (suppressed under 5), percentiles,
                 worst-quintile flags, vulnerability, matches
    appendix     method formulas and the instrument's wording (dimensions, items, scan items)
    respondents  raters by role ({"leader": 1, "staff": 2} or [{"role": "staff"}, …]); by
                 default the counts in the result
    scan         the organisation's own industry-scan choices (item code → 0/1/2) and
    scan_text    its free text, when reporting holds them (they are not part of `scored`)
    numbers      its hard numbers (income.* amounts), for the full income mix; without them
                 the mix is what the indicators reveal (leader donations, earned income, the rest)
    """
    lang = _Lang(language)
    result = scored.get("result") or {}
    dimensions = result.get("dimensions") or {}
    benchmark = cohort.get("benchmark") or {}
    cohort_size = int(cohort.get("size") or benchmark.get("n_organisations") or 0)
    compared = cohort_size >= MIN_COHORT and not benchmark.get("suppressed", True)
    name_zh = scored.get("organisation_name_zh") or result.get("name_zh") or profile.get("name_zh") or ""
    name_en = scored.get("organisation_name_en") or profile.get("name_en") or ""
    organisation = name_zh if lang.zh else (name_en or name_zh)
    alternate = (name_en if lang.zh else (name_zh if name_en else "")) or ""

    wheel = _wheel(lang, dimensions, benchmark, cohort, compared, cohort_size)
    sections = [
        {
            "key": key,
            "number": i + 1,
            "numeral": lang.ordinal(i + 1),
            "title": lang.pick((zh, en)),
            "heading": (f"{lang.ordinal(i + 1)}、{zh}" if lang.zh else f"{i + 1}. {en}"),
            "new_page": new_page,
        }
        for i, (key, zh, en, new_page) in enumerate(SECTIONS)
    ]
    context: dict[str, Any] = {
        "language": lang.code,
        "html_lang": "zh-CN" if lang.zh else "en",
        "labels": {key: lang.label(key) for key in LABELS},
        "sections": {s["key"]: s for s in sections},
        "toc": sections,
        "organisation_name": organisation,
        "organisation_name_alt": alternate,
        "title": f"{organisation} · {lang.label('report_title')}",
        "cover": _cover(lang, workshop, profile, scored, result, generated_on, respondents),
        "summary": _summary(lang, organisation, scored, result, wheel, cohort, compared, cohort_size),
        "wheel": wheel,
        "perspectives": _perspectives(lang, result, benchmark, cohort, compared),
        "finance": _finance(lang, result, benchmark, cohort, compared, numbers),
        "key_person": _key_person(lang, result, appendix),
        "scan": _scan(lang, appendix, scan, scan_text),
        "paths": _paths(lang, result),
        "actions": _actions(lang, result),
        "partners": _partners(lang, result, cohort),
        "appendix": _appendix(lang, workshop, scored, result, appendix, cohort_size, compared),
    }
    context["charts"] = {
        "radar": wheel["chart"],
        "income": context["finance"]["chart"],
        "gap": context["key_person"]["chart"],
    }
    return context


# --- cover -----------------------------------------------------------------------------------


def _respondent_counts(respondents, result) -> dict[str, int]:
    if respondents is None:
        return dict(_get(result, "raters", "by_role", default={}))
    if isinstance(respondents, Mapping):
        return {str(role): int(n or 0) for role, n in respondents.items()}
    counts: dict[str, int] = {}
    for respondent in respondents:
        role = cast(str, respondent.get("role")) if isinstance(respondent, Mapping) else str(respondent)
        counts[role] = counts.get(role, 0) + 1
    return counts


def _cover(lang: _Lang, workshop, profile, scored, result, generated_on, respondents) -> dict:
    counts = _respondent_counts(respondents, result)
    roles: list[dict[str, Any]] = [
        {"role": lang.pick(ROLES.get(role, (role, role))), "count": n}
        for role, n in sorted(counts.items(), key=lambda kv: list(ROLES).index(kv[0]) if kv[0] in ROLES else 9)
        if n
    ]
    total = sum(r["count"] for r in roles)
    if lang.zh:
        raters = "、".join(f"{r['role']} {r['count']} 人" for r in roles) + f"，共 {total} 人"
    else:
        raters = ", ".join(f"{r['count']} {r['role']}" for r in roles) + f" ({total} in all)"
    place = "".join(x for x in (workshop.get("city"),) if x)
    if workshop.get("venue"):
        place = f"{place} · {workshop['venue']}" if place else workshop["venue"]
    facts = []
    if profile.get("legal_form"):
        facts.append(
            (lang.label("legal_form"), lang.pick(LEGAL_FORMS.get(profile["legal_form"], (profile["legal_form"],) * 2)))
        )
    if profile.get("founded_year"):
        facts.append(
            (lang.label("founded"), f"{profile['founded_year']}年" if lang.zh else str(profile["founded_year"]))
        )
    if profile.get("service_region"):
        facts.append((lang.label("region"), profile["service_region"]))
    focus = [lang.pick(FOCUS_AREAS.get(code, (code, code))) for code in profile.get("focus_areas") or []]
    if focus:
        facts.append((lang.label("focus"), "、".join(focus) if lang.zh else ", ".join(focus)))
    full, part, volunteers = profile.get("staff_full_time"), profile.get("staff_part_time"), profile.get("volunteers")
    people = []
    if full is not None:
        people.append(f"全职 {full} 人" if lang.zh else f"{full} full-time")
    if part:
        people.append(f"兼职 {part} 人" if lang.zh else f"{part} part-time")
    if volunteers:
        people.append(f"志愿者 {volunteers} 人" if lang.zh else f"{volunteers} volunteers")
    if people:
        facts.append((lang.label("staff"), "，".join(people) if lang.zh else ", ".join(people)))
    if profile.get("leader_name"):
        facts.append((lang.label("leader"), profile["leader_name"]))
    return {
        "workshop_title": lang.pick({"zh": workshop.get("title_zh"), "en": workshop.get("title_en")}),
        "place": place,
        "dates": lang.date_range(workshop.get("starts_on"), workshop.get("ends_on")),
        "generated_on": lang.date(generated_on),
        "instrument_version": scored.get("instrument_version") or result.get("instrument_version") or "–",
        "diagnosis_version": scored.get("diagnosis_version") or "–",
        "respondents": roles,
        "respondents_total": total,
        "respondents_text": raters if roles else "–",
        "facts": [{"label": k, "value": v} for k, v in facts],
    }


# --- the wheel -------------------------------------------------------------------------------


def _wheel(lang: _Lang, dimensions, benchmark, cohort, compared, cohort_size) -> dict:
    bench = benchmark.get("dimensions") or {}
    pcts = _get(cohort, "percentiles", "dimensions", default={})
    rows = []
    for code, dim in dimensions.items():
        b = bench.get(code) or {}
        shown = compared and not b.get("suppressed", True)
        rows.append(
            {
                "code": code,
                "kind": dim.get("kind"),
                "name": lang.pick(dim.get("name")),
                "score": dim.get("score"),
                "score_text": lang.score(dim.get("score")),
                "median": b.get("median") if shown else None,
                "median_text": lang.score(b.get("median")) if shown else "–",
                "quartiles_text": (
                    f"{lang.score(b.get('q1'))}–{lang.score(b.get('q3'))}" if shown and b.get("q1") is not None else "–"
                ),
                "percentile": pcts.get(code) if shown else None,
                "percentile_text": (f"{pcts[code]:.0f}" if shown and pcts.get(code) is not None else "–"),
                "answered": f"{dim.get('answered_items', 0)}/{dim.get('total_items', 0)}",
                "reasons": [lang.pick(r) for r in dim.get("reasons") or []],
            }
        )
    spokes = [r for r in rows if r["kind"] == "spoke"]
    hub = next((r for r in rows if r["kind"] == "hub"), None)
    known = [r for r in spokes if r["score"] is not None]
    sentences = []
    if known:
        top = max(r["score"] for r in known)
        low = min(r["score"] for r in known)
        best = [r["name"] for r in known if r["score"] == top]
        worst = [r["name"] for r in known if r["score"] == low]
        if lang.zh:
            sentences.append(
                f"八个辐条中，得分最高的是{lang.names(best)}（{lang.score(top)} 分），"
                f"最低的是{lang.names(worst)}（{lang.score(low)} 分），"
                f"两者相差 {top - low:.1f} 分。"
            )
        else:
            sentences.append(
                f"Of the eight spokes, the highest is {lang.names(best)} ({lang.score(top)}) and the "
                f"lowest {lang.names(worst)} ({lang.score(low)}), {top - low:.1f} points apart."
            )
    if hub and hub["score"] is not None:
        if lang.zh:
            sentences.append(f"位于中心的「使命、愿景、价值观」得分 {hub['score_text']}，它是其他各方面的出发点。")
        else:
            sentences.append(
                f"The hub, “Mission, vision and values”, scores {hub['score_text']}: "
                f"the starting point for everything else."
            )
    if compared:
        above = [
            r["name"] for r in spokes if r["score"] is not None and r["median"] is not None and r["score"] > r["median"]
        ]
        below = [
            r["name"] for r in spokes if r["score"] is not None and r["median"] is not None and r["score"] < r["median"]
        ]
        if lang.zh:
            text = f"与同批 {cohort_size} 家机构的中位数相比，有 {len(above)} 个辐条高于中位数"
            text += f"，{len(below)} 个低于中位数：{lang.names(below)}。" if below else "，没有一个低于中位数。"
        else:
            text = (
                f"Against the median of the {cohort_size} organisations in the cohort, "
                f"{_en_count(len(above), 'spoke is', 'spokes are')} above it"
            )
            text += (
                f" and {_en_count(len(below), 'is', 'are')} below it: {lang.names(below)}."
                if below
                else " and none is below."
            )
        sentences.append(text)
        note = ""
    else:
        note = (
            f"同批已提交诊断的机构目前只有 {cohort_size} 家。为保护每家机构的数据，满 5 家之后才显示同批中位数"
            f"和百分位；届时重新生成本报告即可看到对比。"
            if lang.zh
            else f"Only {_en_count(cohort_size, 'organisation', 'organisations')} of the cohort "
            f"{'has' if cohort_size == 1 else 'have'} submitted so far. To protect each "
            f"organisation's data the cohort median and percentiles appear once five organisations have "
            f"submitted; generate this report again then to see the comparison."
        )
    chart = {
        "labels": [r["name"] for r in spokes],
        "organisation": [r["score"] for r in spokes],
        "median": [r["median"] for r in spokes] if compared else None,
        "hub": (hub["name"], hub["score"], hub["median"]) if hub else None,
        "legend": (lang.label("organisation"), lang.label("cohort_median")),
    }
    return {
        "rows": rows,
        "spokes": spokes,
        "hub": hub,
        "compared": compared,
        "cohort_size": cohort_size,
        "text": lang.join_sentences(sentences),
        "note": note,
        "chart": chart,
    }


# --- summary ---------------------------------------------------------------------------------


def _summary(lang: _Lang, organisation, scored, result, wheel, cohort, compared, cohort_size) -> dict:
    overall = _get(scored, "scores", "overall")
    if overall is None:
        known: Any = [r["score"] for r in wheel["rows"] if r["kind"] in ("hub", "spoke") and r["score"] is not None]
        overall = round(sum(known) / len(known), 1) if known else 0.0
    band_zh, band_en = maturity(float(overall))
    band_text = band_zh if lang.zh else band_en
    paragraphs = []

    # Where it stands.
    standing = (
        f"{organisation}的运营之轮总分为 {lang.score(overall)} 分（满分 100），整体处于“{band_text}”水平。"
        if lang.zh
        else f"{organisation} scores {lang.score(overall)} out of 100 on the operations wheel: {band_text} overall."
    )
    paragraphs.append(lang.join_sentences([standing, wheel["text"] if wheel["spokes"] else ""]))
    if not compared:
        paragraphs.append(wheel["note"])

    # The growth ladder.
    stage = result.get("stage") or {}
    ladder = " → ".join(lang.pick(step.get("name")) for step in stage.get("ladder") or []) or (
        "活动 → 项目 → 产品 → 技术输出" if lang.zh else "activities → projects → products → exporting know-how"
    )
    stage_name = lang.pick(stage.get("name")) if stage.get("name") else ""
    following = stage.get("next") or {}
    missing = [lang.pick(m) for m in following.get("missing") or []]
    if stage_name:
        text = (
            f"在“{ladder}”这条成长阶梯上，机构目前处在{lang.quote(stage_name)}阶段。"
            if lang.zh
            else f"On the growth ladder ({ladder}) the organisation is at the {lang.quote(stage_name)} stage."
        )
    else:
        text = (
            f"在“{ladder}”这条成长阶梯上，机构还没有满足第一级{lang.quote(lang.pick(following.get('name')))}的标准。"
            if lang.zh
            else f"On the growth ladder ({ladder}) the organisation does not yet meet the criteria of the first "
            f"step, {lang.quote(lang.pick(following.get('name')))}."
        )
    if following:
        text += (
            f"要迈上{lang.quote(lang.pick(following.get('name')))}这一级，还需要做到下面几条："
            if lang.zh
            else f" To reach {lang.quote(lang.pick(following.get('name')))} it still needs the following:"
        )
    else:
        text += (
            "这已是阶梯的最高一级：接下来的任务是把经验稳定地输出给更多机构。"
            if lang.zh
            else " This is the top of the ladder: the task now is to keep passing its know-how on to others."
        )
    stage_block = {"name": stage_name or "–", "text": text, "missing": missing if following else []}

    # Priorities and path.
    priorities = []
    for p in result.get("priorities") or []:
        why = [lang.pick(w) for w in p.get("why") or []]
        priorities.append(
            {
                "rank": p.get("rank"),
                "numeral": lang.ordinal(p.get("rank") or 1),
                "name": lang.pick(p.get("name")),
                "why": why[0] if why else "",
            }
        )
    if priorities:
        intro = (
            "综合各项得分与财务指标，接下来最值得投入精力的是以下三件事（具体行动见第八部分）："
            if lang.zh
            else "Taking the scores and the financial indicators together, these are the three things most worth "
            "the effort now (the actions are in section 8):"
        )
    else:
        intro = ""
    paths = result.get("paths") or []
    path_text = ""
    best_path = "–"
    if paths:
        best = paths[0]
        best_path = lang.pick(best.get("name"))
        fors = [lang.pick(r) for r in best.get("reasons_for") or []][:2]
        againsts = [lang.pick(r) for r in best.get("reasons_against") or []][:1]
        if lang.zh:
            path_text = f"六条发展路径中，与机构目前条件最契合的是{lang.quote(best_path)}（契合度 {lang.score(best.get('fit'))}）。"
            if fors:
                path_text += "主要依据：" + "".join(fors)
            if againsts:
                path_text += "需要留意的是：" + againsts[0]
            if len(paths) > 1:
                path_text += f"其次是{lang.quote(lang.pick(paths[1].get('name')))}（{lang.score(paths[1].get('fit'))}）。六条路径的完整比较见第七部分。"
        else:
            path_text = (
                f"Of the six development paths, the best fit for the organisation as it is today is "
                f"{lang.quote(best_path)} (fit {lang.score(best.get('fit'))})."
            )
            if fors:
                path_text += " Mainly because: " + " ".join(fors)
            if againsts:
                path_text += " Keep in mind: " + againsts[0]
            if len(paths) > 1:
                path_text += (
                    f" Next comes {lang.quote(lang.pick(paths[1].get('name')))} "
                    f"({lang.score(paths[1].get('fit'))}); section 7 compares all six."
                )

    # Risks in one paragraph.
    finance = result.get("finance") or {}
    flags, known = finance.get("tuckman_chang_flags"), finance.get("tuckman_chang_known")
    kpr = result.get("key_person_risk") or {}
    kband = lang.pick(KEY_PERSON_BANDS.get(kpr.get("band"), ("–", "–")))
    disagreements = len(result.get("disagreements") or [])
    risk = []
    if known:
        risk.append(
            f"财务上，Tuckman 与 Chang 的四项脆弱性指标中，有 {known} 项可以计算，其中 {flags} 项越过了警戒线。"
            if lang.zh
            else f"Financially, {known} of Tuckman and Chang's four vulnerability ratios could be computed and "
            f"{flags} of them are past their threshold."
        )
    if kpr.get("index") is not None:
        risk.append(
            f"关键人物风险指数为 {lang.score(kpr['index'])}，属于{kband}水平。"
            if lang.zh
            else f"The key-person risk index is {lang.score(kpr['index'])}: {kband}."
        )
    raters = _get(result, "raters", "count", default=0)
    if raters and raters > 1:
        risk.append(
            (
                f"评分者在 {disagreements} 个条目上相差两级或以上，值得在团队会上当面谈一谈。"
                if disagreements
                else "各位评分者的看法比较一致，没有相差两级以上的条目。"
            )
            if lang.zh
            else (
                f"Raters differ by two levels or more on {_en_count(disagreements, 'item', 'items')}: worth "
                f"talking through as a team."
                if disagreements
                else "The raters broadly agree: no item differs by two levels or more."
            )
        )
    else:
        risk.append(
            "本次只有负责人一人作答；邀请员工和理事一起评分，诊断会更可靠。"
            if lang.zh
            else "Only the leader answered this time; inviting staff and board members to rate too makes the "
            "diagnosis more reliable."
        )

    key_figures = [
        {"label": lang.label("overall"), "value": lang.score(overall), "note": lang.label("out_of_100")},
        {"label": lang.label("level"), "value": band_text if lang.zh else band_text.capitalize(), "note": ""},
        {"label": lang.label("stage"), "value": stage_name or "–", "note": ""},
        {"label": lang.label("best_path"), "value": best_path, "note": ""},
    ]
    return {
        "overall": overall,
        "overall_text": lang.score(overall),
        "band": band_text,
        "paragraphs": [p for p in paragraphs if p],
        "stage": stage_block,
        "priorities_intro": intro,
        "priorities": priorities,
        "path_text": path_text,
        "risk_text": lang.join_sentences(risk),
        "key_figures": key_figures,
    }


# --- perspectives ----------------------------------------------------------------------------


def _comparison(lang: _Lang, score, median, percentile) -> str:
    if score is None or median is None:
        return ""
    if abs(score - median) < 0.05:
        where = "与同批中位数持平" if lang.zh else "level with the cohort median"
    elif score > median:
        where = (
            f"比同批中位数（{lang.score(median)}）高 {score - median:.1f} 分"
            if lang.zh
            else f"{score - median:.1f} points above the cohort median ({lang.score(median)})"
        )
    else:
        where = (
            f"比同批中位数（{lang.score(median)}）低 {median - score:.1f} 分"
            if lang.zh
            else f"{median - score:.1f} points below the cohort median ({lang.score(median)})"
        )
    if percentile is not None:
        where += f"，位于第 {percentile:.0f} 百分位" if lang.zh else f", at the {_ordinal_en(percentile)} percentile"
    return where


def _perspectives(lang: _Lang, result, benchmark, cohort, compared) -> dict:
    bench = benchmark.get("perspectives") or {}
    pcts = _get(cohort, "percentiles", "perspectives", default={})
    items = []
    for code, p in (result.get("perspectives") or {}).items():
        b = bench.get(code) or {}
        shown = compared and not b.get("suppressed", True)
        median = b.get("median") if shown else None
        percentile = pcts.get(code) if shown else None
        parts = []
        for part in p.get("parts") or []:
            is_indicator = part.get("kind") == "indicator"
            score_text = lang.score(part.get("score"))
            parts.append(
                {
                    "name": lang.pick(part.get("name")),
                    "score": part.get("score"),
                    "score_text": f"{lang.label('health')} {score_text}" if is_indicator else score_text,
                    "weight_text": f"{float(part.get('weight') or 0) * 100:.0f}%",
                    "indicator": is_indicator,
                }
            )
        known = [x for x in parts if x["score"] is not None]
        score = p.get("score")
        sentences = []
        if score is None:
            sentences.append(
                "这一维度缺少数据，无法计算。" if lang.zh else "Not enough data to score this perspective."
            )
        else:
            comparison = _comparison(lang, score, median, percentile)
            if lang.zh:
                sentences.append(f"得分 {lang.score(score)}" + (f"，{comparison}。" if comparison else "。"))
            else:
                sentences.append(f"It scores {lang.score(score)}" + (f", {comparison}." if comparison else "."))
        if len(known) >= 2:
            top = max(known, key=lambda x: x["score"])
            low = min(known, key=lambda x: x["score"])
            if top["score"] != low["score"]:
                sentences.append(
                    f"构成这一维度的各项中，最强的是{lang.quote(top['name'])}（{top['score_text']}），"
                    f"最弱的是{lang.quote(low['name'])}（{low['score_text']}）。"
                    if lang.zh
                    else f"Among its parts the strongest is {lang.quote(top['name'])} ({top['score_text']}) and "
                    f"the weakest {lang.quote(low['name'])} ({low['score_text']})."
                )
            weak = [x for x in known if x["score"] < 50]
            if weak and low["score"] < 50:
                sentences.append(
                    f"低于 50 分的{lang.names(x['name'] for x in weak)}拉低了这一维度，回答引导问题时可以从这里入手。"
                    if lang.zh
                    else f"{lang.names(x['name'] for x in weak)} (below 50) pull this perspective down: a place to start "
                    f"when answering the guiding question."
                )
        items.append(
            {
                "code": code,
                "name": lang.pick(p.get("name")),
                "question": lang.pick(p.get("question")),
                "score": score,
                "score_text": lang.score(score),
                "median_text": lang.score(median),
                "parts": parts,
                "text": lang.join_sentences(sentences),
            }
        )
    intro = (
        "平衡计分卡的四个维度都从使命出发：财务是实现使命的手段，而不是目标本身（Kaplan, 2001）。"
        "每个维度的得分由下列方面和财务指标加权得出，括号中是权重；财务指标先换算为 0–100 的健康分。"
        "每个维度都配有工作坊上讨论过的引导问题，建议带着分数和团队一起回答。"
        if lang.zh
        else "All four perspectives start from the mission: finance enables it, it is not the goal (Kaplan, 2001). "
        "Each score is a weighted mean of the areas and financial indicators listed (weights in brackets; "
        "indicators first become a 0–100 health score). Each comes with the guiding question from the "
        "workshop: answer it with the team, figures in hand."
    )
    return {"intro": intro, "rows": items}


# --- finance ---------------------------------------------------------------------------------


def _income_mix(lang: _Lang, finance, numbers) -> tuple[list[dict], str]:
    revenue = finance.get("total_revenue")
    if numbers:
        rows: list[dict[str, Any]] = [
            {"label": lang.pick((zh, en)), "amount": float(numbers.get(code) or 0.0)} for code, zh, en in INCOME_SOURCES
        ]
        note = ""
    else:
        indicators = finance.get("indicators") or {}
        leader_share = _get(indicators, "leader_donation_share", "value")
        self_sufficiency = _get(indicators, "self_sufficiency", "value")
        expenses = finance.get("total_expenses")
        if not revenue or leader_share is None or self_sufficiency is None or expenses is None:
            return [], (
                "诊断结果中没有收入数据，无法画出收入结构。"
                if lang.zh
                else "The diagnosis carries no income figures, so the income mix cannot be drawn."
            )
        leader = float(leader_share) * float(revenue)
        earned = float(self_sufficiency) * float(expenses)
        rows = [
            {"label": lang.pick(("负责人和理事个人捐赠", "Leader and board donations")), "amount": leader},
            {"label": lang.pick(("服务收费等自营收入", "Earned income and fees")), "amount": earned},
            {
                "label": lang.pick(("其他各项来源合计", "All other sources")),
                "amount": max(float(revenue) - leader - earned, 0.0),
            },
        ]
        note = (
            "这里只分出了诊断结果中能看到的两项来源，其余来源合并显示；各来源的明细以机构填报的财务数字为准。"
            if lang.zh
            else "Only the two sources visible in the diagnosis are shown apart; the others are combined. "
            "The organisation's own figures give the full breakdown."
        )
    total = sum(r["amount"] for r in rows if r["amount"] > 0)
    for row in rows:
        row["share"] = row["amount"] / total if total else 0.0
        row["amount_text"] = lang.money(row["amount"]) if row["amount"] else "0"
        row["share_text"] = lang.pct(row["share"], 0) if row["amount"] else ""
        row["bar_label"] = f"{row['amount_text']} · {row['share_text']}" if row["amount"] else "0"
    return rows, note


def _finance(lang: _Lang, result, benchmark, cohort, compared, numbers) -> dict:
    finance = result.get("finance") or {}
    bench = benchmark.get("indicators") or {}
    pcts = _get(cohort, "percentiles", "indicators", default={})
    quintiles = cohort.get("quintile_flags") or {}
    rows, concerns = [], []
    for code, ind in (finance.get("indicators") or {}).items():
        value, threshold, risky = ind.get("value"), ind.get("threshold"), ind.get("risky_when")
        b = bench.get(code) or {}
        shown = compared and not b.get("suppressed", True)
        worst = bool(quintiles.get(code)) if compared else False
        if threshold is None:
            threshold_text = "不设" if lang.zh else "none"
        elif lang.zh:
            threshold_text = f"{'低于' if risky == 'below' else '高于'} {lang.indicator(code, threshold)}"
        else:
            threshold_text = f"{risky} {lang.indicator(code, threshold)}"
        percentile = pcts.get(code) if shown else None
        if percentile is None:
            position = "–"
        elif lang.zh:
            position = f"第 {percentile:.0f} 百分位"
        else:
            position = f"{_ordinal_en(percentile)} pct."
        flag = ind.get("flag")
        if value is None:
            flag_text, flag_class = ("缺少数据", "na") if lang.zh else ("no data", "na")
        elif flag is True:
            flag_text, flag_class = ("越过警戒线", "risk") if lang.zh else ("past threshold", "risk")
        elif flag is False:
            flag_text, flag_class = ("正常", "ok") if lang.zh else ("within", "ok")
        else:
            flag_text, flag_class = ("仅作参考", "na") if lang.zh else ("for reference", "na")
        row = {
            "code": code,
            "name": lang.pick(ind.get("name")),
            "value_text": lang.indicator(code, value),
            "threshold_text": threshold_text,
            "median_text": lang.indicator(code, b.get("median")) if shown else "–",
            "position_text": position,
            "worst_fifth": worst,
            "worst_fifth_text": ("同批最差五分之一" if lang.zh else "cohort's worst fifth") if worst else "",
            "flag_text": flag_text,
            "flag_class": flag_class,
            "reason": lang.pick(ind.get("reason")),
            "tuckman_chang": code in TUCKMAN_CHANG,
        }
        rows.append(row)
        if flag is True or worst:
            concerns.append(row)
    mix, mix_note = _income_mix(lang, finance, numbers)
    revenue, expenses = finance.get("total_revenue"), finance.get("total_expenses")
    sentences = []
    if revenue is not None and expenses is not None:
        sentences.append(
            f"年度总收入 {lang.money(revenue)}，总支出 {lang.money(expenses)}，"
            + (
                f"结余 {lang.money(revenue - expenses)}。"
                if revenue >= expenses
                else f"收不抵支 {lang.money(expenses - revenue)}。"
            )
            if lang.zh
            else f"Annual revenue is {lang.money(revenue)} and expenses {lang.money(expenses)}: "
            + (
                f"a surplus of {lang.money(revenue - expenses)}."
                if revenue >= expenses
                else f"a deficit of {lang.money(expenses - revenue)}."
            )
        )
    sources = finance.get("income_sources")
    if sources is not None:
        sentences.append(
            f"收入来自 {sources} 个来源。"
            if lang.zh
            else f"Income comes from {sources} source{'s' if sources != 1 else ''}."
        )
    flags, known = finance.get("tuckman_chang_flags"), finance.get("tuckman_chang_known")
    vulnerability = cohort.get("vulnerability") or {}
    if known:
        sentences.append(
            f"按 Tuckman 与 Chang（1991）的四项脆弱性指标（净资产比率、收入集中度、管理费用率、收支结余率），"
            f"有 {flags} 项越过绝对警戒线"
            if lang.zh
            else f"Of Tuckman and Chang's (1991) four vulnerability ratios (equity, revenue concentration, "
            f"administrative cost, operating margin), {flags} are past the absolute threshold"
        )
        if compared and vulnerability.get("known"):
            sentences[-1] += (
                f"；与同批相比，有 {vulnerability.get('flags')} 项落在最差的五分之一（0 项为健康，4 项为严重脆弱）。"
                if lang.zh
                else f"; against the cohort, {vulnerability.get('flags')} fall in its worst fifth "
                f"(0 is healthy, 4 severely at risk)."
            )
        else:
            sentences[-1] += "。" if lang.zh else "."
    meaning = []
    for row in concerns:
        relative = ""
        if row["flag_class"] != "risk":  # only in the cohort's worst fifth, not past an absolute line
            relative = (
                "它没有越过绝对警戒线，但在同批中处于最差的五分之一。"
                if lang.zh
                else "It is not past an absolute threshold, but it is in the cohort's worst fifth."
            )
        text = lang.join_sentences([row["reason"], relative, lang.pick(INDICATOR_MEANING.get(row["code"], ("", "")))])
        meaning.append({"name": row["name"], "text": text})
    if not meaning:
        closing = (
            (
                "各项指标都在警戒线以内，"
                + ("在同批中也没有落入最差的五分之一。" if compared else "。")
                + "接下来的重点是保持：每年按同样的口径再算一次，看趋势而不只看一年。"
            )
            if lang.zh
            else (
                "Every indicator is within its threshold"
                + (" and none is in the cohort's worst fifth." if compared else ".")
                + " The task is to keep it so: compute the same figures every year and watch the trend, not one year."
            )
        )
    else:
        closing = (
            "财务不是目标，而是让使命走得更远的条件。上面几项如果不处理，最先受影响的往往是团队的稳定和服务的连续。"
            if lang.zh
            else "Money is not the goal but what lets the mission go further. Left alone, the issues above hit the "
            "team's stability and the continuity of services first."
        )
    chart = None
    if mix:
        chart = {
            "labels": [r["label"] for r in mix],
            "amounts": [r["amount"] for r in mix],
            "value_labels": [r["bar_label"] for r in mix],
        }
    return {
        "rows": rows,
        "text": lang.join_sentences(sentences),
        "meaning": meaning,
        "closing": closing,
        "mix": mix,
        "mix_note": mix_note,
        "chart": chart,
        "total_revenue_text": lang.money(revenue),
        "total_expenses_text": lang.money(expenses),
        "compared": compared,
        "percentile_note": lang.label("percentile_note")
        if compared
        else (
            "同批提交诊断的机构不足 5 家，暂不显示同批中位数和位置。"
            if lang.zh
            else "Fewer than five organisations of the cohort have submitted: no cohort median or position yet."
        ),
    }


# --- key-person risk and rater agreement -----------------------------------------------------


def _key_person(lang: _Lang, result, appendix) -> dict:
    kpr = result.get("key_person_risk") or {}
    parts = []
    for part in kpr.get("parts") or []:
        code = part.get("code")
        if code == "leader_donations" and part.get("input") is not None:
            input_text = lang.pct(part["input"])
        elif code == "leader_team_gap" and part.get("input") is not None:
            input_text = f"{part['input']:+.1f}"
        else:
            input_text = lang.score(part.get("input"))
        parts.append(
            {
                "name": lang.pick(KEY_PERSON_PARTS.get(code, (code, code))),
                "input_text": input_text,
                "value_text": lang.score(part.get("value")),
                "weight_text": f"{float(part.get('effective_weight') or 0) * 100:.0f}%",
                "reason": lang.pick(part.get("reason")),
            }
        )
    dimensions = result.get("dimensions") or {}
    gaps = [
        {
            "name": lang.pick(d.get("name")),
            "leader_text": lang.score(d.get("leader_score")),
            "team_text": lang.score(d.get("team_score")),
            "gap": d.get("gap"),
            "gap_text": "–" if d.get("gap") is None else (f"{d['gap']:+.1f}" if d["gap"] else "0.0"),
            "large": d.get("gap") is not None and abs(d["gap"]) >= 100 / 9,
        }
        for d in dimensions.values()
        if d.get("kind") in ("hub", "spoke", "governance")
    ]
    with_gap = [g for g in gaps if g["gap"] is not None]
    sentences = []
    chart = None
    if with_gap:
        rosier = [g for g in with_gap if g["gap"] >= 100 / 9]
        gloomier = [g for g in with_gap if g["gap"] <= -100 / 9]
        if lang.zh:
            sentences.append(
                "下图是负责人评分减去团队（员工和理事）平均评分的差值；差值为正，说明负责人看到的情况比团队更乐观。"
                "相差 11 分左右，相当于每个条目平均差了三分之一级。"
            )
            if rosier:
                sentences.append(
                    f"负责人明显比团队乐观的方面：{lang.names(g['name'] for g in rosier)}。"
                    "这些地方值得先听听团队的看法，再决定怎么改。"
                )
            if gloomier:
                sentences.append(f"团队反而比负责人评价更高的方面：{lang.names(g['name'] for g in gloomier)}。")
            if not rosier and not gloomier:
                sentences.append("各方面的差值都在 11 分以内，负责人和团队的看法大体一致。")
        else:
            sentences.append(
                "The chart shows the leader's rating minus the team's (staff and board) average; a "
                "positive gap means the leader sees it rosier than the team. About 11 points is a "
                "third of a level on every item."
            )
            if rosier:
                sentences.append(
                    f"The leader is clearly more positive than the team on {lang.names(g['name'] for g in rosier)}: "
                    "hear the team out there before deciding what to change."
                )
            if gloomier:
                sentences.append(
                    f"The team rates {lang.names(g['name'] for g in gloomier)} higher than the leader does."
                )
            if not rosier and not gloomier:
                sentences.append("Every gap is within 11 points: leader and team broadly agree.")
        chart = {
            "labels": [g["name"] for g in gaps],
            "gaps": [g["gap"] for g in gaps],
            "axis_label": ("负责人评分 − 团队评分（分）" if lang.zh else "leader minus team (points)"),
            "legend": (("负责人更乐观", "团队更乐观") if lang.zh else ("leader more positive", "team more positive")),
        }
    else:
        sentences.append(
            "本次只有负责人一人作答，还无法比较负责人与团队的看法。邀请员工和理事一起评分，"
            "是检验“决策层依赖负责人一人”的最好办法。"
            if lang.zh
            else "Only the leader answered this time, so leader and team cannot be compared. Inviting staff "
            "and board members to rate is the best test of whether decisions depend on the leader alone."
        )
    items_text = appendix.get("items") or {}
    dim_names = {code: lang.pick(d.get("name")) for code, d in dimensions.items()}
    role_names = {role: lang.pick(pair) for role, pair in ROLES.items()}
    disagreements = []
    for code in result.get("disagreements") or []:
        item = (result.get("items") or {}).get(code) or {}
        wording = lang.pick(_get(items_text, code, "text")) or code
        by_role = item.get("by_role") or {}
        role_text = ("；" if lang.zh else "; ").join(
            f"{role_names.get(role, role)} {float(v):.1f}" for role, v in by_role.items() if v is not None
        )
        disagreements.append(
            {
                "code": code,
                "text": wording,
                "dimension": dim_names.get(item.get("dimension"), ""),
                "range_text": f"{item.get('min', '–')}–{item.get('max', '–')}",
                "mean_text": "–" if item.get("mean") is None else f"{item['mean']:.2f}",
                "by_role_text": role_text,
            }
        )
    if disagreements:
        agreement = (
            f"有 {len(disagreements)} 个条目上，评分者之间相差两级或以上。分歧本身就是信息：它说明大家对同一件事"
            "看到的不一样。建议在团队会上逐条请大家说说打分的理由，再一起商定一个共识等级。"
            if lang.zh
            else f"On {_en_count(len(disagreements), 'item', 'items')} raters differ by two levels or more. The disagreement is itself "
            "information: people see the same thing differently. Go through them at a team meeting, hear "
            "each person's reasons, and agree a shared level."
        )
    elif (_get(result, "raters", "count", default=0) or 0) > 1:
        agreement = (
            "没有哪个条目上评分者相差两级或以上，大家的看法比较一致。"
            if lang.zh
            else "No item has raters two levels or more apart: views are broadly shared."
        )
    else:
        agreement = (
            "只有一位评分者，还谈不上意见是否一致；请员工和理事也来评分。"
            if lang.zh
            else "With a single rater there is no agreement to measure yet; ask staff and board members to rate too."
        )
    raters = _get(result, "raters", "count", default=0)
    kband = lang.pick(KEY_PERSON_BANDS.get(kpr.get("band"), ("–", "–")))
    return {
        "raters_text": str(raters or "–"),
        "disagreement_count": len(disagreements),
        "index_text": lang.score(kpr.get("index")),
        "band": kband if lang.zh else kband.capitalize(),
        "band_code": kpr.get("band") or "na",
        "reason": lang.pick(kpr.get("reason")),
        "parts": parts,
        "gaps": gaps,
        "has_team": bool(with_gap),
        "gap_text": lang.join_sentences(sentences),
        "chart": chart,
        "disagreements": disagreements,
        "agreement_text": agreement,
        "intro": (
            "关键人物风险衡量机构在多大程度上依赖负责人一个人：能否离开负责人运转三个月、理事会是否真正开会决策、"
            "有没有第二梯队、收入是否靠负责人自己掏钱，以及负责人是否比团队看得更乐观。指数 0–100，越高越依赖。"
            if lang.zh
            else "Key-person risk measures how much the organisation depends on its leader alone: can it run "
            "three months without them, does the board meet and decide, is there a second line, does "
            "income come from the leader's own pocket, does the leader see things rosier than the team. "
            "0–100, higher means more dependent."
        ),
    }


# --- industry scan ---------------------------------------------------------------------------


def _scan(lang: _Lang, appendix, scan, scan_text) -> dict:
    items = appendix.get("scan_items") or {}
    intro = (
        "行业扫描由外到内：先看外部的机遇与挑战，再看机构自身的优势与劣势。下面是机构自己勾选的条目，"
        "标有“非常符合”的排在前面。"
        if lang.zh
        else "The industry scan works from the outside in: external opportunities and threats first, then the "
        "organisation's own strengths and weaknesses. Below are the items the organisation chose; those it "
        "marked “strongly applies” come first."
    )
    if not scan:
        return {
            "given": False,
            "intro": intro,
            "quadrants": [],
            "text": scan_text or "",
            "note": (
                "本报告生成时没有附上机构在行业扫描中的勾选结果。工作坊上讨论过的机遇、挑战、优势与劣势，"
                "可以对照附录中的行业扫描条目，由团队一起补上，并与第七部分的发展路径对照着看。"
                if lang.zh
                else "The organisation's industry-scan choices were not available when this report was made. "
                "The team can fill in the opportunities, threats, strengths and weaknesses discussed at the "
                "workshop and read them alongside the development paths in section 7."
            ),
        }
    quadrants = []
    for quadrant, label in SCAN_QUADRANTS:
        chosen = []
        for code, item in items.items():
            if item.get("quadrant") != quadrant:
                continue
            level = int(scan.get(code) or 0)
            if level > 0:
                chosen.append({"text": lang.pick(item.get("text")), "strong": level >= 2})
        chosen.sort(key=lambda c: not c["strong"])
        quadrants.append({"code": quadrant, "title": lang.label(label), "entries": chosen})
    return {"given": True, "intro": intro, "quadrants": quadrants, "text": scan_text or "", "note": ""}


# --- development paths -----------------------------------------------------------------------


def _paths(lang: _Lang, result) -> dict:
    rows = []
    for p in result.get("paths") or []:
        view = p.get("view")
        rows.append(
            {
                "rank": p.get("rank"),
                "name": lang.pick(p.get("name")),
                "description": lang.pick(p.get("description")),
                "fit": p.get("fit"),
                "fit_text": lang.score(p.get("fit")),
                "fit_width": max(0.0, min(100.0, float(p.get("fit") or 0))),
                "view_text": f"{view}/4" if view is not None else "–",
                "reasons_for": [lang.pick(r) for r in p.get("reasons_for") or []],
                "reasons_against": [lang.pick(r) for r in p.get("reasons_against") or []],
                "reasons_mixed": [lang.pick(r) for r in p.get("reasons_mixed") or []],
                "unknown": [lang.pick(r) for r in p.get("unknown") or []],
            }
        )
    intro = (
        "工作坊上讨论了六条发展路径：专精路线、一体两翼、区域综合、集团化、联合体和新型组织。下面按与机构目前条件的契合度"
        "（0–100）排序，每条都列出支持和反对的理由。契合度不是答案，而是讨论的起点：路径要由负责人、团队和理事会一起选。"
        if lang.zh
        else "The workshop discussed six development paths: specialise, one core with two wings, regional "
        "comprehensive provider, group, consortium and new-type organisation. They are ranked by fit with the "
        "organisation as it is today (0–100), each with the reasons for and against. A fit is not an answer "
        "but the start of a discussion: the leader, team and board choose the path together."
    )
    return {"intro": intro, "rows": rows}


# --- action plan -----------------------------------------------------------------------------


def _actions(lang: _Lang, result) -> dict:
    plans = []
    for p in result.get("priorities") or []:
        area = p.get("area")
        three, six = CHECKS.get(area, GENERIC_CHECK)
        six_text = lang.pick(six)
        if p.get("kind") == "dimension" and p.get("score") is not None:
            six_text += (
                f"（现在的得分：{lang.score(p['score'])}）"
                if lang.zh
                else f" (today's score: {lang.score(p['score'])})"
            )
        elif p.get("kind") == "indicator" and p.get("value") is not None:
            six_text += (
                f"（现在：{lang.indicator(area, p['value'])}）"
                if lang.zh
                else f" (today: {lang.indicator(area, p['value'])})"
            )
        plans.append(
            {
                "rank": p.get("rank"),
                "numeral": lang.ordinal(p.get("rank") or 1),
                "name": lang.pick(p.get("name")),
                "heading": (
                    f"优先事项{lang.ordinal(p.get('rank') or 1)}：{lang.pick(p.get('name'))}"
                    if lang.zh
                    else f"Priority {p.get('rank')}: {lang.pick(p.get('name'))}"
                ),
                "why": [lang.pick(w) for w in p.get("why") or []],
                "actions": [lang.pick(a.get("text")) for a in p.get("actions") or []],
                "check_3m": lang.pick(three),
                "check_6m": six_text,
            }
        )
    intro = (
        "下面三项是按“差距 × 重要性”排出的优先事项，每项配有具体行动。请在工作坊结束后两周内，为每个行动填上负责人和完成时间，"
        "并在 3 个月和 6 个月时对照检查点回顾一次。"
        if lang.zh
        else "The three priorities below are ranked by gap × importance, each with concrete actions. Within two "
        "weeks of the workshop, write in an owner and a date for every action, and review at 3 and 6 months "
        "against the checks."
    )
    return {"intro": intro, "plans": plans}


# --- partners --------------------------------------------------------------------------------


def _partners(lang: _Lang, result, cohort) -> dict:
    me = result.get("organisation_id")
    rows = []
    for match in cohort.get("matches") or []:
        if match.get("from") == me:
            partner = match.get("to_name")
        elif match.get("to") == me:
            partner = match.get("from_name")
        else:
            continue
        rows.append(
            {
                "name": partner or "–",
                "type": lang.pick(match.get("type_name")),
                "reason": lang.pick(match.get("reason")),
            }
        )
    intro = (
        "工作坊上，不少机构达成了资源共享、人员交流和项目合作的初步意向。下面是根据诊断结果建议优先交流的同批机构："
        "一方的长处正好补上另一方的短板，并且服务领域相同或地区相近。这里只列出机构名称和匹配的理由。"
        if lang.zh
        else "At the workshop many organisations agreed to share resources, exchange staff and cooperate on projects. "
        "These are the organisations of the cohort worth talking to first: one's strength covers the other's "
        "weakness, and they share a field or an area. Only the name and the reason for the match are shown."
    )
    note = (
        ""
        if rows
        else (
            "目前同批中还没有找到合适的伙伴；更多机构提交诊断后会重新匹配。"
            if lang.zh
            else "No suitable partner has been found in the cohort yet; matches are recomputed as more "
            "organisations submit."
        )
    )
    return {"intro": intro, "rows": rows, "note": note}


# --- method appendix and answers -------------------------------------------------------------


def _appendix(lang: _Lang, workshop, scored, result, appendix, cohort_size, compared) -> dict:
    methods = [
        {
            "name": m.get("name"),
            "title": lang.pick(METHOD_TITLES.get(m.get("name"), (m.get("name"), m.get("name")))),
            "formula": m.get("formula") or "",
        }
        for m in appendix.get("method") or []
    ]
    workshop_title = lang.pick({"zh": workshop.get("title_zh"), "en": workshop.get("title_en")})
    version = scored.get("instrument_version") or result.get("instrument_version") or "–"
    if lang.zh:
        cohort_text = (
            f"同批比较的范围是「{workshop_title}」中已提交诊断的 {cohort_size} 家机构。"
            f"任何少于 {MIN_COHORT} 家机构的汇总都不显示，以免反推出单个机构的数据。"
            + ("" if compared else f"目前不足 {MIN_COHORT} 家，所以本报告没有同批比较。")
            + f"诊断工具版本 {version}，诊断结果版本 {scored.get('diagnosis_version') or '–'}。"
        )
    else:
        cohort_text = (
            f"The cohort is the {_en_count(cohort_size, 'organisation', 'organisations')} of "
            f"“{workshop_title}” that have submitted. "
            f"No aggregate over fewer than {MIN_COHORT} organisations is shown, so that no single "
            f"organisation's figures can be inferred."
            + (
                ""
                if compared
                else f" There are fewer than {MIN_COHORT} so far, so this report has no cohort comparison."
            )
            + f" Instrument version {version}; diagnosis version {scored.get('diagnosis_version') or '–'}."
        )
    items_text = appendix.get("items") or {}
    dims = appendix.get("dimensions") or {}
    answers = result.get("items") or {}
    groups = []
    for dim_code, dim in dims.items():
        rows = []
        for code, item in items_text.items():
            if item.get("dimension") != dim_code:
                continue
            answer = answers.get(code) or {}
            mean = answer.get("mean")
            rows.append(
                {
                    "code": code,
                    "text": lang.pick(item.get("text")),
                    "mean_text": "–" if mean is None else f"{mean:.2f}",
                    "range_text": "–" if answer.get("min") is None else f"{answer['min']}–{answer['max']}",
                    "spread_text": "–" if answer.get("spread") is None else str(answer["spread"]),
                    "flagged": bool(answer.get("flagged")),
                }
            )
        if rows:
            groups.append({"code": dim_code, "name": lang.pick(dim.get("name")), "rows": rows})
    return {
        "methods": methods,
        "cohort_text": cohort_text,
        "instrument_version": version,
        "answers": groups,
        "formula_note": lang.label("formula_note"),
        "answers_note": lang.label("answers_note"),
    }
