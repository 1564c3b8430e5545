"""The metrics every fit is scored by, computed one way for every engine.

* **Coherence** — ``c_v``, ``c_npmi`` and ``u_mass`` from gensim's
  :class:`~gensim.models.coherencemodel.CoherenceModel`, given each topic's top
  ``n`` words (never an engine's own coherence), on fixed reference texts (the
  document's paragraphs, :func:`plantopics.topics.corpus.reference_texts`).
  :class:`CoherenceScorer` counts word co-occurrences once for the union of all
  the topics it is asked about; the scores equal one ``CoherenceModel`` per
  topic set, because the counts for a pair of words do not depend on the other
  words counted.
* **Topic diversity** (Dieng et al. 2020) — the share of unique words among
  the top 25 words of all topics: 1 means no two topics share a top word.
* **Exclusivity** (stm's ``exclusivity``, Roberts et al. 2014; Bischof & Airoldi
  2012) — per topic, the sum of the FREX scores (weight 0.7 on exclusivity) of
  its 10 most probable words, averaged over topics: high when each topic's top
  words are both frequent in it and rare in the other topics. It rises with K
  where coherence falls, which is why stm plots the two against each other.
* **Chapter merges** — a diagnostic from the chapter keyness: the topics that
  put about as much probability on one chapter's distinctive terms as on
  another's (:func:`chapter_merges`), i.e. that mix subjects the document
  keeps in separate chapters.
* **Stability** — for two fits, topics are matched one to one with the
  Hungarian algorithm (:func:`scipy.optimize.linear_sum_assignment`) on
  ``1 − Jensen–Shannon distance`` (base 2, so in [0, 1]) between their
  topic-word distributions; the fit's stability is the mean matched
  similarity, averaged over the other seeds' fits at the same K.
  ``stability_words`` does the same with the Jaccard overlap of the top-10
  words: JS distance shrinks when topics are smoother (a larger topic-word
  prior), so only the word-overlap version compares engines fairly.
* **Chapter NMI** — normalised mutual information (arithmetic mean of the
  entropies, as scikit-learn's default) between each LDA document's dominant
  topic and its chapter: do topics follow the document's structure? A
  diagnostic, not the selection rule.
* **Held-out perplexity** — :meth:`plantopics.topics.engines.FittedModel.held_out_perplexity`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

COHERENCE_MEASURES = ("c_v", "c_npmi", "u_mass")
DIVERSITY_TOP_N = 25
FREX_WEIGHT = 0.5  # stm's labelTopics
EXCLUSIVITY_WEIGHT = 0.7  # stm's exclusivity
EXCLUSIVITY_TOP_N = 10
MERGE_RATIO = 0.5


def top_word_ids(topic_word: np.ndarray, n: int) -> np.ndarray:
    """K × n ids of each topic's most probable words (ties: smaller id first)."""
    order = np.argsort(-topic_word, axis=1, kind="stable")
    return order[:, :n]


def top_words(topic_word: np.ndarray, vocabulary: Sequence[str], n: int) -> list[list[str]]:
    return [[vocabulary[i] for i in row] for row in top_word_ids(topic_word, n)]


def topic_diversity(topic_word: np.ndarray, n: int = DIVERSITY_TOP_N) -> float:
    """Unique share of the top-``n`` words of all topics (1 = no overlap)."""
    ids = top_word_ids(topic_word, min(n, topic_word.shape[1]))
    return len(np.unique(ids)) / ids.size


def frex(topic_word: np.ndarray, weight: float = FREX_WEIGHT) -> np.ndarray:
    """stm's FREX (K × V) in (0, 1]: the weighted harmonic mean of each term's
    within-topic ECDF rank of exclusivity ``φ_kw / Σ_j φ_jw`` (weight ``weight``)
    and of probability."""
    exclusivity_share = topic_word / topic_word.sum(axis=0, keepdims=True)
    v = topic_word.shape[1]
    from scipy.stats import rankdata  # here: importing scipy.stats costs ~1-2 s, and the workflow imports this module

    freq_rank = rankdata(topic_word, axis=1) / v
    excl_rank = rankdata(exclusivity_share, axis=1) / v
    return 1.0 / (weight / excl_rank + (1 - weight) / freq_rank)


def exclusivity(topic_word: np.ndarray, n: int = EXCLUSIVITY_TOP_N, weight: float = EXCLUSIVITY_WEIGHT) -> float:
    """stm's ``exclusivity`` averaged over topics: each topic's sum of the FREX
    scores of its ``n`` most probable words (at most ``n``)."""
    scores = frex(topic_word, weight)
    ids = top_word_ids(topic_word, min(n, topic_word.shape[1]))
    return float(np.take_along_axis(scores, ids, axis=1).sum(axis=1).mean())


def distinctive_terms(keyness, n: int = 10) -> dict[str, int]:
    """Term -> chapter from the chapter keyness table (``keywords/keyness.csv``:
    chapter, rank, term, g2): each chapter's top ``n`` terms with positive G²;
    a term listed by several chapters goes to the one with the largest G²
    (the smaller chapter on ties)."""
    top = keyness[(keyness["rank"] <= n) & (keyness["g2"] > 0)]
    ranked = top.sort_values(["g2", "chapter"], ascending=[False, True], kind="mergesort")
    best = ranked.drop_duplicates("term")
    return dict(zip(best["term"], best["chapter"].astype(int), strict=True))


def chapter_merges(topic_word: np.ndarray, vocabulary: Sequence[str], distinctive: dict[str, int],
                   ratio: float = MERGE_RATIO) -> np.ndarray:
    """For each topic, whether it merges two chapters' subjects: its
    probability on the second chapter's distinctive terms is at least
    ``ratio`` times that on the first's. ``distinctive``: term -> the one
    chapter it is distinctive of (e.g. each chapter's top keyness terms, a
    term listed by several chapters given to the one where it is keyest);
    terms outside ``vocabulary`` are ignored. A topic with no distinctive term
    merges nothing. K booleans."""
    index = {term: i for i, term in enumerate(vocabulary)}
    chapters = sorted(set(distinctive.values()))
    column = {c: j for j, c in enumerate(chapters)}
    membership = np.zeros((topic_word.shape[1], max(len(chapters), 2)))
    for term, chapter in distinctive.items():
        if term in index:
            membership[index[term], column[chapter]] = 1.0
    mass = -np.sort(-(topic_word @ membership), axis=1)
    return (mass[:, 0] > 0) & (mass[:, 1] >= ratio * mass[:, 0])


# ---------------------------------------------------------------------------- coherence


class CoherenceScorer:
    """gensim coherence of top-word lists on fixed reference ``texts``.

    ``texts``: token lists; ``dictionary``: the gensim Dictionary of the model
    (words outside it are ignored). gensim's ``processes=1``: a measure runs in one
    process, never a pool of gensim's own.
    """

    def __init__(self, texts: list[list[str]], dictionary, measures: Sequence[str] = COHERENCE_MEASURES):
        import gensim.models.coherencemodel  # noqa: F401 (~1 s: imported here, not at the first score)

        self.seconds = 0.0
        self.texts = texts
        self.dictionary = dictionary
        self.measures = tuple(measures)

    def score_many(self, topic_sets: Sequence[list[list[str]]]) -> list[dict[str, float]]:
        """Mean coherence of each topic set, ``{measure: value}`` per set."""
        per_topic = self.score_many_per_topic(topic_sets)
        return [{m: float(np.mean(values[m])) for m in self.measures} for values in per_topic]

    def score_many_per_topic(self, topic_sets: Sequence[list[list[str]]],
                             workers: int = 1) -> list[dict[str, list[float]]]:
        """Coherence of every topic of every set, ``{measure: [value per topic]}`` per set.
        ``workers`` > 1: the measures are computed in that many processes at once (joblib),
        each exactly as in one process; :attr:`seconds` then sums each measure's own time."""
        results: list[dict[str, list[float]]] = [{} for _ in topic_sets]
        self.seconds = 0.0
        if not topic_sets:
            return results
        jobs = [(self.texts, self.dictionary, measure, list(topic_sets)) for measure in self.measures]
        if workers <= 1 or len(jobs) <= 1:
            per_measure = [_coherence_per_topic(*job) for job in jobs]
        else:
            from joblib import Parallel, delayed

            per_measure = Parallel(n_jobs=min(int(workers), len(jobs)))(
                delayed(_coherence_per_topic)(*job) for job in jobs)
        for measure, (values, seconds) in zip(self.measures, per_measure, strict=True):
            self.seconds += seconds
            for i, topic_values in enumerate(values):
                results[i][measure] = topic_values
        return results

    def score(self, topics: list[list[str]]) -> dict[str, float]:
        return self.score_many([topics])[0]


def _coherence_per_topic(texts, dictionary, measure: str,
                         topic_sets: Sequence[list[list[str]]]) -> tuple[list[list[float]], float]:
    """One measure's coherence of every topic of every set, and the seconds it took."""
    from gensim.models.coherencemodel import CoherenceModel

    start = time.perf_counter()
    topn = max(len(t) for topics in topic_sets for t in topics)
    union = list(dict.fromkeys(w for topics in topic_sets for topic in topics for w in topic))
    # as CoherenceModel.for_topics: count co-occurrences once for the union of all topics
    cm = CoherenceModel(topics=[union], texts=texts, dictionary=dictionary, coherence=measure, topn=len(union),
                        processes=1)
    cm.estimate_probabilities()
    cm.topn = topn
    values = []
    for topics in topic_sets:
        cm.topics = topics
        values.append([float(v) for v in cm.get_coherence_per_topic()])
    return values, time.perf_counter() - start


# ---------------------------------------------------------------------------- stability


def js_distance_matrix(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Jensen–Shannon distance (base 2, in [0, 1]) between every row of ``p``
    (K1 × V) and every row of ``q`` (K2 × V): K1 × K2."""
    p = p / p.sum(axis=1, keepdims=True)
    q = q / q.sum(axis=1, keepdims=True)
    m = 0.5 * (p[:, None, :] + q[None, :, :])

    def kl(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(a > 0, a * np.log2(a / b), 0.0)
        return terms.sum(axis=-1)

    divergence = 0.5 * kl(p[:, None, :], m) + 0.5 * kl(q[None, :, :], m)
    return np.sqrt(np.clip(divergence, 0.0, 1.0))


def topic_similarity(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``1 − JS distance`` between every pair of topics: K1 × K2 in [0, 1]."""
    return 1.0 - js_distance_matrix(p, q)


def match_topics(p: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Hungarian one-to-one matching of the topics of ``p`` to those of ``q``
    maximising total similarity. Returns (rows, cols, mean matched similarity)."""
    from scipy.optimize import linear_sum_assignment

    sim = topic_similarity(p, q)
    rows, cols = linear_sum_assignment(sim, maximize=True)
    return rows, cols, float(sim[rows, cols].mean())


def stability(topic_words: Sequence[np.ndarray]) -> np.ndarray:
    """For each fit, its mean matched similarity to every other fit (same K,
    other seeds). One fit alone gets NaN."""
    n = len(topic_words)
    pair = np.full((n, n), np.nan)
    for i in range(n):
        for j in range(i + 1, n):
            pair[i, j] = pair[j, i] = match_topics(topic_words[i], topic_words[j])[2]
    if n < 2:
        return np.full(n, np.nan)
    return np.nanmean(pair, axis=1)


def top_word_overlap(p: np.ndarray, q: np.ndarray, n: int = 10) -> float:
    """Mean Jaccard overlap of the top-``n`` word sets of ``p``'s and ``q``'s
    topics, matched one to one (Hungarian) to maximise total overlap."""
    from scipy.optimize import linear_sum_assignment

    a = [set(row) for row in top_word_ids(p, n)]
    b = [set(row) for row in top_word_ids(q, n)]
    sim = np.array([[len(x & y) / len(x | y) for y in b] for x in a])
    rows, cols = linear_sum_assignment(sim, maximize=True)
    return float(sim[rows, cols].mean())


def word_stability(topic_words: Sequence[np.ndarray], n: int = 10) -> np.ndarray:
    """As :func:`stability`, with matched top-``n`` word overlap (Jaccard)
    instead of ``1 − JS distance``. Unlike the latter it does not depend on
    how smooth the distributions are (a larger topic-word prior makes every
    pair of topics closer in JS distance), so it compares engines fairly."""
    k = len(topic_words)
    if k < 2:
        return np.full(k, np.nan)
    pair = np.full((k, k), np.nan)
    for i in range(k):
        for j in range(i + 1, k):
            pair[i, j] = pair[j, i] = top_word_overlap(topic_words[i], topic_words[j], n)
    return np.nanmean(pair, axis=1)


# ---------------------------------------------------------------------------- NMI


def _entropy(counts: np.ndarray) -> float:
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log(p)).sum())


def normalized_mutual_info(labels_a: Sequence, labels_b: Sequence) -> float:
    """NMI with the arithmetic mean of the two entropies (scikit-learn's
    default ``normalized_mutual_info_score``), without importing scikit-learn.
    1 when either labelling is constant and both are (the same convention)."""
    a = np.unique(np.asarray(labels_a), return_inverse=True)[1]
    b = np.unique(np.asarray(labels_b), return_inverse=True)[1]
    if len(a) != len(b):
        raise ValueError("label arrays differ in length")
    if len(a) == 0:
        return float("nan")
    table = np.zeros((a.max() + 1, b.max() + 1))
    np.add.at(table, (a, b), 1)
    h_a, h_b = _entropy(table.sum(axis=1)), _entropy(table.sum(axis=0))
    if h_a == 0 or h_b == 0:
        return 1.0 if h_a == h_b else 0.0
    joint = table / table.sum()
    outer = joint.sum(axis=1, keepdims=True) @ joint.sum(axis=0, keepdims=True)
    nz = joint > 0
    mi = float((joint[nz] * np.log(joint[nz] / outer[nz])).sum())
    return max(0.0, mi / ((h_a + h_b) / 2))


def chapter_nmi(doc_topic: np.ndarray, chapters: Sequence[int]) -> float:
    """NMI between each document's dominant topic (first on ties) and its chapter."""
    return normalized_mutual_info(np.argmax(doc_topic, axis=1), chapters)
