"""Snakemake adapter: every document's tokens -> term frequencies, trends, first
appearances, keyness between groups and periods, and their figures
(plantopics.series.terms)."""

from plantopics import joblog
from plantopics.compare import document_tokens
from plantopics.io import write_csv
from plantopics.results import SeriesResults
from plantopics.series import figures
from plantopics.series.outputs import term_tables
from plantopics.series.terms import TrendSettings
from plantopics.tokenize import read_tokens


def main(snakemake):
    p, out = snakemake.params, snakemake.output
    documents = SeriesResults.read_documents(snakemake.input.documents)
    tokens = document_tokens({d: read_tokens(f) for d, f in zip(p.documents, snakemake.input.tokens, strict=True)})
    tables = term_tables(tokens, documents, TrendSettings.from_config(p.terms), p.period_years, p.n_terms,
                         p.keyness["min_count"], p.keyness["correction"])
    for name, table in tables.items():
        write_csv(out[name], table)
    figures.trend_multiples(tables["trends"], tables["frequencies"], documents, out.trends_figure, out.trends_svg,
                            n_terms=p.terms["plot_terms"])
    figures.first_appearances_figure(tables["first_appearances"], out.firsts_figure, out.firsts_svg)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
