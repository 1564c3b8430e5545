"""Snakemake adapter: every document's tokens -> the compared documents and the
keyness of each against the others, with its figure (plantopics.compare)."""

import json
import logging
from pathlib import Path

from plantopics import joblog
from plantopics.compare import document_keyness, document_overview, documents_table
from plantopics.compare_figures import keyness_figure
from plantopics.io import write_csv
from plantopics.tokenize import read_tokens


def main(snakemake):
    ids = snakemake.params.documents
    inputs = snakemake.input
    tokens = {doc: read_tokens(path) for doc, path in zip(ids, inputs.tokens, strict=True)}
    titles = {
        doc: json.loads(Path(path).read_text(encoding="utf-8")).get("title") or ""
        for doc, path in zip(ids, inputs.structure, strict=True)
    }
    keyness_settings = snakemake.params.keyness
    documents = document_overview(tokens, titles)
    keyness = document_keyness(
        tokens,
        n_terms=snakemake.params.n_terms,
        min_count=keyness_settings["min_count"],
        correction=keyness_settings["correction"],
    )
    out = snakemake.output
    write_csv(out.documents, documents_table(documents, snakemake.params.failed))
    write_csv(out.keyness, keyness)
    keyness_figure(keyness, documents, *out.figure, n_terms=snakemake.params.plot_terms)
    logging.getLogger("plantopics.compare").info("%d documents compared, %d keyness rows", len(ids), len(keyness))


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
