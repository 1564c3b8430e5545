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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from plantopics import paths
from plantopics.plotting import bar_panel, chapter_label, save_figure, setup_matplotlib, word_cloud

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MEASURES = {"tfidf": ("tfidf", "TF-IDF"), "keyness": ("g2", "G² (keyness)")}
INDEX_COLUMNS = ["chapter", "kind", "png", "vector"]
TFIDF_COLOR, KEYNESS_COLOR = "#3b6ea5", "#d07a2d"


@dataclass(frozen=True)
class PlotSettings:
    """The config's ``keywords.plots`` section (``wordcloud_*``: its ``wordcloud`` keys)."""

    n_terms: int
    overview_terms: int
    heatmap_terms: int
    measure: str
    wordcloud_max_words: int
    wordcloud_width: int
    wordcloud_height: int

    @classmethod
    def from_config(cls, section: dict) -> PlotSettings:
        cloud = section["wordcloud"]
        return cls(
            n_terms=section["n_terms"],
            overview_terms=section["overview_terms"],
            heatmap_terms=section["heatmap_terms"],
            measure=section["measure"],
            wordcloud_max_words=cloud["max_words"],
            wordcloud_width=cloud["width"],
            wordcloud_height=cloud["height"],
        )


def chapter_bars(tfidf_top: pd.DataFrame, keyness_top: pd.DataFrame, chapter: int, numeral: str, title: str,
                 n_terms: int) -> Figure:
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
    slots = max(len(tf), len(ke), 1)
    bar_panel(left, list(tf["term"]), list(tf["score"]), TFIDF_COLOR, slots=slots,
              notes=[f"n={c}" for c in tf["count"]])
    left.set_xlabel("TF-IDF")
    left.set_title("TF-IDF（章节为文档）", fontsize=10)
    bar_panel(right, list(ke["term"]), list(ke["g2"]), KEYNESS_COLOR, slots=slots,
              notes=[f"n={c}" for c in ke["count_target"]])
    right.set_xlabel("G²")
    right.set_title("关键性 G²（本章 vs 其余各章）", fontsize=10)
    fig.suptitle(chapter_label(chapter, title, numeral, width=34), fontsize=12)
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
        bar_panel(ax, list(rows["term"]), list(rows[value]), color, slots=max(n_terms, 1))
        ax.set_xlabel("")
        ax.set_title(chapter_label(chapter.chapter, chapter.title, chapter.numeral, max_chars=15), fontsize=9)
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

    labels = {c.chapter: chapter_label(c.chapter, c.title, c.numeral, max_chars=12)
              for c in chapters.itertuples(index=False)}
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
    settings: PlotSettings,
    *,
    overview: Sequence[str | Path],
    heatmap_pair: Sequence[str | Path],
    chapters_dir: str | Path,
    index_dir: str | Path,
) -> pd.DataFrame:
    """Draw every keyword figure of one document; return the index table.

    ``overview`` and ``heatmap_pair``: the PNG and SVG of the overview grid and
    of the heatmap; ``chapters_dir`` gets each chapter's bars (PNG and SVG) and
    word cloud (PNG), named by :mod:`plantopics.paths`. The index has one row per
    figure: chapter (0 for the all-chapter figures), kind, png, vector — file
    paths relative to ``index_dir``.
    """
    if settings.measure not in MEASURES:
        raise ValueError(f"plots.measure must be one of {sorted(MEASURES)}, not {settings.measure!r}")
    setup_matplotlib()
    chapters_dir, index_dir = Path(chapters_dir), Path(index_dir)
    value, label = MEASURES[settings.measure]
    top = tfidf_top.rename(columns={"score": "tfidf"}) if value == "tfidf" else keyness_top
    index = []

    def save(fig, pair: Sequence[str | Path], kind: str, chapter: int = 0) -> None:
        save_figure(fig, *pair)
        index.append((chapter, kind, *[_relative(path, index_dir) for path in pair]))

    for chapter in chapters.itertuples(index=False):
        fig = chapter_bars(tfidf_top[tfidf_top["chapter"] == chapter.chapter],
                           keyness_top[keyness_top["chapter"] == chapter.chapter],
                           chapter.chapter, chapter.numeral, chapter.title, settings.n_terms)
        base = paths.inside(chapters_dir, "keyword_chapter_bars", chapter=chapter.chapter)
        save(fig, [f"{base}{ext}" for ext in paths.FIGURE_FORMATS], "terms", chapter.chapter)
        weights = cloud_weights(scores, chapter.chapter, value, settings.wordcloud_max_words)
        if weights:
            cloud = paths.inside(chapters_dir, "keyword_chapter_cloud", chapter=chapter.chapter)
            word_cloud(weights, cloud, width=settings.wordcloud_width, height=settings.wordcloud_height,
                       max_words=settings.wordcloud_max_words,
                       title=chapter_label(chapter.chapter, chapter.title, chapter.numeral, width=40))
            index.append((chapter.chapter, "wordcloud", _relative(cloud, index_dir), ""))
    save(overview_grid(top, chapters, value, label, settings.overview_terms), overview, "overview")
    save(heatmap(heatmap_matrix(scores, top, value, settings.heatmap_terms), chapters, label), heatmap_pair, "heatmap")
    return pd.DataFrame(index, columns=INDEX_COLUMNS)


def _relative(path: str | Path, folder: Path) -> str:
    path = Path(path)
    return path.relative_to(folder).as_posix() if path.is_relative_to(folder) else path.as_posix()
