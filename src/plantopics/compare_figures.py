"""Figures of the comparison of documents (see :mod:`plantopics.compare`).

* :func:`keyness_figure` — each document's top terms by G² against the other documents, small multiples;
* :func:`shares_heatmap` — document × joint topic or (document, chapter) × joint topic shares;
* :func:`alignment_figure` — every topic of every document against every topic of every other
  document (1 − Jensen–Shannon distance), each row's best match in each other document boxed.

Drawn with the CJK font of :mod:`plantopics.plotting` and written with
:func:`~plantopics.plotting.save_figure` (PNG plus SVG, byte-stable). File
names are ASCII; Chinese is drawn inside the figures only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from plantopics.plotting import bar_panel, chapter_label, save_figure, setup_matplotlib, shorten
from plantopics.topics.figures import share_heatmap, topic_tick

BAR_COLOR = "#d07a2d"
BLOCK_LINE = {"color": "black", "linewidth": 0.8}
MISSING_COLOR = "#e6e6e6"
VMAX_FLOOR = 0.25  # the alignment colours saturate at the largest similarity, never below this


def keyness_figure(keyness: pd.DataFrame, documents: pd.DataFrame, png: str | Path, vector: str | Path | None = None,
                   *, n_terms: int, ncols: int = 4) -> None:
    """``keyness``: keyness.csv (document, rank, term, g2 …); ``documents``:
    documents.csv (document, title), whose order is the panels' order."""
    setup_matplotlib()
    import matplotlib.pyplot as plt

    ids = documents["document"].tolist()
    titles = dict(zip(documents["document"], documents["title"], strict=True))
    ncols = min(ncols, len(ids))
    nrows = math.ceil(len(ids) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.2 * ncols, 0.24 * n_terms * nrows + 0.9 * nrows + 0.4),
                             squeeze=False)
    for ax, doc in zip(axes.flat, ids, strict=False):
        rows = keyness[(keyness["document"] == doc) & (keyness["rank"] <= n_terms)].sort_values("rank")
        bar_panel(ax, rows["term"].tolist(), rows["g2"].tolist(), BAR_COLOR, fontsize=8)
        heading = doc if not titles.get(doc) else f"{doc}\n{shorten(titles[doc], 20)}"
        ax.set_title(heading, fontsize=9)
        ax.set_xlabel("G² against the other documents", fontsize=7)
        ax.tick_params(axis="x", labelsize=7)
        if rows.empty:
            ax.text(0.5, 0.5, "no term over-used", ha="center", va="center", transform=ax.transAxes, fontsize=8)
    for ax in list(axes.flat)[len(ids):]:
        ax.set_axis_off()
    fig.suptitle("Keyness: each document's terms against all the other documents", fontsize=11)
    fig.tight_layout()
    save_figure(fig, png, vector)


def _group_lines(ax, groups: Sequence[str], horizontal: bool = True) -> None:
    """Lines between consecutive runs of the same group (rows, or columns with ``horizontal=False``)."""
    for i in range(1, len(groups)):
        if groups[i] != groups[i - 1]:
            (ax.axhline if horizontal else ax.axvline)(i - 0.5, **BLOCK_LINE)


def shares_heatmap(table: pd.DataFrame, labels: Sequence[str], png: str | Path, vector: str | Path | None = None,
                   title: str = "Documents × joint topics (token-weighted)") -> None:
    """Rows of ``table`` × joint topics. ``table``: document_topics.csv
    (document, n_tokens, topic_01 …) or chapter_topics.csv (document, chapter,
    title, n_tokens, topic_01 …); chapter rows are labelled ``doc · 3. title``
    and separated by document. ``labels``: the K joint topic labels."""
    setup_matplotlib()
    import matplotlib.pyplot as plt

    columns = [c for c in table.columns if c.startswith("topic_")]
    values = table[columns].to_numpy(dtype=float)
    n_rows, k = values.shape
    if "chapter" in table:
        names = [f"{d} · {chapter_label(c, t, max_chars=14)}" for d, c, t in
                 zip(table["document"], table["chapter"], table["title"], strict=True)]
    else:
        names = table["document"].tolist()
    label_inches = 0.09 * max(len(name) for name in names)  # room for the row labels
    fig, ax = plt.subplots(figsize=(max(6.0, 1.6 + label_inches + 0.62 * k), max(2.8, 1.5 + 0.34 * n_rows)))
    image = share_heatmap(ax, values, labels, names)
    if "chapter" in table:
        _group_lines(ax, table["document"].tolist())
    fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02, label="share of tokens")
    ax.set_title(title, fontsize=10, pad=12 + 9 * 3)
    fig.tight_layout()
    save_figure(fig, png, vector)


def alignment_figure(matrix: np.ndarray, keys: Sequence[tuple[str, int]], labels: dict[str, Sequence[str]],
                     png: str | Path, vector: str | Path | None = None, max_label_topics: int = 80) -> None:
    """Every topic of every document (rows) against every topic of every
    document (columns): ``matrix`` and ``keys`` from
    :func:`plantopics.compare.alignment_matrix` (a document against itself is
    NaN, drawn grey). In each row, the most similar topic of each other
    document is boxed: red when the match is mutual (the column's best match
    in the row's document is the row), dotted grey when it is one-way. Colours
    run from 0 to the largest similarity rounded up to 0.05, at least 0.25 (cross-document
    similarities are often far below 1). ``labels``: document -> its topic labels. With more
    than ``max_label_topics`` topics the labels are left out (ids only)."""
    setup_matplotlib()
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    n = len(keys)
    docs = [d for d, _ in keys]
    blocks = list(dict.fromkeys(docs))
    with_labels = n <= max_label_topics
    row_names = [f"{d} T{t:02d} {shorten(labels.get(d, [''] * t)[t - 1], 12)}".rstrip() if with_labels
                 else f"{d} T{t:02d}" for d, t in keys]
    col_names = [topic_tick(t, labels.get(d, [""] * t)[t - 1] if with_labels else "") for d, t in keys]
    cell = 0.42 if with_labels else 0.16
    side = min(3.0 + cell * n, 40)
    fig, ax = plt.subplots(figsize=(side + 2.4, side))
    cmap = plt.get_cmap("Greens").copy()
    cmap.set_bad(MISSING_COLOR)
    # colours up to the largest similarity (rounded up): cross-document values are often far below 1
    top = float(np.nanmax(matrix)) if np.isfinite(matrix).any() else 1.0
    vmax = min(1.0, max(VMAX_FLOOR, math.ceil(top * 20) / 20))
    image = ax.imshow(np.ma.masked_invalid(matrix), cmap=cmap, aspect="auto", vmin=0, vmax=vmax)
    fontsize = 7 if with_labels else 5
    ax.set_yticks(range(n), row_names, fontsize=fontsize)
    ax.set_xticks(range(n), col_names, fontsize=fontsize - 1)
    ax.xaxis.tick_top()
    _group_lines(ax, docs)
    _group_lines(ax, docs, horizontal=False)
    starts = {d: docs.index(d) for d in blocks}
    sizes = {d: docs.count(d) for d in blocks}

    def best(i: int, b: str) -> int:
        return starts[b] + int(np.argmax(matrix[i, starts[b]:starts[b] + sizes[b]]))

    for i, (a, _) in enumerate(keys):
        for b in blocks:
            if b == a:
                continue
            j = best(i, b)
            mutual = best(j, a) == i
            ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, linewidth=1.3 if mutual else 0.8,
                                   edgecolor="crimson" if mutual else "dimgrey", linestyle="-" if mutual else ":"))
            if with_labels:
                ax.text(j, i, f"{matrix[i, j]:.2f}", ha="center", va="center", fontsize=5.5,
                        color="white" if matrix[i, j] > 0.6 * vmax else "black")
    for b in blocks:  # document names under the columns
        ax.text(starts[b] + (sizes[b] - 1) / 2, n - 0.5 + 0.25, b, ha="center", va="top", fontsize=8,
                transform=ax.transData, clip_on=False)
    fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02, label="1 − Jensen–Shannon distance")
    ax.set_title("Each document's topics against the others'\nBoxed: each row's best match in each other document "
                 "(red: mutual, dotted: one-way); grey: same document", fontsize=9,
                 pad=12 + 8 * (3 if with_labels else 1))
    fig.tight_layout()
    save_figure(fig, png, vector)


__all__ = ["keyness_figure", "shares_heatmap", "alignment_figure"]
