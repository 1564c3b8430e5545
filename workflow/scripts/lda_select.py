"""Snakemake adapter: every fit's metrics -> selection.csv, the chosen model and
the selection figure (plantopics.topics.selection)."""

from pathlib import Path

import pandas as pd

from plantopics import joblog
from plantopics.io import read_csv, write_csv, write_json
from plantopics.topics.figures import selection_figure
from plantopics.topics.fitting import quiet_libraries
from plantopics.topics.selection import select, selection_table


def main(snakemake):
    quiet_libraries()
    settings = snakemake.params.settings
    tables = [read_csv(path) for path in snakemake.input.metrics]
    table = pd.concat(tables, ignore_index=True)
    lda_dir = Path(snakemake.output.chosen).parent
    batch_of = {int(k): Path(path).parent for path, t in zip(snakemake.input.metrics, tables, strict=True)
                for k in t["k"]}
    selections = {
        engine: select(rows, settings["stability_threshold"], settings["criterion"], settings["k"])
        for engine, rows in table.groupby("engine", sort=True)
    }
    out = selection_table(tables, selections, settings["engine"])
    write_csv(snakemake.output.selection, out)
    chosen = selections[settings["engine"]]
    write_json(
        snakemake.output.chosen,
        {
            **chosen.as_dict(),
            "model": (batch_of[chosen.k] / "models" / f"k{chosen.k:02d}" / f"{chosen.engine}_s{chosen.seed}")
            .relative_to(lda_dir).as_posix(),
            "other_engines": {e: {"k": s.k, "seed": s.seed} for e, s in selections.items() if e != chosen.engine},
        },
    )
    selection_figure(out, {"engine": chosen.engine, "k": chosen.k, "seed": chosen.seed},
                     snakemake.output.figure, snakemake.output.figure_svg)


if __name__ == "__main__":
    joblog.run(snakemake, main)  # noqa: F821 (injected by Snakemake)
