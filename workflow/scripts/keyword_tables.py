"""Snakemake adapter: tokens -> TF-IDF and keyness tables (plantopics.keywords)."""

import logging

from plantopics import joblog
from plantopics.io import write_csv
from plantopics.keywords import keyness_table, score_table, tfidf_table
from plantopics.tokenize import read_tokens


def main(snakemake):
    params = snakemake.params
    tokens = read_tokens(snakemake.input.tokens)
    scores = score_table(
        tokens,
        sublinear_tf=params.tfidf["sublinear_tf"],
        norm=params.tfidf["norm"],
        correction=params.keyness["correction"],
    )
    tfidf = tfidf_table(scores, params.n_terms)
    keyness = keyness_table(scores, params.n_terms, min_count=params.keyness["min_count"])
    write_csv(snakemake.output.scores, scores)
    write_csv(snakemake.output.tfidf, tfidf)
    write_csv(snakemake.output.keyness, keyness)
    logging.getLogger("plantopics.keywords").info(
        "%s: %d chapters, %d chapter-term pairs scored",
        snakemake.wildcards.doc,
        scores["chapter"].nunique(),
        len(scores),
    )


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
