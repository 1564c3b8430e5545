"""Snakemake adapter: raw bytes -> normalised text (plantopics.ingest)."""

from plantopics import joblog
from plantopics.ingest import ingest_file
from plantopics.io import write_json, write_text


def main(snakemake):
    doc = ingest_file(snakemake.input[0], encoding=snakemake.params.encoding)
    write_text(snakemake.output.text, doc.text)
    info = {"source": snakemake.input[0], "encoding": doc.encoding, "n_chars": doc.n_chars}
    write_json(snakemake.output.info, {**info, "chinese_share": doc.chinese_share})


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
