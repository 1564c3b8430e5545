"""The comparison of documents (plantopics.compare): keyness of each document
against the others, the joint LDA, the alignment of each document's own
topics; then the whole workflow on two documents (the fixture plan and a short
work report) and the comparison notebook run headless on its results."""

from __future__ import annotations

import json
import math
import re
import shutil

import numpy as np
import pandas as pd
import pytest

from plantopics import paths
from plantopics.compare import (
    ComparisonError,
    alignment_matrix,
    best_matches,
    coverage,
    document_keyness,
    document_overview,
    fit_joint,
    joint_corpus,
    joint_reference,
    joint_settings,
    joint_tables,
    pair_similarity,
    topic_alignment,
)
from plantopics.errors import DocumentError
from plantopics.results import ComparisonResults, ResultsNotFoundError, SeriesResults
from plantopics.topics.fitting import all_doc_topic
from plantopics.topics.outputs import LabelBasis
from plantopics.workflow.targets import comparison_inputs, comparison_outputs

from conftest import ROOT, copy_fixture, corpus_settings, settings, snakemake
from topics_synthetic import VOCABULARIES

COMPARISON_DIR = f"{paths.RESULTS}/{paths.COMPARISON_FOLDER}"
SHEET = "document\tyear\tlevel\nfixture_plan\t2025\tmunicipal\nwork_report\t2024\tnational\n"

SECOND_DOCUMENT = ROOT / "tests" / "data" / "work_report.txt"


def table(chapters: dict[int, list[list[str]]]) -> pd.DataFrame:
    """A read_tokens-shaped table: chapter -> its sentences' tokens (one unit per sentence)."""
    rows = []
    for chapter, sentences in chapters.items():
        for tokens in sentences:
            i = len(rows) + 1
            rows.append({"sentence_id": f"u{i:05d}.s01", "unit_id": f"u{i:05d}", "chapter": chapter, "section": "",
                         "box": "", "kind": "title" if chapter == 0 else "paragraph", "n_tokens": len(tokens),
                         "tokens": tokens})
    return pd.DataFrame(rows)


def themed(vocabularies: dict[int, list[str]], sentences: int = 12, seed: int = 0) -> pd.DataFrame:
    """Chapters whose sentences draw 8 words from the chapter's own vocabulary."""
    rng = np.random.default_rng(seed)
    return table({c: [[str(w) for w in rng.choice(v, 8)] for _ in range(sentences)] for c, v in vocabularies.items()})


# --- keyness ---------------------------------------------------------------------


def test_document_keyness_by_hand():
    """A: 海洋 ×10, 发展 ×10; B: 消费 ×10, 发展 ×10 (plus a title that is left out).
    For 海洋 in A: a = 10, b = 0, c = 10, d = 20, N = 40; every expected count is
    at least 5, so no correction: G² = 2 Σ O ln(O/E) = 60 ln(4/3); Log Ratio =
    log2((10/20) / (0.5/20)) = log2(20). 发展 is used alike: not a keyword."""
    a = table({0: [["消费"] * 5], 1: [["海洋"] * 5 + ["发展"] * 5], 2: [["海洋"] * 5 + ["发展"] * 5]})
    b = table({1: [["消费"] * 10 + ["发展"] * 10]})
    keyness = document_keyness({"plan_a": a, "report_b": b}, n_terms=10, min_count=2, correction="yates")
    assert list(keyness.columns) == ["document", "rank", "term", "g2", "p", "log_ratio", "count_target",
                                     "count_reference"]
    assert keyness[["document", "rank", "term"]].values.tolist() == [["plan_a", 1, "海洋"], ["report_b", 1, "消费"]]
    row = keyness.iloc[0]
    assert row["g2"] == pytest.approx(60 * math.log(4 / 3), rel=1e-6)
    assert row["log_ratio"] == pytest.approx(math.log2(20))
    assert (row["count_target"], row["count_reference"]) == (10, 0)
    assert row["p"] == pytest.approx(0.0000325, rel=0.05)  # chi-square (1 df) tail of 17.26


def test_document_ids_that_look_like_numbers_stay_text_and_order_is_kept():
    docs = {"2025": table({1: [["甲"] * 3 + ["乙"]]}), "2024": table({1: [["丙"] * 3 + ["乙"]]})}
    keyness = document_keyness(docs, n_terms=30, min_count=1, correction="yates")
    assert keyness["document"].tolist() == ["2025", "2024"]
    overview = document_overview(docs, {"2025": "报告"})
    assert overview[["document", "title", "n_tokens", "n_types"]].values.tolist() == [["2025", "报告", 4, 2],
                                                                                       ["2024", "", 4, 2]]


def test_nothing_is_compared_for_a_single_document():
    one = {"only_doc": table({1: [["海洋", "发展"]]})}
    assert document_keyness(one, n_terms=30, min_count=2, correction="yates").empty
    assert topic_alignment({"only_doc": (np.full((2, 3), 1 / 3), ["a", "b", "c"])}).empty
    assert best_matches(topic_alignment({})).empty
    with pytest.raises(ComparisonError, match="at least 2 documents"):
        joint_corpus(one, corpus_settings())
    assert comparison_outputs({"only_doc": "x.txt"}, enabled=True, light=False) == []
    assert comparison_outputs({"a": "a.txt", "b": "b.txt"}, enabled=False, light=False) == []
    outputs = comparison_outputs({"a": "a.txt", "b": "b.txt"}, enabled=True, light=False)
    assert all(p.startswith(f"{COMPARISON_DIR}/") for p in outputs) and f"{COMPARISON_DIR}/alignment.csv" in outputs
    with pytest.raises(DocumentError, match="two or more documents, found 1"):
        comparison_inputs({"only_doc": "x.txt"}, "tokens")(None)
    assert comparison_inputs({"b": "b.txt", "a": "a.txt"}, "tokens")(None) == [
        "results/a/tokens/sentences.csv", "results/b/tokens/sentences.csv"]


# --- joint corpus and model ------------------------------------------------------


def test_joint_corpus_keeps_document_ids_and_chapters():
    a = themed({1: VOCABULARIES[1], 2: VOCABULARIES[2]})
    b = themed({1: VOCABULARIES[3]}, seed=1)
    corpus = joint_corpus({"plan_a": a, "report_b": b}, corpus_settings(
        units="sentence", held_out_fraction=0.25, dictionary={"no_below": 1, "no_above": 1.0}))
    docs = corpus.documents
    assert list(docs.columns) == ["document", "unit", "chapter", "held_out", "n_tokens", "sentence_ids", "tokens"]
    assert docs["document"].tolist() == ["plan_a"] * 24 + ["report_b"] * 12  # in the order given, none lost
    assert docs.groupby("document")["chapter"].unique().map(list).to_dict() == {"plan_a": [1, 2], "report_b": [1]}
    assert docs.loc[docs["document"] == "report_b", "unit"].iloc[0] == "d0001"  # units numbered per document
    assert int(docs["held_out"].sum()) == 9  # one in four of all 36, spread over both documents
    assert docs.groupby("document")["held_out"].any().all()
    assert set(VOCABULARIES[3]) <= set(corpus.vocabulary) and set(VOCABULARIES[1]) <= set(corpus.vocabulary)
    assert len(joint_reference({"plan_a": a, "report_b": b})) == 36


def test_joint_model_shares_follow_the_documents():
    a = themed({1: VOCABULARIES[1], 2: VOCABULARIES[1]})
    b = themed({1: VOCABULARIES[2], 2: VOCABULARIES[2]}, seed=1)
    corpus = joint_corpus({"plan_a": a, "report_b": b}, corpus_settings(
        units="sentence", held_out_fraction=0.1, dictionary={"no_below": 1, "no_above": 1.0}))
    joint = joint_settings(settings("lda", n_top_words=5, tomotopy={"iterations": 100}),
                           settings("compare", k_grid=[2, 3], seeds=[1, 2]))
    fitted, selection, choice = fit_joint(corpus, joint_reference({"plan_a": a, "report_b": b}), joint)
    assert selection["chosen"].sum() == 1 and set(selection["k"]) == {2, 3} and choice.k in (2, 3)
    doc_topic = all_doc_topic(fitted, corpus)
    titles = {"plan_a": {1: "海洋一", 2: "海洋二"}, "report_b": {1: "文化一", 2: "文化二"}}
    tables = joint_tables(fitted, corpus, doc_topic, titles, n_top_words=5, relevance_lambda=0.6,
                          basis=LabelBasis.from_tokens([a, b], joint["label_max_chapter_share"]))
    documents = tables["document_topics"]
    topic_columns = [c for c in documents.columns if c.startswith("topic_")]
    assert documents["document"].tolist() == ["plan_a", "report_b"] and len(topic_columns) == choice.k
    assert np.allclose(documents[topic_columns].sum(axis=1), 1)
    tokens = corpus.documents.groupby("document")["n_tokens"].sum()
    assert documents["n_tokens"].tolist() == [tokens["plan_a"], tokens["report_b"]]
    # the two documents' vocabularies are disjoint: their dominant joint topics differ, each with most of its tokens
    dominant = documents[topic_columns].to_numpy().argmax(axis=1)
    assert dominant[0] != dominant[1] and (documents[topic_columns].max(axis=1) > 0.8).all()
    chapters = tables["chapter_topics"]
    assert list(chapters.columns[:4]) == ["document", "chapter", "title", "n_tokens"]
    assert chapters[["document", "chapter", "title"]].values.tolist() == [
        ["plan_a", 1, "海洋一"], ["plan_a", 2, "海洋二"], ["report_b", 1, "文化一"], ["report_b", 2, "文化二"]]
    assert list(tables["topics"].columns) == ["topic", "rank", "term", "probability", "relevance", "frex"]


def test_joint_settings_take_lda_values_unless_overridden():
    lda = settings("lda", tomotopy={"iterations": 200}, k_grid=[5, 8], seeds=[1, 2, 3], units="window")
    joint = joint_settings(lda, settings("compare"))
    assert (joint["k_values"], joint["seeds"], joint["k"]) == ([5, 8], [1, 2, 3], None)
    assert joint["params"]["iterations"] == 200 and joint["corpus"]["units"] == "window"
    assert (joint["k_rule"], joint["label_max_chapter_share"]) == (lda["k_rule"], lda["label_max_chapter_share"])
    joint = joint_settings(lda, settings("compare", k=12, k_grid=[10, 12], seeds=[7]))
    assert (joint["k_values"], joint["seeds"], joint["k"]) == ([10, 12], [7], 12)
    assert joint_settings(lda, settings("compare"), settings("series"))["params"]["iterations"] == 200
    light = joint_settings(lda, settings("compare"), settings("series", light=True, light_iterations=150))
    assert light["params"]["iterations"] == 150 and lda["tomotopy"]["iterations"] == 200
    gensim = settings("lda", engine="gensim", gensim={"passes": 10})
    assert joint_settings(gensim, settings("compare"), settings("series", light=True))["params"] == gensim["gensim"]


# --- alignment --------------------------------------------------------------------


def random_model(k: int = 4, v: int = 30, seed: int = 0):
    rng = np.random.default_rng(seed)
    return rng.dirichlet(np.full(v, 0.1), size=k), [f"w{i:02d}" for i in range(v)]


def test_identical_topic_sets_align_on_the_diagonal():
    model = random_model()
    alignment = topic_alignment({"a": model, "b": model}, {"a": list("ABCD"), "b": list("ABCD")})
    assert len(alignment) == 2 * 4 * 4
    wide = alignment[alignment["document_a"] == "a"].pivot(index="topic_a", columns="topic_b", values="similarity")
    assert np.allclose(np.diag(wide), 1) and (wide.to_numpy()[~np.eye(4, dtype=bool)] < 0.9).all()
    best = best_matches(alignment, {"a": model, "b": model})
    assert (best["topic_a"] == best["topic_b"]).all() and best["mutual"].all()
    assert (best["label_a"] == best["label_b"]).all() and np.allclose(best["similarity"], 1)
    assert (best["shared_terms"] == 30).all() and np.allclose(best[["coverage_a", "coverage_b"]], 1)


def test_alignment_is_permutation_invariant():
    topic_word, vocab = random_model(seed=1)
    rng = np.random.default_rng(2)
    topics, terms = rng.permutation(4), rng.permutation(30)
    shuffled = (topic_word[topics][:, terms], [vocab[i] for i in terms])  # other topic order and term order
    best = best_matches(topic_alignment({"a": (topic_word, vocab), "b": shuffled}))
    from_a = best[best["document_a"] == "a"]
    assert from_a["topic_b"].tolist() == [int(np.where(topics == t)[0][0]) + 1 for t in range(4)]
    assert np.allclose(from_a["similarity"], 1) and best["mutual"].all()
    same = pair_similarity((topic_word, vocab), (topic_word, vocab))
    assert np.allclose(np.sort(same, axis=1), np.sort(pair_similarity((topic_word, vocab), shuffled), axis=1))
    assert np.allclose(same, same.T)  # symmetric


def test_union_vocabulary_does_not_inflate_topics_that_barely_share_terms():
    """Two topics with 97 % of their probability on their own words and 3 % spread
    evenly over two shared words: renormalised over the shared words they would be
    identical; over the union they are nearly disjoint, as they are."""
    from plantopics.topics.metrics import topic_similarity

    p = (np.array([[0.485, 0.485, 0.015, 0.015]]), ["海洋", "船舶", "发展", "建设"])
    q = (np.array([[0.485, 0.485, 0.015, 0.015]]), ["消费", "就业", "发展", "建设"])
    shared = p[0][:, 2:] / p[0][:, 2:].sum(), q[0][:, 2:] / q[0][:, 2:].sum()
    assert topic_similarity(*shared)[0, 0] == pytest.approx(1)
    assert pair_similarity(p, q)[0, 0] < 0.05
    assert coverage(p, q) == pytest.approx([0.03])


def test_alignment_matrix_blocks_and_shapes():
    models = {"a": random_model(3, seed=3), "b": random_model(5, seed=4), "c": random_model(2, seed=5)}
    matrix, keys = alignment_matrix(models)
    assert matrix.shape == (10, 10) and keys[:4] == [("a", 1), ("a", 2), ("a", 3), ("b", 1)]
    assert np.isnan(matrix[:3, :3]).all() and not np.isnan(matrix[:3, 3:]).any()
    assert np.allclose(matrix, matrix.T, equal_nan=True)
    alignment = topic_alignment(models)
    assert len(alignment) == 2 * (3 * 5 + 3 * 2 + 5 * 2)
    best = best_matches(alignment, models)
    assert len(best) == 3 * 2 + 5 * 2 + 2 * 2
    assert best["document_a"].drop_duplicates().tolist() == ["a", "b", "c"]
    assert best["runner_up"].notna().all()  # every document has at least two topics


def test_comparison_results_reads_ids_as_text(tmp_path):
    with pytest.raises(ResultsNotFoundError, match="two or more documents"):
        ComparisonResults(tmp_path)
    root = tmp_path / "_comparison"
    root.mkdir()
    pd.DataFrame({"document": ["2024", "2025"], "title": ["", "报告"], "n_chapters": [1, 1], "n_sentences": [1, 1],
                  "n_tokens": [3, 4], "n_types": [2, 2]}).to_csv(root / "documents.csv", index=False)
    rows = [("2024", 1, "甲", "2025", t, "乙", s) for t, s in ((1, 0.2), (2, 0.7))]
    pd.DataFrame(rows, columns=["document_a", "topic_a", "label_a", "document_b", "topic_b", "label_b",
                                "similarity"]).to_csv(root / "alignment.csv", index=False)
    cmp = ComparisonResults(tmp_path)
    assert cmp.document_ids == ["2024", "2025"] and cmp.documents["title"].tolist() == ["", "报告"]
    assert cmp.alignment_matrix("2024", "2025").to_numpy().tolist() == [[0.2, 0.7]]
    with pytest.raises(ResultsNotFoundError):
        cmp.keyness  # noqa: B018 (a property that reads the table)


# --- the workflow on two documents -------------------------------------------------


@pytest.fixture(scope="module")
def two_documents(tmp_path_factory):
    """The whole workflow run once on the fixture plan and the short work report, with a
    document sheet that gives their years (neither text prints one) and a level: a series."""
    workdir = copy_fixture(tmp_path_factory.mktemp("two_documents"))
    shutil.copy(SECOND_DOCUMENT, workdir / "data" / "raw" / SECOND_DOCUMENT.name)
    (workdir / "config" / "documents.tsv").write_text(SHEET, encoding="utf-8")
    run = snakemake("--cores", "2", workdir=workdir)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-5000:]
    return workdir


@pytest.mark.workflow
def test_one_document_plans_no_comparison(tmp_path):
    workdir = copy_fixture(tmp_path)
    run = snakemake("-n", "--forceall", workdir=workdir)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "rule render_notebooks" in run.stdout and "compare_" not in run.stdout
    asked = snakemake("-n", f"{COMPARISON_DIR}/keyness.csv", workdir=workdir)
    assert asked.returncode != 0 and "a comparison needs two or more documents, found 1" in asked.stdout + asked.stderr


@pytest.mark.workflow
def test_two_documents_are_compared(two_documents):
    cmp = ComparisonResults(two_documents / "results")
    assert cmp.document_ids == ["fixture_plan", "work_report"]
    titles = cmp.documents["title"].tolist()
    assert titles == ["中共广州市委关于制定广州市国民经济和社会发展第十五个五年规划的建议", "政府工作报告"]

    # keyness: each document's own subject rises to the top
    plan, report = (set(cmp.top_terms(d, 10)["term"]) for d in cmp.document_ids)
    assert {"海洋", "大湾区"} & plan and "消费" in report and not plan & report
    assert (cmp.keyness["g2"] > 0).all()

    # joint model: K chosen from the fixture's grid, both documents in every table
    choice = cmp.joint_choice
    assert choice["documents"] == cmp.document_ids and choice["k"] in (3, 4)
    assert sorted(cmp.joint_topics["topic"].unique()) == list(range(1, choice["k"] + 1))
    shares = cmp.document_topics.set_index("document")
    assert shares.index.tolist() == cmp.document_ids
    assert np.allclose(shares.filter(like="topic_").sum(axis=1), 1)
    for doc in cmp.document_ids:
        chapters = cmp.document(doc).chapters["chapter"].tolist()
        assert cmp.chapter_topics.loc[cmp.chapter_topics["document"] == doc, "chapter"].tolist() == chapters
    assert set(cmp.joint_sentences["document"]) == set(cmp.document_ids)

    # alignment: K_a × K_b per ordered pair, from each document's own chosen K
    k = {doc: cmp.document(doc).lda_choice["k"] for doc in cmp.document_ids}
    assert cmp.alignment_matrix("fixture_plan", "work_report").shape == (k["fixture_plan"], k["work_report"])
    assert cmp.alignment_matrix("work_report", "fixture_plan").shape == (k["work_report"], k["fixture_plan"])
    assert len(cmp.alignment) == 2 * k["fixture_plan"] * k["work_report"]
    assert len(cmp.best_matches) == k["fixture_plan"] + k["work_report"]
    assert cmp.alignment["similarity"].between(0, 1).all() and cmp.alignment["label_a"].str.len().gt(0).all()

    for name in ("keyness_figure", "alignment_figure", "document_topics_figure", "chapter_topics_figure",
                 "joint_top_words", "joint_selection_figure"):
        png = cmp.figure(name)
        assert png.suffix == ".png" and png.stat().st_size > 5000 and png.with_suffix(".svg").exists()
    page = cmp.path("notebook").read_text(encoding="utf-8")
    assert "data:image/png;base64" in page and "work_report" in page and "海洋" in page
    assert not re.findall(r"""<(?:script|link|img)[^>]+(?:src|href)=["']https?://""", page)
    assert json.loads((cmp.path("joint_model") / "meta.json").read_text(encoding="utf-8"))["k"] == choice["k"]
    assert (cmp.path("joint_model") / "dictionary.txt").exists()


@pytest.mark.workflow
def test_two_documents_with_years_make_a_series(two_documents):
    cmp, series = ComparisonResults(two_documents / "results"), SeriesResults(two_documents / "results")
    documents = series.documents
    assert documents["document"].tolist() == cmp.document_ids
    assert documents["year"].tolist() == [2025, 2024] and documents["year_source"].tolist() == ["sheet", "sheet"]
    assert documents["level"].tolist() == ["municipal", "national"]
    assert documents["title"].tolist() == cmp.documents["title"].tolist()

    # terms: counted in every document; a trend needs three dated documents, so none is tested
    ocean = series.frequencies[series.frequencies["term"] == "海洋"].set_index("document")
    assert ocean.loc["fixture_plan", "count"] > 0 and ocean.loc["fixture_plan", "year"] == 2025
    assert series.trends.empty
    municipal = series.group_keyness[(series.group_keyness["attribute"] == "level")
                                     & (series.group_keyness["group"] == "municipal")]
    assert {"海洋", "大湾区"} & set(municipal["term"].head(10))  # as the plan's keyness against the report

    # topics: the comparison's joint topics, year by year and level by level
    k = cmp.joint_choice["k"]
    prevalence = series.prevalence
    assert sorted(prevalence["year"].unique()) == [2024, 2025]
    assert sorted(prevalence["topic"].unique()) == list(range(1, k + 1))
    assert np.allclose(prevalence.groupby("year")["share"].sum(), 1, atol=1e-6)
    shares = series.document_shares.pivot(index="document", columns="topic", values="share")
    assert np.allclose(shares.sum(axis=1), 1, atol=1e-6)
    joint = cmp.document_topics.set_index("document").filter(like="topic_")
    assert (shares.loc[cmp.document_ids].to_numpy().argmax(axis=1) == joint.to_numpy().argmax(axis=1)).all()
    assert set(series.effects["covariate"]) == {"year", "level"} and len(series.effects) == 2 * k
    assert set(series.group_shares["level"]) == {"municipal", "national"}
    assert set(series.evolution["topic"]) <= set(range(1, k + 1)) and len(series.evolution) > 0

    for name in sorted(paths.FIGURE_PAIRS & set(paths.SERIES)):
        png = series.figure(name)
        assert png.stat().st_size > 5000 and png.with_suffix(".svg").exists(), name
    page = series.path("notebook").read_text(encoding="utf-8")  # notebook 05, rendered by rule series_notebook
    assert "data:image/png;base64" in page and "work_report" in page and "municipal" in page
    assert not re.findall(r"""<(?:script|link|img)[^>]+(?:src|href)=["']https?://""", page)


@pytest.mark.workflow
def test_the_series_is_in_the_report_with_its_captions(two_documents, tmp_path):
    """snakemake --report on the series: every series table, figure and the notebook page, each with
    its caption (the captions are static text: document text never reaches them)."""
    report = tmp_path / "report.html"
    targets = [f"{paths.RESULTS}/{paths.SERIES_FOLDER}/{path}" + (".png" if name in paths.FIGURE_PAIRS else "")
               for name, path in paths.SERIES.items()]
    run = snakemake("--report", str(report), *targets, workdir=two_documents)
    assert run.returncode == 0, run.stderr[-3000:]
    html = report.read_text(encoding="utf-8")
    rules = (ROOT / "workflow" / "rules" / "series.smk").read_text(encoding="utf-8")
    captions = re.findall(r'caption="\.\./report/(series_\w+\.rst)"', rules)
    assert len(captions) == 13
    for caption in captions:
        text = (ROOT / "workflow" / "report" / caption).read_text(encoding="utf-8")
        assert "{{" not in text and ".. raw" not in text, caption  # no template of a label, no raw HTML
        first_words = re.match(r"[A-Za-z0-9 ,']+", re.sub(r"[*`]", "", text)).group().strip()
        assert first_words in html, (caption, first_words)
    for name in ("trends.csv", "effects.csv", "prevalence.png", "evolution.png", "05_series.html"):
        assert name in html, name


@pytest.mark.workflow
@pytest.mark.notebooks
def test_comparison_notebook_runs_headless(two_documents, tmp_path):
    import nbformat

    from plantopics.notebooks import execute

    executed = tmp_path / "04_comparison.ipynb"
    execute(ROOT / "notebooks" / "04_comparison.ipynb", executed, {"results_dir": str(two_documents / "results")})
    nb = nbformat.read(executed, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert len([o for o in outputs if "image/png" in o.get("data", {})]) >= 4, "figures show inline"
    text = json.dumps([o.get("data", {}).get("text/plain", "") for o in outputs], ensure_ascii=False)
    assert "海洋" in text and "消费" in text and "work_report" in text


@pytest.mark.workflow
def test_nothing_to_redo_and_a_new_document_reruns_the_comparison(two_documents):
    run = snakemake("--cores", "2", workdir=two_documents)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Nothing to be done" in run.stdout + run.stderr
    third = two_documents / "data" / "raw" / "third_plan.txt"
    shutil.copy(two_documents / "data" / "raw" / "fixture_plan.txt", third)
    try:
        dry = snakemake("-n", workdir=two_documents)
    finally:
        third.unlink()
    assert dry.returncode == 0, dry.stderr[-3000:]
    for rule in ("compare_keyness", "compare_topics", "compare_alignment", "compare_notebook", "series_documents",
                 "series_terms", "series_topics"):
        assert f"rule {rule}:" in dry.stdout, rule


@pytest.mark.workflow
def test_a_light_series_runs_the_text_stages_in_one_job_with_the_same_tables(two_documents, tmp_path):
    """series.light with its batches (series.light_batch): the text stages and manifests of both documents
    run in one job, whose tables are byte for byte those of the per-document jobs, reach the report, and a
    rerun does nothing."""
    import yaml

    from plantopics.workflow.stages import OUTPUTS

    workdir = tmp_path / "light"
    for folder in ("config", "data"):
        shutil.copytree(two_documents / folder, workdir / folder)
    config_file = workdir / "config" / "config.yaml"
    config_settings = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config_file.write_text(yaml.safe_dump({**config_settings, "series": {"light": True}}, allow_unicode=True),
                           encoding="utf-8")
    run = snakemake("--cores", "2", workdir=workdir)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-5000:]
    log = (workdir / paths.log("text_batch_1", paths.RUN_LOGS)).read_text(encoding="utf-8")
    assert "fixture_plan: 4 chapters" in log and "work_report: 4 chapters" in log
    assert not list((workdir / "logs").glob("*/tokenize.log")), "no per-document text job ran"

    names = [name for stage in OUTPUTS.values() for name in stage.values()]
    assert len(names) == 18
    for doc in ("fixture_plan", "work_report"):
        for name in names:
            light, full = (root / paths.document(name, doc) for root in (workdir, two_documents))
            assert light.read_bytes() == full.read_bytes(), (doc, name)
    assert (workdir / paths.series("documents")).read_bytes() == (two_documents / paths.series("documents")).read_bytes()
    light_manifest, full_manifest = (json.loads((root / paths.document("manifest", "work_report")).read_text())
                                     for root in (workdir, two_documents))
    assert light_manifest["input"] == full_manifest["input"] and light_manifest["config"]["series"]["light"]
    assert light_manifest["batch"]["job"] == "text_batch_1" and light_manifest["stages"] == {}
    assert "tokenize" in full_manifest["stages"] and "batch" not in full_manifest

    again = snakemake("-n", "--cores", "2", workdir=workdir)
    assert "Nothing to be done" in again.stdout + again.stderr, again.stdout[-2000:]
    report = tmp_path / "report.html"
    made = snakemake("--report", str(report), workdir=workdir)
    assert made.returncode == 0, made.stderr[-3000:]
    html = report.read_text(encoding="utf-8")
    assert html.count("diagnostics: check first") >= 2 and html.count("tokenization report") >= 2
    for doc in ("fixture_plan", "work_report"):
        for table in ("TF-IDF", "keyness (G\\u00b2)", "KWIC"):  # the report's items are JSON in the page
            assert f'"labels": {{"document": "{doc}", "table": "{table}"}}' in html, (doc, table)
