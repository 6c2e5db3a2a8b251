"""The second half of the organisation report as it was written before its words moved to
the catalogue (key-person risk, the industry scan, the paths, the action plan, the partners
and the appendix): inline (zh, en) pairs and a hand-written formatter. The report no longer
prints it; it stays as the reference its sections' modules are tested against
(tests/unit/reporting/test_report_sections.py), and leaves with that comparison."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from services.common.contracts.diagnosis import MIN_COHORT
from services.common.messages import LANGUAGES

# --------------------------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------------------------

CHINESE_NUMERALS = "一二三四五六七八九十"

LABELS = {  # the labels the second half reads itself
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
    "scan_strengths": ("优势 S", "Strengths"),
    "scan_weaknesses": ("劣势 W", "Weaknesses"),
    "scan_opportunities": ("机遇 O", "Opportunities"),
    "scan_threats": ("挑战 T", "Threats"),
}

ROLES = {"leader": ("负责人", "leader"), "staff": ("员工", "staff"), "board": ("理事", "board")}

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
        return zh if self.zh else en

    def score(self, value) -> str:
        return "–" if value is None else f"{float(value):.1f}"

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

    def ordinal(self, n: int) -> str:
        if self.zh:
            return CHINESE_NUMERALS[n - 1] if 1 <= n <= 10 else str(n)
        return str(n)


def _en_count(n: int, one: str, many: str) -> str:
    """ "1 spoke is" / "3 spokes are"."""
    return f"{n} {one if n == 1 else many}"


def _get(mapping, *keys, default=None):
    for key in keys:
        if not isinstance(mapping, Mapping) or key not in mapping:
            return default
        mapping = mapping[key]
    return default if mapping is None else mapping


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
