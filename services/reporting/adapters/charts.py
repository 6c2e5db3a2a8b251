"""The report's charts: matplotlib (Agg backend) drawn to inline SVG strings.

Text stays text (`svg.fonttype = 'none'`), so Typst or the browser sets it in the CJK font
and a PDF's words remain searchable. Charts receive labels already in the report's language
and never any text typed by a user (organisation names stay out of charts). Every figure is
a bare `Figure`, not pyplot's: no figure manager and no global registry to leak from, though a
worker renders thousands of reports.

    radar_svg(labels, organisation, median, hub=..., legend=...)   the operations wheel
    income_mix_svg(labels, amounts, value_labels)                  income by source
    gap_bars_svg(labels, gaps, axis_label=..., legend=...)         leader minus team, per spoke
    rings_svg(labels, rounds, hub=...)                             the wheel of every round, one inside the other
    report_charts(context["charts"])                               the organisation report's charts
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import matplotlib
from matplotlib.figure import Figure
from matplotlib.patches import Circle

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

FONT = "Noto Sans CJK SC"
HUB_RADIUS = 0.3  # the hub's radius, as a share of the wheel's
INK, MUTED, GRID = "#222222", "#777777", "#d9d9d9"
ORGANISATION, COHORT = "#2f6b3a", "#b0772b"  # green for the organisation, ochre for the cohort
GOOD, RISK = "#2f6b3a", "#b3412e"

STYLE: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",  # text as text: the PDF renderer sets it in the CJK font
    "svg.hashsalt": "nianlun",  # stable element ids: the same data gives the same SVG
    "axes.unicode_minus": False,  # an ASCII minus: CJK fonts may lack U+2212
    "font.family": [FONT, "DejaVu Sans"],
    "font.size": 9,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "text.color": INK,
}


def _figure(width: float, height: float):
    """A figure of that size in inches with one axes (under the chart style's rc_context)."""
    fig = Figure(figsize=(width, height))
    return fig, fig.add_subplot()


def _svg(fig) -> str:
    """The figure as an `<svg>` element for inlining in HTML (no XML prolog or doctype)."""
    buffer = io.StringIO()
    fig.savefig(
        buffer,
        format="svg",
        bbox_inches="tight",
        pad_inches=0.04,
        transparent=True,
        metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
    )
    return _compact(buffer.getvalue())


_GROUP_TAG = re.compile(r"<g\b[^>]*>|</g>")
_ID_ONLY = re.compile(r'<g id="[^"]*">')
_CLIP = re.compile(r' clip-path="url\(#[^"]*\)"')
_CLIP_PATH = re.compile(r"<clipPath\b.*?</clipPath>", re.S)
_NO_ROTATION = re.compile(r' transform="rotate\(-0 [^"]*\)"')
_INVISIBLE = re.compile(r'<path d="[^"]*" style="fill: none"/>')  # the figure's and axes' backgrounds
_ATTRIBUTE = re.compile(r'="[^"]*"')
_NUMBER = re.compile(r"(\d+\.\d\d)\d+")


def _compact(svg: str) -> str:
    """The SVG without what costs the PDF renderer and draws nothing: matplotlib's id-only
    groups (every element sits in its own), empty groups, invisible backgrounds, zero
    rotations, line breaks inside paths and coordinates finer than a hundredth of a point."""
    svg = svg[svg.index("<svg") :].strip()
    stack: list[bool] = []  # for each open group: is it an id-only group (dropped)?

    def group(match: re.Match) -> str:
        tag = match.group(0)
        if tag == "</g>":
            return "" if stack.pop() else tag
        if tag.endswith("/>"):
            return "" if _ID_ONLY.fullmatch(tag[:-2] + ">") else tag
        stack.append(bool(_ID_ONLY.fullmatch(tag)))
        return "" if stack[-1] else tag

    svg = _GROUP_TAG.sub(group, svg)
    svg = _INVISIBLE.sub("", svg)
    svg = _NO_ROTATION.sub("", svg)
    svg = _CLIP.sub("", _CLIP_PATH.sub("", svg))
    svg = svg.replace(
        "font-family: 'Noto Sans CJK SC', 'DejaVu Sans'", "font-family: 'Noto Sans CJK SC'"
    )  # one family  # every chart keeps its marks inside its axes
    svg = _ATTRIBUTE.sub(lambda m: _NUMBER.sub(r"\1", m.group(0).replace(" \n", " ")), svg)
    return re.sub(r">\s+<", "><", svg)


CLOSING_PUNCTUATION = "、，。；：！？）」』”"


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _hub(ax, name: str, wrap: int, score: float | None, other: float | None, other_colour: str) -> None:
    """The wheel's hub: its name, its score, and under it a second figure (the cohort's
    median, or the baseline's score) in that figure's colour."""
    ax.add_patch(Circle((0, 0), HUB_RADIUS, facecolor="#eef3ee", edgecolor=GRID, linewidth=0.8))
    label = _wrap(name, 5 if wrap == 6 else 10)
    ax.text(0, 0.07, label, ha="center", va="center", fontsize=6.5, color=INK, linespacing=1.15)
    ax.text(0, -0.1, _score(score), ha="center", va="center", fontsize=9, color=ORGANISATION, fontweight="bold")
    if other is not None:
        ax.text(0, -0.2, _score(other), ha="center", va="center", fontsize=6.5, color=other_colour)


def _wrap(label: str, width: int) -> str:
    """Wrap a chart label into balanced lines: CJK text by characters (never starting a line
    with closing punctuation), other text by words (`width` counts CJK characters, two Latin
    letters to one)."""
    if not _is_cjk(label):
        return "\n".join(textwrap.wrap(label, width * 2, break_long_words=False)) or label
    if len(label) <= width:
        return label
    count = math.ceil(len(label) / width)
    if count == 2:  # one break: after a joining word or mark nearest the middle, if there is one
        middle = len(label) / 2
        joints = [
            i + 1 for i, ch in enumerate(label[:-1]) if ch in "与和及、" and max(i + 1, len(label) - i - 1) <= width + 1
        ]
        if joints:
            cut = min(joints, key=lambda i: (abs(i - middle), -i))
            return label[:cut] + "\n" + label[cut:]
    size = math.ceil(len(label) / count)
    lines = [label[i : i + size] for i in range(0, len(label), size)]
    for i in range(1, len(lines)):
        while lines[i] and lines[i][0] in CLOSING_PUNCTUATION:
            lines[i - 1] += lines[i][0]
            lines[i] = lines[i][1:]
    return "\n".join(line for line in lines if line)


def _polar(angle: float, radius: float) -> tuple[float, float]:
    """Page coordinates of a point on the wheel: angle 0 at the top, clockwise."""
    return radius * math.sin(angle), radius * math.cos(angle)


def radar_svg(
    labels: Sequence[str],
    organisation: Sequence[float | None],
    median: Sequence[float | None] | None = None,
    *,
    hub: tuple[str, float | None, float | None] | None = None,
    legend: tuple[str, str] = ("本机构", "同批中位数"),
    width_in: float = 6.0,
) -> str:
    """The operations wheel: one spoke per label (scores 0–100; None is drawn at 0 and printed
    "–"), the organisation's polygon, the cohort median's dashed polygon when given, and the
    hub (its label, the organisation's score in green, the cohort median in ochre) in the middle.
    Drawn on plain axes with few elements, so that the PDF renderer has little to parse."""
    n = len(labels)
    angles = [2 * math.pi * i / n for i in range(n)]
    radius = _radius

    def outline(values):
        points = [_polar(a, radius(v)) for a, v in zip(angles, values, strict=False)]
        points.append(points[0])
        return [p[0] for p in points], [p[1] for p in points]

    with matplotlib.rc_context(STYLE):
        fig, ax = _figure(width_in, width_in * 0.84)
        _wheel_grid(ax, angles, radius)
        if median is not None and any(v is not None for v in median):
            ax.plot(*outline(median), color=COHORT, linewidth=1.3, linestyle=(0, (4, 2.5)), label=legend[1])
        x, y = outline(organisation)
        ax.fill(x, y, color=ORGANISATION, alpha=0.16, linewidth=0)
        ax.plot(x, y, color=ORGANISATION, linewidth=1.8, label=legend[0])
        wrap = 6 if _is_cjk("".join(labels)) else 9
        for angle, label, value in zip(angles, labels, organisation, strict=False):
            x, y = _polar(angle, 1.1)
            ha = "center" if abs(x) < 0.2 else ("left" if x > 0 else "right")
            va = "center" if abs(y) < 0.2 else ("bottom" if y > 0 else "top")
            shown = _score(value)
            ax.text(x, y, f"{_wrap(label, wrap)}\n{shown}", ha=ha, va=va, fontsize=8, linespacing=1.25)
        if hub is not None:
            name, score, hub_median = hub
            _hub(ax, name, wrap, score, hub_median, COHORT)
        ax.set_xlim(-1.55, 1.55)
        ax.set_ylim(-1.32, 1.3)
        handles, names = ax.get_legend_handles_labels()
        order = sorted(range(len(names)), key=lambda i: names[i] != legend[0])  # the organisation first
        ax.legend(
            [handles[i] for i in order],
            [names[i] for i in order],
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            ncol=2,
            frameon=False,
            fontsize=8,
            handlelength=2.4,
        )
        return _svg(fig)


def _radius(value: float | None) -> float:
    """A score's distance from the wheel's centre: the hub's rim at 0, the wheel's at 100."""
    return HUB_RADIUS + (1 - HUB_RADIUS) * max(0.0, min(100.0, float(value or 0.0))) / 100


def _wheel_grid(ax, angles: Sequence[float], radius) -> None:
    """The wheel's rings at 25/50/75/100 and its spokes (each as one path), with the levels."""
    nan = float("nan")
    ax.set_aspect("equal")
    ax.axis("off")
    xs, ys = [], []
    steps = 48
    for level in (25, 50, 75, 100):
        for k in range(steps + 1):
            x, y = _polar(2 * math.pi * k / steps, radius(level))
            xs.append(x)
            ys.append(y)
        xs.append(nan)
        ys.append(nan)
    for angle in angles:
        for r in (HUB_RADIUS, 1.0):
            x, y = _polar(angle, r)
            xs.append(x)
            ys.append(y)
        xs.append(nan)
        ys.append(nan)
    ax.plot(xs, ys, color=GRID, linewidth=0.6)
    half = math.pi / len(angles)
    for level in (25, 50, 75, 100):
        x, y = _polar(half, radius(level))
        ax.text(x + 0.01, y, str(level), fontsize=6, color=MUTED, ha="left", va="bottom")


BASELINE = "#8a8a8a"  # the baseline's ring: grey, dashed
BETWEEN = ("#c9a46a", "#b0772b", "#8c5a1c")  # the rounds between: ochre, darker with time


def rings_svg(
    labels: Sequence[str],
    rounds: Sequence[dict[str, Any]],
    *,
    hub: tuple[str, Sequence[float | None]] | None = None,
    width_in: float = 6.0,
) -> str:
    """The wheel of every round, oldest first, drawn one over the other like a tree's rings:
    the baseline's polygon grey and dashed, the rounds between in ochre, this round's filled
    in green. Each spoke is labelled with the baseline's score and this round's; the hub
    shows this round's score over the baseline's. `rounds` holds each round's label (in the
    report's language), its values per label, and whether it is the baseline or this round."""
    n = len(labels)
    angles = [2 * math.pi * i / n for i in range(n)]

    def outline(values):
        points = [_polar(a, _radius(v)) for a, v in zip(angles, values, strict=False)]
        points.append(points[0])
        return [p[0] for p in points], [p[1] for p in points]

    first = next((r for r in rounds if r.get("baseline")), rounds[0] if rounds else None)
    last = next((r for r in rounds if r.get("now")), rounds[-1] if rounds else None)
    with matplotlib.rc_context(STYLE):
        fig, ax = _figure(width_in, width_in * 0.88)
        _wheel_grid(ax, angles, _radius)
        between = 0
        for entry in rounds:
            x, y = outline(entry["values"])
            if entry is last:
                ax.fill(x, y, color=ORGANISATION, alpha=0.16, linewidth=0)
                ax.plot(x, y, color=ORGANISATION, linewidth=1.9, label=entry["label"])
            elif entry is first:
                ax.plot(x, y, color=BASELINE, linewidth=1.3, linestyle=(0, (4, 2.5)), label=entry["label"])
            else:
                colour = BETWEEN[min(between, len(BETWEEN) - 1)]
                between += 1
                ax.plot(x, y, color=colour, linewidth=1.1, label=entry["label"])
        wrap = 6 if _is_cjk("".join(labels)) else 9
        for i, (angle, label) in enumerate(zip(angles, labels, strict=False)):
            x, y = _polar(angle, 1.1)
            ha = "center" if abs(x) < 0.2 else ("left" if x > 0 else "right")
            va = "center" if abs(y) < 0.2 else ("bottom" if y > 0 else "top")
            before = first["values"][i] if first else None
            after = last["values"][i] if last else None
            shown = f"{_score(before)} → {_score(after)}"
            ax.text(x, y, f"{_wrap(label, wrap)}\n{shown}", ha=ha, va=va, fontsize=8, linespacing=1.25)
        if hub is not None:
            name, values = hub
            _hub(ax, name, wrap, values[-1] if values else None, values[0] if values else None, BASELINE)
        ax.set_xlim(-1.55, 1.55)
        ax.set_ylim(-1.32, 1.3)
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            ncol=min(4, max(1, len(rounds))),
            frameon=False,
            fontsize=8,
            handlelength=2.4,
        )
        return _svg(fig)


def income_mix_svg(
    labels: Sequence[str], amounts: Sequence[float], value_labels: Sequence[str], *, width_in: float = 6.0
) -> str:
    """Income by source as horizontal bars, each as long as its share of total revenue and
    labelled with its printed amount and share (the caller's order, top to bottom)."""
    total = sum(a for a in amounts if a and a > 0) or 1.0
    shares = [max(a or 0.0, 0.0) / total * 100 for a in amounts]
    with matplotlib.rc_context(STYLE):
        fig, ax = _figure(width_in, 0.27 * len(labels) + 0.15)
        positions = list(range(len(labels)))[::-1]
        ax.barh(positions, [100] * len(labels), height=0.62, color="#eef1ee")
        ax.barh(positions, shares, height=0.62, color=ORGANISATION)
        ax.set_yticks(positions)
        ax.set_yticklabels(labels, fontsize=8.5, color=INK)
        ax.set_xlim(0, 128)
        ax.set_xticks([])
        for y, text, share in zip(positions, value_labels, shares, strict=False):
            ax.text(101.5, y, text, va="center", fontsize=7.5, color=INK if share else MUTED)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.tick_params(axis="y", length=0)
        return _svg(fig)


def gap_bars_svg(
    labels: Sequence[str],
    gaps: Sequence[float | None],
    *,
    axis_label: str = "",
    legend: tuple[str, str] = ("负责人评分更高", "团队评分更高"),
    width_in: float = 6.0,
) -> str:
    """Leader minus team, in points, one bar per dimension: to the right (ochre) when the
    leader sees the organisation rosier than the team, to the left (green) otherwise; a bar
    whose gap is unknown is left empty and printed "–"."""
    values = [0.0 if g is None else float(g) for g in gaps]
    limit = max(20.0, max((abs(v) for v in values), default=0.0) * 1.3)
    with matplotlib.rc_context(STYLE):
        fig, ax = _figure(width_in, 0.25 * len(labels) + 0.5)
        positions = list(range(len(labels)))[::-1]
        ax.barh(positions, values, height=0.6, color=[COHORT if v > 0 else ORGANISATION for v in values])
        ax.plot([0, 0], [-0.6, len(labels) - 0.4], color=MUTED, linewidth=0.8)
        for third in (-100 / 9, 100 / 9):  # a third of a level on every item
            if abs(third) < limit:
                ax.plot([third, third], [-0.6, len(labels) - 0.4], color=GRID, linewidth=0.6, linestyle=(0, (2, 2)))
        ax.set_yticks(positions)
        ax.set_yticklabels(labels, fontsize=8.5, color=INK)
        ax.set_xlim(-limit, limit)
        ax.set_xticks([])
        ax.tick_params(axis="y", length=0)
        offset = limit * 0.02
        for y, value, gap in zip(positions, values, gaps, strict=False):
            ax.text(
                value + (offset if value >= 0 else -offset),
                y,
                "–" if gap is None else (f"{value:+.1f}" if value else "0.0"),
                va="center",
                ha="left" if value >= 0 else "right",
                fontsize=7.5,
            )
        top = len(labels) - 0.3
        ax.text(limit * 0.98, top, legend[0] + " →", ha="right", va="bottom", fontsize=7.5, color=COHORT)
        ax.text(-limit * 0.98, top, "← " + legend[1], ha="left", va="bottom", fontsize=7.5, color=ORGANISATION)
        ax.set_ylim(-0.7, len(labels) + 0.2)
        if axis_label:
            ax.set_xlabel(axis_label, fontsize=7.5, color=MUTED)
        for spine in ax.spines.values():
            spine.set_visible(False)
        return _svg(fig)


def report_charts(chart_data: dict) -> dict[str, str | None]:
    """The organisation report's charts as SVG text, from its `charts` data (None when there is
    nothing to draw): the radar, the income mix and the leader-versus-team gap."""
    drawn: dict[str, str | None] = {"radar": None, "income": None, "gap": None}
    rings = chart_data.get("rings")
    if rings and rings.get("labels") and rings.get("rounds"):
        hub = rings.get("hub")
        drawn["rings"] = rings_svg(rings["labels"], rings["rounds"], hub=(hub[0], hub[1]) if hub else None)
    radar = chart_data.get("radar")
    if radar and radar.get("labels"):
        hub = radar.get("hub")
        drawn["radar"] = radar_svg(
            radar["labels"],
            radar["organisation"],
            radar.get("median"),
            hub=tuple(hub) if hub else None,
            legend=tuple(radar["legend"]),
        )
    income = chart_data.get("income")
    if income and income.get("labels"):
        drawn["income"] = income_mix_svg(income["labels"], income["amounts"], income["value_labels"])
    gap = chart_data.get("gap")
    if gap and gap.get("labels"):
        drawn["gap"] = gap_bars_svg(
            gap["labels"], gap["gaps"], axis_label=gap.get("axis_label", ""), legend=tuple(gap["legend"])
        )
    return drawn
