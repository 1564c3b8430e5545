"""Snakemake adapter: the documents the run could not analyse -> results/_failed.csv (plantopics.workflow.checks)."""

import logging

from plantopics import joblog
from plantopics.io import write_csv_rows
from plantopics.workflow.checks import FAILED_COLUMNS


def main(snakemake):
    rows = snakemake.params.rows
    write_csv_rows(snakemake.output.table, FAILED_COLUMNS, rows)
    for row in rows:
        logging.getLogger("plantopics").error("%s not analysed: %s", row["document"], row["reason"])


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
