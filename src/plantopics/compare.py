"""Comparing two or more documents: what each says against the others, the
topics they share, and how each document's own topics line up with the others'.

Three views, each computed from the per-document results (docs/comparison.md):

* :func:`document_keyness` — every document against all the other documents
  together, with exactly the G², p-value and Log Ratio of the chapter keyness
  (:mod:`plantopics.keywords`), documents in place of chapters;
* :func:`joint_corpus` and :func:`fit_joint` — one LDA over the LDA documents
  of all documents together (same units, dictionary filter, engine, K grid,
  seeds and selection rule as each document's own model); its topics are
  shared by construction, so :func:`joint_tables` can say how much of each
  document and of each chapter of each document is about each topic;
* :func:`topic_alignment` — each document's chosen model against every other
  document's: ``1 − Jensen–Shannon distance`` between topic-word
  distributions, with each topic's best match in every other document
  (:func:`best_matches`), over the *union* of the two vocabularies
  (:func:`union_similarity`). Not renormalised over the terms they share:
  two documents' filtered vocabularies can overlap little, and two topics
  that both put a few per cent of their probability on the shared terms
  become near-uniform, hence "similar", once renormalised (docs/comparison.md
  has the numbers). :func:`coverage` says how much of each topic the shared
  terms hold.

Document ids are the workflow's (ASCII file stems); tables list documents in
the order given (the workflow passes them sorted). The functions compute;
the Snakemake scripts read the files, :func:`write_joint_model` writes the
joint model's outputs, :func:`joint_figures` draws its figures from them, and
:mod:`plantopics.compare_figures` has the comparison's own figures.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from plantopics.keywords import count_matrix, keyness_scores, keyness_table
from plantopics.tokenize import content_sentences
from plantopics.topics.corpus import (
    DOCUMENT_COLUMNS,
    CorpusSettings,
    LdaCorpus,
    build_documents,
    reference_texts,
    split_and_filter,
)
from plantopics.topics.outputs import LabelBasis, topic_column, topic_summary, topics_table

log = logging.getLogger(__name__)

MIN_DOCUMENTS = 2
KEYNESS_COLUMNS = ["document", "rank", "term", "g2", "p", "log_ratio", "count_target", "count_reference"]
OVERVIEW_COLUMNS = ["document", "title", "n_chapters", "n_sentences", "n_tokens", "n_types"]
DOCUMENTS_COLUMNS = [*OVERVIEW_COLUMNS, "status", "reason"]  # documents.csv
COMPARED, FAILED = "compared", "failed"  # its status values
JOINT_DOCUMENT_COLUMNS = ["document", "unit", *[c for c in DOCUMENT_COLUMNS if c != "document"]]
ALIGNMENT_COLUMNS = ["document_a", "topic_a", "label_a", "document_b", "topic_b", "label_b", "similarity"]
BEST_MATCH_COLUMNS = [
    "document_a", "topic_a", "label_a", "document_b", "topic_b", "label_b", "similarity",
    "runner_up", "runner_up_similarity", "mutual", "shared_terms", "coverage_a", "coverage_b",
]


class ComparisonError(ValueError):
    """Fewer than two documents, or documents with nothing to compare."""


def _check_enough(documents: Sequence[str]) -> None:
    if len(documents) < MIN_DOCUMENTS:
        raise ComparisonError(
            f"a comparison needs at least {MIN_DOCUMENTS} documents, got {len(documents)} ({list(documents)}): "
            "put two or more files in input_dir"
        )


# --- keyness -------------------------------------------------------------------


def document_tokens(tokens_by_doc: Mapping[str, pd.DataFrame]) -> dict[str, list[str]]:
    """Document id -> all its content tokens in reading order
    (:func:`plantopics.tokenize.content_sentences`: chapter 0 left out, as in the
    chapter keyness and the LDA corpus).

    ``tokens_by_doc``: id -> the token table of :func:`plantopics.tokenize.read_tokens`
    (columns ``chapter`` and ``tokens``, a list per sentence)."""
    return {doc: [t for row in content_sentences(frame)["tokens"] for t in row] for doc, frame in tokens_by_doc.items()}


def document_keyness(tokens_by_doc: Mapping[str, pd.DataFrame], n_terms: int, min_count: int,
                     correction: str) -> pd.DataFrame:
    """Keyness of each document against all the others together.

    ``tokens_by_doc``: document id -> token table (:func:`plantopics.tokenize.read_tokens`),
    in the order the documents should be listed. Counts are taken over each
    document's content tokens (:func:`document_tokens`); the statistics are
    those of :func:`plantopics.keywords.keyness_scores` (signed G² as quanteda,
    ``correction`` as there, p-value, Hardie's Log Ratio), the ranking that of
    :func:`plantopics.keywords.keyness_table` (G² > 0, count ≥ ``min_count``).

    ``n_terms``, ``min_count`` and ``correction``: the config's ``keywords.n_terms``
    and ``keywords.keyness`` settings.

    Returns one row per document × top term (at most ``n_terms`` per document):
    document, rank, term, g2, p, log_ratio, count_target (in the document),
    count_reference (in all the other documents). Fewer than two documents:
    an empty table with these columns (there is nothing to compare against).
    """
    if len(tokens_by_doc) < MIN_DOCUMENTS:
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    ids = list(tokens_by_doc)
    docs = document_tokens(tokens_by_doc)
    empty = [d for d in ids if not docs[d]]
    if empty:
        raise ComparisonError(f"documents with no content token: {empty}")
    counts = count_matrix({i: docs[d] for i, d in enumerate(ids)})  # integer keys: keyness_scores' "chapter"
    scores = keyness_scores(counts, correction)
    table = keyness_table(scores, n_terms, min_count).rename(columns={"chapter": "document"})
    table["document"] = [ids[i] for i in table["document"]]
    return table[KEYNESS_COLUMNS].reset_index(drop=True)


def document_overview(
    tokens_by_doc: Mapping[str, pd.DataFrame], titles: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """One row per compared document: document, title, n_chapters (chapters ≥ 1),
    n_sentences, n_tokens and n_types (distinct terms) of its content tokens."""
    rows = []
    for doc, frame in tokens_by_doc.items():
        body = content_sentences(frame)
        tokens = [t for row in body["tokens"] for t in row]
        rows.append({
            "document": doc,
            "title": (titles or {}).get(doc, ""),
            "n_chapters": int(body.loc[body["chapter"] > 0, "chapter"].nunique()),
            "n_sentences": len(body),
            "n_tokens": len(tokens),
            "n_types": len(set(tokens)),
        })
    return pd.DataFrame(rows, columns=OVERVIEW_COLUMNS)


def documents_table(overview: pd.DataFrame, failed: Sequence[Mapping[str, str]] = ()) -> pd.DataFrame:
    """The comparison's documents table: the compared documents (``status`` compared)
    then the documents the run could not analyse (``status`` failed, with the
    ``reason``; their counts 0), so the table says what the comparison leaves out."""
    compared = overview.assign(status=COMPARED, reason="")
    left_out = pd.DataFrame(
        [{**dict.fromkeys(OVERVIEW_COLUMNS[2:], 0), "document": row["document"], "title": "", "status": FAILED,
          "reason": row["reason"]} for row in failed],
        columns=DOCUMENTS_COLUMNS,
    )
    return pd.concat([compared[DOCUMENTS_COLUMNS], left_out], ignore_index=True) if len(left_out) else compared


# --- joint LDA -----------------------------------------------------------------


def joint_corpus(tokens_by_doc: Mapping[str, pd.DataFrame], settings: CorpusSettings) -> LdaCorpus:
    """The LDA documents of all documents together, with one dictionary.

    Each document's LDA documents are built on its own exactly as for its own
    model (:func:`plantopics.topics.corpus.build_documents` with
    ``settings.units`` and ``window_tokens``: never across a chapter, chapter 0
    left out when there are chapters), then put one after the other in the
    order of ``tokens_by_doc``. The held-out sample
    (:func:`~plantopics.topics.corpus.held_out_mask`), the dictionary filter
    on the training documents and the ``min_tokens`` floor are then applied to
    the whole, as :func:`~plantopics.topics.corpus.build_corpus` does for one
    document.

    Returns an :class:`~plantopics.topics.corpus.LdaCorpus` whose
    ``documents`` (D rows) has columns document (the document id), unit (the
    LDA document's id within its document: d0001 …), chapter, held_out,
    n_tokens, sentence_ids, tokens (restricted to the dictionary).
    """
    _check_enough(list(tokens_by_doc))
    frames = []
    for doc, tokens in tokens_by_doc.items():
        built = build_documents(tokens, settings.units, settings.window_tokens).rename(columns={"document": "unit"})
        built.insert(0, "document", doc)
        frames.append(built)
    try:
        docs, keep, dictionary = split_and_filter(pd.concat(frames, ignore_index=True), settings)
    except ValueError as err:
        raise ComparisonError(f"joint corpus of all documents: {err}") from err
    docs = docs[keep].reset_index(drop=True)[JOINT_DOCUMENT_COLUMNS]
    left = set(docs["document"])
    lost = [d for d in tokens_by_doc if d not in left]
    if lost:
        raise ComparisonError(f"no LDA document of {lost} has {settings.min_tokens} tokens in the joint dictionary")
    log.info("joint corpus: %d documents, %d LDA documents (%d held out), %d terms, %d tokens",
             len(tokens_by_doc), len(docs), int(docs["held_out"].sum()), len(dictionary), int(docs["n_tokens"].sum()))
    return LdaCorpus(docs, dictionary)


def joint_settings(lda: dict, compare: dict, series: dict | None = None) -> dict:
    """What the joint model takes from the config: the ``lda`` corpus keys,
    engine (with its parameters), selection rule and table settings, and from
    ``compare`` the K grid, pinned K and seeds (each null: the ``lda`` value);
    with ``series.light`` and tomotopy, ``series.light_iterations`` Gibbs iterations per fit.
    Returned as one plain dict (the joint rule's ``params``)."""
    from plantopics.topics.settings import corpus_params

    engine = lda["engine"]
    params = dict(lda[engine])
    if series and series.get("light") and engine == "tomotopy":
        params["iterations"] = int(series["light_iterations"])
    return {
        "corpus": corpus_params(lda),
        "engine": engine,
        "params": params,
        "k_values": [int(k) for k in (compare["k_grid"] or lda["k_grid"])],
        "k": compare["k"],
        "seeds": [int(s) for s in (compare["seeds"] or lda["seeds"])],
        "criterion": lda["criterion"],
        "stability_threshold": lda["stability_threshold"],
        "k_rule": lda["k_rule"],
        "n_top_words": lda["n_top_words"],
        "relevance_lambda": lda["relevance_lambda"],
        "label_max_chapter_share": lda["label_max_chapter_share"],
        "representative_sentences": lda["representative_sentences"],
    }


def joint_grid_size(settings: dict) -> int:
    """How many fits the joint model's grid has (``settings``: :func:`joint_settings`): the
    most processes its job can use (rule compare_topics' ``threads``)."""
    k_values = {int(k) for k in settings["k_values"]} | ({int(settings["k"])} if settings["k"] else set())
    return len(k_values) * len(settings["seeds"])


def joint_reference(tokens_by_doc: Mapping[str, pd.DataFrame]) -> list[list[str]]:
    """Coherence reference texts of the joint model: every document's paragraphs
    (:func:`plantopics.topics.corpus.reference_texts`), one document after the other."""
    return [text for tokens in tokens_by_doc.values() for text in reference_texts(tokens)]


def _fitting_view(corpus: LdaCorpus) -> LdaCorpus:
    """The corpus as :func:`plantopics.topics.fitting.fit_grid` sees it: its
    chapter-NMI diagnostic is computed against (document, chapter), since
    chapter 1 of one document is not chapter 1 of another."""
    documents = corpus.documents.copy()
    documents["chapter"] = documents["document"] + ":" + documents["chapter"].astype(str)
    return LdaCorpus(documents, corpus.dictionary)


def fit_joint_grid(corpus: LdaCorpus, reference: list[list[str]], settings: dict, workers: int = 1):
    """Fit the joint model at every K of ``settings["k_values"]`` (plus the pinned
    ``k``) with every seed and choose K and the seed by the per-document rule
    (:func:`plantopics.topics.fitting.fit_and_select`); ``settings``: :func:`joint_settings`;
    ``workers``: processes fitting at once (the same fits with any number).

    Returns ``(fits, table, selection)``: every fit of the grid
    (:class:`~plantopics.topics.fitting.GridFits`, with their engine models),
    the metrics of every fit (``selection.csv``'s columns, ``nmi`` against
    document and chapter) and the :class:`~plantopics.topics.selection.Selection`.
    """
    from plantopics.topics.fitting import FitGrid, fit_and_select
    from plantopics.topics.selection import selection_table

    engine, pinned = settings["engine"], settings["k"]
    grid = FitGrid.of({engine: settings["params"]}, [*settings["k_values"], *([pinned] if pinned else [])],
                      settings["seeds"])
    result, selections = fit_and_select(_fitting_view(corpus), reference, grid, settings, settings["n_top_words"],
                                        workers=workers)
    choice = selections[engine]
    table = selection_table([result.table], selections, engine)
    return result, table, choice


def fit_joint(corpus: LdaCorpus, reference: list[list[str]], settings: dict):
    """:func:`fit_joint_grid`, returning ``(fitted, table, selection)`` with the
    chosen :class:`~plantopics.topics.engines.FittedModel` (with its engine model)."""
    result, table, choice = fit_joint_grid(corpus, reference, settings)
    return result.fits[(choice.engine, choice.k, choice.seed)], table, choice


def seed_fits(result, choice, corpus: LdaCorpus, seeds: Sequence[int]) -> dict:
    """What the series needs of the joint model to draw topic shares over seeds
    without refitting (docs/series.md): ``seed_fits``, every seed's fit at the
    chosen K (the reported seed first, then ``seeds`` in order), and
    ``unit_topics``, every LDA document's topic mix in each of them (held-out ones
    inferred): seed, document, unit, topic_01 … topic_K, in corpus order per seed.
    Each seed's topics are in its own order (align them by their topic-word)."""
    from plantopics.topics.fitting import all_doc_topic

    order = [choice.seed, *[int(s) for s in seeds if int(s) != choice.seed]]
    fits = [result.fits[(choice.engine, choice.k, seed)] for seed in order]
    frames = []
    for fitted in fits:
        mix = pd.DataFrame(all_doc_topic(fitted, corpus), columns=[topic_column(k + 1) for k in range(fitted.k)])
        frames.append(pd.concat([corpus.documents[["document", "unit"]].reset_index(drop=True), mix], axis=1))
        frames[-1].insert(0, "seed", fitted.seed)
    return {"seed_fits": fits, "unit_topics": pd.concat(frames, ignore_index=True)}


def write_seed_fits(joint: dict, out) -> None:
    """The joint corpus (``out["units"]``: its LDA documents, tokens and sentence
    ids space-joined), the seeds' unit mixes (``unit_topics``) and their fits
    (``seed_fits``: topic-word and training mixes in :func:`plantopics.paths.fit_folder`
    layout, without the engine's model) from :func:`joint_model`."""
    from dataclasses import replace

    from plantopics import paths
    from plantopics.io import write_csv

    units = joint["corpus"].documents.copy()
    units["sentence_ids"] = [" ".join(s) for s in units["sentence_ids"]]
    units["tokens"] = [" ".join(t) for t in units["tokens"]]
    write_csv(out["units"], units[JOINT_DOCUMENT_COLUMNS])
    write_csv(out["unit_topics"], joint["unit_topics"])
    for fitted in joint["seed_fits"]:
        replace(fitted, native=None).save(paths.fit_folder(out["seed_fits"], fitted.engine, fitted.k, fitted.seed))


def _shares(doc_topic: np.ndarray, n_tokens: np.ndarray, keys: pd.DataFrame) -> pd.DataFrame:
    """Token-weighted topic shares (Σ n_d θ_dk / Σ n_d) of each group of ``keys``' rows, in order of appearance."""
    columns = [topic_column(k + 1) for k in range(doc_topic.shape[1])]
    weighted = pd.DataFrame(doc_topic * n_tokens[:, None], columns=columns)
    weighted = pd.concat([keys.reset_index(drop=True), weighted], axis=1)
    weighted["n_tokens"] = n_tokens
    sums = weighted.groupby(list(keys.columns), sort=False).sum()
    topics = [c for c in sums.columns if c.startswith("topic_")]
    shares = sums[topics].div(sums["n_tokens"], axis=0)
    out = sums[["n_tokens"]].astype(int).join(shares).reset_index()
    return out


def joint_tables(
    fitted,
    corpus: LdaCorpus,
    doc_topic: np.ndarray,
    chapter_titles: Mapping[str, Mapping[int, str]] | None,
    n_top_words: int,
    relevance_lambda: float,
    basis: LabelBasis,
) -> dict[str, pd.DataFrame]:
    """The joint model's tables.

    ``fitted``: the chosen model (``topic_word`` K × V over the corpus
    dictionary); ``corpus``: :func:`joint_corpus`; ``doc_topic``: D × K topic
    mixtures of every LDA document (held-out ones inferred:
    :func:`plantopics.topics.fitting.all_doc_topic`); ``chapter_titles``:
    document -> chapter -> title; ``basis``: what relevance and labels are
    measured against, all documents together
    (``LabelBasis.from_tokens(list_of_token_tables, label_max_chapter_share)``).

    Returns ``topics`` (topic, rank, term, probability, relevance, frex — as
    a document's topics.csv), ``summary`` (topic, share, label, top terms …),
    ``document_topics`` (document, n_tokens, topic_01 … topic_K: the share of
    the document's tokens given to each topic; rows sum to 1) and
    ``chapter_topics`` (document, chapter, title, n_tokens, topic_01 …).
    """
    vocabulary = corpus.vocabulary
    n_tokens = corpus.documents["n_tokens"].to_numpy()
    topics = topics_table(fitted.topic_word, vocabulary, basis.term_frequency(vocabulary), n_top_words,
                          relevance_lambda)
    summary = topic_summary(fitted.topic_word, doc_topic, n_tokens, vocabulary, basis, n_top_words, relevance_lambda)
    documents = _shares(doc_topic, n_tokens, corpus.documents[["document"]])
    chapters = _shares(doc_topic, n_tokens, corpus.documents[["document", "chapter"]])
    titles = chapter_titles or {}
    chapters.insert(2, "title", [titles.get(d, {}).get(int(c), "") for d, c in zip(chapters["document"],
                                                                                  chapters["chapter"], strict=True)])
    return {"topics": topics, "summary": summary, "document_topics": documents, "chapter_topics": chapters}


def joint_model(tokens_by_doc: Mapping[str, pd.DataFrame], sentences_by_doc: Mapping[str, pd.DataFrame],
                chapters_by_doc: Mapping[str, pd.DataFrame], settings: dict, workers: int = 1) -> dict:
    """The joint model of all documents and everything the comparison reports about it.

    ``tokens_by_doc``, ``sentences_by_doc`` and ``chapters_by_doc``: each
    document's token table, ``structure/sentences.csv`` and ``structure/chapters.csv``,
    in the order the documents are listed; ``settings``: :func:`joint_settings`;
    ``workers``: processes fitting the grid (:func:`fit_joint_grid`).
    Returns ``fitted`` (the chosen model), ``corpus`` (:func:`joint_corpus`),
    ``selection`` (every fit), ``chosen`` (the decision, the documents and the
    corpus size), the tables of :func:`joint_tables`, ``sentences`` (each joint
    topic's most representative sentences in each document) and every seed's fit
    at the chosen K with its unit mixes (:func:`seed_fits`)."""
    from plantopics.topics.fitting import all_doc_topic
    from plantopics.topics.outputs import representative_sentences

    corpus = joint_corpus(tokens_by_doc, CorpusSettings.from_config(settings["corpus"]))
    result, selection, choice = fit_joint_grid(corpus, joint_reference(tokens_by_doc), settings, workers)
    fitted = result.fits[(choice.engine, choice.k, choice.seed)]
    titles = {doc: dict(zip(frame["chapter"].astype(int), frame["title"], strict=True))
              for doc, frame in chapters_by_doc.items()}
    basis = LabelBasis.from_tokens(list(tokens_by_doc.values()), settings["label_max_chapter_share"])
    tables = joint_tables(fitted, corpus, all_doc_topic(fitted, corpus), titles, settings["n_top_words"],
                          settings["relevance_lambda"], basis)
    found = []
    for doc, tokens in tokens_by_doc.items():
        own = corpus.documents[corpus.documents["document"] == doc]
        frame = representative_sentences(fitted, own, tokens, sentences_by_doc[doc], corpus.dictionary.token2id,
                                         n=settings["representative_sentences"])
        frame.insert(1, "document", doc)
        found.append(frame)
    sentences = pd.concat(found, ignore_index=True).sort_values(["topic", "document", "rank"], kind="mergesort")
    chosen = {**choice.as_dict(), "documents": list(tokens_by_doc), "n_lda_documents": len(corpus.documents),
              "n_terms": len(corpus.dictionary)}
    return {"fitted": fitted, "corpus": corpus, "selection": selection, "chosen": chosen, **tables,
            "sentences": sentences, **seed_fits(result, choice, corpus, settings["seeds"])}


def write_joint_model(joint: dict, out) -> None:
    """The outputs of rule ``compare_topics`` from :func:`joint_model` (``out``
    by name: the tables, ``model`` and :func:`write_seed_fits`'); its figures are
    :func:`joint_figures`', a job of their own."""
    from plantopics import paths
    from plantopics.io import write_csv, write_json
    from plantopics.topics.corpus import save_dictionary

    for name, table in (("selection", "selection"), ("topics", "topics"), ("summary", "summary"),
                        ("document_topics", "document_topics"), ("chapter_topics", "chapter_topics"),
                        ("sentences", "sentences")):
        write_csv(out[name], joint[table])
    write_json(out["chosen"], joint["chosen"])
    fitted = joint["fitted"]
    fitted.save(out["model"])
    save_dictionary(joint["corpus"].dictionary, paths.inside(out["model"], "model_dictionary"))
    write_seed_fits(joint, out)
    log.info("joint model: %s", joint["chosen"]["explanation"])


def joint_figures(comparison, out, n_terms: int) -> None:
    """The joint model's figures (rule ``compare_topic_figures``) from its tables, read through
    ``comparison`` (:class:`plantopics.results.ComparisonResults`): choosing K, the top words,
    documents × topics and chapters × topics (``out`` by name: a PNG and SVG pair each). Drawn
    after the model, in a job of their own, so that they take one core while the series uses the other."""
    from plantopics.compare_figures import shares_heatmap
    from plantopics.topics import figures

    chosen = comparison.joint_choice
    labels = comparison.joint_topic_summary["label"].tolist()
    figures.selection_figure(comparison.joint_selection, chosen, *out["selection_figure"])
    figures.top_words_grid(comparison.joint_topics, labels, *out["top_words"], n_terms=n_terms,
                           title=f"Joint model of {len(chosen['documents'])} documents: {chosen['k']} topics "
                                 f"({chosen['engine']}, seed {chosen['seed']})")
    shares_heatmap(comparison.document_topics, labels, *out["document_figure"],
                   title="Documents × joint topics (token-weighted)")
    shares_heatmap(comparison.chapter_topics, labels, *out["chapter_figure"],
                   title="Chapters × joint topics (token-weighted)")


# --- alignment of each document's own topics -------------------------------------


def load_model(folder) -> tuple[np.ndarray, list[str]]:
    """(topic_word, vocabulary) of a document's chosen model (``lda_model`` of
    :mod:`plantopics.paths`): the vocabulary the model saved, else the dictionary beside it."""
    from plantopics import paths
    from plantopics.topics import engines
    from plantopics.topics.corpus import load_dictionary

    fitted = engines.load(folder, native=False)
    vocabulary = fitted.vocabulary
    if not vocabulary:
        dictionary = load_dictionary(paths.inside(folder, "model_dictionary"))
        vocabulary = [dictionary[i] for i in range(len(dictionary))]
    return fitted.topic_word, list(vocabulary)

Model = tuple[np.ndarray, Sequence[str]]  # (topic_word K × V, vocabulary of V terms)


def topic_models(folders: Mapping[str, str | Path]) -> dict[str, Model]:
    """The chosen model of every document (``folders``: document -> its ``lda_model``
    folder) that has one; a document too small for a topic model is left out, and why is logged."""
    from plantopics.topics.too_small import read_status

    models = {}
    for document, folder in folders.items():
        reason = read_status(folder, "model_status")
        if reason:
            log.warning("%s: its topics are left out of the comparison: %s", document, reason)
        else:
            models[document] = load_model(folder)
    return models


def union_similarity(p: np.ndarray, p_vocab: Sequence[str], q: np.ndarray, q_vocab: Sequence[str]) -> np.ndarray:
    """``1 − Jensen–Shannon distance`` (base 2, in [0, 1]) between every topic
    of ``p`` (K_p × V_p over ``p_vocab``) and every topic of ``q``, over the
    union of the two vocabularies: a term outside a model's vocabulary has
    probability 0 in it, and nothing is renormalised. K_p × K_q, symmetric.
    Topics that spend their probability on terms the other model does not
    have come out dissimilar, as they are."""
    from plantopics.topics.metrics import topic_similarity

    union = list(dict.fromkeys([*p_vocab, *q_vocab]))
    index = {t: i for i, t in enumerate(union)}
    pu = np.zeros((p.shape[0], len(union)))
    qu = np.zeros((q.shape[0], len(union)))
    pu[:, [index[t] for t in p_vocab]] = p
    qu[:, [index[t] for t in q_vocab]] = q
    return topic_similarity(pu, qu)


def pair_similarity(a: Model, b: Model) -> np.ndarray:
    """K_a × K_b similarity of two documents' topics (:func:`union_similarity`)."""
    return union_similarity(a[0], a[1], b[0], b[1])


def coverage(a: Model, b: Model) -> np.ndarray:
    """For each topic of ``a`` (K_a), the share of its probability on terms
    that ``b``'s vocabulary has too: how much of the topic a comparison with
    ``b`` can see at all."""
    pa, va = a
    known = set(b[1])
    mask = np.array([t in known for t in va], dtype=bool)
    return pa[:, mask].sum(axis=1) if mask.any() else np.zeros(pa.shape[0])


def topic_alignment(
    models: Mapping[str, Model],
    labels: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Similarity of every topic of every document to every topic of every other document.

    ``models``: document id -> (topic_word K_d × V_d, vocabulary of V_d terms),
    each document's own chosen model
    (``plantopics.topics.engines.load(results/<id>/lda/model, native=False)``);
    ``labels``: document id -> K_d topic labels. Similarity is
    ``1 − Jensen–Shannon distance`` (base 2, in [0, 1]; symmetric; 1 for
    identical distributions) over the union of the two vocabularies
    (:func:`union_similarity`).

    Returns one row per ordered pair of documents (a ≠ b) and pair of topics:
    document_a, topic_a, label_a, document_b, topic_b, label_b, similarity —
    Σ_a Σ_{b≠a} K_a × K_b rows, documents in the order of ``models``, topics
    1-based. Fewer than two documents: an empty table.
    """
    labels = labels or {}
    rows = []
    for a in models:
        for b in models:
            if a == b:
                continue
            sim = pair_similarity(models[a], models[b])
            la, lb = labels.get(a, [""] * sim.shape[0]), labels.get(b, [""] * sim.shape[1])
            for i in range(sim.shape[0]):
                for j in range(sim.shape[1]):
                    rows.append((a, i + 1, la[i], b, j + 1, lb[j], float(sim[i, j])))
    return pd.DataFrame(rows, columns=ALIGNMENT_COLUMNS)


def best_matches(alignment: pd.DataFrame, models: Mapping[str, Model] | None = None) -> pd.DataFrame:
    """Each topic's most similar topic in every other document.

    ``alignment``: :func:`topic_alignment`. One row per (document_a, topic_a,
    document_b), in the order of ``alignment``: the best topic_b with its
    label and similarity (ties: the smaller topic number), the runner-up and
    its similarity (empty when document_b has one topic), ``mutual`` — True
    when topic_a is in turn topic_b's best match in document_a (a one-to-one
    correspondence, the alignment to trust first) — and, given ``models``,
    ``shared_terms`` (terms both vocabularies have) and ``coverage_a`` /
    ``coverage_b`` (:func:`coverage`: each topic's probability on those terms).
    """
    if alignment.empty:
        return pd.DataFrame(columns=BEST_MATCH_COLUMNS)
    keys = ["document_a", "topic_a", "document_b"]
    order = {d: i for i, d in enumerate(dict.fromkeys([*alignment["document_a"], *alignment["document_b"]]))}
    frame = alignment.assign(_a=alignment["document_a"].map(order), _b=alignment["document_b"].map(order))
    ranked = frame.sort_values(["_a", "topic_a", "_b", "similarity", "topic_b"],
                               ascending=[True, True, True, False, True], kind="mergesort")
    ranked["_position"] = ranked.groupby(keys, sort=False).cumcount()
    best = ranked[ranked["_position"] == 0].set_index(keys)
    second = ranked[ranked["_position"] == 1].set_index(keys)
    best["runner_up"] = second["topic_b"].reindex(best.index).astype("Int64")
    best["runner_up_similarity"] = second["similarity"].reindex(best.index)
    best = best.reset_index()
    choice = dict(zip(zip(best["document_a"], best["topic_a"], best["document_b"], strict=True), best["topic_b"],
                      strict=True))
    best["mutual"] = [choice.get((b, tb, a)) == ta for a, ta, b, tb in
                      zip(best["document_a"], best["topic_a"], best["document_b"], best["topic_b"], strict=True)]
    best["shared_terms"] = pd.array([None] * len(best), dtype="Int64")
    best["coverage_a"] = np.nan
    best["coverage_b"] = np.nan
    if models:
        for (a, b), rows in best.groupby(["document_a", "document_b"], sort=False).groups.items():
            cov_a, cov_b = coverage(models[a], models[b]), coverage(models[b], models[a])
            best.loc[rows, "shared_terms"] = len(set(models[a][1]) & set(models[b][1]))
            best.loc[rows, "coverage_a"] = cov_a[best.loc[rows, "topic_a"].to_numpy() - 1]
            best.loc[rows, "coverage_b"] = cov_b[best.loc[rows, "topic_b"].to_numpy() - 1]
    return best[BEST_MATCH_COLUMNS].reset_index(drop=True)


def alignment_matrix(models: Mapping[str, Model]) -> tuple[np.ndarray, list[tuple[str, int]]]:
    """The square matrix of every topic of every document against every other
    (N × N, N = Σ K_d), blocks in document order; a document against itself is
    NaN (its topics are not aligned with each other). Returns (matrix, row keys
    as (document, topic))."""
    ids = list(models)
    keys = [(d, t + 1) for d in ids for t in range(models[d][0].shape[0])]
    offsets = np.cumsum([0] + [models[d][0].shape[0] for d in ids])
    matrix = np.full((len(keys), len(keys)), np.nan)
    for i, a in enumerate(ids):
        for j, b in enumerate(ids):
            if a != b:
                matrix[offsets[i]:offsets[i + 1], offsets[j]:offsets[j + 1]] = pair_similarity(
                    models[a], models[b])
    return matrix, keys


__all__ = [
    "ComparisonError",
    "document_tokens",
    "document_keyness",
    "document_overview",
    "joint_grid_size",
    "joint_corpus",
    "joint_settings",
    "joint_reference",
    "fit_joint_grid",
    "fit_joint",
    "seed_fits",
    "write_seed_fits",
    "joint_tables",
    "joint_model",
    "write_joint_model",
    "joint_figures",
    "load_model",
    "union_similarity",
    "pair_similarity",
    "coverage",
    "topic_alignment",
    "best_matches",
    "alignment_matrix",
]
