"""Snakemake adapter: execute each notebook on one document and render it to HTML (plantopics.notebooks)."""

from pathlib import Path

from plantopics import joblog
from plantopics.notebooks import render


def main(snakemake):
    results_dir = Path(snakemake.output.html[0]).parents[2]  # results/<doc>/notebooks/<name>.html
    for notebook, html in zip(snakemake.input.notebooks, snakemake.output.html, strict=True):
        render(notebook, html, snakemake.wildcards.doc, results_dir)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
