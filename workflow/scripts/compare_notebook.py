"""Snakemake adapter: execute the comparison notebook on results/_comparison and
render it to HTML (plantopics.notebooks)."""

from pathlib import Path

from plantopics import joblog
from plantopics.notebooks import render


def main(snakemake):
    results_dir = Path(snakemake.output.html).parents[2]  # results/_comparison/notebooks/<name>.html
    render(snakemake.input.notebook, snakemake.output.html, None, results_dir)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
