"""Snakemake adapter: each chapter's top terms -> their contexts (plantopics.workflow.stages.keyword_kwic)."""

from plantopics import joblog
from plantopics.workflow import stages


def main(snakemake):
    stages.keyword_kwic(snakemake.input, snakemake.output, snakemake.wildcards.doc, snakemake.params.kwic)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
