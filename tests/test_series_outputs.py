"""The series end to end on the synthetic series: every table as the workflow
writes it, every figure, and reading them back through SeriesResults."""

import numpy as np
import pandas as pd
import pytest
import series_synthetic as syn

from plantopics.compare import document_tokens, fit_joint, joint_corpus, joint_reference
from plantopics.io import write_csv
from plantopics.plotting import figure_texts
from plantopics.results import SeriesResults
from plantopics.series import figures
from plantopics.series.outputs import documents_table, term_tables, topic_tables
from plantopics.series.sheet import load_schema
from plantopics.series.topics import EffectSettings
from plantopics.topics.corpus import CorpusSettings, DictionarySettings
from plantopics.topics.fitting import all_doc_topic

from conftest import ROOT

HEADS = {i: f"政府工作报告\n——{y}年3月5日在全国人民代表大会上\n各位代表：\n" for i, y in enumerate(syn.YEARS)}


@pytest.fixture(scope="module")
def series_dir(tmp_path_factory):
    """results/ with the synthetic series' per-document tables and results/_series/ written as the workflow does."""
    root = tmp_path_factory.mktemp("results")
    tables = syn.token_tables()
    texts = {}
    for i, (doc, table) in enumerate(tables.items()):
        folder = root / doc
        (folder / "text").mkdir(parents=True)
        texts[doc] = folder / "text" / "normalized.txt"
        texts[doc].write_text(HEADS[i] + "一、工作回顾\n", encoding="utf-8")
        write_csv(folder / "tokens" / "sentences.csv", table.assign(tokens=[" ".join(t) for t in table["tokens"]]))
        write_csv(folder / "structure" / "sentences.csv", syn.sentences_tables({doc: table})[doc])
    sheet = root / "documents.tsv"
    sheet.write_text("document\tlevel\n" + "".join(f"{d}\t{lv}\n" for d, lv in zip(syn.document_ids(), syn.LEVELS,
                                                                                      strict=True)), encoding="utf-8")
    documents = documents_table(texts, sheet, load_schema(ROOT / "workflow" / "schemas" / "documents.schema.yaml"))
    out = root / "_series"
    write_csv(out / "documents.csv", documents)
    terms = term_tables(document_tokens(tables), documents)
    for name, table in terms.items():
        write_csv(out / "terms" / f"{name}.csv", table)
    corpus = joint_corpus(tables, CorpusSettings(dictionary=DictionarySettings(no_below=2, no_above=0.9)))
    fitted, _, _ = fit_joint(corpus, joint_reference(tables), engine="tomotopy", k_values=[4], seeds=[1],
                             params={"iterations": 300})
    names = []
    for row in fitted.topic_word:
        top = {corpus.vocabulary[i] for i in np.argsort(-row)[:8]}
        names.append(max(syn.TOPICS, key=lambda n: len(top & set(syn.TOPICS[n]))))
    topics = topic_tables(corpus.documents, [all_doc_topic(fitted, corpus)], fitted.topic_word, corpus.vocabulary,
                          names, documents, EffectSettings(n_draws=40))
    for name, table in topics.items():
        write_csv(out / "topics" / f"{name}.csv", table)
    return root, terms, topics


def test_documents_table_has_sheet_attributes_and_years_from_the_date_lines(series_dir):
    series = SeriesResults(series_dir[0])
    docs = series.documents
    assert docs.columns.tolist()[:3] == ["document", "year", "level"]
    assert docs["year"].tolist() == syn.YEARS and (docs["year_source"] == "date_line").all()
    assert docs["level"].tolist() == syn.LEVELS


def test_tables_have_the_columns_the_world_reads(series_dir):
    series = SeriesResults(series_dir[0])
    assert series.trends.columns.tolist()[:10] == ["term", "n_documents", "first_year", "last_year", "count", "trend",
                                                   "trend_low", "trend_high", "p", "direction"]
    assert series.frequencies.columns.tolist() == ["document", "year", "term", "count", "per_10k"]
    assert series.prevalence.columns.tolist()[:6] == ["topic", "label", "year", "share", "share_low", "share_high"]
    assert series.effects.columns.tolist()[:7] == ["topic", "label", "covariate", "level", "estimate", "low", "high"]
    assert series.document_shares.columns.tolist() == ["document", "year", "level", "topic", "label", "share",
                                                       "share_low", "share_high"]
    year = series.effects[series.effects["covariate"] == "year"]
    assert year["level"].eq("").all()  # empty for a numeric covariate, read back as text


def test_group_keyness_covers_attributes_and_periods(series_dir):
    keyness = SeriesResults(series_dir[0]).group_keyness
    assert set(keyness["attribute"]) == {"level", "period"}
    assert set(keyness.loc[keyness["attribute"] == "period", "group"]) <= {"1980–1989", "1990–1999", "2000–2009",
                                                                          "2010–2019"}
    new_decades = keyness[(keyness["attribute"] == "period") & (keyness["term"] == syn.NEW)]["group"].tolist()
    assert new_decades and set(new_decades) <= {"2000–2009", "2010–2019"}


def test_term_trajectory_and_kwic_on_demand(series_dir):
    series = SeriesResults(series_dir[0])
    path = series.term_trajectory(syn.NEW)
    assert len(path) == 12 and path.loc[path["year"] < syn.NEW_YEAR, "count"].eq(0).all()
    assert path.loc[path["year"] == 2013, "count"].iloc[0] == syn.planted_terms(11)[syn.NEW]
    assert path["fitted"].is_monotonic_increasing
    lines = series.kwic(syn.NEW, year=2004)
    assert len(lines) == syn.planted_terms(8)[syn.NEW] and (lines["keyword"] == syn.NEW).all()
    assert (lines["document"] == "doc09").all() and (lines["year"] == 2004).all()
    with pytest.raises(KeyError, match="no document of year 1999"):
        series.kwic(syn.NEW, year=1999)
    fig = series.plot_term(syn.RISING)
    assert any(syn.RISING in t for t in figure_texts(fig))


def test_rising_and_falling_lists(series_dir):
    series = SeriesResults(series_dir[0])
    assert syn.RISING in series.rising(30)["term"].tolist()
    assert syn.FALLING in series.falling(30)["term"].tolist()


def test_every_figure_is_drawn_with_its_content(series_dir, tmp_path, monkeypatch):
    root, terms, topics = series_dir
    series = SeriesResults(root)
    drawn = {}

    def keep(fig, png, vector=None):  # look at the figure instead of saving it
        drawn[png] = figure_texts(fig)

    monkeypatch.setattr(figures, "save_figure", keep)
    figures.trend_multiples(series.trends, series.frequencies, series.documents, "trends.png", n_terms=6)
    figures.first_appearances_figure(series.first_appearances, "firsts.png")
    figures.prevalence_multiples(series.prevalence, "prevalence.png")
    figures.prevalence_heatmap(series.prevalence, "heatmap.png")
    figures.group_shares_figure(series.group_shares, "groups.png")
    figures.evolution_figure(series.evolution, "evolution.png")
    assert any(syn.RISING in t for t in drawn["trends.png"]) and any(syn.FALLING in t for t in drawn["trends.png"])
    assert "2001" in drawn["firsts.png"] and any(syn.NEW in t for t in drawn["firsts.png"])
    assert any("environment" in t for t in drawn["prevalence.png"])
    assert "2013" in drawn["heatmap.png"]
    assert any("level: " in t for t in drawn["groups.png"]) and "provincial" in drawn["groups.png"]
    assert "1980–1989" in drawn["evolution.png"]


def test_figures_write_png_and_svg(series_dir, tmp_path):
    series = SeriesResults(series_dir[0])
    figures.prevalence_multiples(series.prevalence, tmp_path / "p.png", tmp_path / "p.svg")
    assert (tmp_path / "p.png").stat().st_size > 10_000 and (tmp_path / "p.svg").exists()


def test_undated_series_writes_empty_time_outputs_without_failing(series_dir, tmp_path):
    root, _, _ = series_dir
    documents = SeriesResults(root).documents.assign(year=pd.array([None] * 12, dtype="Int64"))
    tables = syn.token_tables()
    terms = term_tables(document_tokens(tables), documents)
    assert terms["trends"].empty and terms["first_appearances"].empty and len(terms["frequencies"])
    figures.trend_multiples(terms["trends"], terms["frequencies"], documents, tmp_path / "t.png")
    figures.prevalence_multiples(pd.DataFrame(), tmp_path / "p.png")
    assert (tmp_path / "t.png").exists() and (tmp_path / "p.png").exists()
