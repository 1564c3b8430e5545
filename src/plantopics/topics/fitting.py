"""Fit every seed at one K with one engine and score every fit the same way.

This is what one ``lda_fit`` job runs (for the main engine and each comparison
engine). Every fit is single-threaded and seeded; the job's parallelism comes
from Snakemake running several K at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
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
    """Fit ``engine`` at ``k`` for every seed on the training documents and
    score each fit; coherence ``measures`` not computed are left empty (NaN)."""
    docs = corpus.word_ids(corpus.train)
    vocabulary = corpus.vocabulary
    start, cpu = time.perf_counter(), time.process_time()
    fits = [engines.fit(engine, docs, vocabulary, k, seed, params) for seed in seeds]
    fit_seconds, fit_cpu = time.perf_counter() - start, time.process_time() - cpu

    start, cpu = time.perf_counter(), time.process_time()
    scorer = metrics.CoherenceScorer(reference, corpus.dictionary, measures)
    per_topic = scorer.score_many_per_topic([metrics.top_words(f.topic_word, vocabulary, n_top_words) for f in fits])
    coherence = [{m: float(np.mean(v)) for m, v in values.items()} for values in per_topic]
    stab = metrics.stability([f.topic_word for f in fits])
    stab_words = metrics.word_stability([f.topic_word for f in fits], n_top_words)
    held_docs = corpus.word_ids(corpus.held_out)
    chapters = corpus.documents["chapter"].to_numpy()
    rows = []
    for fitted, coh, st, sw in zip(fits, coherence, stab, stab_words, strict=True):
        rows.append(
            {
                "engine": engine,
                "k": k,
                "seed": fitted.seed,
                **{m: coh.get(m, float("nan")) for m in metrics.COHERENCE_MEASURES},
                "diversity": metrics.topic_diversity(fitted.topic_word),
                "perplexity": fitted.held_out_perplexity(held_docs),
                "stability": st,
                "stability_words": sw,
                "nmi": metrics.chapter_nmi(all_doc_topic(fitted, corpus), chapters),
            }
        )
    metric_seconds, metric_cpu = time.perf_counter() - start, time.process_time() - cpu
    log.info("%s K=%d: %d fits in %.2f s (%.2f s CPU), metrics in %.2f s (%.2f s CPU)", engine, k, len(fits),
             fit_seconds, fit_cpu, metric_seconds, metric_cpu)
    topic_tables = [pd.DataFrame({"topic": np.arange(1, f.k + 1), **values}) for f, values in
                    zip(fits, per_topic, strict=True)]
    return GridResult(fits, pd.DataFrame(rows, columns=FIT_COLUMNS), fit_seconds, metric_seconds, topic_tables,
                      fit_cpu, metric_cpu)
