"""Figures of the topic models, drawn with the CJK font of :mod:`plantopics.plotting`.

* :func:`selection_figure` — every metric against K, mean and spread (min–max) over seeds, per engine;
* :func:`top_words_grid` — each topic's top terms, small multiples;
* :func:`chapter_heatmap` — chapter × topic shares, labelled with chapter titles and topic labels;
* :func:`topic_word_clouds` — one word cloud per topic (``topic_XX.png``);
* :func:`chapter_topics_figure` — one chapter's own topics;
* :func:`links_figure` — chapter topics × whole-document topics similarity, best link marked.

File names are ASCII; Chinese is drawn inside the figures only.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from plantopics import paths
from plantopics.plotting import bar_panel, chapter_label, save_figure, setup_matplotlib, word_cloud

if TYPE_CHECKING:
    from matplotlib.axes import Axes

METRIC_LABELS = {
    "c_npmi": "c_npmi (higher is better)",
    "c_v": "c_v (higher is better)",
    "u_mass": "u_mass (higher is better)",
    "diversity": "topic diversity (top 25)",
    "stability": "stability (1 − JS) across seeds",
    "stability_words": "stability (top-word overlap)",
    "nmi": "chapter NMI (diagnostic)",
    "perplexity": "held-out perplexity (lower is better)",
}
ENGINE_COLORS = {"tomotopy": "#3b6ea5", "gensim": "#d07a2d"}
BAR_COLOR = "#3b6ea5"


def topic_name(k: int, label: str | None = None) -> str:
    return f"T{k:02d} {label}" if label else f"T{k:02d}"


def topic_tick(k: int, label: str, wrap: int = 4, lines: int = 3) -> str:
    """``T03`` over its label wrapped at ``wrap`` characters (``lines`` lines at most)."""
    return "\n".join([f"T{k:02d}", *textwrap.wrap(label, wrap)[:lines]]) if label else f"T{k:02d}"


def share_heatmap(ax: Axes, values: np.ndarray, labels: Sequence[str], row_names: Sequence[str]):
    """Rows × topics shares as a blue heatmap, topics labelled on top, cells of at
    least 10 % printed as percentages. Returns the image (for a colour bar)."""
    n_rows, k = values.shape
    image = ax.imshow(values, cmap="Blues", aspect="auto", vmin=0, vmax=max(values.max(), 1e-9))
    ax.set_xticks(range(k), [topic_tick(i + 1, labels[i]) for i in range(k)], fontsize=7)
    ax.set_yticks(range(n_rows), row_names, fontsize=8)
    ax.xaxis.tick_top()
    for i in range(n_rows):
        for j in range(k):
            if values[i, j] >= 0.1:
                ax.text(j, i, f"{values[i, j]:.0%}", ha="center", va="center", fontsize=6,
                        color="white" if values[i, j] > 0.5 * values.max() else "black")
    return image


def selection_figure(table: pd.DataFrame, chosen: dict, png: str | Path, vector: str | Path | None = None) -> None:
    """``table``: selection.csv; ``chosen``: {"engine", "k", "seed"}."""
    setup_matplotlib()
    import matplotlib.pyplot as plt

    measures = [m for m in METRIC_LABELS if m in table and table[m].notna().any()]
    ncols = 4
    nrows = math.ceil(len(measures) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.3 * ncols, 2.7 * nrows), squeeze=False)
    for ax, measure in zip(axes.flat, measures, strict=False):  # the grid may have more axes than measures
        for engine, rows in table.groupby("engine", sort=True):
            stats = rows.groupby("k")[measure].agg(["mean", "min", "max"])
            color = ENGINE_COLORS.get(engine, "grey")
            ax.fill_between(stats.index, stats["min"], stats["max"], color=color, alpha=0.2, linewidth=0)
            ax.plot(stats.index, stats["mean"], marker="o", ms=3, color=color, label=engine)
            ax.scatter(rows["k"], rows[measure], s=6, color=color, alpha=0.6)
        ax.axvline(chosen["k"], color="black", linestyle=":", linewidth=1)
        ax.set_title(METRIC_LABELS[measure], fontsize=9)
        ax.set_xlabel("K", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.set_xticks(sorted(table["k"].unique()))
        ax.spines[["top", "right"]].set_visible(False)
    for ax in list(axes.flat)[len(measures):]:
        ax.set_axis_off()
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.suptitle("Choosing K: mean over seeds (line), each seed (dots), min–max (band); "
                 f"chosen: {chosen['engine']} K={chosen['k']}, seed {chosen['seed']} (dotted line)", fontsize=10)
    fig.legend(handles, labels, loc="upper right", fontsize=8, frameon=False, ncol=len(labels))
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    save_figure(fig, png, vector)


def _topic_bars(ax: Axes, rows: pd.DataFrame, title: str) -> None:
    """One topic's terms by probability (rows of a topics table)."""
    bar_panel(ax, rows["term"].tolist(), rows["probability"].tolist(), BAR_COLOR, fontsize=8)
    ax.set_title(title, fontsize=9)
    ax.tick_params(axis="x", labelsize=7)


def top_words_grid(topics: pd.DataFrame, labels: Sequence[str], png: str | Path, vector: str | Path | None = None, *,
                   n_terms: int, title: str = "Topics: top terms by probability", ncols: int = 5) -> None:
    """``topics``: topics.csv (topic, rank, term, probability)."""
    setup_matplotlib()
    import matplotlib.pyplot as plt

    ks = sorted(topics["topic"].unique())
    ncols = min(ncols, len(ks))
    nrows = math.ceil(len(ks) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(2.6 * ncols, 0.22 * n_terms * nrows + 0.6 * nrows + 0.5),
                             squeeze=False)
    for ax, k in zip(axes.flat, ks, strict=False):  # the grid may have more cells than topics (K = 12: 3 × 5)
        rows = topics[(topics["topic"] == k) & (topics["rank"] <= n_terms)].sort_values("rank")
        _topic_bars(ax, rows, topic_name(k, labels[k - 1]))
    for ax in list(axes.flat)[len(ks):]:
        ax.set_axis_off()
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    save_figure(fig, png, vector)


def chapter_heatmap(chapter_topics: pd.DataFrame, labels: Sequence[str], png: str | Path,
                    vector: str | Path | None = None) -> None:
    """``chapter_topics``: chapter_topics.csv (chapter, title, n_tokens, topic_01 …)."""
    setup_matplotlib()
    import matplotlib.pyplot as plt

    columns = [c for c in chapter_topics.columns if c.startswith("topic_")]
    values = chapter_topics[columns].to_numpy(dtype=float)
    n_ch, k = values.shape
    fig, ax = plt.subplots(figsize=(2.8 + 0.62 * k, 1.2 + 0.36 * n_ch))
    names = [chapter_label(c, t, max_chars=18)
             for c, t in zip(chapter_topics["chapter"], chapter_topics["title"], strict=True)]
    image = share_heatmap(ax, values, labels, names)
    fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02, label="share of the chapter's tokens")
    ax.set_title("Chapters × topics (token-weighted)", fontsize=10, pad=12 + 9 * 3)
    fig.tight_layout()
    save_figure(fig, png, vector)


def topic_word_clouds(topic_word: np.ndarray, vocabulary: Sequence[str], labels: Sequence[str], folder: str | Path,
                      max_words: int = 40) -> list[Path]:
    """A word cloud of every topic in ``folder`` (``topic_wordcloud`` of
    :mod:`plantopics.paths`), term size by probability."""
    setup_matplotlib()
    Path(folder).mkdir(parents=True, exist_ok=True)
    written = []
    for k, row in enumerate(topic_word, start=1):
        ids = np.argsort(-row, kind="stable")[:max_words]
        path = paths.inside(folder, "topic_wordcloud", topic=k)
        word_cloud({vocabulary[i]: float(row[i]) for i in ids}, path, width=600, height=380, max_words=max_words,
                   title=topic_name(k, labels[k - 1]))
        written.append(path)
    return written


def chapter_topics_figure(topics: pd.DataFrame, chapter: int, title: str, numeral: str, png: str | Path,
                          n_terms: int) -> None:
    """One chapter's own topics (``topics``: its rows of chapters/topics.csv).
    Fixed margins, so the panels line up across chapters."""
    setup_matplotlib()
    import matplotlib.pyplot as plt

    ks = sorted(topics["topic"].unique())
    width = 2.5 * len(ks) + 0.4
    # the heading wraps to the figure's width (about 0.16 in per character at 10 pt)
    heading = textwrap.wrap(chapter_label(chapter, title, numeral), max(16, int(width / 0.16)))
    height = 0.22 * n_terms + 1.0 + 0.2 * len(heading)
    fig, axes = plt.subplots(1, len(ks), figsize=(width, height), squeeze=False)
    fig.subplots_adjust(left=0.9 / width, right=1 - 0.25 / width, bottom=0.45 / height,
                        top=1 - (0.45 + 0.2 * len(heading)) / height, wspace=0.9 / 2.5)
    for ax, k in zip(axes.flat, ks, strict=False):  # the grid may have more cells than topics (K = 12: 3 × 5)
        rows = topics[(topics["topic"] == k) & (topics["rank"] <= n_terms)].sort_values("rank")
        _topic_bars(ax, rows, f"T{k}")
    fig.suptitle("\n".join(heading), fontsize=10, y=1 - 0.08 / height, va="top")
    save_figure(fig, png)


def links_figure(similarity: pd.DataFrame, links: pd.DataFrame, labels: Sequence[str], png: str | Path,
                 vector: str | Path | None = None) -> None:
    """Heatmap of chapter topics (rows) × whole-document topics (columns),
    cells ``1 − JS distance``, each row's best link boxed."""
    setup_matplotlib()
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    wide = similarity.pivot_table(index=["chapter", "topic"], columns="document_topic", values="similarity")
    values = wide.to_numpy()
    n_rows, k = values.shape
    best = links.set_index(["chapter", "topic"])["document_topic"]
    row_labels = []
    for chapter, topic in wide.index:
        label = links[(links["chapter"] == chapter) & (links["topic"] == topic)]["label"]
        row_labels.append(f"{chapter}.{topic} {label.iloc[0] if len(label) else ''}")
    fig, ax = plt.subplots(figsize=(3.2 + 0.55 * k, 1.0 + 0.2 * n_rows))
    image = ax.imshow(values, cmap="Greens", aspect="auto", vmin=0, vmax=max(float(np.nanmax(values)), 1e-9))
    for i, key in enumerate(wide.index):
        j = int(best[key]) - 1
        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="crimson", linewidth=1.2))
    ax.set_xticks(range(k), [topic_tick(c, labels[c - 1]) for c in wide.columns], fontsize=6)
    ax.set_yticks(range(n_rows), row_labels, fontsize=6)
    ax.xaxis.tick_top()
    fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02, label="1 − Jensen–Shannon distance")
    ax.set_title("Chapter topics → most similar whole-document topic (boxed)", fontsize=9)
    fig.tight_layout()
    save_figure(fig, png, vector)


def empty_figure(message: str, png: str | Path, vector: str | Path | None = None) -> None:
    """A placeholder figure that says why there is nothing to draw."""
    setup_matplotlib()
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 1.5))
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=10)
    ax.set_axis_off()
    save_figure(fig, png, vector)
