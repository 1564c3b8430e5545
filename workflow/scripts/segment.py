"""Snakemake adapter: normalised text -> structure tables (plantopics.segment)."""

from pathlib import Path

from plantopics import joblog
from plantopics.segment import segment, write_structure


def main(snakemake):
    text = Path(snakemake.input.text).read_text(encoding="utf-8")
    structure = segment(text, source=snakemake.wildcards.doc, **snakemake.params.settings)
    write_structure(structure, Path(snakemake.output.chapters).parent)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
