"""Snakemake adapter: every document's tokens -> term frequencies, trends, first
appearances, keyness between groups and periods, and their figures
(plantopics.series.terms)."""

from plantopics import joblog
from plantopics.compare import document_tokens
from plantopics.series.outputs import read_documents, term_tables, write_term_outputs
from plantopics.series.terms import TrendSettings
from plantopics.tokenize import read_tokens


def main(snakemake):
    p = snakemake.params
    documents = read_documents(snakemake.input.documents)
    tokens = document_tokens({d: read_tokens(f) for d, f in zip(p.documents, snakemake.input.tokens, strict=True)})
    tables = term_tables(tokens, documents, TrendSettings.from_config(p.terms), p.period_years, p.n_terms,
                         p.keyness["min_count"], p.keyness["correction"])
    write_term_outputs(tables, documents, snakemake.output, p.terms["plot_terms"])


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
