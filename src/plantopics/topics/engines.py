"""Two LDA engines behind one interface.

``fit(engine, docs, vocabulary, k, seed, params)`` takes documents as arrays of
dictionary ids (:meth:`plantopics.topics.corpus.LdaCorpus.word_ids`) and returns
a :class:`FittedModel` whose ``topic_word`` (K × V, rows sum to 1) is indexed
by the same gensim dictionary ids whatever the engine, so every metric, table
and figure downstream is computed one way for both.

* ``gensim`` — variational Bayes, single-process :class:`gensim.models.LdaModel`
  with ``random_state=seed`` and ``eval_every=None`` (never ``LdaMulticore``:
  it is not reproducible with a seed). gensim's inference draws its starting
  point from the model's random state, so every document is inferred on its
  own with the state reset to ``seed``: a document always gets the same topic
  mixture, whatever was inferred before or beside it.
* ``tomotopy`` — collapsed Gibbs sampling, :class:`tomotopy.LDAModel` with
  ``seed=seed`` and always ``workers=1`` (its default, all cores, changes the
  result with the machine). Hyperparameter optimisation every
  ``optim_interval`` iterations as in MALLET.

Both are deterministic with a seed within one process and across processes.
:func:`fit_many` fits several (K, seed) at once in worker processes, each fit
still single-threaded and seeded, so the number of workers cannot change a
result (tomotopy's own ``workers`` > 1 would: its threads share the sampling).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

ENGINES = ("gensim", "tomotopy")
INFER_ITERATIONS = 100  # tomotopy Gibbs iterations when inferring unseen documents


def _bows(docs: Sequence[np.ndarray]) -> list[list[tuple[int, int]]]:
    out = []
    for ids in docs:
        values, counts = np.unique(np.asarray(ids, dtype=np.int64), return_counts=True)
        out.append([(int(v), int(c)) for v, c in zip(values, counts, strict=True)])
    return out


@dataclass
class FittedModel:
    """A fitted LDA. ``topic_word``: K × V over the dictionary ids;
    ``doc_topic``: D × K for the training documents, in the order given;
    ``native``: the engine's own model object (None after :func:`load` with
    ``native=False``)."""

    engine: str
    k: int
    seed: int
    params: dict
    topic_word: np.ndarray
    doc_topic: np.ndarray
    native: Any = field(default=None, repr=False)
    fit_seconds: float = 0.0
    vocabulary: list[str] = field(default_factory=list, repr=False)
    measures: dict = field(default_factory=dict, repr=False)  # scores computed where it was fitted (fit_many)
    measure_seconds: float = 0.0

    # ------------------------------------------------------------------ inference
    def infer(self, docs: Sequence[np.ndarray]) -> np.ndarray:
        """Topic mixtures (D × K) of unseen documents given as dictionary ids."""
        if len(docs) == 0:
            return np.zeros((0, self.k))
        if self.native is None:
            raise ValueError("this model was loaded without its engine model; load it with native=True")
        if self.engine == "gensim":
            model = self.native
            rows = []
            for bow in _bows(docs):  # one at a time: a document's mixture never depends on its batch
                model.random_state = np.random.RandomState(self.seed)
                rows.append(model.inference([bow])[0][0])
            theta = np.asarray(rows, dtype=np.float64)
        else:
            model = self.native
            vocab = self.vocabulary
            made = [model.make_doc([vocab[i] for i in ids]) for ids in docs]
            dists, _ = model.infer(made, iterations=INFER_ITERATIONS, workers=1, together=False)
            theta = np.asarray(dists, dtype=np.float64)
        return theta / theta.sum(axis=1, keepdims=True)

    def held_out_perplexity(self, docs: Sequence[np.ndarray]) -> float:
        """Document-completion perplexity (Wallach et al. 2009): each document's
        topic mixture is inferred from its even-position tokens and the
        odd-position tokens are scored, ``exp(-sum log p(w) / n)`` with
        ``p(w) = theta · topic_word[:, w]``. Documents with fewer than 2 tokens
        are skipped; NaN when none is left."""
        docs = [np.asarray(d) for d in docs if len(d) >= 2]
        if not docs:
            return float("nan")
        theta = self.infer([d[0::2] for d in docs])
        total, n = 0.0, 0
        for row, d in zip(theta, docs, strict=True):
            scored = d[1::2]
            p = row @ self.topic_word[:, scored]
            total += float(np.log(np.maximum(p, 1e-300)).sum())
            n += len(scored)
        return float(np.exp(-total / n))

    # ------------------------------------------------------------------ files
    def save(self, folder: str | Path) -> None:
        """``meta.json``, ``topic_word.npy``, ``doc_topic.npy`` and the engine's
        own model (``model.gensim`` and its side files, or ``model.tomotopy``)."""
        from plantopics.io import atomic_path, write_json

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for name, array in (("topic_word", self.topic_word), ("doc_topic", self.doc_topic)):
            with atomic_path(folder / f"{name}.npy") as tmp:
                np.save(tmp, array)
        if self.native is not None:
            if self.engine == "gensim":
                self.native.save(str(folder / "model.gensim"))
            else:
                with atomic_path(folder / "model.tomotopy") as tmp:
                    self.native.save(str(tmp), full=True)
        write_json(
            folder / "meta.json",
            {"engine": self.engine, "k": self.k, "seed": self.seed, "params": self.params,
             "vocabulary_size": int(self.topic_word.shape[1]), "vocabulary": self.vocabulary},
        )


def load(folder: str | Path, native: bool = True) -> FittedModel:
    """A model written by :meth:`FittedModel.save`; ``native=False`` skips the
    engine model (enough for the topic-word and document-topic tables)."""
    folder = Path(folder)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    model = None
    if native:
        if meta["engine"] == "gensim":
            from gensim.models import LdaModel

            model = LdaModel.load(str(folder / "model.gensim"))
        else:
            import tomotopy as tp

            model = tp.LDAModel.load(str(folder / "model.tomotopy"))
    fitted = FittedModel(
        engine=meta["engine"], k=meta["k"], seed=meta["seed"], params=meta["params"],
        topic_word=np.load(folder / "topic_word.npy"), doc_topic=np.load(folder / "doc_topic.npy"), native=model,
    )
    fitted.vocabulary = meta.get("vocabulary", [])
    return fitted


# ---------------------------------------------------------------------------- fitting


def fit(
    engine: str,
    docs: Sequence[np.ndarray],
    vocabulary: Sequence[str],
    k: int,
    seed: int,
    params: dict,
) -> FittedModel:
    """Fit one LDA. ``docs``: training documents as arrays of ids into
    ``vocabulary`` (the gensim dictionary's terms by id), none empty; ``params``:
    the engine's section of the config (``lda.gensim`` or ``lda.tomotopy``)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown LDA engine {engine!r}; choose one of {ENGINES}")
    if k < 1:
        raise ValueError("k must be at least 1")
    if any(len(d) == 0 for d in docs):
        raise ValueError("empty document: drop documents with no token in the dictionary first")
    start = time.perf_counter()
    if engine == "gensim":
        fitted = _fit_gensim(docs, vocabulary, k, seed, params)
    else:
        fitted = _fit_tomotopy(docs, vocabulary, k, seed, params)
    fitted.fit_seconds = time.perf_counter() - start
    fitted.vocabulary = list(vocabulary)
    return fitted


def fit_many(engine: str, docs: Sequence[np.ndarray], vocabulary: Sequence[str], fits: Sequence[tuple[int, int]],
             params: dict, workers: int = 1, measure: Callable[[FittedModel], dict] | None = None) -> list[FittedModel]:
    """:func:`fit` at every (K, seed) of ``fits``, in that order, in up to
    ``workers`` processes (joblib). Every fit comes back through the engine's
    saved form (:func:`_packed`) however many workers there are, so the fits, and
    what they infer for unseen documents, are the same with one worker or many.

    ``measure`` (picklable): scores each fit in the process that fitted it, so the
    scoring is shared out with the fitting; its dict is the fit's ``measures``."""
    jobs = [(engine, docs, vocabulary, int(k), int(seed), params, measure) for k, seed in fits]
    if workers <= 1 or len(jobs) <= 1:
        packed = [_packed(*job) for job in jobs]
    else:
        from joblib import Parallel, delayed

        packed = Parallel(n_jobs=min(int(workers), len(jobs)))(delayed(_packed)(*job) for job in jobs)
    return [_unpacked(fitted) for fitted in packed]


def _packed(engine, docs, vocabulary, k, seed, params, measure=None) -> FittedModel:
    """One fit (and its ``measures``) with its engine model as bytes (a tomotopy model cannot be pickled)."""
    import pickle

    fitted = fit(engine, docs, vocabulary, k, seed, params)
    if measure is not None:
        start = time.perf_counter()
        fitted.measures = measure(fitted)
        fitted.measure_seconds = time.perf_counter() - start
    fitted.native = fitted.native.saves(full=True) if engine == "tomotopy" else pickle.dumps(fitted.native)
    return fitted


def _unpacked(fitted: FittedModel) -> FittedModel:
    import pickle

    if fitted.engine == "tomotopy":
        import tomotopy as tp

        fitted.native = tp.LDAModel.loads(fitted.native)
    else:
        fitted.native = pickle.loads(fitted.native)  # noqa: S301 (bytes this process's workers made)
    return fitted


def _gensim_prior(value: Any) -> Any:
    return value if isinstance(value, str) else float(value)


def _fit_gensim(docs, vocabulary, k, seed, params) -> FittedModel:
    from gensim.models import LdaModel

    id2word = dict(enumerate(vocabulary))
    bows = _bows(docs)
    model = LdaModel(
        corpus=bows,
        id2word=id2word,
        num_topics=k,
        passes=int(params["passes"]),
        iterations=int(params["iterations"]),
        alpha=_gensim_prior(params["alpha"]),
        eta=_gensim_prior(params["eta"]),
        chunksize=int(params["chunksize"]),
        random_state=seed,
        eval_every=None,
        update_every=1,
        dtype=np.float64,
    )
    topic_word = np.asarray(model.get_topics(), dtype=np.float64)
    if topic_word.shape[1] < len(vocabulary):  # a term in no training document (cannot happen with our corpus)
        topic_word = np.pad(topic_word, ((0, 0), (0, len(vocabulary) - topic_word.shape[1])))
    topic_word /= topic_word.sum(axis=1, keepdims=True)
    fitted = FittedModel("gensim", k, seed, params, topic_word, np.zeros((0, k)), native=model)
    fitted.vocabulary = list(vocabulary)
    fitted.doc_topic = fitted.infer(docs)
    return fitted


def _fit_tomotopy(docs, vocabulary, k, seed, params) -> FittedModel:
    import tomotopy as tp

    model = tp.LDAModel(k=k, alpha=float(params["alpha"]), eta=float(params["eta"]), seed=int(seed))
    model.optim_interval = int(params["optim_interval"])
    model.burn_in = int(params["burn_in"])
    for ids in docs:
        model.add_doc([vocabulary[i] for i in ids])
    model.train(int(params["iterations"]), workers=1, show_progress=False)
    # map tomotopy's own vocabulary order onto the dictionary ids
    index = {term: i for i, term in enumerate(vocabulary)}
    used = list(model.used_vocabs)
    columns = np.array([index[t] for t in used], dtype=np.int64)
    topic_word = np.zeros((k, len(vocabulary)))
    for t in range(k):
        topic_word[t, columns] = model.get_topic_word_dist(t)[: len(used)]
    missing = np.setdiff1d(np.arange(len(vocabulary)), columns)
    if len(missing):  # a term in no training document: give it the prior's share
        topic_word[:, missing] = float(params["eta"]) / max(1.0, float(np.sum(model.get_count_by_topics())))
    topic_word /= topic_word.sum(axis=1, keepdims=True)
    doc_topic = np.asarray([d.get_topic_dist() for d in model.docs], dtype=np.float64)
    doc_topic /= doc_topic.sum(axis=1, keepdims=True)
    return FittedModel("tomotopy", k, seed, params, topic_word, doc_topic, native=model)
