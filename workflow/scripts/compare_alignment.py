"""Snakemake adapter: every document's chosen model -> the similarity of each
document's topics to every other document's, best matches and the heatmap
(plantopics.compare)."""

import logging

from plantopics import joblog
from plantopics.compare import alignment_matrix, best_matches, load_model, topic_alignment
from plantopics.compare_figures import alignment_figure
from plantopics.io import read_csv, write_csv


def main(snakemake):
    ids, inputs, out = snakemake.params.documents, snakemake.input, snakemake.output
    models = {doc: load_model(folder) for doc, folder in zip(ids, inputs.models, strict=True)}
    labels = {doc: read_csv(path, dtype={"label": str})["label"].tolist()
              for doc, path in zip(ids, inputs.summaries, strict=True)}
    alignment = topic_alignment(models, labels)
    best = best_matches(alignment, models)
    write_csv(out.alignment, alignment)
    write_csv(out.best_matches, best)
    matrix, keys = alignment_matrix(models)
    alignment_figure(matrix, keys, labels, *out.figure)
    logging.getLogger("plantopics.compare").info(
        "%d documents, %d topics; %d mutual best matches", len(ids), len(keys), int(best["mutual"].sum()))


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
