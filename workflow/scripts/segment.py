"""Snakemake adapter: normalised text -> structure tables (plantopics.workflow.stages.segment)."""

from plantopics import joblog
from plantopics.workflow import stages


def main(snakemake):
    stages.segment(snakemake.input.text, snakemake.wildcards.doc, snakemake.params.settings)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
