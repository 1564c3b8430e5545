"""The network as a figure a reader can read: terms placed by the layout,
labels in the CJK font sized by frequency and coloured by community, links
drawn lighter than the labels, and labels moved apart with adjustText."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import numpy as np

from plantopics.network.graph import CoWordNetwork

# Colour-blind-safe categorical colours (Okabe & Ito 2008, then Paul Tol's "muted"); communities beyond
# them share one grey: the legend names every community that has its own colour.
PALETTE = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255", "#117733",
    "#332288", "#999933", "#AA4499", "#44AA99", "#661100", "#6699CC",
]  # fmt: skip
OTHER_COLOUR = "#8C8C8C"
ADJUST_ITERATIONS = 300  # adjustText stops earlier when nothing overlaps; a bound keeps it deterministic


LEGEND_INCHES = 1.2
MAP_LIMIT = 1.08  # the map shows [-1.08, 1.08]²: room for the labels of terms on the edge
LEADER_MIN_POINTS = 6  # a label moved further than this from its point gets a leader line


def community_colour(community: int) -> str:
    return PALETTE[community - 1] if 1 <= community <= len(PALETTE) else OTHER_COLOUR


@dataclass(frozen=True)
class FigureReport:
    """What the figure drew: labels, label pairs whose boxes still overlap
    before and after adjustText, where each label ended up (map coordinates)
    and how many points of type one map unit spans (to draw the same labels elsewhere)."""

    labels: int
    overlaps_before: int
    overlaps_after: int
    label_positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    points_per_unit: float = 1.0


def label_sizes(frequency: np.ndarray, smallest: float, largest: float) -> np.ndarray:
    """Font sizes growing with the square root of frequency (area-like), from smallest to largest."""
    frequency = np.asarray(frequency, dtype=float)
    if frequency.size == 0:
        return frequency
    low, high = np.sqrt(frequency.min()), np.sqrt(frequency.max())
    share = (np.sqrt(frequency) - low) / (high - low) if high > low else np.ones_like(frequency)
    return smallest + share * (largest - smallest)


def overlapping_pairs(boxes: list) -> int:
    """Number of pairs of boxes (matplotlib Bbox) that overlap."""
    extents = np.array([[b.x0, b.y0, b.x1, b.y1] for b in boxes])
    if len(extents) < 2:
        return 0
    x0, y0, x1, y1 = (extents[:, i] for i in range(4))
    overlap_x = (x0[:, None] < x1[None, :]) & (x0[None, :] < x1[:, None])
    overlap_y = (y0[:, None] < y1[None, :]) & (y0[None, :] < y1[:, None])
    both = np.triu(overlap_x & overlap_y, k=1)
    return int(both.sum())


def legend(fig, network: CoWordNetwork, n_communities: int) -> None:
    """Below the map: each coloured community's number and label."""
    from matplotlib.lines import Line2D

    shown = network.communities[network.communities["community"] <= n_communities]
    handles = [
        Line2D([], [], marker="o", linestyle="", color=community_colour(int(c)), label=f"{c} {label}")
        for c, label in zip(shown["community"], shown["label"], strict=True)
    ]
    if handles:
        fig.legend(handles=handles, loc="lower center", ncols=min(4, len(handles)), fontsize=9, frameon=False,
                   title="communities (their most central terms)", title_fontsize=9)  # fmt: skip


def draw_network(
    network: CoWordNetwork,
    png_path: str | os.PathLike,
    svg_path: str | os.PathLike | None = None,
    *,
    size: float,
    label_range: tuple[float, float],
    title: str = "",
    legend_communities: int = len(PALETTE),
) -> FigureReport:
    """Draw ``network`` (with positions) to PNG (and SVG). Returns the overlap counts."""
    import matplotlib.pyplot as plt
    from adjustText import adjust_text
    from matplotlib.collections import LineCollection

    from plantopics.plotting import save_figure, setup_matplotlib

    setup_matplotlib()
    terms = network.terms
    xy = np.array([network.positions[t] for t in terms["term"]]).reshape(-1, 2)
    colours = [community_colour(int(c)) for c in terms["community"]]
    sizes = label_sizes(terms["frequency"].to_numpy(), *label_range)

    # Fixed axes (no constrained layout): label boxes measured for adjustText stay where they are drawn.
    fig = plt.figure(figsize=(size, size + LEGEND_INCHES))
    bottom = LEGEND_INCHES / (size + LEGEND_INCHES)
    ax = fig.add_axes((0.01, bottom, 0.98, (1 - bottom) * 0.97))
    ax.set_axis_off()
    ax.set_xlim(-MAP_LIMIT, MAP_LIMIT)
    ax.set_ylim(-MAP_LIMIT, MAP_LIMIT)
    if title:
        fig.text(0.01, 0.995, title, fontsize=11, ha="left", va="top")

    where = dict(zip(terms["term"], map(tuple, xy), strict=True))
    edges = network.edges.sort_values("weight", kind="mergesort")  # strongest drawn last, on top
    weights = edges["weight"].to_numpy(dtype=float)
    strength = weights / weights.max() if len(weights) else weights
    segments = [(where[s], where[t]) for s, t in zip(edges["source"], edges["target"], strict=True)]
    ax.add_collection(
        LineCollection(segments, colors=[(0.45, 0.45, 0.45, 0.04 + 0.5 * w**1.5) for w in strength],
                       linewidths=0.3 + 2.0 * strength, zorder=1)
    )  # fmt: skip
    ax.scatter(xy[:, 0], xy[:, 1], s=4 + 2.5 * sizes, c=colours, alpha=0.55, linewidths=0, zorder=2)
    texts = [
        ax.text(x, y, term, fontsize=fs, color=colour, ha="center", va="center", zorder=3)
        for (x, y), term, fs, colour in zip(xy, terms["term"], sizes, colours, strict=True)
    ]
    if not texts:
        ax.text(0, 0, "no two chosen terms share a unit: no network", ha="center", va="center", fontsize=12)
    legend(fig, network, legend_communities)
    renderer = fig.canvas.get_renderer()
    before = overlapping_pairs([t.get_window_extent(renderer) for t in texts])
    # adjustText's own arrows and crossing checks cost most of its time (clipping each arrow
    # to its label): leader lines are drawn below, straight, for labels moved away from their point.
    if texts:
        adjust_text(
            texts, ax=ax, iter_lim=ADJUST_ITERATIONS, expand=(1.05, 1.15), avoid_self=False, prevent_crossings=False
        )
    after = overlapping_pairs([t.get_window_extent(renderer) for t in texts])
    leaders = [
        (point, text.get_position())
        for point, text in zip(map(tuple, xy), texts, strict=True)
        if np.hypot(*np.subtract(ax.transData.transform(point), ax.transData.transform(text.get_position())))
        > LEADER_MIN_POINTS * fig.dpi / 72
    ]
    ax.add_collection(LineCollection(leaders, colors="#9A9A9A", linewidths=0.5, zorder=2))
    moved = {
        term: tuple(round(float(v), 6) for v in text.get_position())
        for term, text in zip(terms["term"], texts, strict=True)
    }
    points_per_unit = ax.get_position().width * fig.get_figwidth() * 72 / (2 * MAP_LIMIT)
    save_figure(fig, png_path, svg_path)
    return FigureReport(len(texts), before, after, moved, points_per_unit)
