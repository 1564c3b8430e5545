"""Snakemake adapter: tokens -> TF-IDF and keyness tables (plantopics.workflow.stages.keyword_tables)."""

from plantopics import joblog
from plantopics.workflow import stages


def main(snakemake):
    stages.keyword_tables(snakemake.input.tokens, snakemake.output, snakemake.wildcards.doc, snakemake.params.keywords)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
