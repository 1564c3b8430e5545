"""Snakemake adapter: this job's share of the grid's (K, seed) fits, with the
main engine and each extra engine -> per-fit metrics (stability is joined in
lda_select), timings and the fits' models (plantopics.topics.fitting)."""

from pathlib import Path

from plantopics import joblog
from plantopics.io import write_csv
from plantopics.topics.corpus import LdaCorpus, load_reference
from plantopics.topics.fitting import FitGrid, fit_grid
from plantopics.topics.too_small import skip_fits


def main(snakemake):
    corpus, out = LdaCorpus.load(Path(snakemake.input.documents).parent), snakemake.output
    if skip_fits(corpus, snakemake.params.smallest_k, out):
        return
    result = fit_grid(corpus, load_reference(snakemake.input.reference), FitGrid.from_params(snakemake.params.grid),
                      snakemake.params.n_top_words)
    result.save(out.models)
    write_csv(out.metrics, result.table)
    write_csv(out.timing, result.timing, float_format="%.3f")


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
