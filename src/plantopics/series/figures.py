"""Figures of a series (see :mod:`plantopics.series`).

* :func:`trend_multiples` — the strongest rising and falling terms, each its
  rate per 10,000 tokens per document over the years with the fitted trend;
* :func:`first_appearances_figure` — when terms first appear, on a time line;
* :func:`term_trajectory_figure` — one term's trajectory (the loader draws it on demand);
* :func:`prevalence_multiples` — each topic's share per year with its smooth and band;
* :func:`prevalence_heatmap` — year × topic shares;
* :func:`group_shares_figure` — each topic's share in each group, with intervals;
* :func:`evolution_figure` — each topic's top words period by period.

Drawn with the CJK font of :mod:`plantopics.plotting` and written with
:func:`~plantopics.plotting.save_figure` (PNG plus SVG, byte-stable).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from plantopics.plotting import save_figure, setup_matplotlib
from plantopics.series.terms import fitted_rate
from plantopics.topics.figures import empty_figure, share_heatmap, topic_name

RISING_COLOR, FALLING_COLOR, POINT_COLOR = "#c0392b", "#2471a3", "#555555"
BAND_COLOR = "#f0b27a"


def _grid(n: int, ncols: int, width: float, height: float):
    import matplotlib.pyplot as plt

    ncols = max(1, min(ncols, n))
    nrows = max(1, math.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows + 0.6), squeeze=False,
                             sharex=True, layout="constrained")
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, axes


def _trajectory(ax, points: pd.DataFrame, row: pd.Series | None, span: tuple[int, int], color: str) -> None:
    """Per-10k dots (every dated document, zeros included) and the fitted trend."""
    ax.scatter(points["year"], points["per_10k"], s=9, color=POINT_COLOR, zorder=3)
    if row is not None:
        years = np.linspace(span[0], span[1], 50)
        ax.plot(years, fitted_rate(row, years, span[0], span[1]), color=color, linewidth=1.6)
    ax.tick_params(labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)


def trend_multiples(trends: pd.DataFrame, frequencies: pd.DataFrame, documents: pd.DataFrame, png: str | Path,
                    vector: str | Path | None = None, *, n_terms: int) -> None:
    """Two rows of small multiples: the ``n_terms`` strongest rising terms
    (trends.csv order: by the lower end of their interval) and the strongest
    falling ones, each with its rate per 10,000 tokens in every dated document
    and the fitted trend; titles give the rate ratio per decade."""
    setup_matplotlib()
    rising = trends[trends["direction"] == "rising"].head(n_terms)
    falling = trends[trends["direction"] == "falling"].head(n_terms)
    if rising.empty and falling.empty:
        empty_figure("No term rises or falls significantly in this series.", png, vector)
        return
    dated = documents[documents["year"].notna()]
    span = (int(dated["year"].min()), int(dated["year"].max()))
    fig, axes = _grid(2 * n_terms, n_terms, width=1.9, height=1.7)
    for r, (chosen, color) in enumerate([(rising, RISING_COLOR), (falling, FALLING_COLOR)]):
        for c in range(n_terms):
            ax = axes[r, c]
            if c >= len(chosen):
                ax.set_visible(False)
                continue
            row = chosen.iloc[c]
            ax.set_title(f"{row['term']}  ×{row['trend']:.2g}/10y", fontsize=8)
            _trajectory(ax, term_points(row["term"], frequencies, dated), row, span, color)
    axes[0, 0].set_ylabel("rising: per 10k tokens", fontsize=8)
    axes[1, 0].set_ylabel("falling: per 10k tokens", fontsize=8)
    save_figure(fig, png, vector)


def term_points(term: str, frequencies: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """document, year, count, per_10k of ``term`` in every dated document of
    ``documents`` (0 where it is not used), by year."""
    used = frequencies[frequencies["term"] == term].set_index("document")
    dated = documents[documents["year"].notna()]
    points = pd.DataFrame({"document": dated["document"].to_numpy(), "year": dated["year"].astype(int).to_numpy()})
    points["count"] = used["count"].reindex(points["document"]).fillna(0).astype(int).to_numpy()
    points["per_10k"] = used["per_10k"].reindex(points["document"]).fillna(0.0).to_numpy()
    return points.sort_values(["year", "document"], kind="mergesort").reset_index(drop=True)


def term_trajectory_figure(term: str, points: pd.DataFrame, trend: pd.Series | None, span: tuple[int, int],
                           png: str | Path | None = None, vector: str | Path | None = None):
    """One term's rate per 10,000 tokens per document over the years, with its
    fitted trend when it has one. Returns the figure when ``png`` is None (for
    a notebook), else writes it."""
    setup_matplotlib()
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.5, 2.8), layout="constrained")
    _trajectory(ax, points, trend, span, RISING_COLOR if trend is not None and trend["trend"] >= 1 else FALLING_COLOR)
    note = "" if trend is None else (f"  ×{trend['trend']:.2g} per decade "
                                     f"[{trend['trend_low']:.2g}, {trend['trend_high']:.2g}], {trend['direction']}")
    ax.set_title(f"{term}{note}", fontsize=10)
    ax.set_ylabel("per 10,000 tokens", fontsize=8)
    if png is None:
        return fig
    save_figure(fig, png, vector)
    return None


def first_appearances_figure(firsts: pd.DataFrame, png: str | Path, vector: str | Path | None = None,
                             per_year: int = 4, min_documents: int = 2) -> None:
    """A time line of first appearances: for each year, the (at most
    ``per_year``) most used terms that first appear in it and are used in at
    least ``min_documents`` documents (terms already in the series' first
    document are not new)."""
    setup_matplotlib()
    import matplotlib.pyplot as plt

    new = firsts[~firsts["before_series"].astype(bool) & (firsts["n_documents"] >= min_documents)]
    new = new.sort_values(["first_year", "n_documents", "count", "term"], ascending=[True, False, False, True],
                          kind="mergesort").groupby("first_year").head(per_year)
    if new.empty:
        empty_figure("No term first appears after the series' first year.", png, vector)
        return
    years = sorted(new["first_year"].unique())
    fig, ax = plt.subplots(figsize=(7.5, 0.32 * len(years) + 0.8), layout="constrained")
    for i, year in enumerate(years):
        terms = new.loc[new["first_year"] == year, "term"].tolist()
        ax.text(0.0, i, f"{year}", ha="right", va="center", fontsize=8, fontweight="bold")
        ax.text(0.02, i, "、".join(terms), ha="left", va="center", fontsize=8)
    ax.set_ylim(len(years) - 0.5, -0.5)
    ax.set_xlim(-0.1, 1)
    ax.axis("off")
    ax.set_title(f"First appearances (terms in ≥ {min_documents} documents, most used first)", fontsize=10)
    save_figure(fig, png, vector)


def prevalence_multiples(prevalence: pd.DataFrame, png: str | Path, vector: str | Path | None = None,
                         ncols: int = 4) -> None:
    """Each topic's share per year (dots, with the interval of the draws) and
    its smooth over time with the band."""
    setup_matplotlib()
    if prevalence.empty:
        empty_figure("No dated documents: no topic shares over time.", png, vector)
        return
    topics = sorted(prevalence["topic"].unique())
    fig, axes = _grid(len(topics), ncols, width=2.8, height=2.0)
    for ax, topic in zip(axes.flat, topics, strict=False):
        rows = prevalence[prevalence["topic"] == topic].sort_values("year")
        ax.fill_between(rows["year"], rows["fitted_low"], rows["fitted_high"], color=BAND_COLOR, alpha=0.5,
                        linewidth=0)
        ax.plot(rows["year"], rows["fitted"], color=RISING_COLOR, linewidth=1.4)
        ax.errorbar(rows["year"], rows["share"], yerr=[rows["share"] - rows["share_low"],
                                                       rows["share_high"] - rows["share"]],
                    fmt="o", markersize=2.5, color=POINT_COLOR, elinewidth=0.6)
        ax.set_title(topic_name(int(topic), str(rows["label"].iloc[0])), fontsize=8)
        ax.set_ylim(bottom=0)
        ax.tick_params(labelsize=7)
        ax.spines[["top", "right"]].set_visible(False)
    fig.supylabel("share of the year's tokens", fontsize=8)
    save_figure(fig, png, vector)


def prevalence_heatmap(prevalence: pd.DataFrame, png: str | Path, vector: str | Path | None = None) -> None:
    """Year × topic: each topic's share of each year's tokens."""
    setup_matplotlib()
    import matplotlib.pyplot as plt

    if prevalence.empty:
        empty_figure("No dated documents: no topic shares over time.", png, vector)
        return
    wide = prevalence.pivot(index="year", columns="topic", values="share").sort_index()
    labels = prevalence.drop_duplicates("topic").set_index("topic")["label"].reindex(wide.columns).tolist()
    fig, ax = plt.subplots(figsize=(1.0 + 0.55 * wide.shape[1], 0.9 + 0.2 * wide.shape[0]), layout="constrained")
    share_heatmap(ax, wide.to_numpy(), labels, [str(y) for y in wide.index])
    ax.set_title("Years × topics (share of the year's tokens)", fontsize=10)
    save_figure(fig, png, vector)


def group_shares_figure(shares: pd.DataFrame, png: str | Path, vector: str | Path | None = None,
                        ncols: int = 4) -> None:
    """For each categorical attribute, each topic's share in each group with
    its interval: one panel per topic, one row of panels per attribute."""
    setup_matplotlib()
    if shares.empty:
        empty_figure("No categorical attribute with two or more groups in the document sheet.", png, vector)
        return
    panels = shares[["covariate", "topic"]].drop_duplicates().to_records(index=False).tolist()
    fig, axes = _grid(len(panels), ncols, width=2.8, height=1.9)
    for ax, (covariate, topic) in zip(axes.flat, panels, strict=False):
        rows = shares[(shares["covariate"] == covariate) & (shares["topic"] == topic)]
        positions = np.arange(len(rows))
        ax.errorbar(rows["share"], positions, xerr=[rows["share"] - rows["low"], rows["high"] - rows["share"]],
                    fmt="o", markersize=3, color=FALLING_COLOR, elinewidth=1)
        ax.set_yticks(positions, rows["level"].tolist(), fontsize=7)
        ax.set_title(f"{covariate}: {topic_name(int(topic), str(rows['label'].iloc[0]))}", fontsize=8)
        ax.tick_params(axis="x", labelsize=7)
        ax.spines[["top", "right"]].set_visible(False)
    fig.supxlabel("expected share of a document", fontsize=8)
    save_figure(fig, png, vector)


def evolution_figure(evolution: pd.DataFrame, png: str | Path, vector: str | Path | None = None,
                     n_words: int = 5, topics: Sequence[int] | None = None) -> None:
    """A grid of text: one row per topic, one column per period, each cell the
    topic's top ``n_words`` words in that period (a cell is empty where the
    topic has under 1 % of its tokens)."""
    setup_matplotlib()
    import matplotlib.pyplot as plt

    if evolution.empty:
        empty_figure("No dated documents: no topic evolution.", png, vector)
        return
    table = evolution if topics is None else evolution[evolution["topic"].isin(topics)]
    spans = table[["period_start", "period"]].drop_duplicates().sort_values("period_start")["period"].tolist()
    ids = sorted(table["topic"].unique())
    total = table.drop_duplicates(["topic", "period"]).groupby("topic")["topic_tokens"].sum()
    fig, ax = plt.subplots(figsize=(1.6 + 1.0 * len(spans), 0.3 + (0.16 * n_words + 0.1) * len(ids)),
                           layout="constrained")
    for i, topic in enumerate(ids):
        rows = table[table["topic"] == topic]
        ax.text(-0.02, i, topic_name(int(topic), str(rows["label"].iloc[0])), ha="right", va="center", fontsize=7)
        for j, period in enumerate(spans):
            cell = rows[(rows["period"] == period) & (rows["rank"] <= n_words)].sort_values("rank")
            if cell.empty or cell["topic_tokens"].iloc[0] < 0.01 * total[topic]:
                continue
            ax.text(j + 0.5, i, "\n".join(cell["term"]), ha="center", va="center", fontsize=7, linespacing=1.2)
    ax.set_xlim(0, len(spans))
    ax.set_ylim(len(ids) - 0.5, -0.5)
    ax.set_xticks(np.arange(len(spans)) + 0.5, spans, fontsize=7)
    ax.xaxis.tick_top()
    ax.set_yticks([])
    ax.spines[:].set_visible(False)
    save_figure(fig, png, vector)
