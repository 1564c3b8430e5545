"""plantopics.topics.engines: one interface, deterministic with a seed."""

from __future__ import annotations

import numpy as np
import pytest

from plantopics import config
from plantopics.errors import ConfigError
from plantopics.topics import engines
from plantopics.topics.corpus import build_corpus
from plantopics.topics.metrics import chapter_nmi

from conftest import corpus_settings, engine_params
from topics_synthetic import token_table

FAST = {"gensim": engine_params("gensim", passes=5, iterations=50), "tomotopy": engine_params("tomotopy", iterations=100)}


@pytest.fixture(scope="module")
def corpus():
    return build_corpus(token_table(n_chapters=3, units_per_chapter=6), corpus_settings(units="window", window_tokens=16))


@pytest.mark.parametrize("engine", engines.ENGINES)
def test_deterministic_with_a_seed(corpus, engine):
    docs, vocab = corpus.word_ids(corpus.train), corpus.vocabulary
    a = engines.fit(engine, docs, vocab, 3, seed=7, params=FAST[engine])
    b = engines.fit(engine, docs, vocab, 3, seed=7, params=FAST[engine])
    np.testing.assert_array_equal(a.topic_word, b.topic_word)
    np.testing.assert_array_equal(a.doc_topic, b.doc_topic)
    held = corpus.word_ids(corpus.held_out)
    assert a.held_out_perplexity(held) == b.held_out_perplexity(held)
    c = engines.fit(engine, docs, vocab, 3, seed=8, params=FAST[engine])
    assert not np.array_equal(a.topic_word, c.topic_word)


@pytest.mark.parametrize("engine", engines.ENGINES)
def test_shapes_and_recovery(corpus, engine):
    docs, vocab = corpus.word_ids(corpus.train), corpus.vocabulary
    fitted = engines.fit(engine, docs, vocab, 3, seed=1, params=FAST[engine])
    assert fitted.topic_word.shape == (3, len(vocab))
    assert fitted.doc_topic.shape == (len(docs), 3)
    np.testing.assert_allclose(fitted.topic_word.sum(axis=1), 1)
    np.testing.assert_allclose(fitted.doc_topic.sum(axis=1), 1)
    # three chapters with their own vocabularies: the dominant topic tells the chapter
    assert chapter_nmi(fitted.doc_topic, corpus.train["chapter"].to_numpy()) > 0.8


@pytest.mark.parametrize("engine", engines.ENGINES)
def test_inference_does_not_depend_on_the_batch(corpus, engine):
    docs, vocab = corpus.word_ids(corpus.train), corpus.vocabulary
    fitted = engines.fit(engine, docs, vocab, 3, seed=1, params=FAST[engine])
    both = fitted.infer(docs[:4])
    alone = np.vstack([fitted.infer([d]) for d in docs[:4]])
    np.testing.assert_allclose(both, alone)
    assert np.isfinite(fitted.held_out_perplexity(corpus.word_ids(corpus.held_out)))


@pytest.mark.parametrize("engine", engines.ENGINES)
def test_save_and_load(tmp_path, corpus, engine):
    docs, vocab = corpus.word_ids(corpus.train), corpus.vocabulary
    fitted = engines.fit(engine, docs, vocab, 3, seed=1, params=FAST[engine])
    fitted.save(tmp_path / engine)
    again = engines.load(tmp_path / engine)
    np.testing.assert_array_equal(again.topic_word, fitted.topic_word)
    assert (again.engine, again.k, again.seed, again.vocabulary) == (engine, 3, 1, vocab)
    np.testing.assert_allclose(again.infer(docs[:3]), fitted.infer(docs[:3]))
    light = engines.load(tmp_path / engine, native=False)
    assert light.native is None
    with pytest.raises(ValueError, match="native"):
        light.infer(docs[:1])


def test_unknown_engine_and_parameters():
    with pytest.raises(ValueError, match="unknown LDA engine"):
        engines.fit("mallet", [np.array([0])], ["a"], 2, 1, {})
    with pytest.raises(ConfigError, match=r"lda\.gensim.*workers"):
        config.validate({"lda": {"gensim": {"workers": 2}}})
    with pytest.raises(ValueError, match="empty document"):
        engines.fit("tomotopy", [np.array([], dtype=int)], ["a"], 2, 1, FAST["tomotopy"])


@pytest.mark.parametrize("engine", engines.ENGINES)
def test_fits_in_parallel_are_the_fits_one_after_another(corpus, engine):
    """The grid's fits in two worker processes are the same numbers as in one, and as
    each fitted on its own: each fit is single-threaded and seeded (tomotopy's own
    workers > 1 would not be), so parallelism cannot change the model."""
    docs, vocab, held = corpus.word_ids(corpus.train), corpus.vocabulary, corpus.word_ids(corpus.held_out)
    grid = [(2, 1), (3, 1), (3, 2)]
    from plantopics.topics.fitting import FitScorer

    scorer = FitScorer.of(corpus)
    serial = engines.fit_many(engine, docs, vocab, grid, FAST[engine], workers=1, measure=scorer)
    parallel = engines.fit_many(engine, docs, vocab, grid, FAST[engine], workers=2, measure=scorer)
    assert [(f.k, f.seed) for f in parallel] == grid
    # the scores made in the worker processes are those of the model the grid's process gets back
    for one, two in zip(serial, parallel, strict=True):
        assert one.measures == two.measures == scorer(two)
        assert set(one.measures) == {"diversity", "exclusivity", "perplexity", "nmi"} and one.measures["perplexity"] > 1
    for (k, seed), one, two in zip(grid, serial, parallel, strict=True):
        alone = engines.fit(engine, docs, vocab, k, seed, FAST[engine])
        for fitted in (one, two):
            np.testing.assert_array_equal(fitted.topic_word, alone.topic_word)
            np.testing.assert_array_equal(fitted.doc_topic, alone.doc_topic)
            np.testing.assert_array_equal(fitted.infer(held), alone.infer(held))
    assert not np.array_equal(serial[1].topic_word, serial[2].topic_word)  # the seeds differ
