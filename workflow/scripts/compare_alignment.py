"""Snakemake adapter: every document's chosen model -> the similarity of each
document's topics to every other document's, best matches and the heatmap
(plantopics.compare). A document too small for a topic model is left out."""

import logging

from plantopics import joblog
from plantopics.compare import alignment_matrix, best_matches, topic_alignment, topic_models
from plantopics.compare_figures import alignment_figure
from plantopics.io import read_csv, write_csv
from plantopics.topics.figures import empty_figure


def main(snakemake):
    ids, inputs, out = snakemake.params.documents, snakemake.input, snakemake.output
    models = topic_models(dict(zip(ids, inputs.models, strict=True)))
    labels = {doc: read_csv(path, dtype={"label": str})["label"].tolist()
              for doc, path in zip(ids, inputs.summaries, strict=True) if doc in models}
    alignment = topic_alignment(models, labels)
    best = best_matches(alignment, models)
    write_csv(out.alignment, alignment)
    write_csv(out.best_matches, best)
    if len(models) >= 2:
        matrix, keys = alignment_matrix(models)
        alignment_figure(matrix, keys, labels, *out.figure)
    else:
        empty_figure("Fewer than two documents have a topic model: nothing to align.", *out.figure)
    logging.getLogger("plantopics.compare").info(
        "%d of %d documents with a topic model, %d topics; %d mutual best matches",
        len(models), len(ids), sum(len(topic_word) for topic_word, _ in models.values()), int(best["mutual"].sum()))


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
