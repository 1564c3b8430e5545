"""The text stages of one document (ingest -> segment -> tokenize -> keyword tables
-> KWIC), each a function of its input paths, output paths and settings. The
per-document rules call one each; a batch rule (``series.light_batch``) calls all
of them for several documents in one process, so that Python, pandas and jieba start
once for the batch instead of once per document and stage (docs/series.md).

:data:`OUTPUTS` is the one list of what each stage writes: the rules declare their
outputs from it, and the functions write to the keys it names.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

# stage -> {output key: name in plantopics.paths.DOCUMENT}, in the order the stages run.
OUTPUTS: dict[str, dict[str, str]] = {
    "ingest": {"text": "text", "original": "original_text", "info": "ingest_info"},
    "segment": {
        "diagnostics": "diagnostics",
        "chapters": "chapters",
        "sections": "sections",
        "boxes": "boxes",
        "parts": "parts",
        "units": "units",
        "sentences": "sentences",
        "summary": "structure",
    },
    "tokenize": {"tokens": "tokens", "report_json": "tokens_report_json", "report_md": "tokens_report"},
    "keyword_tables": {"scores": "keyword_scores", "tfidf": "tfidf", "keyness": "keyness"},
    "keyword_kwic": {"kwic": "kwic"},
}

log = logging.getLogger("plantopics.stages")


def ingest(raw: str, output: Any, doc: str, encoding: str | None) -> None:
    from plantopics.ingest import ingest_file
    from plantopics.io import write_json, write_text

    text = ingest_file(raw, encoding=encoding, encoding_key=f"documents.{doc}.encoding")
    write_text(output.text, text.text)
    write_text(output.original, text.original)
    write_json(output.info, {"source": raw, **text.summary()})


def segment(text_path: str, doc: str, settings: Mapping) -> None:
    """The structure tables of ``doc``, at their paths in :mod:`plantopics.paths` (:data:`OUTPUTS`)."""
    from plantopics.segment import segment as segment_text
    from plantopics.segment import write_structure

    write_structure(segment_text(Path(text_path).read_text(encoding="utf-8"), source=doc, **settings), doc)


def tokenizer(settings: Mapping):
    """The tokenizer of a job (``tokenize`` config section): built once, used for every document."""
    from plantopics.tokenize import PolicyTokenizer, TokenizerSettings

    return PolicyTokenizer(TokenizerSettings.from_config(settings))


def tokenize(sentences_path: str, output: Any, doc: str, policy_tokenizer) -> None:
    from plantopics.io import read_csv_rows, write_csv_rows, write_json, write_text
    from plantopics.tokenize import TOKEN_COLUMNS, report_markdown, tokenization_report, tokenize_sentences

    sentences = read_csv_rows(sentences_path)  # not pandas: its import would be a fifth of a one-document job
    tokens, stats = tokenize_sentences(sentences, policy_tokenizer)
    report = tokenization_report(stats, policy_tokenizer.dictionary_terms)
    write_csv_rows(output.tokens, TOKEN_COLUMNS, tokens)
    write_json(output.report_json, report)
    write_text(output.report_md, report_markdown(report, doc))


def keyword_tables(tokens_path: str, output: Any, doc: str, keywords: Mapping) -> None:
    """``keywords``: the config's ``keywords`` section (n_terms, tfidf, keyness)."""
    from plantopics.io import write_csv
    from plantopics.keywords import keyness_table, score_table, tfidf_table
    from plantopics.tokenize import read_tokens

    scores = score_table(
        read_tokens(tokens_path),
        sublinear_tf=keywords["tfidf"]["sublinear_tf"],
        norm=keywords["tfidf"]["norm"],
        correction=keywords["keyness"]["correction"],
    )
    write_csv(output.scores, scores)
    write_csv(output.tfidf, tfidf_table(scores, keywords["n_terms"]))
    write_csv(output.keyness, keyness_table(scores, keywords["n_terms"], min_count=keywords["keyness"]["min_count"]))
    log.info("%s: %d chapters, %d chapter-term pairs scored", doc, scores["chapter"].nunique(), len(scores))


def keyword_kwic(inputs: Any, output: Any, doc: str, kwic: Mapping) -> None:
    """``inputs``: tokens, sentences, tfidf and keyness; ``kwic``: the config's ``keywords.kwic``."""
    from plantopics.io import read_csv, write_csv
    from plantopics.keywords import chapter_kwic
    from plantopics.tokenize import read_tokens

    ranked = inputs.keyness if kwic["ranking"] == "keyness" else inputs.tfidf
    contexts = chapter_kwic(
        read_tokens(inputs.tokens),
        read_csv(inputs.sentences, dtype={"section": str, "box": str}),
        read_csv(ranked, dtype={"term": str}),
        n_terms=kwic["n_terms"],
        window=kwic["window"],
    )
    write_csv(output.kwic, contexts)
    log.info("%s: %d contexts", doc, len(contexts))


def text_stages(doc: str, raw: str, outputs: Mapping[str, str], settings: Mapping, policy_tokenizer) -> None:
    """Every text stage of document ``doc``, in order. ``outputs``: output key -> path for
    every key of :data:`OUTPUTS` (others, such as the manifest's, are left alone); ``settings``:
    ``encoding`` and ``segment`` (the document's own), ``keywords`` (the config's section)."""
    out = SimpleNamespace(**outputs)
    log.info("%s: ingest, segment, tokenize, keyword tables, KWIC", doc)
    ingest(raw, out, doc, settings["encoding"])
    segment(out.text, doc, settings["segment"])
    tokenize(out.sentences, out, doc, policy_tokenizer)
    keyword_tables(out.tokens, out, doc, settings["keywords"])
    keyword_kwic(out, out, doc, settings["keywords"]["kwic"])


def manifest(doc: str, raw: str, path: str, config: Mapping, resource_files, repo_dir: str,
             benchmark_files=(), batch: dict[str, str] | None = None) -> None:
    """results/<doc>/manifest.json (:func:`plantopics.provenance.build_manifest`), written after every other
    output of the document: by rule ``manifest``, or by the document's text batch, which makes them all."""
    from plantopics.io import write_json
    from plantopics.provenance import build_manifest

    write_json(path, build_manifest(document_id=doc, input_file=raw, config=dict(config),
                                    resource_files=resource_files, benchmark_files=benchmark_files,
                                    repo_dir=repo_dir, batch=batch))


def text_batches(documents: list[str], size: int) -> dict[str, list[str]]:
    """The documents whose text stages run in one job, ``size`` at a time in sorted order
    (batch name -> ids); none with ``size`` below 2 or fewer than two documents, when each
    document's stages run as jobs of their own. Consecutive, so a document added at the end of
    the order reruns only the last batch."""
    ids = sorted(documents)
    if size < 2 or len(ids) < 2:
        return {}
    chunks = [ids[i : i + size] for i in range(0, len(ids), size)]
    width = len(str(len(chunks)))
    return {f"{n:0{width}d}": chunk for n, chunk in enumerate(chunks, start=1)}

