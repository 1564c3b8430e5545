"""Snakemake adapter: results/<id>/manifest.json (plantopics.provenance)."""

from pathlib import Path

from plantopics import joblog
from plantopics.io import write_json
from plantopics.provenance import build_manifest


def main(snakemake):
    manifest = build_manifest(
        document_id=snakemake.wildcards.doc,
        input_file=snakemake.input.raw,
        config=snakemake.config,
        resource_files=snakemake.input.resources,
        benchmark_files=sorted(Path(snakemake.params.benchmarks).glob("*.tsv")),
        repo_dir=snakemake.params.repo,
    )
    write_json(snakemake.output.manifest, manifest)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
