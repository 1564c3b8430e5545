"""Snakemake adapter: sentences -> tokens and a tokenization report (plantopics.workflow.stages.tokenize)."""

from plantopics import joblog
from plantopics.workflow import stages


def main(snakemake):
    tokenizer = stages.tokenizer(snakemake.params.settings)
    stages.tokenize(snakemake.input.sentences, snakemake.output, snakemake.wildcards.doc, tokenizer)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
