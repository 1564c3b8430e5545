"""The grid of LDA fits: every (K, seed) of a grid, with each engine, fitted and scored one way.

A :class:`FitGrid` is the engines with their parameters and the (K, seed) fits;
:func:`fit_grid` fits and scores them (coherence, diversity, exclusivity,
held-out perplexity, chapter NMI); :func:`with_stability` adds the stability of each K across its
seeds, which needs all of a K's fits. Three grids use them:

* the whole document's model: the grid is shared out over the ``lda_fit`` jobs
  (:meth:`FitGrid.shares`, balanced by cost so the jobs run about as long), each
  job runs :func:`fit_grid` on its share and saves its fits
  (:meth:`GridFits.save`); ``lda_select`` joins the shares (:func:`join_shares`)
  and applies the selection rule;
* each chapter's model and the comparison's joint model: the whole grid in one
  process, :func:`fit_and_select`.

All three are chosen by the one rule of :mod:`plantopics.topics.selection`
(:func:`select_each_engine`).

Every fit is single-threaded and seeded; the parallelism comes from Snakemake
running several jobs at once and, for a grid fitted in one job (the joint
model), from fitting its (K, seed) pairs in worker processes (``workers``:
:func:`plantopics.topics.engines.fit_many`), which cannot change a result.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from plantopics import paths
from plantopics.topics import engines, metrics
from plantopics.topics.corpus import LdaCorpus
from plantopics.topics.selection import Selection, select

log = logging.getLogger(__name__)

METRIC_COLUMNS = ["c_v", "c_npmi", "u_mass", "diversity", "exclusivity", "perplexity", "stability", "stability_words",
                  "nmi"]
FIT_COLUMNS = ["engine", "k", "seed", *METRIC_COLUMNS]
# fit_seconds: the fits' own seconds, summed (they overlap when fitted in worker processes); metric_seconds:
# every score's, summed likewise; the *_cpu_seconds: the grid's own process only.
TIMING_COLUMNS = ["engine", "k", "fits", "fit_seconds", "fit_cpu_seconds", "metric_seconds", "metric_cpu_seconds",
                  "started", "finished"]

# The cost model of a share: a tomotopy fit of the plan costs about (K + 15) units of CPU (0.27–0.33 s at
# K = 8, 0.39–0.42 s at K = 20, 0.52 s at K = 30; docs/benchmarks.md), so shares of equal cost take equal time.
FIT_FIXED_COST = 15


@dataclass(frozen=True)
class FitGrid:
    """What to fit: ``engines`` maps each engine to its parameters (the reported
    model's engine first), ``fits`` lists the (K, seed) pairs, in order of K then
    seed. Every engine fits every pair."""

    engines: dict[str, dict]
    fits: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, engines: dict[str, dict], k_values: Iterable[int], seeds: Sequence[int]) -> FitGrid:
        """Every K of ``k_values`` (sorted, each once) with every seed (in the order given)."""
        return cls(dict(engines), tuple((k, int(s)) for k in sorted(set(map(int, k_values))) for s in seeds))

    @property
    def k_values(self) -> list[int]:
        return list(dict.fromkeys(k for k, _ in self.fits))

    def shares(self, n: int) -> dict[str, FitGrid]:
        """The fits cut into ``n`` consecutive runs of about equal cost (``K +
        FIT_FIXED_COST`` per fit; every run keeps at least one fit), named b1, b2 …
        Fits, not whole K values, are shared out: five K values of about equal cost
        cannot be split over two jobs better than three against two, fifteen fits
        can (eight against seven). Consecutive runs keep a K's seeds together except
        where a run ends; stability, which compares them, is computed when the runs
        are joined (:func:`join_shares`)."""
        fits = list(self.fits)
        n = max(1, min(int(n), len(fits)))
        cumulative = [0]
        for k, _ in fits:
            cumulative.append(cumulative[-1] + k + FIT_FIXED_COST)
        cuts = [0]
        for j in range(1, n):
            target = cumulative[-1] * j / n
            candidates = range(cuts[-1] + 1, len(fits) - (n - j) + 1)
            cuts.append(min(candidates, key=lambda i: (abs(cumulative[i] - target), i)))
        cuts.append(len(fits))
        return {f"b{i}": FitGrid(self.engines, tuple(fits[a:b]))
                for i, (a, b) in enumerate(zip(cuts, cuts[1:], strict=False), start=1)}

    def as_params(self) -> dict:
        """Plain lists and dicts (a rule's ``params``: a changed grid reruns the jobs it changes)."""
        return {"engines": self.engines, "fits": [list(fit) for fit in self.fits]}

    @classmethod
    def from_params(cls, params: dict) -> FitGrid:
        return cls(dict(params["engines"]), tuple((int(k), int(s)) for k, s in params["fits"]))


@dataclass
class GridFits:
    """The fits of a grid: ``fits`` by (engine, K, seed), their metrics table
    (:data:`FIT_COLUMNS`, one row per fit, stability NaN until :func:`with_stability`),
    each fit's per-topic coherence, and each engine's timing (:data:`TIMING_COLUMNS`)."""

    fits: dict[tuple[str, int, int], engines.FittedModel]
    table: pd.DataFrame
    topic_coherence: dict[tuple[str, int, int], pd.DataFrame]
    timing: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=TIMING_COLUMNS))

    def save(self, models: str | Path) -> None:
        """Every fit in its folder of ``models`` (:func:`plantopics.paths.fit_folder`), with its topic coherence."""
        from plantopics.io import write_csv

        for (engine, k, seed), fitted in self.fits.items():
            folder = paths.fit_folder(models, engine, k, seed)
            fitted.save(folder)
            write_csv(folder / paths.FIT_COHERENCE, self.topic_coherence[(engine, k, seed)])


@dataclass(frozen=True)
class FitScorer:
    """Every score of a fit but coherence: diversity, exclusivity, held-out perplexity and
    chapter NMI. Called where the fit was made (:func:`plantopics.topics.engines.fit_many`),
    so the inference these need is shared out with the fitting; coherence counts the
    reference texts once for all fits, in the grid's own process."""

    held_out: list
    held_out_mask: np.ndarray
    chapters: np.ndarray

    @classmethod
    def of(cls, corpus: LdaCorpus) -> FitScorer:
        return cls(corpus.word_ids(corpus.held_out), corpus.documents["held_out"].to_numpy(),
                   corpus.documents["chapter"].to_numpy())

    def __call__(self, fitted: engines.FittedModel) -> dict:
        doc_topic = _with_held_out(fitted, self.held_out_mask, self.held_out)
        return {"diversity": metrics.topic_diversity(fitted.topic_word),
                "exclusivity": metrics.exclusivity(fitted.topic_word),
                "perplexity": fitted.held_out_perplexity(self.held_out),
                "nmi": metrics.chapter_nmi(doc_topic, self.chapters)}


def _fit_engine(corpus: LdaCorpus, scorer: metrics.CoherenceScorer, engine: str, params: dict,
                fits: Sequence[tuple[int, int]], n_top_words: int, workers: int = 1):
    """One engine's fits of ``fits``, scored; (fits, rows, per-topic coherence, timing row)."""
    docs = corpus.word_ids(corpus.train)
    vocabulary = corpus.vocabulary
    started = time.time()
    start, cpu = time.perf_counter(), time.process_time()
    fitted_models = engines.fit_many(engine, docs, vocabulary, fits, params, workers, measure=FitScorer.of(corpus))
    fit_seconds, fit_cpu = time.perf_counter() - start, time.process_time() - cpu

    start, cpu = time.perf_counter(), time.process_time()
    per_topic = scorer.score_many_per_topic(
        [metrics.top_words(f.topic_word, vocabulary, n_top_words) for f in fitted_models], workers)
    rows = []
    for fitted, values in zip(fitted_models, per_topic, strict=True):
        rows.append({
            "engine": engine, "k": fitted.k, "seed": fitted.seed,
            **{m: float(np.mean(values[m])) if m in values else float("nan") for m in metrics.COHERENCE_MEASURES},
            **{name: fitted.measures[name] for name in ("diversity", "exclusivity", "perplexity")},
            "stability": float("nan"), "stability_words": float("nan"),
            "nmi": fitted.measures["nmi"],
        })
    coherence_wall, metric_cpu = time.perf_counter() - start, time.process_time() - cpu
    ks = " ".join(str(k) for k in dict.fromkeys(k for k, _ in fits))
    log.info("%s K=%s: %d fits with their scores but coherence in %.2f s (%.2f s CPU here), coherence in %.2f s "
             "(%.2f s of the measures' own time)", engine, ks.replace(" ", ","),
             len(fits), fit_seconds, fit_cpu, coherence_wall, scorer.seconds)
    # as timing.csv has always meant them: fitting alone, and every score (those made beside each fit included)
    scoring = sum(f.measure_seconds for f in fitted_models)
    fit_seconds, metric_seconds = sum(f.fit_seconds for f in fitted_models), scorer.seconds + scoring
    coherence = [pd.DataFrame({"topic": np.arange(1, f.k + 1), **values}) for f, values in
                 zip(fitted_models, per_topic, strict=True)]
    timing = {"engine": engine, "k": ks, "fits": len(fits), "fit_seconds": fit_seconds, "fit_cpu_seconds": fit_cpu,
              "metric_seconds": metric_seconds, "metric_cpu_seconds": metric_cpu, "started": started,
              "finished": time.time()}
    return fitted_models, rows, coherence, timing


def fit_grid(corpus: LdaCorpus, reference: list[list[str]], grid: FitGrid, n_top_words: int,
             measures: Sequence[str] = metrics.COHERENCE_MEASURES, workers: int = 1) -> GridFits:
    """Fit every engine of ``grid`` at each of its (K, seed) on the training
    documents and score each fit on its own: coherence (``measures``, the others
    NaN; the reference texts are counted once for all the fits), diversity,
    exclusivity, held-out perplexity and chapter NMI. The stability columns compare the seeds
    of a K with each other and are left NaN (:func:`with_stability`). ``workers``: processes
    fitting at once (:func:`plantopics.topics.engines.fit_many`; the same result with any number)."""
    scorer = metrics.CoherenceScorer(reference, corpus.dictionary, measures)  # start-up (imports), not timed
    fits, rows, coherence, timing = {}, [], {}, []
    for engine, params in grid.engines.items():
        fitted_models, engine_rows, engine_coherence, engine_timing = _fit_engine(
            corpus, scorer, engine, params, grid.fits, n_top_words, workers)
        for fitted, table in zip(fitted_models, engine_coherence, strict=True):
            fits[(engine, fitted.k, fitted.seed)] = fitted
            coherence[(engine, fitted.k, fitted.seed)] = table
        rows += engine_rows
        timing.append(engine_timing)
    return GridFits(fits, pd.DataFrame(rows, columns=FIT_COLUMNS), coherence,
                    pd.DataFrame(timing, columns=TIMING_COLUMNS))


def with_stability(table: pd.DataFrame, topic_word: Callable[[str, int, int], np.ndarray],
                   n_top_words: int) -> pd.DataFrame:
    """``table`` (:data:`FIT_COLUMNS`) with the stability columns computed across
    the seeds of each (engine, K), in the table's seed order; ``topic_word(engine,
    k, seed)`` gives a fit's K × V matrix. A K fitted with one seed gets NaN."""
    out = table.copy()
    stability, stability_words = np.full(len(out), np.nan), np.full(len(out), np.nan)
    seeds = out["seed"].to_numpy()
    for (engine, k), positions in out.groupby(["engine", "k"], sort=False).indices.items():
        arrays = [topic_word(engine, int(k), int(s)) for s in seeds[positions]]
        stability[positions] = metrics.stability(arrays)
        stability_words[positions] = metrics.word_stability(arrays, n_top_words)
    out["stability"], out["stability_words"] = stability, stability_words
    return out


def join_shares(metric_files: Sequence[str | Path], model_folders: Sequence[str | Path], n_top_words: int
                ) -> tuple[pd.DataFrame, dict[tuple[str, int, int], Path]]:
    """The shares of a grid fitted by the ``lda_fit`` jobs, joined: every fit's
    metrics with the stability across each K's seeds (whichever job fitted them),
    and the folder of every fit, by (engine, K, seed)."""
    tables = [pd.read_csv(path) for path in metric_files]  # numbers: a metric left empty (no held-out document) is NaN
    folder_of = {
        (engine, int(k), int(seed)): paths.fit_folder(models, engine, k, seed)
        for models, table in zip(model_folders, tables, strict=True)
        for engine, k, seed in table[["engine", "k", "seed"]].itertuples(index=False)
    }
    table = with_stability(pd.concat(tables, ignore_index=True),
                           lambda engine, k, seed: engines.load(folder_of[(engine, k, seed)], native=False).topic_word,
                           n_top_words)
    return table, folder_of


def select_each_engine(table: pd.DataFrame, rule: dict) -> dict[str, Selection]:
    """The selection rule (:func:`plantopics.topics.selection.select`) applied to
    each engine's fits; ``rule``: ``stability_threshold``, ``criterion``, the
    pinned ``k`` (or None) and ``k_rule``."""
    return {engine: select(rows, rule["stability_threshold"], rule["criterion"], rule["k"], rule["k_rule"])
            for engine, rows in table.groupby("engine", sort=True)}


def choice_record(selections: dict[str, Selection], engine: str, folder_of: dict[tuple[str, int, int], Path],
                  relative_to: str | Path) -> dict:
    """What ``lda/chosen.json`` records: the rule's decision for ``engine``, the
    chosen fit's folder relative to ``relative_to``, and the other engines' picks."""
    chosen = selections[engine]
    return {
        **chosen.as_dict(),
        "model": Path(folder_of[(chosen.engine, chosen.k, chosen.seed)]).relative_to(relative_to).as_posix(),
        "other_engines": {e: {"k": s.k, "seed": s.seed} for e, s in selections.items() if e != engine},
    }


def fit_and_select(corpus: LdaCorpus, reference: list[list[str]], grid: FitGrid, rule: dict, n_top_words: int,
                   measures: Sequence[str] = metrics.COHERENCE_MEASURES, workers: int = 1
                   ) -> tuple[GridFits, dict[str, Selection]]:
    """A whole grid in one job: :func:`fit_grid` (its fits in up to ``workers``
    processes), :func:`with_stability` and the rule for each engine
    (:func:`select_each_engine`). The table of the returned fits has the stability columns."""
    result = fit_grid(corpus, reference, grid, n_top_words, measures, workers)
    result.table = with_stability(result.table, lambda e, k, s: result.fits[(e, k, s)].topic_word, n_top_words)
    return result, select_each_engine(result.table, rule)


def all_doc_topic(fitted: engines.FittedModel, corpus: LdaCorpus) -> np.ndarray:
    """Topic mixtures of every LDA document in corpus order: the fit's own for
    training documents, inferred for held-out ones."""
    return _with_held_out(fitted, corpus.documents["held_out"].to_numpy(), corpus.word_ids(corpus.held_out))


def _with_held_out(fitted: engines.FittedModel, held_out_mask: np.ndarray, held_out: Sequence) -> np.ndarray:
    """The fit's training mixtures with those inferred for the ``held_out`` documents (word ids) put in at
    ``held_out_mask``: :func:`all_doc_topic` from the parts :class:`FitScorer` carries to a worker."""
    out = np.zeros((len(held_out_mask), fitted.k))
    out[~held_out_mask] = fitted.doc_topic
    if held_out_mask.any():
        out[held_out_mask] = fitted.infer(held_out)
    return out
