"""Snakemake adapter: this job's (K, seed) fits with the main engine and each
comparison engine -> per-fit metrics (stability is joined in lda_select),
timings and saved models (``models/k05/tomotopy_s1`` …) (plantopics.topics.fitting)."""

import time
from pathlib import Path

import pandas as pd
from threadpoolctl import threadpool_limits

from plantopics import joblog
from plantopics.io import write_csv
from plantopics.topics.corpus import LdaCorpus, load_reference
from plantopics.topics.fitting import fit_and_score, quiet_libraries


def main(snakemake):
    quiet_libraries()
    threadpool_limits(1)  # one BLAS thread: the parallelism is several fit jobs at once
    corpus = LdaCorpus.load(Path(snakemake.input.documents).parent)
    reference = load_reference(snakemake.input.reference)
    settings = snakemake.params.settings
    models = Path(snakemake.output.models)
    tables, timings = [], []
    batch = int(snakemake.wildcards.batch.removeprefix("b"))
    fits = [(int(k), int(seed)) for k, seed in snakemake.params.batches[batch - 1]]
    for engine, params in settings["engines"].items():
        started = time.time()
        result = fit_and_score(corpus, reference, engine, fits, params, settings["n_top_words"])
        tables.append(result.table)
        timings.append({"engine": engine, "k": " ".join(str(k) for k in dict.fromkeys(k for k, _ in fits)),
                        "fits": len(result.fits),
                        "fit_seconds": result.fit_seconds, "fit_cpu_seconds": result.fit_cpu_seconds,
                        "metric_seconds": result.metric_seconds, "metric_cpu_seconds": result.metric_cpu_seconds,
                        "started": started, "finished": time.time()})
        for fitted, coherence in zip(result.fits, result.topic_coherence, strict=True):
            folder = models / f"k{fitted.k:02d}" / f"{engine}_s{fitted.seed}"
            fitted.save(folder)
            write_csv(folder / "topic_coherence.csv", coherence)
    write_csv(snakemake.output.metrics, pd.concat(tables, ignore_index=True))
    write_csv(snakemake.output.timing, pd.DataFrame(timings), float_format="%.3f")


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
