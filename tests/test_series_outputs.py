"""The series end to end on the synthetic series: the joint model as the
comparison saves it, every table as the workflow writes it, every figure, and
reading them back through SeriesResults."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import series_synthetic as syn

from plantopics import paths
from plantopics.compare import document_tokens, joint_figures, joint_model, joint_settings, write_joint_model
from plantopics.io import write_csv
from plantopics.plotting import figure_texts
from plantopics.results import ComparisonResults, SeriesResults
from plantopics.series import figures
from plantopics.series.outputs import documents_table, read_joint_model, term_tables, topic_tables
from plantopics.topics import engines

from conftest import settings

HEADS = {i: f"政府工作报告\n——{y}年3月5日在全国人民代表大会上\n各位代表：\n" for i, y in enumerate(syn.YEARS)}
SEEDS = [1, 2, 3]

# Rules compare_topics' and compare_topic_figures' output names -> their names in plantopics.paths.COMPARISON.
JOINT_OUTPUTS = {
    "selection": "joint_selection", "chosen": "joint_chosen", "topics": "joint_topics",
    "summary": "joint_topic_summary", "document_topics": "document_topics", "chapter_topics": "chapter_topics",
    "sentences": "joint_sentences", "model": "joint_model", "units": "joint_units",
    "unit_topics": "joint_unit_topics", "seed_fits": "joint_seed_fits", "selection_figure": "joint_selection_figure",
    "top_words": "joint_top_words", "document_figure": "document_topics_figure",
    "chapter_figure": "chapter_topics_figure",
}


def write_joint(tables: dict, results) -> dict:
    """The comparison's joint model of ``tables`` written under ``results`` as rules compare_topics and
    compare_topic_figures write it."""
    lda = settings("lda", tomotopy={"iterations": 300}, dictionary={"no_below": 2, "no_above": 0.9})
    joint = joint_model(tables, syn.sentences_tables(tables),
                        {d: pd.DataFrame({"chapter": [1, 2, 3], "title": ["回顾", "任务", "建设"]}) for d in tables},
                        joint_settings(lda, settings("compare", k_grid=[4], seeds=SEEDS)))
    out = {}
    for name, path_name in JOINT_OUTPUTS.items():
        path = paths.comparison(path_name, results)
        out[name] = [path + ".png", path + ".svg"] if path_name in paths.FIGURE_PAIRS else path
    write_joint_model(joint, out)
    joint_figures(ComparisonResults(results), out, n_terms=10)
    return {"joint": joint, **out}


@pytest.fixture(scope="module")
def series_dir(tmp_path_factory):
    """results/ with the synthetic series' per-document tables, the comparison's joint model and
    results/_series/ written as the workflow does."""
    root = tmp_path_factory.mktemp("results")
    tables = syn.token_tables()
    texts = {}
    for i, (doc, table) in enumerate(tables.items()):
        texts[doc] = Path(paths.document("text", doc, root))
        texts[doc].parent.mkdir(parents=True)
        texts[doc].write_text(HEADS[i] + "一、工作回顾\n", encoding="utf-8")
        write_csv(paths.document("tokens", doc, root), table.assign(tokens=[" ".join(t) for t in table["tokens"]]))
        write_csv(paths.document("sentences", doc, root), syn.sentences_tables({doc: table})[doc])
    sheet = root / "documents.tsv"
    sheet.write_text("document\tlevel\n" + "".join(f"{d}\t{lv}\n" for d, lv in zip(syn.document_ids(), syn.LEVELS,
                                                                                      strict=True)), encoding="utf-8")
    documents = documents_table(texts, sheet)
    write_csv(paths.series("documents", root), documents)
    terms = term_tables(document_tokens(tables), documents, syn.trend_settings(), 10, **syn.keyness_settings())
    for name, table in terms.items():
        write_csv(paths.series({"frequencies": "term_frequencies", "trends": "term_trends"}.get(name, name), root),
                  table)
    saved = write_joint(tables, root)
    joint = read_joint_model(saved["model"], saved["summary"], saved["units"], saved["unit_topics"],
                             saved["seed_fits"])
    names = []
    for row in joint["topic_word"]:
        top = {joint["vocabulary"][i] for i in np.argsort(-row)[:8]}
        names.append(max(syn.TOPICS, key=lambda n: len(top & set(syn.TOPICS[n]))))
    topics = topic_tables(**{**joint, "labels": names}, documents=documents, settings=syn.effect_settings(n_draws=40))
    for name, table in topics.items():
        write_csv(paths.series({"documents": "topic_documents"}.get(name, name), root), table)
    return root, terms, topics, saved, joint


def test_the_joint_model_saves_every_seed_at_the_chosen_k(series_dir):
    _, _, _, saved, _ = series_dir
    joint = saved["joint"]
    k, reported = joint["chosen"]["k"], joint["chosen"]["seed"]
    units = pd.read_csv(saved["units"], dtype={"tokens": str}, keep_default_na=False)
    assert units.columns.tolist() == ["document", "unit", "chapter", "held_out", "n_tokens", "sentence_ids", "tokens"]
    assert len(units) == len(joint["corpus"].documents) and units["held_out"].any()
    assert units["tokens"].str.split().map(len).tolist() == units["n_tokens"].tolist()
    mixes = pd.read_csv(saved["unit_topics"], dtype={"document": str, "unit": str})
    assert mixes["seed"].drop_duplicates().tolist() == [reported, *[s for s in SEEDS if s != reported]]
    assert mixes.columns.tolist() == ["seed", "document", "unit", *[f"topic_{t:02d}" for t in range(1, k + 1)]]
    first = mixes[mixes["seed"] == reported]
    assert first[["document", "unit"]].values.tolist() == units[["document", "unit"]].values.tolist()
    assert np.allclose(first.filter(like="topic_").sum(axis=1), 1, atol=1e-4)
    shares = first.filter(like="topic_").to_numpy()  # the reported fit's, as the comparison's tables use it
    by_document = pd.DataFrame(shares * units[["n_tokens"]].to_numpy()).groupby(units["document"]).sum()
    expected = joint["document_topics"].set_index("document").filter(like="topic_")
    assert np.allclose(by_document.div(by_document.sum(axis=1), axis=0).to_numpy(), expected.to_numpy(), atol=1e-4)
    for seed in SEEDS:
        fitted = engines.load(paths.fit_folder(saved["seed_fits"], "tomotopy", k, seed), native=False)
        assert (fitted.k, fitted.seed) == (k, seed) and fitted.topic_word.shape[0] == k
    assert np.allclose(engines.load(paths.fit_folder(saved["seed_fits"], "tomotopy", k, reported),
                                    native=False).topic_word, joint["fitted"].topic_word)


def test_the_series_reads_every_seed_aligned_to_the_reported_fit(series_dir):
    _, _, _, _, joint = series_dir
    fits = joint["fits"]
    assert len(fits) == len(SEEDS) and all(f.shape == fits[0].shape for f in fits)
    assert len(joint["units"]) == fits[0].shape[0] and isinstance(joint["units"]["tokens"].iloc[0], list)
    # aligned: each topic's unit shares agree across seeds far more than with any other topic
    for other in fits[1:]:
        agreement = np.corrcoef(fits[0].T, other.T)[: fits[0].shape[1], fits[0].shape[1]:]
        assert (np.diag(agreement) > 0.8).all()
        assert (np.diag(agreement) > agreement.max(axis=1, where=~np.eye(len(agreement), dtype=bool),
                                                   initial=-1)).all()


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
    assert len(series.kwic(syn.NEW)) == path["count"].sum()  # year None: every document
    with pytest.raises(KeyError, match="no document of year 1999"):
        series.kwic(syn.NEW, year=1999)
    fig = series.plot_term(syn.RISING)
    assert any(syn.RISING in t for t in figure_texts(fig))


def test_rising_and_falling_lists(series_dir):
    series = SeriesResults(series_dir[0])
    assert syn.RISING in series.rising(30)["term"].tolist()
    assert syn.FALLING in series.falling(30)["term"].tolist()


def test_every_figure_is_drawn_with_its_content(series_dir, tmp_path, monkeypatch):
    root, terms, topics, _, _ = series_dir
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
    root = series_dir[0]
    documents = SeriesResults(root).documents.assign(year=pd.array([None] * 12, dtype="Int64"))
    tables = syn.token_tables()
    terms = term_tables(document_tokens(tables), documents, syn.trend_settings(), 10, **syn.keyness_settings())
    assert terms["trends"].empty and terms["first_appearances"].empty and len(terms["frequencies"])
    figures.trend_multiples(terms["trends"], terms["frequencies"], documents, tmp_path / "t.png", n_terms=8)
    figures.prevalence_multiples(pd.DataFrame(), tmp_path / "p.png")
    assert (tmp_path / "t.png").exists() and (tmp_path / "p.png").exists()


@pytest.mark.notebooks
def test_series_notebook_runs_headless_and_shows_document_text_escaped(series_dir, tmp_path):
    """Notebook 05 on the synthetic series, as rule series_notebook renders it: no failing cell, the
    planted terms and topics in its tables, figures inline, and a title that is markup shown as text."""
    import json
    import shutil

    import nbformat

    from plantopics.io import read_csv
    from plantopics.notebooks import execute, to_html

    from conftest import ROOT

    root, terms, topics = tmp_path / "results", series_dir[1], series_dir[2]
    shutil.copytree(series_dir[0], root)
    documents = read_csv(paths.series("documents", root), dtype={"title": str})
    documents.loc[documents["document"] == "doc03", "title"] = "<img src=x onerror=alert(1)>政府工作报告"
    write_csv(paths.series("documents", root), documents)

    def pairs(names):
        return {name: [paths.series(name, root) + suffix for suffix in paths.FIGURE_FORMATS] for name in names}

    series = SeriesResults(root)  # the figures as rules series_terms and series_topics draw them
    figures_out = pairs(["trends_figure", "first_appearances_figure", "prevalence_figure", "prevalence_heatmap",
                         "group_shares_figure", "evolution_figure"])
    figures.trend_multiples(terms["trends"], terms["frequencies"], series.documents, *figures_out["trends_figure"],
                            n_terms=6)
    figures.first_appearances_figure(terms["first_appearances"], *figures_out["first_appearances_figure"])
    figures.prevalence_multiples(topics["prevalence"], *figures_out["prevalence_figure"])
    figures.prevalence_heatmap(topics["prevalence"], *figures_out["prevalence_heatmap"])
    figures.group_shares_figure(topics["group_shares"], *figures_out["group_shares_figure"])
    figures.evolution_figure(topics["evolution"], *figures_out["evolution_figure"])

    executed = tmp_path / "05_series.ipynb"
    execute(ROOT / "notebooks" / f"{paths.SERIES_NOTEBOOK}.ipynb", executed, {"results_dir": str(root)})
    nb = nbformat.read(executed, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert len([o for o in outputs if "image/png" in o.get("data", {})]) == 7, "each figure shows inline, once"
    text = json.dumps([o.get("data", {}).get("text/plain", "") for o in outputs], ensure_ascii=False)
    for planted in (syn.RISING, syn.FALLING, syn.NEW, "provincial", "environment"):
        assert planted in text, planted
    page = to_html(executed)
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page
