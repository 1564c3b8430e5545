"""Snakemake adapter: raw bytes -> normalised text (plantopics.workflow.stages.ingest)."""

from plantopics import joblog
from plantopics.workflow import stages


def main(snakemake):
    stages.ingest(snakemake.input[0], snakemake.output, snakemake.wildcards.doc, snakemake.params.encoding)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
