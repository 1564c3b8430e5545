"""The documents LDA sees, their vocabulary and the held-out split.

An *LDA document* is built from consecutive tokenized sentences of one chapter
(never across a chapter boundary) in one of three ways (``units``):

* ``paragraph`` — a paragraph or box item; a heading (chapter, section or box
  title) is joined to the unit after it in the same chapter (to the one before
  it when it ends its chapter), so headings do not become 3-token documents;
* ``sentence`` — one sentence;
* ``window`` — consecutive sentences of about ``window_tokens`` tokens: a
  sentence joins the current window unless that moves the window's length
  further from ``window_tokens`` than stopping does; a chapter's last window
  shorter than half the target is merged into the window before it.

Token counts here are those of the tokenize stage (before the dictionary).
Chapter 0 (the title and front matter) is left out when the document has
chapters: it is boilerplate, and it is no chapter for the chapter diagnostics.

Every LDA document keeps its chapter and its sentence ids. The held-out
documents are a systematic sample (every ``1/held_out_fraction``-th document,
in document order), so the split is deterministic and spread over all
chapters. The gensim :class:`~gensim.corpora.Dictionary` is built from the
training documents only and filtered with ``filter_extremes(no_below,
no_above, keep_n)``; tokens outside it are dropped from every document, and
documents left with fewer than ``min_tokens`` tokens are dropped.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from plantopics import paths
from plantopics.tokenize import content_sentences

log = logging.getLogger(__name__)

UNIT_TYPES = ("paragraph", "sentence", "window")
HEADING_KINDS = frozenset({"chapter_title", "section_title", "box_title"})
DOCUMENT_COLUMNS = ["document", "chapter", "held_out", "n_tokens", "sentence_ids", "tokens"]


@dataclass(frozen=True)
class DictionarySettings:
    """gensim ``filter_extremes`` arguments (a config ``dictionary`` section): keep
    terms in at least ``no_below`` training documents and in at most ``no_above``
    (a share) of them, then the ``keep_n`` most frequent by document frequency (None keeps all)."""

    no_below: int
    no_above: float
    keep_n: int | None

    @classmethod
    def from_config(cls, section: dict) -> DictionarySettings:
        return cls(no_below=int(section["no_below"]), no_above=float(section["no_above"]), keep_n=section["keep_n"])


@dataclass(frozen=True)
class CorpusSettings:
    """What the config's ``lda`` section sets for the corpus (see docs/topics.md), by the same names."""

    units: str
    window_tokens: int
    min_tokens: int
    held_out_fraction: float
    dictionary: DictionarySettings

    def __post_init__(self) -> None:
        if self.units not in UNIT_TYPES:
            raise ValueError(f"lda units must be one of {UNIT_TYPES}, not {self.units!r}")
        if self.window_tokens < 1:
            raise ValueError("lda window_tokens must be at least 1")
        if not 0 <= self.held_out_fraction < 1:
            raise ValueError("lda held_out_fraction must be in [0, 1)")

    @classmethod
    def from_config(cls, lda: dict) -> CorpusSettings:
        return cls(
            units=lda["units"],
            window_tokens=int(lda["window_tokens"]),
            min_tokens=int(lda["min_tokens"]),
            held_out_fraction=float(lda["held_out_fraction"]),
            dictionary=DictionarySettings.from_config(lda["dictionary"]),
        )


# --------------------------------------------------------------------------- documents


def _paragraph_groups(sentences: pd.DataFrame) -> list[list[int]]:
    """Row positions of each paragraph, headings joined to the next unit of their chapter."""
    groups: list[list[int]] = []
    chapters: list[int] = []
    pending: list[int] = []  # heading rows waiting for the unit after them
    pending_chapter = None
    for unit_id, rows in sentences.groupby("unit_id", sort=False).indices.items():
        del unit_id
        rows = list(rows)
        chapter = int(sentences["chapter"].iat[rows[0]])
        if pending and pending_chapter != chapter:
            _flush_heading(groups, chapters, pending, pending_chapter)
            pending = []
        if sentences["kind"].iat[rows[0]] in HEADING_KINDS:
            pending += rows
            pending_chapter = chapter
            continue
        groups.append(pending + rows)
        chapters.append(chapter)
        pending = []
    if pending:
        _flush_heading(groups, chapters, pending, pending_chapter)
    return groups


def _flush_heading(groups: list[list[int]], chapters: list[int], rows: list[int], chapter: int | None) -> None:
    """A heading with no unit after it in its chapter joins the unit before it, or stands alone."""
    if groups and chapters[-1] == chapter:
        groups[-1] = groups[-1] + rows
    else:
        groups.append(rows)
        chapters.append(chapter)


def _window_groups(sentences: pd.DataFrame, target: int) -> list[list[int]]:
    """Row positions of each window of about ``target`` tokens within each chapter."""
    groups: list[list[int]] = []
    lengths = sentences["n_tokens"].to_numpy()
    for _, rows in sentences.groupby("chapter", sort=False).indices.items():
        chapter_groups: list[list[int]] = []
        current: list[int] = []
        size = 0
        for row in rows:
            n = int(lengths[row])
            if current and abs(size + n - target) > abs(size - target):
                chapter_groups.append(current)
                current, size = [], 0
            current.append(int(row))
            size += n
        if current:
            if chapter_groups and size < target / 2:
                chapter_groups[-1] = chapter_groups[-1] + current
            else:
                chapter_groups.append(current)
        groups += chapter_groups
    return groups


def build_documents(tokens: pd.DataFrame, units: str, window_tokens: int | None = None) -> pd.DataFrame:
    """LDA documents from the token table (:func:`plantopics.tokenize.read_tokens`);
    ``window_tokens`` is the target length of a window (``units`` window only).

    Returns a frame with ``document`` (d0001 …), ``chapter``, ``sentence_ids``
    (list), ``n_tokens`` and ``tokens`` (list), in document order.
    """
    if units not in UNIT_TYPES:
        raise ValueError(f"units must be one of {UNIT_TYPES}, not {units!r}")
    sentences = content_sentences(tokens)
    if units == "sentence":
        groups = [[i] for i in range(len(sentences))]
    elif units == "paragraph":
        groups = _paragraph_groups(sentences)
    elif window_tokens is None:
        raise ValueError("window units need window_tokens")
    else:
        groups = _window_groups(sentences, window_tokens)
    token_lists = sentences["tokens"].tolist()
    ids = sentences["sentence_id"].tolist()
    chapters = sentences["chapter"].to_numpy()
    rows = []
    for group in groups:
        doc_tokens = [t for i in group for t in token_lists[i]]
        rows.append((int(chapters[group[0]]), [ids[i] for i in group], len(doc_tokens), doc_tokens))
    frame = pd.DataFrame(rows, columns=["chapter", "sentence_ids", "n_tokens", "tokens"])
    frame.insert(0, "document", [f"d{i:04d}" for i in range(1, len(frame) + 1)])
    return frame


def reference_texts(tokens: pd.DataFrame) -> list[list[str]]:
    """The texts coherence is measured on: the paragraphs (headings joined), the
    same whatever the LDA documents are, so coherence compares unit choices fairly."""
    docs = build_documents(tokens, "paragraph")
    return [t for t in docs["tokens"] if t]


def save_reference(path: str | Path, texts: list[list[str]]) -> None:
    """Reference texts as a table (text, tokens space-joined)."""
    from plantopics.io import write_csv

    write_csv(path, pd.DataFrame({"text": np.arange(1, len(texts) + 1), "tokens": [" ".join(t) for t in texts]}))


def load_reference(path: str | Path) -> list[list[str]]:
    from plantopics.io import read_csv

    return [t.split() for t in read_csv(path, dtype={"tokens": str})["tokens"]]


def held_out_mask(n: int, fraction: float) -> np.ndarray:
    """Systematic sample: document ``i`` (0-based) is held out when
    ``floor((i + 1) * fraction) > floor(i * fraction)``; ``round(n * fraction)``
    documents or so, evenly spread."""
    if fraction <= 0:
        return np.zeros(n, dtype=bool)
    i = np.arange(n)
    return np.floor((i + 1) * fraction + 1e-9) > np.floor(i * fraction + 1e-9)


# --------------------------------------------------------------------------- dictionary


def build_dictionary(texts: Iterable[list[str]], settings: DictionarySettings):
    """A filtered gensim Dictionary (ids are deterministic: gensim numbers new
    words in sorted order per document, and ``compactify`` keeps their order)."""
    from gensim.corpora import Dictionary

    dictionary = Dictionary(texts)
    dictionary.filter_extremes(no_below=settings.no_below, no_above=settings.no_above, keep_n=settings.keep_n)
    return dictionary


class LdaCorpus:
    """LDA documents (``documents``: document, chapter, held_out, n_tokens,
    sentence_ids, tokens — tokens restricted to the dictionary) and their
    vocabulary. ``vocabulary`` (terms by dictionary id) and ``token2id`` need
    no gensim; ``dictionary`` (the gensim Dictionary, for coherence) is
    loaded from ``dictionary.txt`` on first use after :meth:`load`, so jobs
    that only read topics do not pay gensim's import."""

    def __init__(self, documents: pd.DataFrame, dictionary=None, vocabulary: list[str] | None = None,
                 dictionary_path: str | Path | None = None):
        if dictionary is None and vocabulary is None:
            raise ValueError("LdaCorpus needs a gensim Dictionary or a vocabulary")
        self.documents = documents
        self._dictionary = dictionary
        self._dictionary_path = dictionary_path
        self.vocabulary: list[str] = (
            list(vocabulary) if vocabulary is not None else [dictionary[i] for i in range(len(dictionary))]
        )
        self.token2id: dict[str, int] = {term: i for i, term in enumerate(self.vocabulary)}

    @property
    def dictionary(self):
        """The gensim Dictionary (ids equal to ``token2id``)."""
        if self._dictionary is None:
            if self._dictionary_path is None:
                raise ValueError("this corpus has no gensim Dictionary")
            self._dictionary = load_dictionary(self._dictionary_path)
        return self._dictionary

    @property
    def train(self) -> pd.DataFrame:
        return self.documents[~self.documents["held_out"]]

    @property
    def held_out(self) -> pd.DataFrame:
        return self.documents[self.documents["held_out"]]

    def word_ids(self, frame: pd.DataFrame | None = None) -> list[np.ndarray]:
        """Each document's tokens as dictionary ids, in text order."""
        frame = self.documents if frame is None else frame
        token2id = self.token2id
        return [np.array([token2id[t] for t in toks], dtype=np.int64) for toks in frame["tokens"]]

    def term_frequency(self) -> np.ndarray:
        """Occurrences of every term in all LDA documents, by dictionary id."""
        counts = np.zeros(len(self.vocabulary), dtype=np.int64)
        for ids in self.word_ids():
            np.add.at(counts, ids, 1)
        return counts

    # ---- files
    def save(self, folder: str | Path) -> None:
        """The documents (``lda_documents``), the gensim dictionary in its text
        format (``lda_dictionary``) and the vocabulary (``lda_vocabulary``: id,
        term, document_frequency, frequency) in ``folder`` (names: :data:`plantopics.paths.INSIDE`)."""
        from plantopics.io import write_csv

        out = self.documents.copy()
        out["sentence_ids"] = [" ".join(s) for s in out["sentence_ids"]]
        out["tokens"] = [" ".join(t) for t in out["tokens"]]
        write_csv(paths.inside(folder, "lda_documents"), out[DOCUMENT_COLUMNS])
        save_dictionary(self.dictionary, paths.inside(folder, "lda_dictionary"))
        vocab = pd.DataFrame(
            {
                "id": np.arange(len(self.vocabulary)),
                "term": self.vocabulary,
                "document_frequency": [self.dictionary.dfs.get(i, 0) for i in range(len(self.vocabulary))],
                "frequency": self.term_frequency(),
            }
        )
        write_csv(paths.inside(folder, "lda_vocabulary"), vocab)

    @classmethod
    def load(cls, folder: str | Path) -> LdaCorpus:
        """The corpus written by :meth:`save` (the gensim Dictionary loads on first use)."""
        from plantopics.io import read_csv

        documents = read_csv(paths.inside(folder, "lda_documents"), dtype={"sentence_ids": str, "tokens": str})
        documents["sentence_ids"] = [s.split() for s in documents["sentence_ids"]]
        documents["tokens"] = [t.split() for t in documents["tokens"]]
        documents["held_out"] = documents["held_out"].astype(bool)
        vocabulary = paths.inside(folder, "lda_vocabulary")
        vocab = read_csv(vocabulary, dtype={"term": str}).sort_values("id")
        if vocab["id"].tolist() != list(range(len(vocab))):
            raise ValueError(f"{vocabulary}: ids are not 0..V-1")
        return cls(documents, vocabulary=vocab["term"].tolist(), dictionary_path=paths.inside(folder, "lda_dictionary"))


def save_dictionary(dictionary, path: str | Path) -> None:
    """A gensim Dictionary in its text format (ids kept in order), written atomically."""
    from plantopics.io import atomic_path

    with atomic_path(path) as tmp:
        dictionary.save_as_text(str(tmp), sort_by_word=False)


def load_dictionary(path: str | Path):
    """The gensim Dictionary written by :func:`save_dictionary`."""
    from gensim.corpora import Dictionary

    return Dictionary.load_from_text(str(path))


def split_and_filter(docs: pd.DataFrame, settings: CorpusSettings):
    """Hold out a deterministic sample of ``docs`` (LDA documents with a
    ``tokens`` column), build the filtered dictionary on the rest, restrict
    every document's tokens to it and mark which documents keep at least
    ``min_tokens``. Returns (docs with held_out, tokens, n_tokens; keep mask;
    dictionary). Raises ValueError when no term survives the filter."""
    docs = docs.copy()
    docs["held_out"] = held_out_mask(len(docs), settings.held_out_fraction)
    dictionary = build_dictionary(docs.loc[~docs["held_out"], "tokens"], settings.dictionary)
    if len(dictionary) == 0:
        raise ValueError(
            f"no term survives the dictionary filter {settings.dictionary} on {len(docs)} documents; "
            "lower lda.dictionary.no_below or raise no_above"
        )
    known = dictionary.token2id
    docs["tokens"] = [[t for t in toks if t in known] for toks in docs["tokens"]]
    docs["n_tokens"] = [len(t) for t in docs["tokens"]]
    return docs, docs["n_tokens"] >= max(settings.min_tokens, 1), dictionary


def build_corpus(tokens: pd.DataFrame, settings: CorpusSettings) -> LdaCorpus:
    """LDA documents, held-out split and filtered dictionary (see module docstring)."""
    docs, keep, dictionary = split_and_filter(build_documents(tokens, settings.units, settings.window_tokens), settings)
    if (~keep).any():
        log.info("dropped %d of %d LDA documents with fewer than %d tokens in the dictionary",
                 int((~keep).sum()), len(docs), settings.min_tokens)
    docs = docs[keep].reset_index(drop=True)[DOCUMENT_COLUMNS]
    log.info(
        "%d LDA documents (%s units, %d held out), %d terms, %d tokens",
        len(docs), settings.units, int(docs["held_out"].sum()), len(dictionary), int(docs["n_tokens"].sum()),
    )
    return LdaCorpus(docs, dictionary)


def build_corpus_or_empty(tokens: pd.DataFrame, settings: CorpusSettings) -> LdaCorpus:
    """:func:`build_corpus`, or a corpus of no documents and no terms when no term
    survives the dictionary filter (a document too small for a topic model,
    :mod:`plantopics.topics.too_small`)."""
    try:
        return build_corpus(tokens, settings)
    except ValueError as error:
        log.warning("%s", error)
        from gensim.corpora import Dictionary

        return LdaCorpus(pd.DataFrame(columns=DOCUMENT_COLUMNS).astype({"held_out": bool}), Dictionary())


def expected_held_out(n: int, fraction: float) -> int:
    """How many of ``n`` documents :func:`held_out_mask` holds out."""
    return int(math.floor(n * fraction + 1e-9))
