"""Every stage after segmentation finishes on any structure the segmenter can
produce, and its per-chapter tables agree with chapters.csv.

Generated documents (tests/test_segment_properties.py's trees, rendered and
segmented) and the odd fixtures of tests/odd_documents.py go through the
stages' package functions in-process, as the workflow's adapters call them,
with tiny LDA settings: tokens, keyword tables, the co-word network, the LDA
corpus, the whole-document model (or its *too small* state) with its tables,
the per-chapter models and their links."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from odd_documents import ODD_DOCUMENTS
from test_segment_properties import documents, render

from plantopics import paths
from plantopics.io import read_csv, read_csv_rows, write_csv_rows
from plantopics.keywords import keyness_table, score_table, tfidf_table
from plantopics.network.graph import build_network
from plantopics.network.settings import NetworkSettings
from plantopics.segment import check_consistency, write_structure
from plantopics.tokenize import TOKEN_COLUMNS, read_tokens, tokenize_sentences
from plantopics.topics import too_small
from plantopics.topics.corpus import CorpusSettings, build_corpus_or_empty
from plantopics.topics.engines import fit
from plantopics.topics.outputs import write_model_outputs
from plantopics.topics.per_chapter import ChapterSettings, fit_chapters, write_chapter_links, write_chapter_models

from conftest import ROOT, segment_text
from conftest import settings as config_section

TINY_LDA = config_section("lda", k_grid=[2, 3], seeds=[1, 2], tomotopy={"iterations": 30},
                          per_chapter={"k_grid": [2], "seeds": [1, 2], "min_documents": 4})


class _Outputs(dict):
    """Snakemake's outputs: by name as attributes and as keys."""

    __getattr__ = dict.__getitem__


def run_stages(text: str, tmp_path, tokenizer) -> dict:
    """Segment ``text`` and run every later stage on it in-process; their tables by name."""
    structure = segment_text(text, source="doc")
    assert check_consistency(structure) == []
    results = tmp_path / "results"
    write_structure(structure, "doc", results)
    chapters = read_csv(paths.document("chapters", "doc", results), dtype={"numeral": str, "title": str})
    sentences = read_csv_rows(paths.document("sentences", "doc", results))
    rows, _ = tokenize_sentences(sentences, tokenizer)
    write_csv_rows(tmp_path / "tokens.csv", TOKEN_COLUMNS, rows)
    tokens = read_tokens(tmp_path / "tokens.csv")

    scores = score_table(tokens, sublinear_tf=True, norm="l2", correction="yates")
    tables = {"chapters": chapters, "tokens": tokens, "scores": scores,
              "tfidf": tfidf_table(scores, 10), "keyness": keyness_table(scores, 10, min_count=1)}
    tables["network"] = build_network(tokens, NetworkSettings.from_config(config_section("network")), scores,
                                      layout=False)

    corpus = build_corpus_or_empty(tokens, CorpusSettings.from_config(TINY_LDA))
    message = too_small.too_small(len(corpus.train), len(corpus.vocabulary), min(TINY_LDA["k_grid"]))
    model_out = _Outputs({name: str(tmp_path / "lda" / name) for name in
                          ("topics", "summary", "doc_topics", "chapter_topics", "representative", "model",
                           "wordclouds", "explorer")})
    model_out.update({name: (str(tmp_path / "lda" / f"{name}.png"), None) for name in ("top_words", "heatmap")})
    (tmp_path / "lda").mkdir()
    if message:
        too_small.write_model_outputs(model_out, message, chapters, "doc")
        whole = None
    else:
        fitted = fit("tomotopy", corpus.word_ids(corpus.train), corpus.vocabulary, 2, 1, dict(TINY_LDA["tomotopy"]))
        write_model_outputs(fitted, corpus, None, tokens, read_csv(paths.document("sentences", "doc", results),
                            dtype={"section": str, "box": str, "text": str}), chapters,
                            {k: model_out[k] for k in ("topics", "summary", "doc_topics", "chapter_topics",
                                                       "representative")}, 10, 0.6, 0.85, 2,
                            coherence={"c_npmi": [0.0, 0.0]})
        whole = tmp_path / "lda" / "fit"
        fitted.save(whole)
        corpus.save(tmp_path / "lda" / "corpus")
    tables["too_small"] = message
    tables["chapter_topics"] = read_csv(model_out["chapter_topics"], dtype={"title": str})

    results_per_chapter = fit_chapters(tokens, ChapterSettings.from_config(TINY_LDA), chapters["chapter"].tolist())
    chapter_out = _Outputs({name: str(tmp_path / "chapters" / name) for name in
                            ("models", "selection", "topics", "model_dir", "links", "similarity", "figures")})
    chapter_out["links_figure"] = (str(tmp_path / "chapters" / "links.png"), None)
    (tmp_path / "chapters").mkdir()
    write_chapter_models(results_per_chapter, chapters, chapter_out)
    write_chapter_links(results_per_chapter, chapters, tokens, whole, tmp_path / "lda" / "corpus",
                        {"n_top_words": 10, "relevance_lambda": 0.6, "label_max_chapter_share": 0.85}, chapter_out)
    tables["chapter_models"] = read_csv(chapter_out["models"], dtype={"title": str, "message": str})
    tables["links"] = read_csv(chapter_out["links"])
    tables["chapter_topic_terms"] = read_csv(chapter_out["topics"], dtype={"term": str})
    return tables


def check_tables(tables: dict) -> None:
    """What every stage's tables must agree on, whatever the structure."""
    chapters = set(tables["chapters"]["chapter"].astype(int))
    assert chapters == set(range(1, len(chapters) + 1))
    for name in ("tokens", "scores", "tfidf", "keyness"):
        assert set(tables[name]["chapter"].astype(int)) - {0} <= chapters, name
    # per-chapter tables: every chapter, those without tokens with zero counts
    assert set(tables["chapter_topics"]["chapter"]) == chapters
    assert set(tables["chapter_models"]["chapter"]) == chapters
    with_tokens = {int(c) for c, n in tables["tokens"].groupby("chapter")["n_tokens"].sum().items() if n}
    for row in tables["chapter_models"].itertuples():
        if row.chapter not in with_tokens:
            assert (row.status, row.n_documents, row.n_terms) == ("too small", 0, 0)
    assert {"chapter", "topic", "rank", "term"} <= set(tables["chapter_topic_terms"].columns)
    if tables["too_small"]:
        assert tables["chapter_topics"]["n_tokens"].eq(0).all() and len(tables["links"]) == 0
    assert set(tables["network"].terms["term"]) <= {t for ts in tables["tokens"]["tokens"] for t in ts}


@pytest.fixture(scope="module")
def tokenizer(policy_tokenizer):
    return policy_tokenizer


@settings(max_examples=12, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.large_base_example, HealthCheck.function_scoped_fixture,
    HealthCheck.data_too_large])
@given(doc=documents())
def test_every_stage_finishes_on_generated_structures(doc, tmp_path_factory, tokenizer):
    check_tables(run_stages(render(doc), tmp_path_factory.mktemp("generated"), tokenizer))


@pytest.mark.parametrize("name", sorted(ODD_DOCUMENTS))
def test_every_stage_finishes_on_odd_documents(name, tmp_path, tokenizer):
    tables = run_stages(ODD_DOCUMENTS[name](), tmp_path, tokenizer)
    check_tables(tables)
    n_chapters = len(tables["chapters"])
    expected = {"odd_one_chapter": 1, "odd_seventy_chapters": 70, "odd_no_headings": 1, "odd_one_paragraph": 1,
                "odd_heading_only": 4}[name]
    assert n_chapters == expected
    if name == "odd_one_paragraph":
        assert tables["too_small"].startswith("too small for a topic model: ")
    if name == "odd_heading_only":
        models = tables["chapter_models"].set_index("chapter")
        assert models.loc[[2, 4], "status"].tolist() == ["too small", "too small"]
        assert models.loc[[1, 3], "status"].tolist() != ["too small", "too small"]


def test_too_small_needs_documents_and_terms_for_the_smallest_k():
    assert too_small.too_small(16, 40, 8) is None
    assert too_small.too_small(15, 40, 8) == (
        "too small for a topic model: 15 LDA documents, 40 terms; at least 16 documents and 40 terms needed for K = 8")
    assert too_small.too_small(16, 39, 8).startswith("too small for a topic model: 16 LDA documents, 39 terms")


def test_a_too_small_document_gets_every_output_saying_why(tmp_path):
    chapters = pd.DataFrame({"chapter": [1, 2], "numeral": ["一", "二"], "title": ["<b>甲</b>", ""]})
    out = _Outputs({name: str(tmp_path / name) for name in
                    ("topics", "summary", "doc_topics", "chapter_topics", "representative", "model", "wordclouds",
                     "explorer")})
    out.update({"top_words": (str(tmp_path / "top.png"), None), "heatmap": (str(tmp_path / "heat.png"), None)})
    too_small.write_model_outputs(out, "too small for a topic model: 1 LDA documents, 3 terms", chapters, "<i>doc</i>")
    assert read_csv(out["topics"]).columns.tolist() == too_small.TABLE_COLUMNS["topics"]
    assert len(read_csv(out["representative"])) == 0
    assert read_csv(out["chapter_topics"], dtype={"title": str}).to_dict("list") == {
        "chapter": [1, 2], "title": ["<b>甲</b>", ""], "n_tokens": [0, 0]}
    assert too_small.read_status(out["model"], "model_status") == "too small for a topic model: 1 LDA documents, 3 terms"
    page = (tmp_path / "explorer").read_text(encoding="utf-8")
    assert "&lt;i&gt;doc&lt;/i&gt;" in page and "<i>" not in page
    assert (tmp_path / "top.png").stat().st_size > 0 and (tmp_path / "heat.png").stat().st_size > 0


def test_selection_of_a_too_small_document(tmp_path):
    out = _Outputs({"selection": str(tmp_path / "selection.csv"), "chosen": str(tmp_path / "chosen.json"),
                    "figure": (str(tmp_path / "selection.png"), None)})
    rule = {"criterion": "c_npmi", "stability_threshold": 0.2}
    too_small.write_selection(out, "too small for a topic model: 2 LDA documents, 4 terms", rule, "tomotopy")
    chosen = json.loads((tmp_path / "chosen.json").read_text(encoding="utf-8"))
    assert chosen["status"] == "too small" and chosen["model"] is None and chosen["k"] is None
    assert "2 LDA documents" in chosen["explanation"]
    assert {"engine", "k", "seed", "chosen"} <= set(read_csv(out["selection"]).columns)


def test_comparison_leaves_out_a_document_without_a_model(tmp_path, caplog):
    from plantopics.compare import topic_models

    too_small.write_status(paths.inside(tmp_path / "small", "model_status"), "too small for a topic model: x")
    fitted = fit("tomotopy", [np.array([0, 1, 2, 1]), np.array([2, 3, 3, 0])], ["甲", "乙", "丙", "丁"], 2, 1,
                 config_section("lda", tomotopy={"iterations": 10})["tomotopy"])
    fitted.save(tmp_path / "big")
    models = topic_models({"small": tmp_path / "small", "big": tmp_path / "big"})
    assert list(models) == ["big"]
    assert "small: its topics are left out of the comparison: too small for a topic model: x" in caplog.text


def test_an_appendix_is_analysed_as_a_document_of_its_own_and_body_end_false_does_not_do_it():
    """What the README says about getting an appendix analysed."""
    report = (ROOT / "tests" / "data" / "structures" / "report_appendices.txt").read_text(encoding="utf-8")
    for body_end in (None, False):
        structure = segment_text(report, source="report", body_end=body_end)
        assert [c.title for c in structure.chapters] == ["2025年工作回顾", "2026年总体要求", "2026年重点任务"]
        appendix = [u for u in structure.units if "新建改扩建公办幼儿园" in u.text]
        assert [u.chapter for u in appendix] == [0]
    assert "numbering_restarts" in [d.code for d in segment_text(report, source="r", body_end=False).diagnostics]
    own = segment_text(report[report.index("附件1"):report.index("附件2")], source="appendix")
    assert [c.title for c in own.chapters] == ["提升城乡居民医疗保障水平", "新建改扩建公办幼儿园和中小学",
                                               "推进城镇老旧小区改造", "加强养老服务设施建设"]


def test_selection_figure_without_held_out_documents(tmp_path):
    """A small document holds none out: perplexity is empty and the figure has one panel fewer."""
    from plantopics.topics.figures import selection_figure
    from plantopics.topics.fitting import FIT_COLUMNS

    metrics = {"c_v": 0.4, "u_mass": -3.0, "diversity": 0.8, "exclusivity": 9.0, "perplexity": np.nan,
               "stability": 0.5, "stability_words": 0.4, "nmi": 0.3}
    rows = [{"engine": "tomotopy", "k": k, "seed": seed, "c_npmi": -0.1 * k, **metrics}
            for k in (3, 4) for seed in (1, 2)]
    selection_figure(pd.DataFrame(rows, columns=FIT_COLUMNS), {"engine": "tomotopy", "k": 3, "seed": 1, "criterion": "c_npmi"},
                     tmp_path / "selection.png")
    assert (tmp_path / "selection.png").stat().st_size > 0
