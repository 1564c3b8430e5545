"""plantopics.topics.metrics on hand-made topics."""

from __future__ import annotations

import numpy as np
import pytest
from gensim.corpora import Dictionary
from gensim.models.coherencemodel import CoherenceModel
from scipy.spatial.distance import jensenshannon
from sklearn.metrics import normalized_mutual_info_score

from plantopics.topics import metrics


def one_hot_topics(k: int, v: int, width: int) -> np.ndarray:
    """Topic t puts its mass on words t*width … t*width+width-1 (no overlap)."""
    tw = np.full((k, v), 1e-6)
    for t in range(k):
        tw[t, t * width:(t + 1) * width] = 1.0
    return tw / tw.sum(axis=1, keepdims=True)


def test_topic_diversity_exact_values():
    disjoint = one_hot_topics(4, 200, 25)
    assert metrics.topic_diversity(disjoint) == 1.0
    same = np.tile(disjoint[:1], (4, 1))
    assert metrics.topic_diversity(same) == pytest.approx(25 / 100)
    half = disjoint.copy()
    half[1] = half[0]  # topics 0 and 1 identical: 75 unique of 100
    assert metrics.topic_diversity(half) == pytest.approx(0.75)


def test_js_distance_matches_scipy():
    rng = np.random.default_rng(0)
    p, q = rng.dirichlet(np.full(30, 0.2), 3), rng.dirichlet(np.full(30, 0.2), 4)
    q[0, :5] = 0
    q /= q.sum(axis=1, keepdims=True)
    expected = np.array([[jensenshannon(a, b, base=2) for b in q] for a in p])
    np.testing.assert_allclose(metrics.js_distance_matrix(p, q), expected, atol=1e-12)


def test_stability_identical_and_permutation_invariant():
    rng = np.random.default_rng(1)
    tw = rng.dirichlet(np.full(50, 0.1), 5)
    shuffled = tw[[3, 0, 4, 1, 2]]
    np.testing.assert_allclose(metrics.stability([tw, shuffled, tw]), 1.0)
    rows, cols, mean = metrics.match_topics(tw, shuffled)
    assert mean == pytest.approx(1.0)
    assert shuffled[cols].tolist() == tw[rows].tolist()
    np.testing.assert_allclose(metrics.word_stability([tw, shuffled]), 1.0)
    other = rng.dirichlet(np.full(50, 0.1), 5)
    assert metrics.stability([tw, other])[0] < 0.9
    assert np.isnan(metrics.stability([tw])).all()


def test_nmi_matches_scikit_learn():
    rng = np.random.default_rng(2)
    for _ in range(5):
        a, b = rng.integers(0, 4, 60), rng.integers(0, 6, 60)
        assert metrics.normalized_mutual_info(a, b) == pytest.approx(normalized_mutual_info_score(a, b))
    a = rng.integers(0, 4, 60)
    assert metrics.normalized_mutual_info(a, a + 10) == pytest.approx(1.0)
    assert metrics.normalized_mutual_info([1, 1, 1], [2, 2, 2]) == normalized_mutual_info_score([1, 1, 1], [2, 2, 2])
    assert metrics.normalized_mutual_info([1, 1, 2], [2, 2, 2]) == normalized_mutual_info_score([1, 1, 2], [2, 2, 2])
    doc_topic = np.eye(3)[[0, 0, 1, 1, 2, 2]]
    assert metrics.chapter_nmi(doc_topic, [5, 5, 6, 6, 7, 7]) == pytest.approx(1.0)


def test_coherence_shared_counts_equal_one_model_per_set():
    texts = [["海洋", "船舶", "港口", "文化"], ["文化", "体育", "赛事"], ["海洋", "港口", "航运"],
             ["体育", "赛事", "文化", "艺术"], ["船舶", "航运", "海洋"]] * 3
    dictionary = Dictionary(texts)
    sets = [[["海洋", "船舶", "港口"], ["文化", "体育", "赛事"]], [["海洋", "航运", "港口"], ["艺术", "文化", "体育"]]]
    scores = metrics.CoherenceScorer(texts, dictionary).score_many(sets)
    for topics, score in zip(sets, scores, strict=True):
        for measure in metrics.COHERENCE_MEASURES:
            cm = CoherenceModel(topics=topics, texts=texts, dictionary=dictionary, coherence=measure, processes=1)
            assert score[measure] == pytest.approx(cm.get_coherence(), abs=1e-12)
