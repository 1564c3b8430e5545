"""Snakemake adapter: sentences -> tokens and a tokenization report (plantopics.tokenize)."""

from plantopics import joblog
from plantopics.io import read_csv_rows, write_csv_rows, write_json, write_text
from plantopics.tokenize import (
    TOKEN_COLUMNS,
    PolicyTokenizer,
    TokenizerSettings,
    report_markdown,
    tokenization_report,
    tokenize_sentences,
)


def main(snakemake):
    settings = TokenizerSettings.from_config(snakemake.params.settings)
    sentences = read_csv_rows(snakemake.input.sentences)  # not pandas: its import would be a fifth of this job
    tokenizer = PolicyTokenizer(settings)
    tokens, stats = tokenize_sentences(sentences, tokenizer)
    report = tokenization_report(stats, tokenizer.dictionary_terms)
    write_csv_rows(snakemake.output.tokens, TOKEN_COLUMNS, tokens)
    write_json(snakemake.output.report_json, report)
    write_text(snakemake.output.report_md, report_markdown(report, snakemake.wildcards.doc))


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
