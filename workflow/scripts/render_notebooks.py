"""Snakemake adapter: execute each notebook on one document and render it to HTML (plantopics.notebooks)."""

from plantopics import joblog, paths
from plantopics.notebooks import render


def main(snakemake):
    for notebook, html in zip(snakemake.input.notebooks, snakemake.output.html, strict=True):
        render(notebook, html, snakemake.wildcards.doc, paths.RESULTS)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
