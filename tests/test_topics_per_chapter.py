"""plantopics.topics.per_chapter: K reduced with a warning, "too small" reported, links."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest

from plantopics.topics import engines
from plantopics.topics.corpus import build_corpus
from plantopics.topics.outputs import LabelBasis
from plantopics.topics.per_chapter import (
    ChapterSettings,
    chapter_topic_labels,
    feasible_k,
    fit_chapters,
    links_table,
    models_table,
    shared_similarity,
)

from conftest import corpus_settings, engine_params, settings

SETTINGS = ChapterSettings.from_config(settings(
    "lda", n_top_words=5, tomotopy={"iterations": 100},
    per_chapter={"units": "sentence", "k_grid": [2, 3, 4], "seeds": [1, 2], "min_documents": 8, "documents_per_topic": 5},
))


def uneven_table() -> pd.DataFrame:
    """Chapters of 30, 13 and 4 sentences; each chapter has two sub-themes of
    ten words each, and a sentence draws six words from one of them. Chapter 2
    supports K = 2 only (13 // 5); chapter 3 is too small (4 < 8)."""
    rng = np.random.default_rng(0)
    rows = []
    for chapter, n_sentences in ((1, 30), (2, 13), (3, 4)):
        for s in range(n_sentences):
            theme = s % 2
            words = [f"c{chapter}{'ab'[theme]}{i}" for i in rng.integers(0, 10, 6)]
            rows.append({"sentence_id": f"c{chapter}.s{s:02d}", "unit_id": f"c{chapter}.u{s // 3}",
                         "chapter": chapter, "section": "", "box": "", "kind": "paragraph",
                         "n_tokens": len(words), "tokens": words})
    return pd.DataFrame(rows)


def test_feasible_k():
    assert feasible_k([2, 3, 4], 40, 100, SETTINGS) == ([2, 3, 4], "ok", "40 documents, 100 terms; K grid [2, 3, 4]")
    ks, status, message = feasible_k([2, 3, 4], 16, 100, SETTINGS)
    assert (ks, status) == ([2, 3], "reduced") and "[4] dropped" in message
    ks, status, message = feasible_k([4], 12, 100, SETTINGS)
    assert (ks, status) == ([2], "reduced") and "reduced from [4] to 2" in message
    assert feasible_k([2, 3], 30, 8, SETTINGS)[1] == "too small"  # 8 terms: fewer than 5 per topic for K=2
    assert feasible_k([2, 3], 7, 100, SETTINGS)[1] == "too small"


def test_chapters_reduced_with_warning_and_too_small_reported(caplog):
    tokens = uneven_table()
    with caplog.at_level(logging.WARNING, logger="plantopics.topics.per_chapter"):
        results = fit_chapters(tokens, SETTINGS)
    by_chapter = {r.chapter: r for r in results}
    assert [r.chapter for r in results] == [1, 2, 3]
    assert by_chapter[1].status == "ok" and by_chapter[1].k in (2, 3, 4)
    assert (by_chapter[2].status, by_chapter[2].k) == ("reduced", 2)
    assert by_chapter[3].status == "too small" and by_chapter[3].k is None and by_chapter[3].topics is None
    assert "chapter 2: 13 documents" in caplog.text and "K [3, 4] dropped" in caplog.text
    assert "chapter 3: too small" in caplog.text
    table = models_table(results, {1: "甲", 2: "乙", 3: "丙"})
    assert table["status"].tolist() == ["ok", "reduced", "too small"]
    assert pd.isna(table.loc[2, "k"])


def test_pinned_chapter_k_is_reduced_and_results_repeat():
    tokens = uneven_table()
    pinned = ChapterSettings(**{**SETTINGS.__dict__, "k": 4})
    first = fit_chapters(tokens, pinned)
    assert [(r.chapter, r.k) for r in first] == [(1, 4), (2, 2), (3, None)]
    assert (first[1].table["k"] == 2).all() and first[0].table["chapter"].eq(1).all()
    again = fit_chapters(tokens, pinned)
    for a, b in zip(first, again, strict=True):
        if a.topic_word is not None:
            np.testing.assert_array_equal(a.topic_word, b.topic_word)


def test_links_point_to_the_matching_document_topic():
    tokens = uneven_table()
    corpus = build_corpus(tokens, corpus_settings(units="sentence", held_out_fraction=0))
    whole = engines.fit("tomotopy", corpus.word_ids(), corpus.vocabulary, 4, 1, engine_params("tomotopy", iterations=300))
    results = fit_chapters(tokens, ChapterSettings(**{**SETTINGS.__dict__, "k": 2}))
    basis = LabelBasis.from_tokens(tokens, settings("lda")["label_max_chapter_share"])
    links, similarity = links_table(results, whole.topic_word, corpus.vocabulary, list("abcd"), basis, 0.6)
    assert links["document_label"].tolist() == [list("abcd")[t - 1] for t in links["document_topic"]]
    assert links["label"].tolist() == [label for r in results for label in chapter_topic_labels(r, basis, 0.6)]
    assert set(links["chapter"]) == {1, 2}
    assert len(similarity) == 4 * len(links)
    assert links["similarity"].between(0, 1).all()
    assert (links["similarity"] >= links["runner_up_similarity"]).all()
    # each chapter topic links to the document topic where its top word is most probable
    topics = pd.concat([r.topics for r in results if r.topics is not None])
    top_word = topics[topics["rank"] == 1].set_index(["chapter", "topic"])["term"]
    for row in links.itertuples():
        home = int(np.argmax(whole.topic_word[:, corpus.vocabulary.index(top_word[(row.chapter, row.topic)])])) + 1
        assert row.document_topic == home


def test_shared_similarity_in_the_document_vocabulary():
    doc = np.array([[0.5, 0.5, 0.0, 0.0], [0.0, 0.0, 0.5, 0.5]])  # over w, x, y, z
    vocab = ["w", "x", "y", "z"]
    # a chapter topic on x (and a term the document lacks) is nearest the first document topic
    chapter = np.array([[0.2, 0.8]])
    sim = shared_similarity(chapter, ["a", "x"], doc, vocab)
    assert sim.shape == (1, 2) and sim[0, 0] > sim[0, 1]
    # a document topic with none of the chapter's terms is as far as can be (not flat and "close")
    assert sim[0, 1] == pytest.approx(0.0, abs=1e-9)
    same = shared_similarity(doc, vocab, doc, vocab)
    np.testing.assert_allclose(np.diag(same), 1.0)
    assert shared_similarity(chapter, ["a", "b"], doc, vocab).tolist() == [[0.0, 0.0]]
