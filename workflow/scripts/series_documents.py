"""Snakemake adapter: every document's normalised text (+ the document sheet) ->
documents.csv, each document's year and attributes (plantopics.series.sheet)."""

from plantopics import joblog
from plantopics.io import write_csv
from plantopics.series.outputs import documents_table


def main(snakemake):
    texts = dict(zip(snakemake.params.documents, snakemake.input.texts, strict=True))
    sheet = snakemake.input.sheet[0] if snakemake.input.sheet else None
    write_csv(snakemake.output.documents, documents_table(texts, sheet))


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
