"""Snakemake adapter: this job's share of the grid's (K, seed) fits, with the
main engine and each extra engine -> per-fit metrics (stability is joined in
lda_select), timings and the fits' models (plantopics.topics.fitting)."""

from pathlib import Path

from plantopics import joblog
from plantopics.io import write_csv
from plantopics.topics.corpus import LdaCorpus, load_reference
from plantopics.topics.fitting import FitGrid, fit_grid


def main(snakemake):
    corpus = LdaCorpus.load(Path(snakemake.input.documents).parent)
    result = fit_grid(corpus, load_reference(snakemake.input.reference), FitGrid.from_params(snakemake.params.grid),
                      snakemake.params.n_top_words)
    result.save(snakemake.output.models)
    write_csv(snakemake.output.metrics, result.table)
    write_csv(snakemake.output.timing, result.timing, float_format="%.3f")


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
