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
    scorer = metrics.CoherenceScorer(texts, dictionary)
    one, two = scorer.score_many_per_topic(sets), scorer.score_many_per_topic(sets, workers=2)
    assert one == two and scorer.seconds > 0  # each measure in a process of its own: the same numbers


def stm_exclusivity(topic_word: np.ndarray, m: int = 10, frexw: float = 0.7) -> float:
    """stm's R ``exclusivity()`` line by line (beta transposed: words × topics,
    ``apply(mat, 2, rank)`` per topic column, ties averaged), mean over topics."""
    from scipy.stats import rankdata

    tbeta = topic_word.T
    mat = tbeta / tbeta.sum(axis=1, keepdims=True)
    ex = np.column_stack([rankdata(mat[:, k]) for k in range(mat.shape[1])]) / mat.shape[0]
    fr = np.column_stack([rankdata(tbeta[:, k]) for k in range(tbeta.shape[1])]) / mat.shape[0]
    frex = 1 / (frexw / ex + (1 - frexw) / fr)
    out = [frex[np.argsort(-tbeta[:, k], kind="stable")[:m], k].sum() for k in range(tbeta.shape[1])]
    return float(np.mean(out))


def test_exclusivity_is_stms_and_rewards_distinct_topics():
    rng = np.random.default_rng(1)
    topics = rng.dirichlet(np.full(60, 0.1), 5)
    assert metrics.exclusivity(topics) == pytest.approx(stm_exclusivity(topics))
    disjoint = one_hot_topics(4, 200, 25)
    same = np.tile(disjoint[:1], (4, 1))
    # a topic's 25 words tie at the top on both counts: average rank (176 + 200) / 2 of 200 = 0.94
    assert metrics.exclusivity(disjoint) == pytest.approx(10 * 0.94)
    # identical topics: every word's exclusivity is 1/4, all tied at rank 100.5 of 200
    assert metrics.exclusivity(same) == pytest.approx(10 / (0.7 / (100.5 / 200) + 0.3 / 0.94))
    fx = metrics.frex(topics)
    assert fx.shape == topics.shape and ((fx > 0) & (fx <= 1)).all()


def test_distinctive_terms_and_chapter_merges():
    import pandas as pd

    keyness = pd.DataFrame({
        "chapter": [1, 1, 2, 2, 2, 3],
        "rank": [1, 2, 1, 2, 3, 1],
        "term": ["海洋", "船舶", "人工智能", "海洋", "算力", "文化"],
        "g2": [40.0, 12.0, 30.0, 5.0, 9.0, 20.0],
    })
    distinctive = metrics.distinctive_terms(keyness, n=2)  # 算力 is chapter 2's third term: left out
    assert distinctive == {"海洋": 1, "人工智能": 2, "船舶": 1, "文化": 3}
    vocabulary = ["海洋", "船舶", "人工智能", "文化", "发展"]
    topic_word = np.array([
        [0.5, 0.3, 0.0, 0.0, 0.2],    # chapter 1 only
        [0.4, 0.0, 0.4, 0.0, 0.2],    # 海洋 and 人工智能 alike: merges chapters 1 and 2
        [0.0, 0.0, 0.6, 0.2, 0.2],    # chapter 3 at a third of chapter 2: below the 0.5 ratio
        [0.0, 0.0, 0.0, 0.0, 1.0],    # no distinctive term
    ])
    assert metrics.chapter_merges(topic_word, vocabulary, distinctive).tolist() == [False, True, False, False]
    assert metrics.chapter_merges(topic_word, vocabulary, distinctive, ratio=0.3).tolist() == [
        False, True, True, False]
    assert metrics.chapter_merges(topic_word, vocabulary, {}).tolist() == [False] * 4
