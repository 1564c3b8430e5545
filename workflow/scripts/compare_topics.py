"""Snakemake adapter: every document's tokens -> one LDA over all documents
together, its tables and saved model (plantopics.compare; its figures: compare_topic_figures.py)."""

from plantopics import joblog
from plantopics.compare import joint_model, write_joint_model
from plantopics.io import read_csv
from plantopics.tokenize import read_tokens


def main(snakemake):
    ids, inputs = snakemake.params.documents, snakemake.input

    def each(files, read):
        return {doc: read(path) for doc, path in zip(ids, files, strict=True)}

    joint = joint_model(
        each(inputs.tokens, read_tokens),
        each(inputs.sentences, lambda path: read_csv(path, dtype={"section": str, "box": str, "text": str})),
        each(inputs.chapters, lambda path: read_csv(path, dtype={"numeral": str, "title": str})),
        snakemake.params.settings,
        workers=snakemake.threads,  # the grid's fits in parallel: the same model with any number of workers
    )
    write_joint_model(joint, snakemake.output)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
