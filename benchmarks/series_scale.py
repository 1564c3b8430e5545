"""Issue 14's scale targets: a real series end to end, with the series setting and by default.

    .venv/bin/python benchmarks/series_scale.py /work/corpus/series                 # 50 documents, both runs once
    .venv/bin/python benchmarks/series_scale.py DIR --n 50 --repeats 3 --modes light,default
    .venv/bin/python benchmarks/series_scale.py DIR --modes light --keep            # keep the results folder

``DIR`` is a folder of real documents (the first ``--n`` files in name order are taken; the texts are read
from there and never copied into the repository). Each run happens in a fresh temporary working directory:
the repository's ``config/config.yaml``, with ``series.light: true`` for the ``light`` mode, and the
documents in ``data/raw/`` with no document sheet (every year from the texts), then
``snakemake --cores N`` (cold: nothing computed before). Measured: the wall time of the whole run (series
outputs and notebook 05 included), the CPU time of the process tree, the machine's load average before and
after, and each rule's summed seconds from Snakemake's ``benchmark:`` files. Reported: the median of the
repeats against the targets (light <= 4 min, default <= 10 min), and the ratio default / light.

With ``--terms`` (default: the terms below) the first light run's ``results/_series/terms/trends.csv`` is
read for terms whose direction history fixes; their trend (rate ratio per decade) and interval are printed.
Writes ``<out>/series_scale.md`` and ``<out>/runs.csv`` and prints the Markdown.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))
TARGETS_S = {"light": 240.0, "default": 600.0}  # issue 14: <= 4 min with the series setting, <= 10 min by default
KNOWN_TERMS = {"创新": "rising", "生态文明": "rising", "高质量发展": "rising", "互联网": "rising",
               "阶级斗争": "falling", "人民公社": "falling", "大跃进": "falling"}


def workdir_for(documents: list[Path], mode: str, root: Path) -> Path:
    """A fresh working directory: the repository's config (light: series.light on) and the documents."""
    config = yaml.safe_load((REPO / "config" / "config.yaml").read_text(encoding="utf-8")) or {}
    if mode == "light":
        config.setdefault("series", {})["light"] = True
    (root / "config").mkdir(parents=True)
    (root / "config" / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    raw = root / "data" / "raw"
    raw.mkdir(parents=True)
    for path in documents:
        shutil.copy(path, raw / path.name)
    return root


def rule_seconds(workdir: Path) -> dict[str, float]:
    """Each rule's seconds summed over its jobs (Snakemake's benchmark files: logs/benchmarks/<doc>/<rule>.tsv)."""
    totals: dict[str, float] = {}
    for tsv in (workdir / "logs" / "benchmarks").rglob("*.tsv"):
        rule = tsv.stem.split("_b")[0] if tsv.stem.startswith("lda_fit_") else tsv.stem
        with tsv.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                totals[rule] = totals.get(rule, 0.0) + float(row["s"])
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def run_once(documents: list[Path], mode: str, cores: int, keep: Path | None) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"plantopics-series-{mode}-"))
    workdir = workdir_for(documents, mode, root)
    load_before = os.getloadavg()[0]
    before = os.times()
    start = time.perf_counter()
    run = subprocess.run([SNAKEMAKE, "--cores", str(cores), "--directory", str(workdir)], cwd=REPO,
                         capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = os.times()
    if run.returncode != 0:
        sys.exit(f"{mode} run failed in {workdir}:\n{run.stderr[-4000:]}")
    result = {"mode": mode, "documents": len(documents), "wall_s": wall,
              "cpu_s": (after.children_user - before.children_user) + (after.children_system - before.children_system),
              "load_before": load_before, "load_after": os.getloadavg()[0], "rules": rule_seconds(workdir),
              "workdir": workdir}
    if keep is not None:
        result["workdir"] = Path(shutil.copytree(workdir, keep / f"{mode}_{int(time.time())}"))
    shutil.rmtree(root)
    return result


def term_table(results_dir: Path, terms: list[str]) -> list[str]:
    sys.path.insert(0, str(REPO / "src"))
    from plantopics.results import SeriesResults

    series = SeriesResults(results_dir)
    trends = series.trends.set_index("term")
    dated = series.dated
    lines = [f"{len(dated)} of {len(series.documents)} documents dated "
             f"({int(dated['year'].min())}–{int(dated['year'].max())}); "
             f"{len(trends)} terms tested, {int((trends['direction'] == 'rising').sum())} rising, "
             f"{int((trends['direction'] == 'falling').sum())} falling", "",
             "| term | expected | documents | years | trend per decade | interval | direction |",
             "|---|---|---:|---|---:|---|---|"]
    for term in terms:
        if term not in trends.index:
            lines.append(f"| {term} | {KNOWN_TERMS.get(term, '')} | | | not tested | | |")
            continue
        row = trends.loc[term]
        lines.append(f"| {term} | {KNOWN_TERMS.get(term, '')} | {int(row['n_documents'])} | "
                     f"{int(row['first_year'])}–{int(row['last_year'])} | {row['trend']:.3g} | "
                     f"{row['trend_low']:.3g}–{row['trend_high']:.3g} | {row['direction']} |")
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder of real documents (read, never copied into the repository)")
    parser.add_argument("--n", type=int, default=50, help="documents: the first N files in name order")
    parser.add_argument("--modes", default="light,default")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--terms", default=",".join(KNOWN_TERMS))
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "series_scale")
    parser.add_argument("--keep", action="store_true", help="keep each run's working directory under --out")
    args = parser.parse_args(argv)

    documents = sorted(p for p in args.corpus.iterdir() if p.is_file() and not p.name.startswith("."))[: args.n]
    size_mb = sum(p.stat().st_size for p in documents) / 1e6
    args.out.mkdir(parents=True, exist_ok=True)
    runs = []
    for _ in range(args.repeats):
        for mode in args.modes.split(","):  # interleaved, so that both modes see the same load
            runs.append(run_once(documents, mode, args.cores, args.out if args.keep else None))
            print(f"{mode}: {runs[-1]['wall_s']:.0f} s (load {runs[-1]['load_before']:.1f} → "
                  f"{runs[-1]['load_after']:.1f})", file=sys.stderr, flush=True)

    lines = [f"# Series at scale: {len(documents)} documents, {size_mb:.1f} MB, {args.cores} cores, "
             f"{args.repeats} repeat(s), {os.cpu_count()} CPUs on the machine", "",
             "| run | median wall (s) | min | max | CPU s (median) | load before/after | target (s) | met |",
             "|---|---:|---:|---:|---:|---|---:|---|"]
    medians = {}
    for mode in args.modes.split(","):
        mine = [r for r in runs if r["mode"] == mode]
        walls = [r["wall_s"] for r in mine]
        medians[mode] = statistics.median(walls)
        load = ", ".join(f"{r['load_before']:.1f}/{r['load_after']:.1f}" for r in mine)
        lines.append(f"| {mode} | {medians[mode]:.0f} | {min(walls):.0f} | {max(walls):.0f} | "
                     f"{statistics.median(r['cpu_s'] for r in mine):.0f} | {load} | {TARGETS_S[mode]:.0f} | "
                     f"{'yes' if medians[mode] <= TARGETS_S[mode] else 'no'} |")
    if {"light", "default"} <= set(medians):
        lines += ["", f"default / light: {medians['default'] / medians['light']:.2f}"]
    for mode in args.modes.split(","):
        first = next(r for r in runs if r["mode"] == mode)
        lines += ["", f"Seconds per rule, summed over jobs ({mode}, first run):", "",
                  "| rule | s |", "|---|---:|", *[f"| {rule} | {s:.0f} |" for rule, s in first["rules"].items()]]
    if args.keep and args.terms:
        light = next((r for r in runs if r["mode"] == "light"), runs[0])
        lines += ["", "## Known terms", "", *term_table(light["workdir"] / "results", args.terms.split(","))]
    text = "\n".join(lines) + "\n"
    (args.out / "series_scale.md").write_text(text, encoding="utf-8")
    with (args.out / "runs.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["mode", "documents", "wall_s", "cpu_s", "load_before", "load_after"])
        for r in runs:
            writer.writerow([r["mode"], r["documents"], f"{r['wall_s']:.1f}", f"{r['cpu_s']:.1f}",
                             f"{r['load_before']:.2f}", f"{r['load_after']:.2f}"])
    print(text)


if __name__ == "__main__":
    main()
