"""A small instrument built with the real dataclasses, and organisation builders."""

from services.diagnosis.domain.engine import OrganisationInput, RaterAnswers
from services.diagnosis.domain.instrument import (
    PATHS,
    STAGES,
    Action,
    DevelopmentPath,
    Dimension,
    Instrument,
    Item,
    Perspective,
    ScanItem,
    Stage,
    StageCriterion,
    Text,
)

SPOKES = (
    "structure_strategy",
    "service_innovation",
    "team_growth",
    "compliance",
    "efficiency",
    "cooperation",
    "satisfaction",
    "expansion",
)
DIMENSION_CODES = ("hub",) + SPOKES + ("governance",)
ZH = {
    "hub": "使命愿景价值观",
    "structure_strategy": "架构与战略",
    "service_innovation": "服务创新",
    "team_growth": "团队专业成长",
    "compliance": "行政合规",
    "efficiency": "运营效能",
    "cooperation": "合作发展",
    "satisfaction": "用户满意度",
    "expansion": "业务拓展",
    "governance": "治理",
}


def t(s):
    return Text(zh=s, en=s)


def _dimension(code):
    kind = "hub" if code == "hub" else "governance" if code == "governance" else "spoke"
    items = tuple(
        Item(code=f"{code}.q{i}", dimension=code, text=t(f"{code} q{i}"), levels=(t("1"), t("2"), t("3"), t("4")))
        for i in (1, 2)
    )
    return Dimension(code=code, kind=kind, name=Text(zh=ZH[code], en=code.replace("_", " ")), items=items)


def instrument():
    return Instrument(
        version="test-1",
        title=t("test"),
        dimensions=tuple(_dimension(c) for c in DIMENSION_CODES),
        perspectives=(
            Perspective("clients", t("clients"), t("?"), {"satisfaction": 2.0, "service_innovation": 1.0}, {}),
            Perspective(
                "operations",
                t("operations"),
                t("?"),
                {"efficiency": 1.0, "compliance": 1.0},
                {"programme_expense_ratio": 1.0},
            ),
            Perspective(
                "finance",
                t("finance"),
                t("?"),
                {},
                {"months_of_reserve": 1.0, "operating_margin": 1.0, "revenue_concentration": 2.0},
            ),
            Perspective("growth", t("growth"), t("?"), {"team_growth": 1.0}, {"staff_turnover": 1.0}),
        ),
        scan_items=(
            ScanItem("opportunity.grassroots_governance", "opportunity", t("基层治理")),
            ScanItem("threat.leader_donations_falling", "threat", t("负责人捐赠下降")),
            ScanItem("strength.regional_influence", "strength", t("区域影响力")),
            ScanItem("strength.local_resources", "strength", t("在地资源")),
            ScanItem("weakness.talent_loss", "weakness", t("人才流失")),
        ),
        numbers=(),
        stages=tuple(Stage(code, t(code), t(code)) for code in STAGES),
        stage_criteria=(
            StageCriterion("act.regular", "activities", t("定期开展活动")),
            StageCriterion("act.volunteers", "activities", t("有稳定志愿者")),
            StageCriterion("proj.budget", "projects", t("项目有预算")),
            StageCriterion("proj.goals", "projects", t("项目有目标")),
            StageCriterion("proj.report", "projects", t("项目有报告")),
            StageCriterion("prod.standard", "products", t("服务标准化")),
            StageCriterion("prod.priced", "products", t("有定价")),
            StageCriterion("know.train", "know_how", t("培训其他机构")),
        ),
        paths=tuple(DevelopmentPath(code, t(code), t(code)) for code in PATHS),
        actions=(
            Action("gov.board", "governance", t("理事会每季度开会")),
            Action("gov.deputy", "governance", t("培养副手")),
            Action("gov.manual", "governance", t("写流程手册")),
            Action("gov.fourth", "governance", t("第四条")),
            Action("comp.audit", "compliance", t("年度审计")),
            Action("hhi.diversify", "revenue_concentration", t("开拓第二收入来源")),
            Action("team.mentor", "team_growth", t("导师制")),
        ),
    )


def answers(level_by_dimension, items=(1, 2)):
    """{item code: level} giving every item of each listed dimension the same level."""
    return {f"{code}.q{i}": level for code, level in level_by_dimension.items() for i in items}


def everything(level):
    return answers({c: level for c in DIMENSION_CODES})


def leader(ans, rid="L"):
    return RaterAnswers(respondent_id=rid, role="leader", answers=ans)


def staff(ans, rid="S"):
    return RaterAnswers(respondent_id=rid, role="staff", answers=ans)


def org(
    oid="o1",
    raters=None,
    numbers=None,
    focus=("children",),
    region="安顺市西秀区",
    scan=None,
    evidence=None,
    views=None,
    workshop="w1",
):
    return OrganisationInput(
        organisation_id=oid,
        workshop_id=workshop,
        name_zh=f"机构{oid}",
        focus_areas=tuple(focus),
        service_region=region,
        raters=tuple(raters if raters is not None else (leader(everything(3)),)),
        numbers=dict(numbers or {}),
        scan=dict(scan or {}),
        stage_evidence=dict(evidence or {}),
        path_views=dict(views or {}),
    )


HEALTHY_NUMBERS = {
    "income.government_purchase": 400_000,
    "income.foundation_grants": 300_000,
    "income.public_donations": 200_000,
    "income.earned_income": 100_000,
    "expense.programme": 700_000,
    "expense.administration": 150_000,
    "expense.fundraising": 50_000,
    "balance.net_assets": 500_000,
    "balance.unrestricted_reserves": 300_000,
    "people.staff_full_time": 8,
    "people.staff_part_time": 2,
    "people.departures_12m": 1,
    "people.volunteers": 40,
    "people.fundraising_staff": 1,
}
