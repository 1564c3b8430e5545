"""Snakemake adapter: results/<id>/manifest.json (plantopics.workflow.stages.manifest)."""

from pathlib import Path

from plantopics import joblog
from plantopics.workflow import stages


def main(snakemake):
    stages.manifest(
        snakemake.wildcards.doc,
        snakemake.input.raw,
        snakemake.output.manifest,
        snakemake.config,
        snakemake.input.resources,
        snakemake.params.repo,
        benchmark_files=sorted(Path(snakemake.params.benchmarks).glob("*.tsv")),
    )


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
