"""Snakemake adapter: a model for every chapter (a process pool of ``threads``
workers; raise them with ``--set-threads lda_chapter_models=N``) -> the chapter
models, their fits' metrics and topics (plantopics.topics.per_chapter)."""

import pandas as pd
from threadpoolctl import threadpool_limits

from plantopics import joblog
from plantopics.io import read_csv, write_csv
from plantopics.tokenize import read_tokens
from plantopics.topics.fitting import quiet_libraries
from plantopics.topics.per_chapter import ChapterSettings, fit_chapters, models_table, save_chapter_models


def main(snakemake):
    quiet_libraries()
    threadpool_limits(1)
    settings = ChapterSettings.from_config(snakemake.params.settings)
    tokens = read_tokens(snakemake.input.tokens)
    chapters = read_csv(snakemake.input.chapters, dtype={"numeral": str, "title": str})
    titles = dict(zip(chapters["chapter"].astype(int), chapters["title"], strict=True))
    results = fit_chapters(tokens, settings, workers=snakemake.threads)

    out = snakemake.output
    fitted = [r for r in results if r.table is not None]
    empty = pd.DataFrame(columns=["chapter", "engine", "k", "seed"])
    write_csv(out.models, models_table(results, titles))
    write_csv(out.selection, pd.concat([r.table for r in fitted], ignore_index=True) if fitted else empty)
    write_csv(out.topics, pd.concat([r.topics for r in fitted], ignore_index=True) if fitted else empty)
    save_chapter_models(results, out.model_dir)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
