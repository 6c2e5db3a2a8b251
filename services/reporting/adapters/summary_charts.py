"""The workshop summary's charts (matplotlib SVG), drawn from its view; the Typst template
embeds them with `image(bytes(data.charts.network), format: "svg")`.

Charts are drawn with the Agg backend and written as SVG with `svg.fonttype='none'`, so text
stays text and Typst sets it in the CJK font; every figure is closed. Text that comes from
users (organisation names) is drawn with `parse_math=False` ("$" is not mathtext) and escaped
by matplotlib's SVG writer.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

FONT = "Noto Sans CJK SC"
INK = "#222222"
MUTED = "#777777"
GRID = "#dddddd"
ACCENT = "#2f6b3a"  # the product's green
BOX = "#cfe3d2"
TYPE_COLOURS = {"resource_sharing": "#2f6b3a", "staff_exchange": "#c0790b", "project_cooperation": "#2b5fa8"}
OTHER_TYPE = "#8a5a9e"
MM = 1 / 25.4  # inches per millimetre
WIDTH = 172 * MM  # the text width of summary.typ's A4 page, between its side margins
Point = tuple[float, float]
NODE_GAP = 0.035  # between a dot on the unit circle and the end of its arrow (data units)


# --------------------------------------------------------------------------- matplotlib


@contextmanager
def _figure(name: str, width: float, height: float) -> Iterator:
    """A figure under the summary's style. A bare `Figure`, not pyplot's: no figure manager and
    no global registry, so nothing to close; it goes with its last reference (clearing it
    would rebuild its axes for nothing)."""
    import matplotlib
    from matplotlib.figure import Figure

    style: dict[str, Any] = {
        "svg.fonttype": "none",
        "axes.unicode_minus": False,
        "font.family": [FONT, "DejaVu Sans"],
        "font.size": 8,
        "svg.hashsalt": f"nianlun-summary-{name}",
        "text.color": INK,
        "axes.edgecolor": MUTED,
        "axes.labelcolor": INK,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
    }
    with matplotlib.rc_context(cast(Any, style)):  # the stubs want literal keys
        yield Figure(figsize=(width, height))


def summary_charts(view: dict) -> dict[str, str]:
    """The charts the view has figures for, by name (distribution, spread, network)."""
    charts = {}
    distribution = view["distribution"]
    if not distribution.get("suppressed") and any(d["scores"] for d in distribution.get("dimensions", [])):
        charts["distribution"] = distribution_chart(
            distribution["dimensions"], view["t"]["score_axis"], view["language"]
        )
    if not view["stages"].get("suppressed") or not view["paths"].get("suppressed"):
        charts["spread"] = spread_chart(view["stages"], view["paths"], view["t"], view["language"])
    if view["network"]["nodes"]:
        charts["network"] = network_chart(view["network"])
    return charts


def _svg(fig) -> str:
    """The figure as a standalone SVG document without metadata comments."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    return re.sub(r"<!--.*?-->", "", text[text.index("<svg") :], flags=re.S)


def _wrap(text: str, language: str, width: int) -> str:
    if language == "zh":
        return text if len(text) <= width // 2 + 2 else "\n".join(textwrap.wrap(text, width // 2))
    return "\n".join(textwrap.wrap(text, width)) or text


def distribution_chart(dimensions: list[dict], axis_label: str, language: str) -> str:
    """One row per dimension: the interquartile box, the median and a dot per organisation."""
    rows = [d for d in dimensions if not d.get("suppressed")]
    height = 12 * MM + len(rows) * 9.5 * MM
    with _figure("distribution", WIDTH, height) as fig:
        left = 0.30 if language == "en" else 0.22
        ax = fig.add_axes((left, 9 * MM / height, 0.93 - left, 1 - 11 * MM / height))
        ax.set_xlim(-2, 102)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.spines["bottom"].set_bounds(0, 100)
        ax.set_yticks([])
        ax.set_xticks(range(0, 101, 20))
        ax.tick_params(axis="x", length=2, labelsize=7)
        ax.set_xlabel(axis_label, fontsize=7.5, color=MUTED)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        grid = [[(x, -0.5), (x, len(rows) - 0.5)] for x in range(0, 101, 20)]
        ax.add_collection(_lines(grid, colors=GRID, linewidths=0.5, zorder=0.5), autolim=False)
        medians = []
        golden = (math.sqrt(5) - 1) / 2
        xs: list[float] = []
        ys: list[float] = []
        # add_artist, not add_patch or axhspan: the limits are fixed, and fitting them to
        # every patch is most of a chart's cost
        for y, d in enumerate(rows):
            if y % 2 == 0:
                ax.add_artist(_rectangle((-2, y - 0.5), 104, 1, color="#f5f5f2", zorder=0, linewidth=0))
            if d.get("q1") is not None and d.get("q3") is not None:
                ax.add_artist(
                    _rectangle(
                        (d["q1"], y - 0.28),
                        d["q3"] - d["q1"],
                        0.56,
                        facecolor=BOX,
                        edgecolor=ACCENT,
                        linewidth=0.6,
                        zorder=1,
                    )
                )
            if d.get("median") is not None:
                medians.append([(d["median"], y - 0.3), (d["median"], y + 0.3)])
                ax.text(
                    104,
                    y,
                    d["median_text"],
                    va="center",
                    ha="left",
                    fontsize=7,
                    color=ACCENT,
                    fontweight="bold",
                    clip_on=False,
                )
            scores = d["scores"]
            xs += scores
            ys += [y + ((i * golden) % 1 - 0.5) * 0.5 for i in range(len(scores))]
            ax.text(
                -4,
                y,
                _wrap(d["name"], language, 30),
                va="center",
                ha="right",
                fontsize=8,
                clip_on=False,
                parse_math=False,
                linespacing=1.1,
            )
        ax.scatter(xs, ys, s=7, color=INK, alpha=0.55, linewidths=0, zorder=2)  # one collection for every dot
        ax.add_collection(_lines(medians, colors=ACCENT, linewidths=1.8, zorder=3, capstyle="butt"), autolim=False)
        return _svg(fig)


def _lines(segments, **kwargs):
    from matplotlib.collections import LineCollection

    return LineCollection(segments, **kwargs)


def _rectangle(*args, **kwargs):
    from matplotlib.patches import Rectangle

    return Rectangle(*args, **kwargs)


def spread_chart(stages: dict, paths: dict, t: dict, language: str) -> str:
    """Two bar panels side by side: organisations per growth stage, per best-fit path."""
    panels = [(stages, "stages", t["stages"]), (paths, "paths", t["paths"])]
    panels = [panel for panel in panels if not panel[0].get("suppressed")]
    most = max(len(p["rows"]) for p, _, _ in panels)
    height = 12 * MM + most * 7 * MM
    with _figure("spread", WIDTH, height) as fig:
        left_room = 0.2 if language == "zh" else 0.25
        width = (1 - 2 * left_room - 0.06) / 2
        for i, (panel, key, title) in enumerate(panels):
            rows = panel["rows"]
            x0 = left_room + i * (width + left_room + 0.04)
            ax = fig.add_axes((x0, 2 * MM / height, width, 1 - 9 * MM / height))
            ax.set_title(title, loc="left", fontsize=8.5, fontweight="bold", color=INK, pad=6)
            counts = [r["count"] for r in rows]
            top = max(counts + [1])
            colour = ACCENT if key == "stages" else "#2b5fa8"
            ax.barh(range(len(rows)), counts, height=0.62, color=colour, alpha=0.85)
            ax.set_ylim(most - 0.5, -0.5)
            ax.set_xlim(0, top * 1.25)
            ax.set_xticks([])
            ax.set_yticks([])
            for side in ("top", "right", "bottom"):
                ax.spines[side].set_visible(False)
            ax.spines["left"].set_bounds(len(rows) - 0.5, -0.5)
            for y, r in enumerate(rows):
                ax.text(
                    -top * 0.04,
                    y,
                    _wrap(r["name"], language, 22),
                    va="center",
                    ha="right",
                    fontsize=8,
                    clip_on=False,
                    parse_math=False,
                    linespacing=1.1,
                )
                ax.text(
                    r["count"] + top * 0.03,
                    y,
                    r["label"],
                    va="center",
                    ha="left",
                    fontsize=7.5,
                    color=INK,
                )
        return _svg(fig)


def _apart(a: Point, b: Point, gap: float) -> tuple[Point, Point]:
    """The ends of a line from a to b, each moved `gap` inwards: the arrow stops short of the
    dots (matplotlib's own shrinking clips every Bézier curve, which is slow)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length * gap, dy / length * gap
    return (a[0] + ux, a[1] + uy), (b[0] - ux, b[1] - uy)


def network_chart(network: dict) -> str:
    """Organisations on a circle; the strongest matches as arrows coloured by type."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    nodes = network["nodes"]
    count = len(nodes)
    side = min(max(60 + 2.5 * count, 90), 150) * MM  # a small cohort gets a smaller picture
    with _figure("network", WIDTH, side) as fig:
        ax = fig.add_axes((0, 0.06, 1, 0.94))
        ax.set_aspect("equal")
        ax.axis("off")
        reach = 1.62
        ax.set_xlim(-reach * WIDTH / side * 0.94, reach * WIDTH / side * 0.94)
        ax.set_ylim(-reach, reach)
        position, angle = {}, {}
        for i, node in enumerate(nodes):
            theta = math.pi / 2 - 2 * math.pi * i / max(count, 1)
            position[node["id"]] = (math.cos(theta), math.sin(theta))
            angle[node["id"]] = theta
        degree: dict[str, int] = {}
        for edge in network["edges"]:
            degree[edge["from"]] = degree.get(edge["from"], 0) + 1
            degree[edge["to"]] = degree.get(edge["to"], 0) + 1
        scores = [e["score"] for e in network["edges"]] or [1.0]
        low, high = min(scores), max(scores)
        bends: dict[frozenset, int] = {}
        for edge in sorted(network["edges"], key=lambda e: e["score"]):
            if edge["from"] not in position or edge["to"] not in position:
                continue
            weight = 0.5 if high == low else (edge["score"] - low) / (high - low)
            pair = frozenset((edge["from"], edge["to"]))
            bends[pair] = bends.get(pair, -1) + 1  # a second match of the same pair bends further out
            start, end = _apart(position[edge["from"]], position[edge["to"]], NODE_GAP)
            # add_artist, not add_patch: the limits are fixed, and autoscaling a curved arrow
            # costs more than drawing it
            ax.add_artist(
                FancyArrowPatch(
                    start,
                    end,
                    connectionstyle=f"arc3,rad={0.12 + 0.14 * bends[pair]}",
                    arrowstyle="-|>",
                    mutation_scale=7 + 3 * weight,
                    linewidth=0.7 + 1.6 * weight,
                    color=TYPE_COLOURS.get(edge["type"], OTHER_TYPE),
                    alpha=0.55 + 0.35 * weight,
                    shrinkA=0,
                    shrinkB=0,
                    zorder=1,
                )
            )
        agreed = (network.get("agreed") or {}).get("edges") or []
        for edge in agreed:  # an intent agreed: a straight dashed line, apart from the suggestions' arrows
            if edge["from"] not in position or edge["to"] not in position:
                continue
            start, end = _apart(position[edge["from"]], position[edge["to"]], NODE_GAP)
            ax.add_artist(
                Line2D([start[0], end[0]], [start[1], end[1]], color=INK, linewidth=1.6, linestyle="--", zorder=2)
            )
            degree[edge["from"]] = degree.get(edge["from"], 0) + 1
            degree[edge["to"]] = degree.get(edge["to"], 0) + 1
        xs = [position[n["id"]][0] for n in nodes]
        ys = [position[n["id"]][1] for n in nodes]
        sizes = [14 + 9 * degree.get(n["id"], 0) for n in nodes]
        colours = [INK if degree.get(n["id"]) else "#bbbbbb" for n in nodes]
        ax.scatter(xs, ys, s=sizes, c=colours, zorder=3, linewidths=0.6, edgecolors="white")
        label_size = 8 if count <= 24 else 7 if count <= 40 else 6
        for node in nodes:
            theta = angle[node["id"]]
            x, y = 1.07 * math.cos(theta), 1.07 * math.sin(theta)
            degrees = math.degrees(theta) % 360
            flip = 90 < degrees < 270
            ax.text(
                x,
                y,
                node["short"],
                rotation=degrees + 180 if flip else degrees,
                rotation_mode="anchor",
                ha="right" if flip else "left",
                va="center",
                fontsize=label_size,
                parse_math=False,
                color=INK if degree.get(node["id"]) else MUTED,
            )
        handles = [
            Line2D([0], [0], color=TYPE_COLOURS.get(t["code"], OTHER_TYPE), linewidth=2.2, label=t["name"])
            for t in network["types"]
        ]
        if agreed:
            handles.append(Line2D([0], [0], color=INK, linewidth=1.6, linestyle="--", label=network["agreed"]["line"]))
        if handles:
            fig.legend(
                handles=handles,
                loc="lower center",
                ncol=len(handles),
                frameon=False,
                fontsize=8,
                bbox_to_anchor=(0.5, 0.0),
            )
        return _svg(fig)
