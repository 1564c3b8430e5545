"""Tables of the chosen model. Topics are numbered 1..K everywhere (tables,
figures, explorer) in the model's own order; no table re-sorts them.

* ``topics.csv`` — each topic's top ``n`` terms by probability (``rank`` 1..n)
  with ``probability``, LDAvis ``relevance`` (Sievert & Shirley 2014:
  ``λ log φ_kw + (1 − λ) log(φ_kw / p_w)``, ``p_w`` the term's share of all
  the document's tokens, :class:`LabelBasis`) and stm's ``frex`` (Roberts et
  al.: the harmonic mean of the term's within-topic rank of exclusivity
  ``φ_kw / Σ_j φ_jw`` and of probability, weight 0.5,
  :func:`plantopics.topics.metrics.frex`), both of which favour terms that
  set the topic apart.
* ``topic_summary.csv`` — per topic: share of all tokens, its label
  (:func:`topic_labels`: the top three terms by relevance, never a term found
  in most of the document's chapters), top terms by probability, relevance
  and FREX.
* ``doc_topics.csv`` — LDA document × topic, with chapter, sentence span and
  dominant topic.
* ``chapter_topics.csv`` — chapter × topic, token-weighted: the share of the
  chapter's tokens LDA assigns to each topic (``Σ_d n_d θ_dk / Σ_d n_d``).
* ``representative_sentences.csv`` — each topic's most representative
  sentences: those whose own topic mixture (the model's inference on the
  sentence alone) gives the topic the largest share; sentences with fewer than
  ``min_tokens`` dictionary tokens are skipped (too little evidence).
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from plantopics.topics.metrics import frex


def topic_column(k: int) -> str:
    """``topic_01`` … for topic k (1-based)."""
    return f"topic_{k:02d}"


def relevance(topic_word: np.ndarray, term_share: np.ndarray, lam: float) -> np.ndarray:
    """LDAvis relevance (K × V) with weight ``lam`` on the topic probability."""
    if not 0 <= lam <= 1:
        raise ValueError("relevance lambda must be in [0, 1]")
    with np.errstate(divide="ignore"):
        log_p = np.log(topic_word)
        log_lift = log_p - np.log(term_share)[None, :]
    return lam * log_p + (1 - lam) * log_lift


def _ranked(scores: np.ndarray, n: int) -> np.ndarray:
    """K × n ids by descending score, ties by smaller id."""
    return np.argsort(-scores, axis=1, kind="stable")[:, :n]


def topics_table(
    topic_word: np.ndarray, vocabulary: Sequence[str], term_frequency: np.ndarray, n: int, lam: float
) -> pd.DataFrame:
    term_share = term_frequency / term_frequency.sum()
    rel = relevance(topic_word, np.maximum(term_share, 1e-12), lam)
    fx = frex(topic_word)
    rows = []
    for k, ids in enumerate(_ranked(topic_word, n)):
        for rank, i in enumerate(ids, start=1):
            rows.append((k + 1, rank, vocabulary[i], topic_word[k, i], rel[k, i], fx[k, i]))
    return pd.DataFrame(rows, columns=["topic", "rank", "term", "probability", "relevance", "frex"])


def topic_shares(doc_topic: np.ndarray, n_tokens: np.ndarray) -> np.ndarray:
    """Token-weighted share of each topic in the whole corpus."""
    weights = doc_topic * n_tokens[:, None]
    return weights.sum(axis=0) / weights.sum()


LABEL_TERMS = 3
LABEL_MIN_CHAPTERS = 5


def chapter_terms(tokens: pd.DataFrame | Sequence[pd.DataFrame]) -> list[list[str]]:
    """Each chapter's tokens, of a document's token table
    (:func:`plantopics.tokenize.read_tokens`) or of several documents' (a
    comparison's joint model), one document after the other: chapters 1.. (the
    front matter left out), a document without chapters as one."""
    from plantopics.keywords import chapter_tokens

    chapters = []
    for table in [tokens] if isinstance(tokens, pd.DataFrame) else tokens:
        chapters += list(chapter_tokens(table).values()) or [[t for row in table["tokens"] for t in row]]
    return chapters


def document_term_frequency(counts: dict[str, int], vocabulary: Sequence[str]) -> np.ndarray:
    """Each vocabulary term's count in the document (``counts``: term -> count;
    at least 1: a model's term is in the document it was fitted on)."""
    return np.array([max(counts.get(t, 0), 1) for t in vocabulary], dtype=float)


@dataclass(frozen=True)
class LabelBasis:
    """What a topic label sets the topic apart from: the document's term
    distribution (``counts`` of every term over its chapters) and the terms too
    common to label anything (``common``: those in at least ``max_chapter_share``
    of the chapters, ``lda.label_max_chapter_share``). With fewer than
    :data:`LABEL_MIN_CHAPTERS` chapters no term is common: a subject of a
    two-part work report is in both its review and its plan, and that makes it
    no less a subject."""

    counts: dict[str, int]
    common: frozenset[str]
    n_chapters: int

    @classmethod
    def from_chapters(cls, chapters: Sequence[Sequence[str]], max_chapter_share: float) -> LabelBasis:
        """``chapters``: each chapter's tokens (of one document, or of every
        document of a comparison)."""
        if not 0 < max_chapter_share <= 1:
            raise ValueError("label_max_chapter_share must be in (0, 1]")
        counts = Counter(t for tokens in chapters for t in tokens)
        n = len(chapters)
        common: frozenset[str] = frozenset()
        if n >= LABEL_MIN_CHAPTERS:
            spread = Counter(t for tokens in chapters for t in set(tokens))
            needed = max_chapter_share * n - 1e-9  # 85 % of 15 chapters: 12.75, so 13 chapters
            common = frozenset(t for t, c in spread.items() if c >= needed)
        return cls(dict(counts), common, n)

    @classmethod
    def from_tokens(cls, tokens: pd.DataFrame | Sequence[pd.DataFrame], max_chapter_share: float) -> LabelBasis:
        """From a document's token table, or several documents' (:func:`chapter_terms`)."""
        return cls.from_chapters(chapter_terms(tokens), max_chapter_share)

    def term_frequency(self, vocabulary: Sequence[str]) -> np.ndarray:
        return document_term_frequency(self.counts, vocabulary)


def topic_labels(topic_word: np.ndarray, vocabulary: Sequence[str], basis: LabelBasis, lam: float,
                 n: int = LABEL_TERMS) -> list[str]:
    """The label of every topic — the one function every table, figure and
    comparison takes its labels from: the topic's top ``n`` terms by relevance
    (weight ``lam``) against the document's term distribution, leaving out the
    terms in most of its chapters (:class:`LabelBasis`), joined by '、'.

    Relevance rather than FREX because it measures a term against the whole
    document, so a chapter's topic (fitted on the chapter alone) is labelled by
    what sets it apart in the document, where FREX could only compare it with
    the chapter's other two or three topics."""
    term_share = basis.term_frequency(vocabulary)
    scores = relevance(topic_word, term_share / term_share.sum(), lam)
    common = np.array([t in basis.common for t in vocabulary], dtype=bool)
    scores = np.where(common[None, :], -np.inf, scores)
    return ["、".join(vocabulary[i] for i in row if np.isfinite(scores[k, i]))
            for k, row in enumerate(_ranked(scores, n))]


def topic_summary(
    topic_word: np.ndarray,
    doc_topic: np.ndarray,
    n_tokens: np.ndarray,
    vocabulary: Sequence[str],
    basis: LabelBasis,
    n: int,
    lam: float,
    coherence: dict[str, list[float]] | None = None,
) -> pd.DataFrame:
    """One row per topic: share of all tokens, label (:func:`topic_labels`),
    top ``n`` terms by probability, by relevance against the document's term
    distribution (``basis``) and by FREX, and each ``coherence`` measure."""
    term_frequency = basis.term_frequency(vocabulary)
    term_share = term_frequency / term_frequency.sum()
    by = {
        "top_terms": _ranked(topic_word, n),
        "top_relevance": _ranked(relevance(topic_word, term_share, lam), n),
        "top_frex": _ranked(frex(topic_word), n),
    }
    frame = pd.DataFrame(
        {
            "topic": np.arange(1, topic_word.shape[0] + 1),
            "share": topic_shares(doc_topic, n_tokens),
            "label": topic_labels(topic_word, vocabulary, basis, lam),
            **{name: [" ".join(vocabulary[i] for i in row) for row in ids] for name, ids in by.items()},
        }
    )
    for measure, values in (coherence or {}).items():
        frame[measure] = values
    return frame


def doc_topics_table(documents: pd.DataFrame, doc_topic: np.ndarray) -> pd.DataFrame:
    """``documents`` (LdaCorpus.documents) with each document's topic mixture."""
    out = pd.DataFrame(
        {
            "document": documents["document"].to_numpy(),
            "chapter": documents["chapter"].to_numpy(),
            "held_out": documents["held_out"].to_numpy(),
            "n_tokens": documents["n_tokens"].to_numpy(),
            "first_sentence": [s[0] for s in documents["sentence_ids"]],
            "last_sentence": [s[-1] for s in documents["sentence_ids"]],
            "dominant_topic": np.argmax(doc_topic, axis=1) + 1,
        }
    )
    topics = pd.DataFrame(doc_topic, columns=[topic_column(k) for k in range(1, doc_topic.shape[1] + 1)])
    return pd.concat([out, topics], axis=1)


def chapter_topics_table(documents: pd.DataFrame, doc_topic: np.ndarray, chapters: pd.DataFrame) -> pd.DataFrame:
    """Chapter × topic shares weighted by tokens; ``chapters``: the structure's
    chapters table (chapter, title). A chapter with no LDA document (a heading
    and nothing else, or no term left after filtering) has n_tokens 0 and shares 0."""
    n = documents["n_tokens"].to_numpy(dtype=float)
    weighted = pd.DataFrame(doc_topic * n[:, None])
    weighted["chapter"] = documents["chapter"].to_numpy()
    weighted["n_tokens"] = n
    sums = weighted.groupby("chapter", sort=True).sum()
    shares = sums.drop(columns="n_tokens").div(sums["n_tokens"], axis=0)
    shares.columns = [topic_column(k) for k in range(1, doc_topic.shape[1] + 1)]
    every = sorted(set(sums.index.astype(int)) | {int(c) for c in chapters.get("chapter", []) if int(c) > 0})
    sums, shares = sums.reindex(every, fill_value=0), shares.reindex(every, fill_value=0.0)
    titles = chapters.set_index("chapter")["title"] if len(chapters) else pd.Series(dtype=str)
    out = pd.DataFrame(
        {
            "chapter": shares.index.astype(int),
            "title": [titles.get(c, "") for c in shares.index],
            "n_tokens": sums["n_tokens"].astype(int).to_numpy(),
        }
    )
    return pd.concat([out.reset_index(drop=True), shares.reset_index(drop=True)], axis=1)


def representative_sentences(
    fitted,
    documents: pd.DataFrame,
    sentence_tokens: pd.DataFrame,
    sentence_text: pd.DataFrame,
    token2id: dict[str, int],
    n: int = 5,
    min_tokens: int = 5,
) -> pd.DataFrame:
    """The ``n`` sentences with the highest share of each topic (module docstring).

    ``fitted``: the model (infers each sentence's own mixture); ``documents``:
    the LDA documents (their sentences are the candidates); ``sentence_tokens``:
    the token table (sentence_id, chapter, tokens); ``sentence_text``:
    structure/sentences.csv (sentence_id, text).
    """
    columns = ["topic", "rank", "sentence_id", "chapter", "share", "n_tokens", "text"]
    candidates = {sid for ids in documents["sentence_ids"] for sid in ids}
    text_of = dict(zip(sentence_text["sentence_id"], sentence_text["text"], strict=True))
    ids, chapters, words = [], [], []
    for sid, chapter, tokens in zip(sentence_tokens["sentence_id"], sentence_tokens["chapter"],
                                    sentence_tokens["tokens"], strict=True):
        known = [token2id[t] for t in tokens if t in token2id]
        if sid in candidates and len(known) >= min_tokens:
            ids.append(sid)
            chapters.append(int(chapter))
            words.append(np.asarray(known, dtype=np.int64))
    if not ids:
        return pd.DataFrame(columns=columns)
    share = fitted.infer(words)  # S × K
    lengths = np.array([len(w) for w in words])
    rows = []
    for k in range(share.shape[1]):
        # highest share (to 3 decimals) first; ties: longer sentence, then text order
        order = np.lexsort((np.arange(len(ids)), -lengths, -np.round(share[:, k], 3)))[:n]
        for rank, i in enumerate(order, start=1):
            rows.append((k + 1, rank, ids[i], chapters[i], share[i, k], int(lengths[i]), text_of.get(ids[i], "")))
    return pd.DataFrame(rows, columns=columns)


def write_model_outputs(
    fitted,
    corpus,
    reference: list[list[str]] | None,
    tokens: pd.DataFrame,
    sentences: pd.DataFrame,
    chapters: pd.DataFrame,
    paths: dict[str, str],
    n_top_words: int,
    relevance_lambda: float,
    label_max_chapter_share: float,
    n_representative: int,
    coherence: dict[str, list[float]] | None = None,
) -> dict:
    """Compute and write the chosen model's tables.

    ``fitted``: :class:`~plantopics.topics.engines.FittedModel` (with its
    engine model, to infer the held-out documents); ``corpus``: its
    :class:`~plantopics.topics.corpus.LdaCorpus`; ``paths``: keys ``topics``,
    ``summary``, ``doc_topics``, ``chapter_topics``, ``representative``.
    Relevance and labels are measured against ``tokens``, the whole document
    (:class:`LabelBasis` with ``label_max_chapter_share``).
    ``coherence``: each measure's value per topic, as the fit job recorded
    it (``topic_coherence.csv``); None computes it here on the ``reference``
    texts (needs gensim).
    Returns the tables, the labels and the document × topic matrix for the figures.
    """
    from plantopics.io import write_csv
    from plantopics.topics.fitting import all_doc_topic

    doc_topic = all_doc_topic(fitted, corpus)
    vocabulary = corpus.vocabulary
    basis = LabelBasis.from_tokens(tokens, label_max_chapter_share)
    n_tokens = corpus.documents["n_tokens"].to_numpy()
    topics = topics_table(fitted.topic_word, vocabulary, basis.term_frequency(vocabulary), n_top_words,
                          relevance_lambda)
    if coherence is None:
        from plantopics.topics.metrics import CoherenceScorer, top_words

        coherence = CoherenceScorer(reference, corpus.dictionary).score_many_per_topic(
            [top_words(fitted.topic_word, vocabulary, n_top_words)]
        )[0]
    summary = topic_summary(fitted.topic_word, doc_topic, n_tokens, vocabulary, basis, n_top_words, relevance_lambda,
                            coherence)
    doc_table = doc_topics_table(corpus.documents, doc_topic)
    chapter_table = chapter_topics_table(corpus.documents, doc_topic, chapters)
    representative = representative_sentences(fitted, corpus.documents, tokens, sentences,
                                              corpus.token2id, n=n_representative)
    for key, frame in (("topics", topics), ("summary", summary), ("doc_topics", doc_table),
                       ("chapter_topics", chapter_table), ("representative", representative)):
        write_csv(paths[key], frame)
    return {"topics": topics, "summary": summary, "doc_topics": doc_table, "chapter_topics": chapter_table,
            "representative": representative, "labels": summary["label"].tolist(), "doc_topic": doc_topic}


def write_chosen_model(fit_dir: str | Path, corpus_dir: str | Path, tokens: pd.DataFrame, sentences: pd.DataFrame,
                       chapters: pd.DataFrame, settings: dict, out, title: str) -> None:
    """Everything the workflow writes about the chosen model (rule ``lda_model_outputs``).

    ``fit_dir``: the chosen fit's folder (with its topic coherence, as the fit job
    wrote it: no gensim needed here); ``corpus_dir``: the LDA corpus; ``settings``:
    ``n_top_words``, ``relevance_lambda``, ``label_max_chapter_share``,
    ``representative_sentences``; ``out``:
    the rule's outputs by name (the tables, ``model``, the figure pairs
    ``top_words`` and ``heatmap``, ``wordclouds`` and ``explorer``); ``title``
    heads the figures and the explorer.
    """
    from plantopics import paths as result_paths
    from plantopics.io import read_csv
    from plantopics.topics import engines, explorer, figures
    from plantopics.topics.corpus import LdaCorpus

    fitted = engines.load(fit_dir)
    corpus = LdaCorpus.load(corpus_dir)
    recorded = read_csv(Path(fit_dir) / result_paths.FIT_COHERENCE)
    result = write_model_outputs(
        fitted, corpus, None, tokens, sentences, chapters,
        {name: out[name] for name in ("topics", "summary", "doc_topics", "chapter_topics", "representative")},
        settings["n_top_words"], settings["relevance_lambda"], settings["label_max_chapter_share"],
        settings["representative_sentences"],
        coherence={m: recorded[m].tolist() for m in recorded.columns if m != "topic"},
    )
    # the model and its dictionary, where notebooks and the comparison load them (plantopics.topics.engines.load)
    shutil.copytree(fit_dir, out["model"], dirs_exist_ok=True)
    shutil.copy2(result_paths.inside(corpus_dir, "lda_dictionary"),
                 result_paths.inside(out["model"], "model_dictionary"))
    labels = result["labels"]
    figures.top_words_grid(result["topics"], labels, *out["top_words"], n_terms=settings["n_top_words"],
                           title=f"{title}: {fitted.k} topics ({fitted.engine}, seed {fitted.seed})")
    figures.chapter_heatmap(result["chapter_topics"], labels, *out["heatmap"])
    figures.topic_word_clouds(fitted.topic_word, corpus.vocabulary, labels, out["wordclouds"])
    prepared = explorer.prepare(fitted.topic_word, result["doc_topic"], corpus.documents["n_tokens"].to_numpy(),
                                corpus.vocabulary, corpus.term_frequency())
    explorer.write_explorer(out["explorer"], prepared, f"{title}: LDA topics (K={fitted.k})")
