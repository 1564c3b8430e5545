"""Snakemake adapter: every document's tokens -> one LDA over all documents
together, its tables, figures and saved model (plantopics.compare)."""

import logging
from pathlib import Path

import pandas as pd
from threadpoolctl import threadpool_limits

from plantopics import joblog
from plantopics.compare import fit_joint, joint_corpus, joint_reference, joint_tables
from plantopics.compare_figures import shares_heatmap
from plantopics.io import atomic_path, read_csv, write_csv, write_json
from plantopics.tokenize import read_tokens
from plantopics.topics import figures
from plantopics.topics.corpus import CorpusSettings
from plantopics.topics.fitting import all_doc_topic, quiet_libraries
from plantopics.topics.outputs import representative_sentences


def main(snakemake):
    quiet_libraries()
    threadpool_limits(1)
    ids = snakemake.params.documents
    s = snakemake.params.settings
    inputs, out = snakemake.input, snakemake.output
    tokens = {doc: read_tokens(path) for doc, path in zip(ids, inputs.tokens, strict=True)}
    chapters = {doc: read_csv(path, dtype={"numeral": str, "title": str}) for doc, path in
                zip(ids, inputs.chapters, strict=True)}
    titles = {doc: dict(zip(frame["chapter"].astype(int), frame["title"], strict=True))
              for doc, frame in chapters.items()}

    corpus = joint_corpus(tokens, CorpusSettings.from_config(s["corpus"]))
    fitted, table, choice = fit_joint(
        corpus, joint_reference(tokens), engine=s["engine"], k_values=s["k_values"], seeds=s["seeds"],
        params=s["params"], pinned_k=s["k"], criterion=s["criterion"],
        stability_threshold=s["stability_threshold"], n_top_words=s["n_top_words"],
    )
    doc_topic = all_doc_topic(fitted, corpus)
    tables = joint_tables(fitted, corpus, doc_topic, titles, s["n_top_words"], s["relevance_lambda"])
    labels = tables["summary"]["label"].tolist()

    # each joint topic's most representative sentences in each document
    sentence_frames = []
    for doc, path in zip(ids, inputs.sentences, strict=True):
        own = corpus.documents[corpus.documents["document"] == doc]
        text = read_csv(path, dtype={"section": str, "box": str, "text": str})
        found = representative_sentences(fitted, own, tokens[doc], text, corpus.dictionary.token2id,
                                         n=snakemake.params.n_sentences)
        found.insert(1, "document", doc)
        sentence_frames.append(found)
    sentences = pd.concat(sentence_frames, ignore_index=True).sort_values(["topic", "document", "rank"],
                                                                          kind="mergesort")

    write_csv(out.selection, table)
    write_json(out.chosen, {**choice.as_dict(), "documents": list(ids), "n_lda_documents": len(corpus.documents),
                            "n_terms": len(corpus.dictionary)})
    write_csv(out.topics, tables["topics"])
    write_csv(out.summary, tables["summary"])
    write_csv(out.document_topics, tables["document_topics"])
    write_csv(out.chapter_topics, tables["chapter_topics"])
    write_csv(out.sentences, sentences)
    fitted.save(out.model)
    with atomic_path(Path(out.model) / "dictionary.txt") as tmp:
        corpus.dictionary.save_as_text(str(tmp), sort_by_word=False)

    figures.selection_figure(table, choice.as_dict(), out.selection_figure, out.selection_figure_svg)
    figures.top_words_grid(tables["topics"], labels, out.top_words, out.top_words_svg,
                           title=f"Joint model of {len(ids)} documents: {fitted.k} topics "
                                 f"({fitted.engine}, seed {fitted.seed})",
                           n_terms=s["n_top_words"])
    shares_heatmap(tables["document_topics"], labels, out.document_figure, out.document_figure_svg,
                   title="Documents × joint topics (token-weighted)")
    shares_heatmap(tables["chapter_topics"], labels, out.chapter_figure, out.chapter_figure_svg,
                   title="Chapters × joint topics (token-weighted)")
    logging.getLogger("plantopics.compare").info("joint model: %s", choice.explanation)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
