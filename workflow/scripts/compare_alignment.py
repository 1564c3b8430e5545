"""Snakemake adapter: every document's chosen model -> the similarity of each
document's topics to every other document's, best matches and the heatmap
(plantopics.compare)."""

import logging
from pathlib import Path

from plantopics import joblog
from plantopics.compare import alignment_matrix, best_matches, topic_alignment
from plantopics.compare_figures import alignment_figure
from plantopics.io import read_csv, write_csv
from plantopics.topics import engines
from plantopics.topics.corpus import load_dictionary


def load_model(folder):
    """(topic_word, vocabulary) of a document's chosen model (results/<id>/lda/model)."""
    fitted = engines.load(folder, native=False)
    vocabulary = fitted.vocabulary
    if not vocabulary:  # a model saved without its vocabulary: the dictionary beside it
        dictionary = load_dictionary(Path(folder) / "dictionary.txt")
        vocabulary = [dictionary[i] for i in range(len(dictionary))]
    return fitted.topic_word, list(vocabulary)


def main(snakemake):
    ids = snakemake.params.documents
    inputs, out = snakemake.input, snakemake.output
    models = {doc: load_model(folder) for doc, folder in zip(ids, inputs.models, strict=True)}
    labels = {doc: read_csv(path, dtype={"label": str})["label"].tolist()
              for doc, path in zip(ids, inputs.summaries, strict=True)}
    alignment = topic_alignment(models, labels)
    best = best_matches(alignment, models)
    write_csv(out.alignment, alignment)
    write_csv(out.best_matches, best)
    matrix, keys = alignment_matrix(models)
    alignment_figure(matrix, keys, labels, out.figure, out.figure_svg)
    logging.getLogger("plantopics.compare").info(
        "%d documents, %d topics; %d mutual best matches",
        len(ids), len(keys), int(best["mutual"].sum()),
    )


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
