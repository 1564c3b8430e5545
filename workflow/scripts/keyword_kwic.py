"""Snakemake adapter: each chapter's top terms -> their contexts (plantopics.keywords.chapter_kwic)."""

import logging

from plantopics import joblog
from plantopics.io import read_csv, write_csv
from plantopics.keywords import chapter_kwic
from plantopics.tokenize import read_tokens


def main(snakemake):
    settings = snakemake.params.kwic
    ranked = snakemake.input.keyness if settings["ranking"] == "keyness" else snakemake.input.tfidf
    contexts = chapter_kwic(
        read_tokens(snakemake.input.tokens),
        read_csv(snakemake.input.sentences, dtype={"section": str, "box": str}),
        read_csv(ranked, dtype={"term": str}),
        n_terms=settings["n_terms"],
        window=settings["window"],
    )
    write_csv(snakemake.output.kwic, contexts)
    logging.getLogger("plantopics.keywords").info("%s: %d contexts", snakemake.wildcards.doc, len(contexts))


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
