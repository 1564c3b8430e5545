"""An LDA for every chapter on its own units, and links to the whole-document topics.

For each chapter: its LDA documents (``per_chapter.units``, sentences by
default: on the bundled plan a chapter has 4–21 paragraphs but 13–66
sentences) and its own filtered dictionary; K from ``per_chapter.k_grid`` (or ``per_chapter.k``),
every K fitted with every seed by the main engine, scored by the same
metrics as the whole document and chosen by the same rule
(:func:`plantopics.topics.fitting.fit_and_select`). Left empty per chapter:
perplexity (no held-out documents), chapter NMI (one chapter) and c_v unless
it is the criterion (gensim's c_v costs three times the rest of the stage).

Size limits: a chapter supports K topics when it has at least
``documents_per_topic × K`` documents and ``TERMS_PER_TOPIC × K`` terms.
K values it cannot support are dropped from its grid with a warning; if none
is left it gets the largest K it supports (at least 2), with a warning; a
chapter with fewer than ``min_documents`` documents, or that supports no
K >= 2, gets no model and is reported as *too small* — never an error.

Each chapter topic is linked to the whole-document topic it is most similar
to: ``1 − Jensen–Shannon distance`` between the two topic-word
distributions over the document's vocabulary (:func:`shared_similarity`).
A chapter topic's relevance and label are measured against the whole
document's term distribution (:func:`chapter_topic_labels`): what sets it
apart in the document, not only among its chapter's two or three topics.

The workflow fits these models only with ``lda.per_chapter.enabled``: on the
documents measured they split a chapter's sections no better than the
whole-document topics do (docs/topics.md, "Per chapter").
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from plantopics import paths
from plantopics.topics import engines, metrics
from plantopics.topics.corpus import CorpusSettings, DictionarySettings, build_corpus, reference_texts
from plantopics.topics.fitting import FitGrid, fit_and_select
from plantopics.topics.metrics import COHERENCE_MEASURES
from plantopics.topics.outputs import LabelBasis, chapter_terms, document_term_frequency, topic_labels, topics_table

log = logging.getLogger(__name__)

TERMS_PER_TOPIC = 5
STATUS = ("ok", "reduced", "too small")


@dataclass(frozen=True)
class ChapterSettings:
    """The config's ``lda.per_chapter`` section (the first eight fields, by their
    config names) with what a chapter's model shares with the whole document's:
    the engine and its parameters, ``min_tokens``, ``n_top_words``,
    ``relevance_lambda`` and the selection rule (``stability_threshold``,
    ``criterion``, ``k_rule``)."""

    units: str
    window_tokens: int
    dictionary: DictionarySettings
    k_grid: tuple[int, ...]
    k: int | None
    seeds: tuple[int, ...]
    min_documents: int
    documents_per_topic: int
    engine: str
    params: dict
    min_tokens: int
    n_top_words: int
    relevance_lambda: float
    stability_threshold: float
    criterion: str
    k_rule: str

    @property
    def measures(self) -> tuple[str, ...]:
        """Coherence measures computed per chapter: c_npmi and u_mass, and c_v
        only when it is the criterion (gensim's c_v would triple the stage's cost)."""
        return tuple(m for m in COHERENCE_MEASURES if m in ("c_npmi", "u_mass") or m == self.criterion)

    @classmethod
    def from_config(cls, lda: dict) -> ChapterSettings:
        """From the config's ``lda`` section (or the ``lda_chapter_models`` rule's params, which carry its keys)."""
        section = lda["per_chapter"]
        return cls(
            units=section["units"],
            window_tokens=int(section["window_tokens"]),
            dictionary=DictionarySettings.from_config(section["dictionary"]),
            k_grid=tuple(section["k_grid"]),
            k=section["k"],
            seeds=tuple(section["seeds"]),
            min_documents=int(section["min_documents"]),
            documents_per_topic=int(section["documents_per_topic"]),
            engine=lda["engine"],
            params=dict(lda[lda["engine"]]),
            min_tokens=int(lda["min_tokens"]),
            n_top_words=int(lda["n_top_words"]),
            relevance_lambda=float(lda["relevance_lambda"]),
            stability_threshold=float(lda["stability_threshold"]),
            criterion=lda["criterion"],
            k_rule=lda["k_rule"],
        )


def feasible_k(requested: Sequence[int], n_documents: int, n_terms: int, settings: ChapterSettings
               ) -> tuple[list[int], str, str]:
    """(K values to fit, status, message) for a chapter of this size."""
    limit = min(n_documents // max(settings.documents_per_topic, 1), n_terms // TERMS_PER_TOPIC)
    size = f"{n_documents} documents, {n_terms} terms"
    if n_documents < settings.min_documents or limit < 2:
        why = (f"fewer than min_documents={settings.min_documents}" if n_documents < settings.min_documents
               else f"supports no K >= 2 ({settings.documents_per_topic} documents and {TERMS_PER_TOPIC} terms "
                    "per topic)")
        return [], "too small", f"too small for any model: {size}, {why}"
    wanted = sorted(set(int(k) for k in requested))
    kept = [k for k in wanted if k <= limit]
    if kept == wanted:
        return kept, "ok", f"{size}; K grid {kept}"
    if kept:
        return kept, "reduced", f"{size} support K <= {limit}: K {[k for k in wanted if k > limit]} dropped"
    return [limit], "reduced", f"{size} support K <= {limit}: K reduced from {wanted} to {limit}"


@dataclass
class ChapterResult:
    chapter: int
    status: str
    message: str
    n_documents: int
    n_terms: int
    k: int | None = None
    seed: int | None = None
    table: pd.DataFrame | None = None  # all fits' metrics
    topics: pd.DataFrame | None = None  # chosen model's topics table
    topic_word: np.ndarray | None = None
    vocabulary: list[str] | None = None
    model: engines.FittedModel | None = None  # the chosen fit, without its engine object


def fit_chapter(chapter: int, tokens: pd.DataFrame, settings: ChapterSettings) -> ChapterResult:
    """Fit and select the model of one chapter (``tokens``: the document's token table)."""
    own = tokens[tokens["chapter"] == chapter]
    if not sum(len(t) for t in own["tokens"]):
        return ChapterResult(chapter, "too small", "too small for any model: no tokens", 0, 0)
    corpus_settings = CorpusSettings(units=settings.units, window_tokens=settings.window_tokens,
                                     min_tokens=settings.min_tokens, held_out_fraction=0.0,
                                     dictionary=settings.dictionary)
    try:
        corpus = build_corpus(own, corpus_settings)
    except ValueError:  # nothing survives the dictionary filter
        return ChapterResult(chapter, "too small", "too small for any model: no term survives the dictionary filter",
                             0, 0)
    n_docs, n_terms = len(corpus.documents), len(corpus.vocabulary)
    requested = [settings.k] if settings.k else list(settings.k_grid)
    ks, status, message = feasible_k(requested, n_docs, n_terms, settings)
    if status == "too small":
        return ChapterResult(chapter, status, message, n_docs, n_terms)
    grid = FitGrid.of({settings.engine: settings.params}, ks, settings.seeds)
    rule = {"stability_threshold": settings.stability_threshold, "criterion": settings.criterion,
            "k": ks[0] if settings.k else None, "k_rule": settings.k_rule}
    result, selections = fit_and_select(corpus, reference_texts(own), grid, rule, settings.n_top_words,
                                        settings.measures)
    chosen = selections[settings.engine]
    fitted = result.fits[(settings.engine, chosen.k, chosen.seed)]
    # relevance against the whole document: what sets the topic apart there, not only within its chapter
    document_counts = Counter(t for terms in chapter_terms(tokens) for t in terms)
    term_frequency = document_term_frequency(document_counts, corpus.vocabulary)
    topics = topics_table(fitted.topic_word, corpus.vocabulary, term_frequency, settings.n_top_words,
                          settings.relevance_lambda)
    table = result.table
    table.insert(0, "chapter", chapter)
    topics.insert(0, "chapter", chapter)
    fitted.native = None  # a chapter's model is kept as its arrays (what the links and notebooks read)
    return ChapterResult(chapter, status, message, n_docs, n_terms, chosen.k, chosen.seed, table, topics,
                         fitted.topic_word, corpus.vocabulary, fitted)


def fit_chapters(tokens: pd.DataFrame, settings: ChapterSettings, chapter_ids: Sequence[int] = ()
                 ) -> list[ChapterResult]:
    """Every chapter's model, in chapter order: the chapters with tokens and every
    one of ``chapter_ids`` (chapters.csv: a chapter without tokens is *too small*);
    a document without chapters: its chapter 0."""
    chapters = sorted({int(c) for c in tokens["chapter"].unique() if c > 0} | {int(c) for c in chapter_ids if c > 0})
    if not chapters and len(tokens):
        chapters = [0]
    results = [fit_chapter(chapter, tokens, settings) for chapter in chapters]
    for result in results:
        if result.status != "ok":
            log.warning("chapter %d: %s", result.chapter, result.message)
    return results


# ---------------------------------------------------------------------------- links


def shared_similarity(p: np.ndarray, p_vocab: Sequence[str], q: np.ndarray, q_vocab: Sequence[str]) -> np.ndarray:
    """``1 − JS distance`` between every chapter topic (rows of ``p``, over
    ``p_vocab``) and every document topic (rows of ``q``, over ``q_vocab``),
    K_p × K_q, in the document's vocabulary: a chapter topic's mass on terms
    the document vocabulary lacks is dropped and the rest renormalised; the
    document topics are used as they are. (Renormalising the document topics
    over the chapter's few terms instead would make a topic that has none of
    them look flat — like a small chapter's flat topics — and so "similar".)
    Zeros when the vocabularies share no term."""
    q_index = {t: i for i, t in enumerate(q_vocab)}
    pairs = [(i, q_index[t]) for i, t in enumerate(p_vocab) if t in q_index]
    if not pairs:
        return np.zeros((p.shape[0], q.shape[0]))
    pi, qi = map(np.array, zip(*pairs, strict=True))
    mapped = np.zeros((p.shape[0], q.shape[1]))
    mapped[:, qi] = p[:, pi]
    mapped /= np.maximum(mapped.sum(axis=1, keepdims=True), 1e-300)
    return metrics.topic_similarity(mapped, q)


def links_table(results: Sequence[ChapterResult], topic_word: np.ndarray, vocabulary: Sequence[str],
                labels: Sequence[str], basis: LabelBasis, relevance_lambda: float
                ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(links, similarity): each chapter topic's most similar whole-document
    topic (``links``: chapter, topic, label, document_topic, document_label,
    similarity, runner_up, runner_up_similarity) and the full long table of
    similarities (chapter, topic, document_topic, similarity). ``labels``: the
    document topics' labels; a chapter topic's label is
    :func:`~plantopics.topics.outputs.topic_labels` against the whole
    document (``basis``), like theirs."""
    rows, sims = [], []
    for r in results:
        if r.topic_word is None:
            continue
        sim = shared_similarity(r.topic_word, r.vocabulary, topic_word, vocabulary)
        own_labels = chapter_topic_labels(r, basis, relevance_lambda)
        for t in range(sim.shape[0]):
            order = np.argsort(-sim[t], kind="stable")
            best = int(order[0])
            second = int(order[1]) if len(order) > 1 else None
            rows.append({
                "chapter": r.chapter, "topic": t + 1, "label": own_labels[t],
                "document_topic": best + 1, "document_label": labels[best], "similarity": sim[t, best],
                "runner_up": None if second is None else second + 1,
                "runner_up_similarity": None if second is None else sim[t, second],
            })
            sims += [(r.chapter, t + 1, j + 1, sim[t, j]) for j in range(sim.shape[1])]
    links = pd.DataFrame(rows, columns=["chapter", "topic", "label", "document_topic", "document_label",
                                        "similarity", "runner_up", "runner_up_similarity"])
    if len(links):
        links["runner_up"] = links["runner_up"].astype("Int64")
    return links, pd.DataFrame(sims, columns=["chapter", "topic", "document_topic", "similarity"])


def chapter_topic_labels(result: ChapterResult, basis: LabelBasis, relevance_lambda: float) -> list[str]:
    """The labels of a chapter's topics: what sets each apart in the whole
    document (``basis``: the document's :class:`~plantopics.topics.outputs.LabelBasis`)."""
    if result.topic_word is None:
        return []
    return topic_labels(result.topic_word, result.vocabulary, basis, relevance_lambda)


def models_table(results: Sequence[ChapterResult], titles: dict[int, str]) -> pd.DataFrame:
    """One row per chapter: size, status (ok / reduced / too small), K and seed chosen, message."""
    return pd.DataFrame(
        [
            {"chapter": r.chapter, "title": titles.get(r.chapter, ""), "n_documents": r.n_documents,
             "n_terms": r.n_terms, "status": r.status, "k": r.k, "seed": r.seed, "message": r.message}
            for r in results
        ],
        columns=["chapter", "title", "n_documents", "n_terms", "status", "k", "seed", "message"],
    ).astype({"k": "Int64", "seed": "Int64"})


def save_chapter_models(results: Sequence[ChapterResult], folder: str | Path) -> None:
    """Each chapter's chosen model (topic-word and document-topic arrays,
    vocabulary) under ``folder/chapter_XX``; load with
    :func:`plantopics.topics.engines.load` (``native=False``)."""
    Path(folder).mkdir(parents=True, exist_ok=True)
    for r in results:
        if r.model is not None:
            r.model.save(paths.inside(folder, "chapter_model", chapter=r.chapter))


def load_chapter_results(models_table_path: str | Path, topics_path: str | Path, folder: str | Path
                         ) -> list[ChapterResult]:
    """Chapter results as written by the chapter-models job (enough for :func:`links_table`)."""
    from plantopics.io import read_csv

    models = read_csv(models_table_path, dtype={"title": str, "message": str})
    topics = read_csv(topics_path, dtype={"term": str})
    results = []
    for row in models.itertuples():
        k = None if pd.isna(row.k) or row.k == "" else int(row.k)
        result = ChapterResult(int(row.chapter), row.status, row.message, int(row.n_documents), int(row.n_terms), k,
                               None if k is None else int(row.seed))
        if k is not None:
            fitted = engines.load(paths.inside(folder, "chapter_model", chapter=result.chapter), native=False)
            result.topic_word, result.vocabulary, result.model = fitted.topic_word, fitted.vocabulary, fitted
            result.topics = topics[topics["chapter"] == result.chapter].reset_index(drop=True)
        results.append(result)
    return results


def write_chapter_models(results: Sequence[ChapterResult], chapters: pd.DataFrame, out) -> None:
    """The outputs of rule ``lda_chapter_models`` (``out`` by name: ``models``,
    ``selection``, ``topics``, ``model_dir``); ``chapters``: the structure's chapters table."""
    from plantopics.io import write_csv

    titles = dict(zip(chapters["chapter"].astype(int), chapters["title"], strict=True))
    fitted = [r for r in results if r.table is not None]
    no_fits = pd.DataFrame(columns=["chapter", "engine", "k", "seed"])
    no_topics = pd.DataFrame(columns=["chapter", "topic", "rank", "term", "probability", "relevance", "frex"])
    write_csv(out["models"], models_table(results, titles))
    write_csv(out["selection"], pd.concat([r.table for r in fitted], ignore_index=True) if fitted else no_fits)
    write_csv(out["topics"], pd.concat([r.topics for r in fitted], ignore_index=True) if fitted else no_topics)
    save_chapter_models(results, out["model_dir"])


def write_chapter_links(results: Sequence[ChapterResult], chapters: pd.DataFrame, tokens: pd.DataFrame,
                        whole_model: str | Path | None, corpus_dir: str | Path, settings: dict, out) -> None:
    """The outputs of rule ``lda_chapter_links``: each chapter topic's link to the
    whole document's chosen model (``whole_model``: its fit's folder, None when the
    document is too small for a model: no links; ``corpus_dir``:
    its corpus), the similarities, one figure per modelled chapter and the links
    figure. Every label, the document topics' and the chapter topics', is measured
    against the whole document (``tokens``: its token table). ``settings``:
    ``n_top_words``, ``relevance_lambda``, ``label_max_chapter_share``; ``out`` by name."""
    from plantopics.io import write_csv
    from plantopics.topics import figures
    from plantopics.topics.corpus import LdaCorpus

    basis = LabelBasis.from_tokens(tokens, settings["label_max_chapter_share"])
    lam = settings["relevance_lambda"]
    if whole_model is None:  # the document is too small for a model (plantopics.topics.too_small)
        labels, vocabulary, topic_word = [], [], np.zeros((0, 0))
    else:
        whole = engines.load(whole_model, native=False)
        vocabulary, topic_word = LdaCorpus.load(corpus_dir).vocabulary, whole.topic_word
        labels = topic_labels(topic_word, vocabulary, basis, lam)  # as topic_summary.csv's
    linked = results if whole_model is not None else []
    links, similarity = links_table(linked, topic_word, vocabulary, labels, basis, lam)
    write_csv(out["links"], links)
    write_csv(out["similarity"], similarity)
    Path(out["figures"]).mkdir(parents=True, exist_ok=True)
    heading = {int(c.chapter): (c.title, c.numeral) for c in chapters.itertuples(index=False)}
    for r in results:
        if r.topics is not None:
            title, numeral = heading.get(r.chapter, ("", ""))
            figures.chapter_topics_figure(r.topics, r.chapter, title, numeral,
                                          paths.inside(out["figures"], "chapter_topic_figure", chapter=r.chapter),
                                          n_terms=settings["n_top_words"],
                                          labels=chapter_topic_labels(r, basis, lam))
    if len(links):
        figures.links_figure(similarity, links, labels, *out["links_figure"])
    elif whole_model is None:
        figures.empty_figure("No whole-document topic model to link to:\nthe document is too small for one.",
                             *out["links_figure"])
    else:
        figures.empty_figure("No chapter is large enough for its own model.", *out["links_figure"])
