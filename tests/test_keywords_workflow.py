"""The keywords stage inside the Snakemake run of the .test fixture (shared
``fixture_run`` from conftest): tables, KWIC, figures and their index."""

from __future__ import annotations

import pytest

from plantopics.io import read_csv
from plantopics.keywords import KEYNESS_COLUMNS, KWIC_COLUMNS, TFIDF_COLUMNS

from conftest import snakemake

pytestmark = pytest.mark.workflow


def test_keyword_tables(fixture_run):
    keywords = fixture_run / "keywords"
    tfidf = read_csv(keywords / "tfidf.csv", dtype={"term": str})
    keyness = read_csv(keywords / "keyness.csv", dtype={"term": str})
    assert list(tfidf.columns) == TFIDF_COLUMNS and list(keyness.columns) == KEYNESS_COLUMNS
    assert set(tfidf["chapter"]) == set(keyness["chapter"]) == {1, 2, 3, 4}
    assert "海洋" in keyness.loc[keyness["chapter"] == 4, "term"].head(3).tolist()  # 推动海洋经济高质量发展
    kwic = read_csv(keywords / "kwic.csv", dtype={"term": str, "section": str})
    assert list(kwic.columns) == ["chapter", "rank", *[c for c in KWIC_COLUMNS if c != "chapter"]]
    assert all(r.left + r.keyword + r.right in r.sentence for r in kwic.itertuples())


def test_keyword_figures_and_index(fixture_run):
    figures = fixture_run / "keywords" / "figures"
    index = read_csv(figures / "index.csv")
    assert sorted(index.loc[index["kind"] == "terms", "chapter"]) == [1, 2, 3, 4]
    assert set(index["kind"]) == {"terms", "wordcloud", "overview", "heatmap"}
    for name in [*index["png"], *filter(None, index["vector"])]:
        assert (figures / name).stat().st_size > 1000, name
    assert all(name.isascii() for name in index["png"])


def test_keyword_figures_are_in_the_report(fixture_run, tmp_path):
    report = tmp_path / "report.html"
    targets = [f"results/fixture_plan/keywords/{name}" for name in ("figures/index.csv", "kwic.csv")]
    run = snakemake("--report", str(report), *targets, workdir=fixture_run.parents[1])
    assert run.returncode == 0, run.stderr[-3000:]
    html = report.read_text(encoding="utf-8")
    for name in ("chapter_01_terms.png", "wordcloud_chapter_04.png", "overview.png", "heatmap.png", "keyness.csv"):
        assert name in html, name
