"""A document too small for a topic model: an explicit state, not a crash.

A whole-document model of K topics needs at least ``DOCUMENTS_PER_TOPIC × K``
training documents and ``TERMS_PER_TOPIC × K`` terms in the filtered dictionary,
for the smallest K asked for (``lda.k`` when pinned, else the smallest of
``lda.k_grid``) — the per-chapter models' rule (:mod:`plantopics.topics.per_chapter`),
with fewer documents per topic since the whole document is one model, not
a sketch of a chapter. A one-paragraph notice, or a short document cut into
paragraphs, does not reach it.

Such a document still gets every output of the topic stages, so every later
stage, notebook and the report finish: ``lda_corpus`` writes an empty corpus
when no term survives the dictionary filter; ``lda_fit`` fits nothing and
leaves ``status.json`` (the reason) in its models folder; ``lda_select`` writes
an empty selection table and ``chosen.json`` with ``status: "too small"`` and
the reason; ``lda_model_outputs`` writes every table with its header (chapter ×
topic: one row per chapter, no topic columns), figures and an explorer page
that say why, and ``status.json`` in the model folder, where the comparison
reads it and leaves the document's topics out.
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from plantopics import paths

log = logging.getLogger(__name__)

TOO_SMALL = "too small"
DOCUMENTS_PER_TOPIC = 2
TERMS_PER_TOPIC = 5

# The headers of the chosen model's tables (plantopics.topics.outputs), without topic columns.
TABLE_COLUMNS = {
    "topics": ["topic", "rank", "term", "probability", "relevance", "frex"],
    "summary": ["topic", "share", "label", "top_terms", "top_relevance", "top_frex"],
    "doc_topics": ["document", "chapter", "held_out", "n_tokens", "first_sentence", "last_sentence",
                   "dominant_topic"],
    "representative": ["topic", "rank", "sentence_id", "chapter", "share", "n_tokens", "text"],
}


def too_small(n_documents: int, n_terms: int, k: int) -> str | None:
    """Why ``n_documents`` training documents and ``n_terms`` terms cannot carry
    a model of ``k`` topics, or None when they can."""
    documents, terms = DOCUMENTS_PER_TOPIC * k, TERMS_PER_TOPIC * k
    if n_documents >= documents and n_terms >= terms:
        return None
    return (f"too small for a topic model: {n_documents} LDA documents, {n_terms} terms; at least {documents} "
            f"documents and {terms} terms needed for K = {k}")


def write_status(path: str | Path, message: str) -> None:
    from plantopics.io import write_json

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_json(path, {"status": TOO_SMALL, "message": message})


def read_status(folder: str | Path, name: str) -> str | None:
    """The reason a models folder (``fit_status`` or ``model_status`` of
    :data:`plantopics.paths.INSIDE`) holds no model, or None when it holds one."""
    path = paths.inside(folder, name)
    return json.loads(path.read_text(encoding="utf-8"))["message"] if path.exists() else None


def choice_record(message: str, rule: dict, engine: str) -> dict:
    """``lda/chosen.json`` of a document too small for a model: the keys of a
    real choice (K, seed and model None) with ``status`` and the reason."""
    return {"status": TOO_SMALL, "message": message, "engine": engine, "k": None, "seed": None,
            "rule": "none", "criterion": rule["criterion"], "stability_threshold": rule["stability_threshold"],
            "eligible_k": [], "best_k": None, "explanation": f"No model: {message}.", "model": None,
            "other_engines": {}}


def skip_fits(corpus, k: int, out) -> str | None:
    """When ``corpus`` (:class:`~plantopics.topics.corpus.LdaCorpus`) cannot carry
    ``k`` topics: the reason, left in the ``lda_fit`` job's ``models`` folder for
    ``lda_select``, with its ``metrics`` and ``timing`` tables empty; None when it can."""
    from plantopics.io import write_csv
    from plantopics.topics.fitting import FIT_COLUMNS, TIMING_COLUMNS

    message = too_small(len(corpus.train), len(corpus.vocabulary), k)
    if message:
        log.warning("%s", message)
        write_status(paths.inside(out.models, "fit_status"), message)
        write_csv(out.metrics, pd.DataFrame(columns=FIT_COLUMNS))
        write_csv(out.timing, pd.DataFrame(columns=TIMING_COLUMNS))
    return message


def shares_status(models: Sequence[str | Path]) -> str | None:
    """The reason the ``lda_fit`` jobs fitted nothing (each leaves the same), or None."""
    reasons = [read_status(folder, "fit_status") for folder in models]
    return next((r for r in reasons if r), None)


def write_selection(out, message: str, rule: dict, engine: str) -> None:
    """The outputs of ``lda_select`` for a document too small for a model."""
    from plantopics.io import write_csv, write_json
    from plantopics.topics.figures import empty_figure
    from plantopics.topics.fitting import FIT_COLUMNS

    write_csv(out.selection, pd.DataFrame(columns=[*FIT_COLUMNS, "selected", "chosen"]))
    write_json(out.chosen, choice_record(message, rule, engine))
    empty_figure(f"No topic model:\n{message}", *out.figure)


def explorer_page(title: str, message: str) -> str:
    """The explorer's page when there is no model: the reason, escaped."""
    return ("<!DOCTYPE html>\n<html lang=\"zh\">\n<head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title></head>\n<body>\n<h1>{html.escape(title)}</h1>\n"
            f"<p>No topic model: {html.escape(message)}.</p>\n</body>\n</html>\n")


def write_model_outputs(out, message: str, chapters: pd.DataFrame, title: str) -> None:
    """The outputs of ``lda_model_outputs`` for a document too small for a model:
    every table with its header, chapter × topic with one row per chapter and no
    topic, figures and an explorer page that say why, and the reason in the model folder."""
    from plantopics.io import write_csv, write_text
    from plantopics.topics.figures import empty_figure

    for name, columns in TABLE_COLUMNS.items():
        write_csv(out[name], pd.DataFrame(columns=columns))
    write_csv(out["chapter_topics"], pd.DataFrame({
        "chapter": chapters["chapter"].astype(int).to_numpy(),
        "title": chapters["title"].fillna("").to_numpy(),
        "n_tokens": 0,
    }))
    write_status(paths.inside(out["model"], "model_status"), message)
    Path(out["wordclouds"]).mkdir(parents=True, exist_ok=True)
    for figure in ("top_words", "heatmap"):
        empty_figure(f"No topic model:\n{message}", *out[figure])
    write_text(out["explorer"], explorer_page(f"{title}: LDA topics", message))
