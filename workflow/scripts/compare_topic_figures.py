"""Snakemake adapter: the joint model's tables -> its figures (plantopics.compare.joint_figures)."""

from plantopics import joblog
from plantopics.compare import joint_figures
from plantopics.results import ComparisonResults


def main(snakemake):
    joint_figures(ComparisonResults(snakemake.params.results), snakemake.output, n_terms=snakemake.params.n_terms)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
