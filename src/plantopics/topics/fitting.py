"""Fit seeds at one K with one engine and score every fit the same way.

The ``lda_fit`` jobs run :func:`fit_and_score` on their share of the grid's
(K, seed) fits, and ``lda_select`` adds the stability across each K's seeds
(:func:`with_stability`); :func:`fit_seeds` does both in one process (the
per-chapter and the joint models). Every fit is single-threaded and seeded; the
parallelism comes from Snakemake running several fit jobs at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from plantopics.topics import engines, metrics
from plantopics.topics.corpus import LdaCorpus

log = logging.getLogger(__name__)

METRIC_COLUMNS = ["c_v", "c_npmi", "u_mass", "diversity", "perplexity", "stability", "stability_words", "nmi"]
FIT_COLUMNS = ["engine", "k", "seed", *METRIC_COLUMNS]


def quiet_libraries() -> None:
    """Keep job logs readable: gensim's per-pass INFO lines and a known
    harmless import warning of tomotopy's C extension are left out."""
    import warnings

    logging.getLogger("gensim").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message=r"builtin type .* has no __module__ attribute")


def all_doc_topic(fitted: engines.FittedModel, corpus: LdaCorpus) -> np.ndarray:
    """Topic mixtures of every LDA document in corpus order: the fit's own for
    training documents, inferred for held-out ones."""
    held = corpus.documents["held_out"].to_numpy()
    out = np.zeros((len(held), fitted.k))
    out[~held] = fitted.doc_topic
    if held.any():
        out[held] = fitted.infer(corpus.word_ids(corpus.held_out))
    return out


@dataclass
class GridResult:
    """The fits of one engine at one K (one per seed) and their metrics table
    (``FIT_COLUMNS``, one row per seed). ``seconds``: fit and scoring time."""

    fits: list[engines.FittedModel]
    table: pd.DataFrame
    fit_seconds: float
    metric_seconds: float
    topic_coherence: list[pd.DataFrame]  # per fit: topic (1..K) and each measure
    fit_cpu_seconds: float = 0.0  # CPU time of this process: robust to other jobs on the machine
    metric_cpu_seconds: float = 0.0



def fit_and_score(
    corpus: LdaCorpus,
    reference: list[list[str]],
    engine: str,
    fits: Sequence[tuple[int, int]],
    params: dict | None = None,
    n_top_words: int = 10,
    measures: Sequence[str] = metrics.COHERENCE_MEASURES,
) -> GridResult:
    """Fit ``engine`` for each ``(K, seed)`` of ``fits`` on the training
    documents and score each fit on its own: coherence (``measures``; the others
    NaN; the reference texts are counted once for all the fits), diversity,
    held-out perplexity, chapter NMI. ``stability`` and ``stability_words``
    compare the seeds of a K with each other and are left NaN here
    (:func:`with_stability`; :func:`fit_seeds` does both)."""
    docs = corpus.word_ids(corpus.train)
    vocabulary = corpus.vocabulary
    scorer = metrics.CoherenceScorer(reference, corpus.dictionary, measures)  # start-up (imports), not timed
    start, cpu = time.perf_counter(), time.process_time()
    fitted_models = [engines.fit(engine, docs, vocabulary, k, seed, params) for k, seed in fits]
    fit_seconds, fit_cpu = time.perf_counter() - start, time.process_time() - cpu

    start, cpu = time.perf_counter(), time.process_time()
    per_topic = scorer.score_many_per_topic(
        [metrics.top_words(f.topic_word, vocabulary, n_top_words) for f in fitted_models])
    coherence = [{m: float(np.mean(v)) for m, v in values.items()} for values in per_topic]
    held_docs = corpus.word_ids(corpus.held_out)
    chapters = corpus.documents["chapter"].to_numpy()
    rows = []
    for fitted, coh in zip(fitted_models, coherence, strict=True):
        rows.append(
            {
                "engine": engine,
                "k": fitted.k,
                "seed": fitted.seed,
                **{m: coh.get(m, float("nan")) for m in metrics.COHERENCE_MEASURES},
                "diversity": metrics.topic_diversity(fitted.topic_word),
                "perplexity": fitted.held_out_perplexity(held_docs),
                "stability": float("nan"),
                "stability_words": float("nan"),
                "nmi": metrics.chapter_nmi(all_doc_topic(fitted, corpus), chapters),
            }
        )
    metric_seconds, metric_cpu = time.perf_counter() - start, time.process_time() - cpu
    log.info("%s K=%s: %d fits in %.2f s (%.2f s CPU), metrics in %.2f s (%.2f s CPU)", engine,
             ",".join(str(k) for k in dict.fromkeys(k for k, _ in fits)), len(fits), fit_seconds, fit_cpu,
             metric_seconds, metric_cpu)
    topic_tables = [pd.DataFrame({"topic": np.arange(1, f.k + 1), **values}) for f, values in
                    zip(fitted_models, per_topic, strict=True)]
    return GridResult(fitted_models, pd.DataFrame(rows, columns=FIT_COLUMNS), fit_seconds, metric_seconds,
                      topic_tables, fit_cpu, metric_cpu)


def stability_table(topic_words: dict[int, np.ndarray], n_top_words: int = 10) -> pd.DataFrame:
    """``seed``, ``stability`` and ``stability_words`` of the fits of one engine
    at one K, given ``{seed: topic_word}`` in seed order (a single fit: NaN)."""
    seeds = list(topic_words)
    arrays = [topic_words[s] for s in seeds]
    return pd.DataFrame({"seed": seeds, "stability": metrics.stability(arrays),
                         "stability_words": metrics.word_stability(arrays, n_top_words)})


def with_stability(table: pd.DataFrame, topic_word: Callable[[str, int, int], np.ndarray],
                   n_top_words: int = 10) -> pd.DataFrame:
    """``table`` (``FIT_COLUMNS``) with the stability columns computed across
    the seeds of each (engine, K), in the table's seed order; ``topic_word(engine,
    k, seed)`` gives a fit's K × V matrix."""
    out = table.copy()
    stability, stability_words = np.full(len(out), np.nan), np.full(len(out), np.nan)
    seeds = out["seed"].to_numpy()
    for (engine, k), positions in out.groupby(["engine", "k"], sort=False).indices.items():
        stab = stability_table({int(s): topic_word(engine, int(k), int(s)) for s in seeds[positions]}, n_top_words)
        stability[positions] = stab["stability"].to_numpy()
        stability_words[positions] = stab["stability_words"].to_numpy()
    out["stability"], out["stability_words"] = stability, stability_words
    return out


def fit_seeds(
    corpus: LdaCorpus,
    reference: list[list[str]],
    engine: str,
    k: int,
    seeds: Sequence[int],
    params: dict | None = None,
    n_top_words: int = 10,
    measures: Sequence[str] = metrics.COHERENCE_MEASURES,
) -> GridResult:
    """:func:`fit_and_score` and the seeds' stability, for a K fitted in one process."""
    result = fit_and_score(corpus, reference, engine, [(k, seed) for seed in seeds], params, n_top_words, measures)
    start, cpu = time.perf_counter(), time.process_time()
    by_seed = {f.seed: f.topic_word for f in result.fits}
    result.table = with_stability(result.table, lambda _e, _k, seed: by_seed[seed], n_top_words)
    result.metric_seconds += time.perf_counter() - start
    result.metric_cpu_seconds += time.process_time() - cpu
    return result
