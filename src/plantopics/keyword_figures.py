"""Figures of the chapter keywords (see :mod:`plantopics.keywords`).

* :func:`chapter_bars` — one chapter: its top terms by TF-IDF and by G², side by side;
* :func:`overview_grid` — every chapter's top terms, small multiples;
* :func:`heatmap` — chapters × the union of each chapter's top terms;
* word clouds via :func:`plantopics.plotting.word_cloud`;
* :func:`draw_keyword_figures` — all of them for one document plus an index table.

Figures are drawn with the CJK font of :mod:`plantopics.plotting`; call
:func:`plantopics.plotting.setup_matplotlib` first (``draw_keyword_figures``
does). File names are ASCII (chapter numbers, zero-padded); Chinese is only
drawn inside the figures.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from plantopics.plotting import save_figure, setup_matplotlib, word_cloud

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

MEASURES = {"tfidf": ("tfidf", "TF-IDF"), "keyness": ("g2", "G² (keyness)")}
INDEX_COLUMNS = ["chapter", "kind", "png", "vector"]
TFIDF_COLOR, KEYNESS_COLOR = "#3b6ea5", "#d07a2d"
VECTOR_FORMAT = "svg"  # glyphs as paths: renders without the font, scales for print


@dataclass(frozen=True)
class PlotSettings:
    """What the config's ``keywords.plots`` section sets."""

    n_terms: int = 15
    overview_terms: int = 8
    heatmap_terms: int = 3
    measure: str = "tfidf"
    wordcloud_max_words: int = 80
    wordcloud_width: int = 800
    wordcloud_height: int = 500

    @classmethod
    def from_config(cls, section: dict) -> PlotSettings:
        cloud = section.get("wordcloud", {})
        return cls(
            n_terms=section.get("n_terms", cls.n_terms),
            overview_terms=section.get("overview_terms", cls.overview_terms),
            heatmap_terms=section.get("heatmap_terms", cls.heatmap_terms),
            measure=section.get("measure", cls.measure),
            wordcloud_max_words=cloud.get("max_words", cls.wordcloud_max_words),
            wordcloud_width=cloud.get("width", cls.wordcloud_width),
            wordcloud_height=cloud.get("height", cls.wordcloud_height),
        )


def chapter_label(numeral: str, title: str, width: int | None = None, max_chars: int | None = None) -> str:
    """The heading as printed (四、建设国际科技创新中心…), optionally cut to
    ``max_chars`` characters of title (with …) and wrapped every ``width``."""
    if max_chars is not None and len(title) > max_chars:
        title = title[:max_chars].rstrip("，、；：") + "…"
    label = f"{numeral}、{title}" if numeral else title
    return "\n".join(textwrap.wrap(label, width)) if width else label


def _bars(
    ax: Axes,
    terms: list[str],
    values: list[float],
    color: str,
    xlabel: str,
    notes: list[str] | None = None,
    slots: int | None = None,
):
    """Horizontal bars, best term on top; ``slots`` rows of space (default: one per term)
    so that panels with fewer terms keep the same bar height, aligned at the top."""
    slots = max(slots or 0, len(terms), 1)
    positions = [slots - 1 - i for i in range(len(terms))]
    ax.barh(positions, values, color=color, height=0.7)
    ax.set_yticks(positions, terms)
    ax.set_ylim(-0.6, slots - 0.4)
    ax.set_xlabel(xlabel)
    ax.spines[["top", "right"]].set_visible(False)
    if notes:
        top = max(values, default=0) or 1
        for y, v, note in zip(positions, values, notes, strict=True):
            ax.text(v + top * 0.01, y, note, va="center", fontsize=7, color="#555555")
        ax.set_xlim(0, top * 1.15)


def chapter_bars(tfidf_top: pd.DataFrame, keyness_top: pd.DataFrame, numeral: str, title: str, n_terms: int) -> Figure:
    """One chapter's top ``n_terms`` terms: TF-IDF (left) and G² (right).

    ``tfidf_top``/``keyness_top``: that chapter's rows of the tfidf and keyness
    tables (rank, term, score/g2, count/count_target). Bars are annotated with
    the term's count in the chapter (n=…).
    """
    import matplotlib.pyplot as plt

    tf = tfidf_top.sort_values("rank").head(n_terms)
    ke = keyness_top.sort_values("rank").head(n_terms)
    height = 1.2 + 0.28 * max(len(tf), len(ke), 3)
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, height), layout="constrained")
    slots = max(len(tf), len(ke))
    _bars(left, list(tf["term"]), list(tf["score"]), TFIDF_COLOR, "TF-IDF", [f"n={c}" for c in tf["count"]], slots)
    left.set_title("TF-IDF（章节为文档）", fontsize=10)
    _bars(right, list(ke["term"]), list(ke["g2"]), KEYNESS_COLOR, "G²", [f"n={c}" for c in ke["count_target"]], slots)
    right.set_title("关键性 G²（本章 vs 其余各章）", fontsize=10)
    fig.suptitle(chapter_label(numeral, title, width=34), fontsize=12)
    return fig


def overview_grid(top: pd.DataFrame, chapters: pd.DataFrame, value: str, xlabel: str, n_terms: int) -> Figure:
    """Small multiples: each chapter's top ``n_terms`` terms by column ``value``
    of the ranked table ``top``; panels titled with the chapter numeral and a
    shortened title."""
    import matplotlib.pyplot as plt

    n = len(chapters)
    ncols = min(3, n) or 1
    nrows = max(1, math.ceil(n / ncols))
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(4.2 * ncols, 0.25 * n_terms * nrows + 1.0 * nrows), layout="constrained", squeeze=False
    )
    for ax, chapter in zip(axes.flat, chapters.itertuples(index=False), strict=False):
        rows = top[top["chapter"] == chapter.chapter].sort_values("rank").head(n_terms)
        color = TFIDF_COLOR if value != "g2" else KEYNESS_COLOR
        _bars(ax, list(rows["term"]), list(rows[value]), color, "", slots=n_terms)
        ax.set_title(chapter_label(chapter.numeral, chapter.title, max_chars=15), fontsize=9)
        ax.tick_params(axis="both", labelsize=8)
    for ax in list(axes.flat)[n:]:
        ax.set_axis_off()
    fig.suptitle(f"各章关键词（{xlabel}）", fontsize=13)
    return fig


def heatmap_matrix(scores: pd.DataFrame, top: pd.DataFrame, value: str, terms_per_chapter: int) -> pd.DataFrame:
    """Chapters × terms matrix of ``value`` (0 where a chapter does not use the
    term) over the union of each chapter's top ``terms_per_chapter`` terms,
    columns in chapter order then rank (each term once, where it first appears)."""
    chosen = top[top["rank"] <= terms_per_chapter].sort_values(["chapter", "rank"])
    terms = list(dict.fromkeys(chosen["term"]))
    matrix = scores.pivot(index="chapter", columns="term", values=value)
    chapters = sorted(scores["chapter"].unique())
    return matrix.reindex(index=chapters, columns=terms).fillna(0.0)


def heatmap(matrix: pd.DataFrame, chapters: pd.DataFrame, xlabel: str) -> Figure:
    """Chapters (rows, labelled with numeral and short title) × terms (columns)."""
    import matplotlib.pyplot as plt

    labels = {c.chapter: chapter_label(c.numeral, c.title, max_chars=12) for c in chapters.itertuples(index=False)}
    n_rows, n_cols = matrix.shape
    fig, ax = plt.subplots(figsize=(max(6.0, 0.32 * n_cols + 3.5), max(3.0, 0.36 * n_rows + 1.8)), layout="constrained")
    image = ax.imshow(matrix.to_numpy(), aspect="auto", cmap="YlGnBu", interpolation="nearest")
    ax.set_xticks(range(n_cols), list(matrix.columns), rotation=90, fontsize=8)
    ax.set_yticks(range(n_rows), [labels.get(c, str(c)) for c in matrix.index], fontsize=8)
    fig.colorbar(image, ax=ax, label=xlabel, shrink=0.8)
    ax.set_title(f"章节 × 关键词（{xlabel}；各章前列词的并集）", fontsize=11)
    return fig


def cloud_weights(scores: pd.DataFrame, chapter: int, value: str, max_words: int) -> dict[str, float]:
    """Term -> weight (> 0) of one chapter, the ``max_words`` largest, ties by term."""
    rows = scores[(scores["chapter"] == chapter) & (scores[value] > 0)]
    rows = rows.sort_values([value, "term"], ascending=[False, True], kind="mergesort").head(max_words)
    return dict(zip(rows["term"], rows[value].astype(float), strict=True))


def draw_keyword_figures(
    scores: pd.DataFrame,
    tfidf_top: pd.DataFrame,
    keyness_top: pd.DataFrame,
    chapters: pd.DataFrame,
    figures_dir: str | Path,
    chapters_dir: str | Path,
    settings: PlotSettings = PlotSettings(),
) -> pd.DataFrame:
    """Draw every keyword figure of one document; return the index table.

    ``figures_dir`` gets overview.png/.svg and heatmap.png/.svg;
    ``chapters_dir`` gets chapter_XX_terms.png/.svg and
    wordcloud_chapter_XX.png per chapter. The index has one row per figure:
    chapter (0 for the all-chapter figures), kind, png, vector — file paths
    relative to ``figures_dir``.
    """
    if settings.measure not in MEASURES:
        raise ValueError(f"plots.measure must be one of {sorted(MEASURES)}, not {settings.measure!r}")
    setup_matplotlib()
    figures_dir, chapters_dir = Path(figures_dir), Path(chapters_dir)
    value, label = MEASURES[settings.measure]
    top = tfidf_top.rename(columns={"score": "tfidf"}) if value == "tfidf" else keyness_top
    ext = VECTOR_FORMAT
    rel = chapters_dir.relative_to(figures_dir) if chapters_dir.is_relative_to(figures_dir) else chapters_dir
    index = []
    for chapter in chapters.itertuples(index=False):
        stem = f"chapter_{chapter.chapter:02d}"
        fig = chapter_bars(
            tfidf_top[tfidf_top["chapter"] == chapter.chapter],
            keyness_top[keyness_top["chapter"] == chapter.chapter],
            chapter.numeral,
            chapter.title,
            settings.n_terms,
        )
        save_figure(fig, chapters_dir / f"{stem}_terms.png", chapters_dir / f"{stem}_terms.{ext}")
        index.append((chapter.chapter, "terms", f"{rel}/{stem}_terms.png", f"{rel}/{stem}_terms.{ext}"))
        weights = cloud_weights(scores, chapter.chapter, value, settings.wordcloud_max_words)
        if weights:
            word_cloud(
                weights,
                chapters_dir / f"wordcloud_{stem}.png",
                width=settings.wordcloud_width,
                height=settings.wordcloud_height,
                max_words=settings.wordcloud_max_words,
                title=chapter_label(chapter.numeral, chapter.title, width=40),
            )
            index.append((chapter.chapter, "wordcloud", f"{rel}/wordcloud_{stem}.png", ""))
    save_figure(
        overview_grid(top, chapters, value, label, settings.overview_terms),
        figures_dir / "overview.png",
        figures_dir / f"overview.{ext}",
    )
    index.append((0, "overview", "overview.png", f"overview.{ext}"))
    matrix = heatmap_matrix(scores, top, value, settings.heatmap_terms)
    save_figure(heatmap(matrix, chapters, label), figures_dir / "heatmap.png", figures_dir / f"heatmap.{ext}")
    index.append((0, "heatmap", "heatmap.png", f"heatmap.{ext}"))
    return pd.DataFrame(index, columns=INDEX_COLUMNS)
