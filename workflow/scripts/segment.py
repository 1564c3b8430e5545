"""Snakemake adapter: normalised text -> structure tables (plantopics.segment)."""

from pathlib import Path

from plantopics import joblog
from plantopics.segment import segment, write_structure


def main(snakemake):
    text = Path(snakemake.input.text).read_text(encoding="utf-8")
    doc = snakemake.wildcards.doc
    write_structure(segment(text, source=doc, **snakemake.params.settings), doc)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
