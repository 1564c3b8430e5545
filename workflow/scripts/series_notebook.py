"""Snakemake adapter: execute the series notebook on results/_series and
render it to HTML (plantopics.notebooks)."""

from plantopics import joblog, paths
from plantopics.notebooks import render


def main(snakemake):
    render(snakemake.input.notebook, snakemake.output.html, None, paths.RESULTS)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
