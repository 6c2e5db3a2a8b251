"""The six development paths (发展路径) ranked by fit, each with its reasons for and against.

Every path has fit signals, each a value in [0, 1] with a weight (c = clamp to [0, 1];
a dimension signal is the dimension score / 100; k = number of distinct focus areas;
staff = full-time + part-time):
- specialise 专精路线: narrow focus (k ≤ 2 → 1, k = 3 → 0.5, k ≥ 4 → 0) ×1; service innovation ×1.
- core_two_wings 一体两翼: core strength = max(service innovation, satisfaction) ×1;
  focus k = 2–3 → 1, k = 1 or 4 → 0.5, k ≥ 5 → 0 ×1; moderate diversification
  = 1 − c(|HHI − 0.45| / 0.35) ×1 (a main source plus supporting ones).
- regional 区域综合: cooperation ×1; expansion ×1; breadth (k ≥ 3 → 1, k = 2 → 0.5, k = 1 → 0) ×1;
  scan strengths "regional influence" and "local resources" = mean(choice / 2) ×1
  (the scan items whose code ends in regional_influence / local_resources; unanswered = 0).
- group 集团化: size c((staff − 5) / 10) ×1 (15 or more → 1); stage (products or know_how → 1,
  projects → 0.3, otherwise 0) ×1; structure & strategy ×1; compliance ×1.
- consortium 联合体: small c((15 − staff) / 7) ×1 (8 or fewer → 1, 15 or more → 0);
  concentrated income c((HHI − 0.25) / 0.5) ×0.5; no fundraising staff (0 → 1, otherwise 0) ×0.5;
  cooperation ×1.
- new_type 新型组织: service innovation ×1; earned-income share c((earned / revenue) / 0.2) ×1
  (20% of revenue or more → 1).
A signal ≥ 0.6 is a reason for, below 0.4 a reason against, in between a mixed reason;
an unknown signal is left out of the fit (and listed as unknown).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from ..instrument import PATHS, Instrument
from .common import bi, clamp, num, pct, r1, r3, text_of, weighted_mean
from .finance import raw_value, total_revenue
from .inputs import OrganisationInput, known, staff_count

SIGNAL_SHARE = 0.85  # the fit signals together
VIEW_SHARE = 0.15  # the organisation's own interest in the path (path_views, 1–4)
FOR_AT = 0.6  # a signal value at or above this is a reason for the path
AGAINST_BELOW = 0.4  # below this a reason against; in between a mixed reason
REGIONAL_SCAN = ("regional_influence", "local_resources")
FALLBACK_PATH_NAMES = {
    "specialise": bi("专精路线", "Specialise"),
    "core_two_wings": bi("一体两翼", "One core, two wings"),
    "regional": bi("区域综合", "Regional comprehensive provider"),
    "group": bi("集团化", "Group"),
    "consortium": bi("联合体", "Consortium"),
    "new_type": bi("新型组织", "New-type organisation"),
}
NO_FOCUS = bi("没有填写服务领域。", "No focus areas given.")
NO_STAFF = bi("没有员工人数。", "No staff numbers.")
NO_INCOME = bi("没有收入数据。", "No income figures.")


def path_fit(signals: list[tuple[float, float | None]], view: int | None) -> float | None:
    """fit = 0.85 × S + 0.15 × V, where S = Σ wᵢ·vᵢ / Σ wᵢ × 100 over the known signals and
    V = (view − 1) / 3 × 100 is the organisation's own interest (1–4). When S or V is unknown
    the other one alone is the fit; None when both are unknown. 0–100."""
    s = weighted_mean(signals)
    v = None if view not in (1, 2, 3, 4) else (view - 1) / 3 * 100
    return weighted_mean([(SIGNAL_SHARE, None if s is None else s * 100), (VIEW_SHARE, v)])


@dataclass(frozen=True)
class Signal:
    code: str
    weight: float
    value: float | None
    reason: dict[str, Any] | None  # for / against / mixed, whichever the value calls for; None if unknown
    unknown: dict[str, Any] | None = None


Texts = Callable[
    [], tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None]
]  # (for, against, mixed), built once the value is known


def signal(code: str, weight: float, value: float | None, unknown: dict[str, Any] | None, texts: Texts) -> Signal:
    if value is None:
        return Signal(code, weight, None, None, unknown)
    good, bad, mid = texts()
    return Signal(code, weight, value, good if value >= FOR_AT else bad if value < AGAINST_BELOW else mid)


def _areas(k: int) -> str:
    return f"{k} focus area" + ("" if k == 1 else "s")


class _Facts:
    """What the signals look at, computed once per organisation."""

    def __init__(
        self,
        instrument: Instrument,
        org: OrganisationInput,
        dimensions: dict[str, Any],
        raw: dict[str, Any],
        stage: dict[str, Any],
    ):
        self.dims, self.raw, self.stage, self.scan = dimensions, raw, stage, org.scan
        self.k = len(set(org.focus_areas))
        self.staff = staff_count(org.numbers)
        self.hhi = raw_value(org.numbers, "revenue_concentration")
        revenue, earned = total_revenue(org.numbers), known(org.numbers, "income.earned_income")
        self.earned_share = None if revenue is None or earned is None or revenue <= 0 else earned / revenue
        self.fundraisers = known(org.numbers, "people.fundraising_staff")
        self.regional_items = [
            s for s in instrument.scan_items if any(s.code.split(".")[-1].endswith(end) for end in REGIONAL_SCAN)
        ]

    def score(self, code: str) -> float | None:
        """The unrounded dimension score."""
        r = self.raw.get(code)
        return None if r is None else r["score"]

    def name(self, code: str) -> dict[str, Any]:
        d = self.dims.get(code)
        return d["name"] if d else bi(code, code)

    def dimension(self, code: str, good: tuple[str, str], bad: tuple[str, str]) -> Signal:
        s, n = self.score(code), self.name(code)
        return signal(
            code,
            1.0,
            None if s is None else s / 100,
            bi(f"「{n['zh']}」没有人作答。", f"Nobody answered “{n['en']}”."),
            lambda: (
                bi(
                    f"「{n['zh']}」得分 {num(cast(float, s))}，{good[0]}",
                    f"“{n['en']}” scores {num(cast(float, s))}: {good[1]}",
                ),
                bi(
                    f"「{n['zh']}」得分 {num(cast(float, s))}，{bad[0]}",
                    f"“{n['en']}” scores {num(cast(float, s))}: {bad[1]}",
                ),
                bi(
                    f"「{n['zh']}」得分 {num(cast(float, s))}，处于中等水平，对这条路的支撑有限。",
                    f"“{n['en']}” scores {num(cast(float, s))}: middling, limited support for this path.",
                ),
            ),
        )


def _specialise(f: _Facts) -> list[Signal]:
    k = f.k
    return [
        signal(
            "narrow_focus",
            1.0,
            None if k == 0 else 1.0 if k <= 2 else 0.5 if k == 3 else 0.0,
            NO_FOCUS,
            lambda: (
                bi(f"只关注 {k} 个服务领域，聚焦清楚。", f"Only {_areas(k)}: a clear focus."),
                bi(
                    f"关注 {k} 个服务领域，走专精路线需要先收窄。",
                    f"{_areas(k)}: specialising means narrowing down first.",
                ),
                bi(f"关注 {k} 个服务领域，要专精还需要再收窄一些。", f"{_areas(k)}: a little wide for a specialist."),
            ),
        ),
        f.dimension(
            "service_innovation",
            ("有把一个领域做深做精的专业基础。", "a professional base to go deep in one field."),
            ("专业深度还不够支撑专精。", "not yet the professional depth a specialist needs."),
        ),
    ]


def _core_two_wings(f: _Facts) -> list[Signal]:
    k, hhi = f.k, f.hhi
    cores = [(f.score(c), c) for c in ("service_innovation", "satisfaction") if f.score(c) is not None]
    best, code = max(cores) if cores else (None, None)  # a tie picks service_innovation (the larger code)
    name = f.name(code) if code else None

    def diversification() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        against = (
            bi(
                f"收入集中度 {num(cast(float, hhi), 2)}，过于依赖单一来源，两翼还没有自己的资金。",
                f"Revenue concentration {num(cast(float, hhi), 2)}: too dependent on one source, the wings have no money "
                f"of their own.",
            )
            if cast(float, hhi) > 0.45
            else bi(
                f"收入集中度 {num(cast(float, hhi), 2)}，来源很分散，主业的资金不够突出。",
                f"Revenue concentration {num(cast(float, hhi), 2)}: income is scattered, the core has no main funding.",
            )
        )
        return (
            bi(
                f"收入集中度 {num(cast(float, hhi), 2)}：有主要来源，也有补充来源。",
                f"Revenue concentration {num(cast(float, hhi), 2)}: a main source plus supporting ones.",
            ),
            against,
            bi(
                f"收入集中度 {num(cast(float, hhi), 2)}，与“一个主来源加若干补充来源”的结构有一定距离。",
                f"Revenue concentration {num(cast(float, hhi), 2)}: some way from one main source plus supporting ones.",
            ),
        )

    return [
        signal(
            "core_strength",
            1.0,
            None if best is None else best / 100,
            bi("服务创新和用户满意度都没有人作答。", "Nobody answered service innovation or satisfaction."),
            lambda: (
                bi(
                    f"「{cast(dict[str, Any], name)['zh']}」得分 {num(cast(float, best))}，有一块立得住的核心业务。",
                    f"“{cast(dict[str, Any], name)['en']}” scores {num(cast(float, best))}: a core service that stands on its own.",
                ),
                bi(
                    f"核心业务还不突出（服务创新和用户满意度最高只有 {num(cast(float, best))} 分）。",
                    f"No core service stands out yet (service innovation and satisfaction reach only {num(cast(float, best))}).",
                ),
                bi(
                    f"「{cast(dict[str, Any], name)['zh']}」得分 {num(cast(float, best))}，核心业务有一定基础，但还不够突出。",
                    f"“{cast(dict[str, Any], name)['en']}” scores {num(cast(float, best))}: a core service exists but does not stand out yet.",
                ),
            ),
        ),
        signal(
            "two_or_three_fields",
            1.0,
            None if k == 0 else 1.0 if k in (2, 3) else 0.5 if k in (1, 4) else 0.0,
            NO_FOCUS,
            lambda: (
                bi(f"有 {k} 个服务领域，正好一个做核心、其余做两翼。", f"{_areas(k)}: one core and supporting wings."),
                bi(f"有 {k} 个服务领域，太多，核心不够清晰。", f"{_areas(k)}: too many for a clear core."),
                bi(f"只有 {k} 个服务领域，两翼还需要培育。", f"Only {_areas(k)}: the wings still have to be grown.")
                if k < 2
                else bi(
                    f"有 {k} 个服务领域，略多，需要分清主次。",
                    f"{_areas(k)}: rather many, core and wings need sorting out.",
                ),
            ),
        ),
        signal(
            "moderate_diversification",
            1.0,
            None if hhi is None else 1 - clamp(abs(hhi - 0.45) / 0.35),
            NO_INCOME,
            diversification,
        ),
    ]


def _regional(f: _Facts) -> list[Signal]:
    k, items = f.k, f.regional_items
    value = None if not items else sum(f.scan.get(s.code, 0) for s in items) / (2 * len(items))
    chosen = [text_of(s.text) for s in items if f.scan.get(s.code, 0) > 0]
    chosen_zh = "、".join(f"「{t['zh']}」" for t in chosen)
    chosen_en = ", ".join(f"“{t['en']}”" for t in chosen)
    return [
        f.dimension(
            "cooperation",
            ("善于与政府、资方和同行合作。", "good at working with government, funders and peers."),
            (
                "与各方的合作还不够，难以整合一个区域的资源。",
                "too little cooperation to pull a region's resources together.",
            ),
        ),
        f.dimension(
            "expansion",
            ("有拓展业务和领域的能力。", "able to grow into new services and areas."),
            ("业务拓展能力还弱。", "still weak at growing the business."),
        ),
        signal(
            "several_fields",
            1.0,
            None if k == 0 else 1.0 if k >= 3 else 0.5 if k == 2 else 0.0,
            NO_FOCUS,
            lambda: (
                bi(
                    f"已经覆盖 {k} 个服务领域，具备综合服务的基础。",
                    f"Already {_areas(k)}: a base for comprehensive services.",
                ),
                bi(
                    f"只覆盖 {k} 个服务领域，综合服务的面还窄。",
                    f"Only {_areas(k)}: too narrow for a comprehensive provider.",
                ),
                bi(
                    f"覆盖 {k} 个服务领域，综合服务还可以再拓宽。",
                    f"{_areas(k)}: comprehensive services would need more.",
                ),
            ),
        ),
        signal(
            "regional_strengths",
            1.0,
            value,
            bi(
                "问卷里没有区域影响力、在地资源这两项扫描。",
                "The instrument has no scan items for regional influence or local resources.",
            ),
            lambda: (
                bi(f"行业扫描中把{chosen_zh}选为自己的优势。", f"In the scan it chose {chosen_en} as strengths."),
                bi(
                    "行业扫描中没有把区域影响力、在地资源当作突出优势。",
                    "In the scan regional influence and local resources were not chosen as clear strengths.",
                ),
                bi(
                    f"行业扫描中选了{chosen_zh}作为优势，但还不算突出。",
                    f"In the scan it chose {chosen_en} as strengths, though not strongly.",
                ),
            ),
        ),
    ]


def _group(f: _Facts) -> list[Signal]:
    staff, stage_code, stage_name = f.staff, f.stage["code"], f.stage["name"]
    stage_value = 1.0 if stage_code in ("products", "know_how") else 0.3 if stage_code == "projects" else 0.0
    not_yet = (
        bi(
            f"目前在「{stage_name['zh']}」阶段，集团化通常要在产品成熟之后。",
            f"At the “{stage_name['en']}” stage: a group usually comes after mature products.",
        )
        if stage_name
        else bi("还没有进入成长阶梯，集团化为时尚早。", "Not yet on the growth ladder: too early for a group.")
    )
    return [
        signal(
            "size",
            1.0,
            None if staff is None else clamp((staff - 5) / 10),
            NO_STAFF,
            lambda: (
                bi(
                    f"有 {num(cast(float, staff))} 名员工，有多实体运作的规模。",
                    f"{num(cast(float, staff))} staff: the size to run several entities.",
                ),
                bi(
                    f"只有 {num(cast(float, staff))} 名员工，规模还撑不起集团化（一般要 15 人以上）。",
                    f"Only {num(cast(float, staff))} staff: too small for a group (15 or more is typical).",
                ),
                bi(
                    f"有 {num(cast(float, staff))} 名员工，规模中等，集团化还要再壮大。",
                    f"{num(cast(float, staff))} staff: mid-sized, a group needs more.",
                ),
            ),
        ),
        signal(
            "mature_stage",
            1.0,
            stage_value,
            None,
            lambda: (
                stage_name
                and bi(
                    f"已到「{stage_name['zh']}」阶段，有可以复制的产品。",
                    f"At the “{stage_name['en']}” stage: products that can be replicated.",
                ),
                not_yet,
                not_yet,
            ),
        ),
        f.dimension(
            "structure_strategy",
            ("组织架构和战略规划有基础。", "structure and strategy are in place."),
            ("组织架构和战略规划还撑不起多个实体。", "structure and strategy cannot yet carry several entities."),
        ),
        f.dimension(
            "compliance",
            ("行政合规扎实，经得起多实体的管理要求。", "solid compliance, ready for a group's demands."),
            ("合规管理还弱，多实体会放大风险。", "compliance is weak; several entities would multiply the risk."),
        ),
    ]


def _consortium(f: _Facts) -> list[Signal]:
    staff, hhi, fundraisers = f.staff, f.hhi, f.fundraisers
    return [
        signal(
            "small",
            1.0,
            None if staff is None else clamp((15 - staff) / 7),
            NO_STAFF,
            lambda: (
                bi(
                    f"只有 {num(cast(float, staff))} 名员工，单打独斗成本高，抱团更划算。",
                    f"Only {num(cast(float, staff))} staff: going alone is costly, joining forces pays.",
                ),
                bi(
                    f"有 {num(cast(float, staff))} 名员工，自身规模已不小。",
                    f"{num(cast(float, staff))} staff: already sizeable on its own.",
                ),
                bi(
                    f"有 {num(cast(float, staff))} 名员工，规模中等，抱团有一定好处。",
                    f"{num(cast(float, staff))} staff: mid-sized, joining forces helps somewhat.",
                ),
            ),
        ),
        signal(
            "concentrated_income",
            0.5,
            None if hhi is None else clamp((hhi - 0.25) / 0.5),
            NO_INCOME,
            lambda: (
                bi(
                    f"收入集中度 {num(cast(float, hhi), 2)}，来源单一，联合筹资能分散风险。",
                    f"Revenue concentration {num(cast(float, hhi), 2)}: few sources, joint fundraising spreads the risk.",
                ),
                bi(
                    f"收入集中度 {num(cast(float, hhi), 2)}，来源已较多元。",
                    f"Revenue concentration {num(cast(float, hhi), 2)}: already diversified.",
                ),
                bi(
                    f"收入集中度 {num(cast(float, hhi), 2)}，来源不算单一，也不算多元。",
                    f"Revenue concentration {num(cast(float, hhi), 2)}: neither one source nor truly diversified.",
                ),
            ),
        ),
        signal(
            "no_fundraiser",
            0.5,
            None if fundraisers is None else 1.0 if fundraisers <= 0 else 0.0,
            bi("没有填写筹款人员数。", "No fundraising staff number given."),
            lambda: (
                bi(
                    "没有专职筹款人员，可以和伙伴共用筹款力量。",
                    "No dedicated fundraiser: fundraising capacity can be shared with partners.",
                ),
                bi(
                    f"有 {num(cast(float, fundraisers))} 名专职筹款人员，筹款能力可以自己承担。",
                    f"{num(cast(float, fundraisers))} dedicated fundraiser{'' if fundraisers == 1 else 's'}: "
                    f"fundraising can be carried alone.",
                ),
                None,
            ),
        ),
        f.dimension(
            "cooperation",
            ("有合作的习惯和能力，联合体能运转起来。", "used to cooperating, a consortium can work."),
            ("合作能力还弱，联合体难以运转。", "cooperation is weak, a consortium would struggle."),
        ),
    ]


def _new_type(f: _Facts) -> list[Signal]:
    share = f.earned_share
    return [
        f.dimension(
            "service_innovation",
            (
                "创新能力强，适合尝试社会企业、平台等新形态。",
                "strong innovation, fit to try a social enterprise or a platform.",
            ),
            ("创新能力还不足以支撑新的组织形态。", "not yet the innovation a new kind of organisation needs."),
        ),
        signal(
            "earned_income",
            1.0,
            None if share is None else clamp(share / 0.2),
            bi("没有自营收入或总收入数据。", "No earned-income or revenue figures."),
            lambda: (
                bi(
                    f"自营收入占总收入的 {pct(cast(float, share))}，已有市场化运作的基础。",
                    f"Earned income is {pct(cast(float, share))} of revenue: a base for market-based work.",
                ),
                bi(
                    f"自营收入只占总收入的 {pct(cast(float, share))}（新型组织一般要 20% 以上）。",
                    f"Earned income is only {pct(cast(float, share))} of revenue (20% or more is typical of new-type "
                    f"organisations).",
                ),
                bi(
                    f"自营收入占总收入的 {pct(cast(float, share))}，有一些市场化收入，但还不到 20%。",
                    f"Earned income is {pct(cast(float, share))} of revenue: some market income, still under 20%.",
                ),
            ),
        ),
    ]


BUILDERS = {
    "specialise": _specialise,
    "core_two_wings": _core_two_wings,
    "regional": _regional,
    "group": _group,
    "consortium": _consortium,
    "new_type": _new_type,
}


def _view_reason(view: int) -> tuple[bool, dict[str, Any]]:
    if view >= 3:
        return True, bi(
            f"机构自己对这条路有兴趣（自评 {view}/4）。",
            f"The organisation itself is interested in this path ({view}/4).",
        )
    return False, bi(
        f"机构自己对这条路兴趣不大（自评 {view}/4）。",
        f"The organisation itself shows little interest in this path ({view}/4).",
    )


def rank_paths(
    instrument: Instrument,
    org: OrganisationInput,
    dimensions: dict[str, Any],
    raw: dict[str, Any],
    stage: dict[str, Any],
) -> list[dict[str, Any]]:
    """All six paths, best fit first; ties (at 1 decimal) keep the order of PATHS and a path
    without any known signal or view comes last. `raw` holds the unrounded dimension scores."""
    facts = _Facts(instrument, org, dimensions, raw, stage)
    names, descriptions = dict(FALLBACK_PATH_NAMES), {}
    for p in instrument.paths:
        names[p.code], descriptions[p.code] = text_of(p.name), text_of(p.description)
    results: list[dict[str, Any]] = []
    for code in PATHS:
        signals = BUILDERS[code](facts)
        view = org.path_views.get(code)
        view = view if view in (1, 2, 3, 4) else None
        reasons: dict[str, list[dict[str, Any] | None]] = {"for": [], "against": [], "mixed": []}
        for s in signals:
            if s.value is not None:
                side = "for" if s.value >= FOR_AT else "against" if s.value < AGAINST_BELOW else "mixed"
                reasons[side].append(s.reason)
        if view is not None:
            keen, text = _view_reason(view)
            reasons["for" if keen else "against"].append(text)
        results.append(
            {
                "code": code,
                "name": names[code],
                "description": descriptions.get(code),
                "fit": r1(path_fit([(s.weight, s.value) for s in signals], view)),
                "view": view,
                "signals": [{"code": s.code, "weight": s.weight, "value": r3(s.value)} for s in signals],
                "reasons_for": reasons["for"],
                "reasons_against": reasons["against"],
                "reasons_mixed": reasons["mixed"],
                "unknown": [s.unknown for s in signals if s.value is None and s.unknown],
            }
        )
    order = {code: i for i, code in enumerate(PATHS)}
    results.sort(key=lambda p: (p["fit"] is None, -(p["fit"] or 0.0), order[p["code"]]))
    for rank, result in enumerate(results, start=1):
        result["rank"] = rank
    return results
