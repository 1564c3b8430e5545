"""Snakemake adapter: raw bytes -> normalised text (plantopics.ingest)."""

from plantopics import joblog
from plantopics.ingest import ingest_file
from plantopics.io import write_json, write_text


def main(snakemake):
    key = f"documents.{snakemake.wildcards.doc}.encoding"
    doc = ingest_file(snakemake.input[0], encoding=snakemake.params.encoding, encoding_key=key)
    write_text(snakemake.output.text, doc.text)
    write_text(snakemake.output.original, doc.original)
    write_json(snakemake.output.info, {"source": snakemake.input[0], **doc.summary()})


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
