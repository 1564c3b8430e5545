"""Snakemake adapter: sentences -> tokens and a tokenization report (plantopics.tokenize)."""

from plantopics import joblog
from plantopics.io import read_csv, write_csv, write_json, write_text
from plantopics.tokenize import (
    PolicyTokenizer,
    TokenizerSettings,
    report_markdown,
    tokenization_report,
    tokenize_sentences,
)


def main(snakemake):
    settings = TokenizerSettings.from_config(snakemake.params.settings)
    sentences = read_csv(snakemake.input.sentences, dtype={"section": str, "box": str})
    tokenizer = PolicyTokenizer(settings)
    tokens, stats = tokenize_sentences(sentences, tokenizer)
    report = tokenization_report(stats, tokenizer.dictionary_terms)
    write_csv(snakemake.output.tokens, tokens)
    write_json(snakemake.output.report_json, report)
    write_text(snakemake.output.report_md, report_markdown(report, snakemake.wildcards.doc))


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
