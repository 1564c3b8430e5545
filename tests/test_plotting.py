"""The CJK font, matplotlib set-up, glyph coverage and byte-stable figure files
(plantopics.plotting), exercised through the keyword figures."""

from __future__ import annotations

import importlib.util
import warnings

import pandas as pd
import pytest
from fontTools.ttLib import TTFont

from plantopics import keyword_figures as kf
from plantopics import plotting

from conftest import settings as conftest_settings

CHAPTERS = pd.DataFrame(
    {
        "chapter": [1, 2],
        "numeral": ["四", "十"],
        "title": [
            "建设国际科技创新中心重要承载地，引领发展新质生产力",
            "推动海洋经济高质量发展，建设彰显海洋特色的现代化城市",
        ],
    }
)
SCORES = pd.DataFrame(
    {
        "chapter": [1, 1, 1, 2, 2, 2],
        "term": ["科技", "人才", "党", "海洋", "船舶", "ai"],
        "count": [17, 16, 2, 20, 6, 1],
        "df": [5, 3, 4, 1, 1, 2],
        "tfidf": [0.12, 0.19, 0.02, 0.25, 0.17, 0.01],
        "g2": [48.8, 75.6, -1.0, 90.1, 20.3, 0.5],
    }
)
TFIDF_TOP = (
    SCORES.sort_values(["chapter", "tfidf"], ascending=[True, False])
    .assign(rank=lambda f: f.groupby("chapter").cumcount() + 1)
    .rename(columns={"tfidf": "score"})
)
KEYNESS_TOP = (
    SCORES[SCORES["g2"] > 0]
    .sort_values(["chapter", "g2"], ascending=[True, False])
    .assign(rank=lambda f: f.groupby("chapter").cumcount() + 1)
    .rename(columns={"count": "count_target"})
)


@pytest.fixture(scope="module")
def font():
    return plotting.setup_matplotlib()


def keyword_figures():
    """Every kind of keyword figure, drawn from the small tables above."""
    first = CHAPTERS.iloc[0]
    yield kf.chapter_bars(
        TFIDF_TOP[TFIDF_TOP.chapter == 1], KEYNESS_TOP[KEYNESS_TOP.chapter == 1], first.chapter, first.numeral,
        first.title, 10
    )
    yield kf.overview_grid(TFIDF_TOP.rename(columns={"score": "tfidf"}), CHAPTERS, "tfidf", "TF-IDF", 5)
    matrix = kf.heatmap_matrix(SCORES, TFIDF_TOP.rename(columns={"score": "tfidf"}), "tfidf", 2)
    yield kf.heatmap(matrix, CHAPTERS, "TF-IDF")


def test_font_is_the_ofl_noto_file_from_mplfonts():
    path = plotting.cjk_font_path()
    assert path.name == "NotoSansCJKsc-Regular.otf"
    assert "mplfonts" in path.parts
    with TTFont(path, lazy=True) as ttf:
        names = {rec.nameID: rec.toUnicode() for rec in ttf["name"].names if rec.platformID == 3}
    assert "SIL Open Font License" in names[13]
    assert names[1].startswith("Noto Sans CJK SC")


def test_setup_registers_the_font(font):
    import matplotlib
    from matplotlib import font_manager

    assert font.get_name() == "Noto Sans CJK SC"
    assert matplotlib.get_backend().lower() == "agg"
    assert matplotlib.rcParams["font.sans-serif"][0] == "Noto Sans CJK SC"
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    found = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]), fallback_to_default=False)
    assert found == str(plotting.cjk_font_path())


@pytest.mark.parametrize("index", range(3), ids=["chapter_bars", "overview", "heatmap"])
def test_keyword_figures_draw_without_missing_glyphs(font, tmp_path, index):
    fig = list(keyword_figures())[index]
    texts = plotting.figure_texts(fig)
    assert any("海洋" in t or "科技" in t for t in texts)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plotting.save_figure(fig, tmp_path / "f.png", tmp_path / "f.svg")
    glyph_warnings = [str(w.message) for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]
    assert glyph_warnings == []
    assert plotting.missing_glyphs(texts) == set()


def test_the_warning_check_can_fail(font, tmp_path):
    """Without the CJK font matplotlib does warn, so the test above would catch a regression."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_title("海洋经济", family="DejaVu Sans")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plotting.save_figure(fig, tmp_path / "dejavu.png")
    assert any("missing from font" in str(w.message) for w in caught)


def test_missing_glyphs_reports_characters_outside_the_font():
    assert plotting.missing_glyphs(["海洋 AI 党、（）“”²"]) == set()
    assert plotting.missing_glyphs(["海洋\U0001f600"]) == {"\U0001f600"}


def test_saving_twice_is_byte_identical(font, tmp_path):
    for run in ("a", "b"):
        fig = next(keyword_figures())  # the chapter bar chart: Chinese title, ticks and notes
        plotting.save_figure(fig, tmp_path / run / "bars.png", tmp_path / run / "bars.svg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots()
        ax.plot([1, 2], [3, 4])
        plotting.save_figure(fig, tmp_path / run / "plain.png", tmp_path / run / "plain.pdf")
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name
    svg = (tmp_path / "a" / "bars.svg").read_text(encoding="utf-8")
    assert "<dc:date>" not in svg
    assert b"Software" not in (tmp_path / "a" / "bars.png").read_bytes()


def test_save_figure_rejects_unknown_format(font, tmp_path):
    import matplotlib.pyplot as plt

    with pytest.raises(ValueError, match=".png, .svg or .pdf"):
        plotting.save_figure(plt.figure(), tmp_path / "f.png", tmp_path / "f.eps")


def test_word_cloud_is_reproducible_and_covered(font, tmp_path):
    weights = {"海洋": 3.0, "船舶": 2.0, "党": 1.0, "ai": 0.5, "零": 0.0}
    for name in ("a.png", "b.png"):
        plotting.word_cloud(weights, tmp_path / name, width=300, height=200, max_words=10)
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    plotting.word_cloud(weights, tmp_path / "titled.png", width=300, height=200, title="十、推动海洋经济高质量发展")
    assert (tmp_path / "titled.png").stat().st_size > 0
    assert plotting.missing_glyphs(weights) == set()
    with pytest.raises(ValueError, match="positive"):
        plotting.word_cloud({"零": 0.0}, tmp_path / "empty.png", width=300, height=200)


def test_missing_font_is_a_clear_error(monkeypatch):
    monkeypatch.delenv(plotting.FONT_ENV, raising=False)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(plotting.FontNotFoundError, match="mplfonts.*not installed"):
        plotting.cjk_font_path()


def test_font_override_must_exist(monkeypatch, tmp_path):
    monkeypatch.setenv(plotting.FONT_ENV, str(tmp_path / "nope.otf"))
    with pytest.raises(plotting.FontNotFoundError, match="not a font file"):
        plotting.cjk_font_path()
    monkeypatch.setenv(plotting.FONT_ENV, str(plotting.__file__))  # any existing file is taken as given
    assert plotting.cjk_font_path().name == "plotting.py"


def test_draw_keyword_figures_writes_every_file_and_the_index(font, tmp_path):
    settings = kf.PlotSettings.from_config(conftest_settings(
        "keywords", plots={"n_terms": 5, "overview_terms": 3, "heatmap_terms": 2,
                           "wordcloud": {"max_words": 10, "width": 300, "height": 200}})["plots"])
    index = kf.draw_keyword_figures(
        SCORES, TFIDF_TOP, KEYNESS_TOP, CHAPTERS, settings, overview=[tmp_path / "overview.png", tmp_path / "overview.svg"],
        heatmap_pair=[tmp_path / "heatmap.png", tmp_path / "heatmap.svg"], chapters_dir=tmp_path / "chapters",
        index_dir=tmp_path)
    assert list(index.columns) == kf.INDEX_COLUMNS
    assert index[["chapter", "kind"]].values.tolist() == [
        [1, "terms"],
        [1, "wordcloud"],
        [2, "terms"],
        [2, "wordcloud"],
        [0, "overview"],
        [0, "heatmap"],
    ]
    for column in ("png", "vector"):
        for name in index[column]:
            if name:
                assert (tmp_path / name).stat().st_size > 0
    assert sorted(p.name for p in (tmp_path / "chapters").iterdir()) == [
        "chapter_01_terms.png",
        "chapter_01_terms.svg",
        "chapter_02_terms.png",
        "chapter_02_terms.svg",
        "wordcloud_chapter_01.png",
        "wordcloud_chapter_02.png",
    ]
    assert all(name.isascii() for name in index["png"])


def test_chapter_labels_and_shortened_titles():
    assert plotting.chapter_label(4, "建设国际科技创新中心重要承载地", "四", max_chars=6) == "四、建设国际科技…"
    assert plotting.chapter_label(4, "建设国际科技创新中心", max_chars=4) == "4. 建设国际…"
    assert plotting.chapter_label(2, "") == "2"
    assert plotting.shorten("推动、", 2) == "推动…" and plotting.shorten("短", 5) == "短"
    assert plotting.chapter_label(1, "推动海洋经济高质量发展", "十", width=5) == "十、推动海\n洋经济高质\n量发展"
