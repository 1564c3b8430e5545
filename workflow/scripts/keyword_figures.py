"""Snakemake adapter: keyword tables -> figures and their index (plantopics.keyword_figures)."""

import logging
from pathlib import Path

from plantopics import joblog
from plantopics.io import read_csv, write_csv
from plantopics.keyword_figures import PlotSettings, draw_keyword_figures


def main(snakemake):
    out = snakemake.output
    index = draw_keyword_figures(
        scores=read_csv(snakemake.input.scores, dtype={"term": str}),
        tfidf_top=read_csv(snakemake.input.tfidf, dtype={"term": str}),
        keyness_top=read_csv(snakemake.input.keyness, dtype={"term": str}),
        chapters=read_csv(snakemake.input.chapters, dtype={"numeral": str, "title": str}),
        settings=PlotSettings.from_config(snakemake.params.settings),
        overview=out.overview,
        heatmap_pair=out.heatmap,
        chapters_dir=out.chapters,
        index_dir=Path(out.index).parent,
    )
    write_csv(out.index, index)
    logging.getLogger("plantopics.keyword_figures").info("%s: %d figures", snakemake.wildcards.doc, len(index))


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
