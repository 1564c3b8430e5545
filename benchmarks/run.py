"""Benchmark the workflow against the bare libraries underneath it (issue 7).

One command::

    .venv/bin/python benchmarks/run.py                      # everything: plan, 1mb, 5mb, docs10, docs100
    .venv/bin/python benchmarks/run.py --quick              # the bundled plan only, one repeat
    .venv/bin/python benchmarks/run.py --sizes plan,1mb,docs10 --repeats 3
    .venv/bin/python benchmarks/run.py --input .test/data/raw/fixture_plan.txt --config .test/config --quick

Every run happens in a fresh temporary working directory (a copy of the config
folder and the generated inputs; ``snakemake --directory``), never in the
repository's ``results/``. What is measured, for each repeat:

* ``plan`` (the input document as is):
  - the cold run (every table, figure, model, rendered notebook), wall time and
    peak memory of the whole process tree, and each rule's seconds / CPU
    seconds / max RSS from Snakemake's ``benchmark:`` files;
  - the same cold run on one core (the "one document's time" of the growth
    targets), and as many one-core runs at once as there are cores: what the
    machine itself gives for these jobs side by side;
  - ``snakemake --report`` on that run, and cold run + report together;
  - a rerun with nothing changed;
  - a rerun after changing one plotting parameter (``keywords.plots.n_terms``),
    with the rules that reran;
  - bare jieba: a fresh interpreter that imports jieba, builds its prefix
    dictionary in an empty cache folder, loads the policy dictionary and runs
    ``jieba.lcut`` over the same sentences (``jieba.posseg`` too, for reference);
    compared with the ``tokenize`` job;
  - the bare LDA engine fits: every (engine, K, seed) of the grid fitted one
    after another with tomotopy's ``LDAModel`` / gensim's ``LdaModel`` on the
    same corpus and settings; compared with the ``lda_fit`` jobs.
* ``1mb``, ``5mb``: the document repeated whole to about 1 MB / 5 MB, as ONE
  document (the chapter numbering restarts in each copy, so the segmenter keeps
  the copies after the first inside the last chapter: the same chapters, much
  longer text). Cold run; cost per MB compared with ``plan``.
* ``docs10``, ``docs100``: 10 / 100 copies of the document as separate
  documents (``doc001`` …). Cold run with the cross-document comparison switched
  off (``compare.enabled: false``; ``--with-compare`` keeps it), compared with
  one document's time × count ÷ cores.

Writes ``<out>/benchmarks.md`` (the tables), ``<out>/runs.csv`` (every
measurement of every repeat), ``<out>/summary.csv`` (medians and ratios) and
``<out>/rules.csv`` (per-rule medians), and prints the Markdown.
The benchmark is not a test: the test suite only checks that ``--quick`` runs
on the fixture (tests/test_benchmarks.py).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SNAKEMAKE = str(BIN / "snakemake")
ALL_SIZES = ("plan", "1mb", "5mb", "docs10", "docs100")
TARGETS = {
    "cold_s": 60.0,
    "noop_s": 3.0,
    "tokenize_ratio": 1.5,
    "lda_grid_ratio": 1.2,
    "metrics_over_fits": 1.0,
    "growth_ratio": 1.1,
    "per_mb_ratio": 1.0,
}


# --------------------------------------------------------------------------- processes


class PeakMemory:
    """Samples the summed RSS of a process and all its descendants (psutil)."""

    def __init__(self, pid: int, interval: float = 0.2):
        import psutil

        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            self._stop.wait(self.interval)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak / 2**20


def children_cpu() -> float:
    """User + system CPU seconds of every finished child process and its waited-for descendants."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(cmd: list[str], cwd: Path, log: Path, env: dict | None = None) -> dict:
    """Run ``cmd``; wall seconds, CPU seconds of the whole process tree (exact,
    from the kernel's accounting: Snakemake waits for its jobs), summed-tree
    peak RSS (MiB)."""
    with open(log, "a") as out:
        out.write(f"\n$ {' '.join(cmd)}\n")
        out.flush()
        cpu = children_cpu()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        mem = PeakMemory(proc.pid)
        rc = proc.wait()
        wall = time.perf_counter() - start
        peak = mem.stop()
    if rc != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({rc}); see {log}")
    return {"wall_s": wall, "cpu_s": children_cpu() - cpu, "peak_rss_mb": peak}


def run_at_once(cmds: list[list[str]], cwd: Path, log: Path) -> dict:
    """Run ``cmds`` at the same time; wall seconds until the last ends, CPU seconds of all."""
    with open(log, "a") as out:
        out.write("".join(f"\n$ {' '.join(cmd)} &" for cmd in cmds) + "\n")
        out.flush()
        cpu = children_cpu()
        start = time.perf_counter()
        procs = [subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT) for cmd in cmds]
        failed = [cmd for cmd, proc in zip(cmds, procs, strict=True) if proc.wait() != 0]
        wall = time.perf_counter() - start
    if failed:
        raise RuntimeError(f"{' '.join(failed[0])} failed; see {log}")
    return {"wall_s": wall, "cpu_s": children_cpu() - cpu}


def snakemake_cmd(workdir: Path, cores: int, *extra: str) -> list[str]:
    return [SNAKEMAKE, "--snakefile", str(REPO / "Snakefile"), "--directory", str(workdir),
            "--cores", str(cores), *extra]


def load_average() -> float:
    return os.getloadavg()[0]


# --------------------------------------------------------------------------- inputs


def make_workdir(root: Path, name: str, config_dir: Path, documents: dict[str, str], compare: bool) -> Path:
    """A working directory with a copy of ``config_dir`` and ``documents`` (id -> text) in data/raw."""
    work = root / name
    shutil.copytree(config_dir, work / "config")
    raw = work / "data" / "raw"
    raw.mkdir(parents=True)
    for doc_id, text in documents.items():
        (raw / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    config_file = work / "config" / "config.yaml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["input_dir"] = "data/raw"
    if not compare:
        config.setdefault("compare", {})["enabled"] = False
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return work


def resolved_config(path: Path) -> dict:
    """The config as the workflow sees it: the file plus the schema's defaults."""
    from plantopics import config

    return config.load(path)


def repeated(text: str, target_bytes: int) -> str:
    """``text`` repeated whole until it reaches about ``target_bytes`` (UTF-8)."""
    copies = max(1, round(target_bytes / len(text.encode("utf-8"))))
    body = text if text.endswith("\n") else text + "\n"
    return body * copies


def size_inputs(size: str, doc_id: str, text: str) -> dict[str, str]:
    if size == "plan":
        return {doc_id: text}
    if size.endswith("mb"):
        return {f"{doc_id}_{size}": repeated(text, int(size[:-2]) * 1_000_000)}
    count = int(size.removeprefix("docs"))
    return {f"doc{i:03d}": text for i in range(1, count + 1)}


# --------------------------------------------------------------------------- measurements


def rule_benchmarks(work: Path) -> list[dict]:
    """Every Snakemake benchmark file of the run: rule, document, s, cpu_time, max_rss."""
    rows = []
    for path in sorted((work / "logs" / "benchmarks").glob("*/*.tsv")):
        with open(path) as fh:
            for rec in csv.DictReader(fh, delimiter="\t"):
                rows.append(
                    {
                        "document": path.parent.name,
                        "rule": path.stem,
                        "s": float(rec["s"]),
                        "cpu_s": float(rec["cpu_time"]),
                        "max_rss_mb": float(rec["max_rss"]) if rec["max_rss"] not in ("", "-", "NA") else 0.0,
                    }
                )
    return rows


def rules_run(log: Path, since: int) -> list[str]:
    """Rule names of the 'Job stats' table Snakemake printed after byte ``since`` of the log."""
    text = log.read_text(errors="replace")[since:]
    match = re.search(r"Job stats:\n(.*?)\n\s*\n", text, re.S)
    if not match:
        return []
    names = []
    for line in match.group(1).splitlines()[2:]:
        parts = line.split()
        if len(parts) == 2 and parts[0] not in ("total", "job", "all"):
            names.append(parts[0])
    return sorted(names)


BARE_JIEBA = r"""
import json, sys, tempfile, time
t0 = time.perf_counter()
import jieba
if sys.argv[2] == "posseg":
    import jieba.posseg
jieba.setLogLevel(60)
texts = json.load(open(sys.argv[1], encoding="utf-8"))
with tempfile.TemporaryDirectory() as cache:
    tk = jieba.Tokenizer(); tk.tmp_dir = cache
    tk.initialize()
    for path in sys.argv[3:]:
        tk.load_userdict(path)
    t1 = time.perf_counter()
    if sys.argv[2] == "lcut":
        tokens = [tk.lcut(t) for t in texts]
    else:
        pos = jieba.posseg.POSTokenizer(tk)
        tokens = [[p.word for p in pos.cut(t)] for t in texts]
    t2 = time.perf_counter()
print(json.dumps({"load_s": t1 - t0, "cut_s": t2 - t1, "tokens": sum(map(len, tokens))}))
"""

BARE_LDA = r"""
import json, sys, time
import numpy as np
from plantopics.topics.corpus import LdaCorpus
from plantopics.topics.engines import _bows
settings = json.load(open(sys.argv[2]))
batches = json.load(open(sys.argv[3]))
corpus = LdaCorpus.load(sys.argv[1])
docs = corpus.word_ids(corpus.train)  # what the fit jobs fit on: the held-out documents are left out
vocab = corpus.vocabulary
words = [[vocab[i] for i in ids] for ids in docs]
bows = _bows(docs)
out = []
for k, seed in [fit for b in batches for fit in b]:
    for engine, p in settings["engines"].items():
        t = time.perf_counter()
        if engine == "tomotopy":
            import tomotopy as tp
            m = tp.LDAModel(k=k, alpha=float(p["alpha"]), eta=float(p["eta"]), seed=int(seed))
            m.optim_interval = int(p["optim_interval"]); m.burn_in = int(p["burn_in"])
            for w in words:
                m.add_doc(w)
            m.train(int(p["iterations"]), workers=1, show_progress=False)
        else:
            from gensim.models import LdaModel
            prior = lambda v: v if isinstance(v, str) else float(v)
            LdaModel(corpus=bows, id2word=dict(enumerate(vocab)), num_topics=k, passes=int(p["passes"]),
                     iterations=int(p["iterations"]), alpha=prior(p["alpha"]), eta=prior(p["eta"]),
                     chunksize=int(p["chunksize"]), random_state=seed, eval_every=None, update_every=1,
                     dtype=np.float64)
        out.append({"engine": engine, "k": k, "seed": seed, "s": time.perf_counter() - t})
print(json.dumps(out))
"""


def bare_jieba(work: Path, doc_id: str, config: dict, mode: str) -> dict:
    """Wall time of a fresh interpreter doing the bare jieba work, and its own split."""
    import pandas as pd

    from plantopics.tokenize import TokenizerSettings

    sentences = pd.read_csv(work / "results" / doc_id / "structure" / "sentences.csv", dtype=str, keep_default_na=False)
    texts_file = work / "bare_texts.json"
    texts_file.write_text(json.dumps(list(sentences["text"]), ensure_ascii=False), encoding="utf-8")
    dicts = [str(p) for p in TokenizerSettings.from_config(config["tokenize"]).dictionary_files()]
    start = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", BARE_JIEBA, str(texts_file), mode, *dicts],
                         capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    return {"wall_s": wall, **json.loads(res.stdout.strip().splitlines()[-1])}


def _bare_lda_command(work: Path, doc_id: str, config: dict, batches: list, name: str) -> list[str]:
    from plantopics.topics import settings as lda_settings

    settings_file, batches_file = work / "bare_lda_settings.json", work / f"bare_lda_{name}.json"
    settings_file.write_text(json.dumps({"engines": lda_settings.fit_engines(config["lda"])}))
    batches_file.write_text(json.dumps(batches))
    corpus_dir = work / "results" / doc_id / "lda" / "corpus"
    return [sys.executable, "-c", BARE_LDA, str(corpus_dir), str(settings_file), str(batches_file)]


BARE_ENV = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")


def fit_shares(config: dict) -> list[list[list[int]]]:
    """The (K, seed) fits of each lda_fit job, as the workflow shares the grid out."""
    from plantopics.topics import settings as lda_settings

    return [share["fits"] for share in lda_settings.fit_shares(config["lda"]).values()]


def bare_lda(work: Path, doc_id: str, config: dict) -> list[dict]:
    """The bare engine fits of the whole grid, one after another in one process."""
    cmd = _bare_lda_command(work, doc_id, config, fit_shares(config), "all")
    res = subprocess.run(cmd, capture_output=True, text=True, check=True, env=BARE_ENV)
    return json.loads(res.stdout.strip().splitlines()[-1])


def bare_lda_parallel(work: Path, doc_id: str, config: dict) -> dict:
    """The same bare fits as the fit jobs share them: one process per batch, all
    started at once. What the machine itself gives for that many processes at a time."""
    batches = fit_shares(config)
    start = time.perf_counter()
    procs = [subprocess.Popen(_bare_lda_command(work, doc_id, config, [batch], f"b{i}"), stdout=subprocess.PIPE,
                              text=True, env=BARE_ENV) for i, batch in enumerate(batches, 1)]
    fits = [json.loads(proc.communicate()[0].strip().splitlines()[-1]) for proc in procs]
    wall = time.perf_counter() - start
    return {"wall_s": wall, "longest_s": max(sum(f["s"] for f in batch) for batch in fits),
            "sum_s": sum(f["s"] for batch in fits for f in batch)}


def fit_job_timings(work: Path, doc_id: str) -> dict:
    """Over the lda_fit jobs' timing.csv: fit and metric seconds summed, the
    longest job's fitting, and whether the jobs ran at the same time."""
    fit = metric = 0.0
    per_job, spans = [], []
    for path in sorted((work / "results" / doc_id / "lda" / "fits").glob("b*/timing.csv")):
        with open(path) as fh:
            records = list(csv.DictReader(fh))
        per_job.append(sum(float(r["fit_seconds"]) for r in records))
        fit += per_job[-1]
        metric += sum(float(r["metric_seconds"]) for r in records)
        spans.append((min(float(r["started"]) for r in records), max(float(r["finished"]) for r in records)))
    overlap = min(end for _, end in spans) - max(start for start, _ in spans) if spans else 0.0
    return {"fit_s": fit, "metric_s": metric, "longest_job_fit_s": max(per_job, default=0.0),
            "jobs": len(per_job), "overlap_s": overlap}


def tokenize_job_s(work: Path, cores: int, log: Path) -> float:
    """The tokenize job alone (forced rerun, nothing else running): Snakemake's benchmark seconds."""
    run_timed(snakemake_cmd(work, cores, "--until", "tokenize", "--forcerun", "tokenize"), REPO, log)
    tsv = next((work / "logs" / "benchmarks").glob("*/tokenize.tsv"))
    return float(tsv.read_text().splitlines()[-1].split("\t")[0])


# --------------------------------------------------------------------------- one size


def measure_size(size: str, repeat: int, args, doc_id: str, text: str, root: Path, log: Path) -> tuple[list, list]:
    """Run one size once; return (measurement rows, rule rows)."""
    documents = size_inputs(size, doc_id, text)
    work = make_workdir(root, f"{size}_r{repeat}", args.config, documents, args.with_compare)
    config = resolved_config(work / "config" / "config.yaml")
    rows: list[dict] = []
    mb = sum(len(t.encode("utf-8")) for t in documents.values()) / 1e6

    def add(measure: str, value: float, unit: str = "s", **extra):
        rows.append({"size": size, "repeat": repeat, "measure": measure, "value": round(value, 4), "unit": unit,
                     "load": round(load_average(), 2), "mb": round(mb, 3), "documents": len(documents), **extra})

    cold = run_timed(snakemake_cmd(work, args.cores), REPO, log)
    add("cold_s", cold["wall_s"])
    add("cold_cpu_s", cold["cpu_s"])
    add("cold_peak_rss_mb", cold["peak_rss_mb"], "MiB")
    rules = [{"size": size, "repeat": repeat, **r} for r in rule_benchmarks(work)]
    add("rules_sum_s", sum(r["s"] for r in rules))
    add("rules_cpu_sum_s", sum(r["cpu_s"] for r in rules))
    add("rule_max_rss_mb", max((r["max_rss_mb"] for r in rules), default=0.0), "MiB")
    if size != "plan":
        return rows, rules

    # one document on one core: the "one document's time" of the growth targets
    serial_work = make_workdir(root, f"{size}_r{repeat}_1core", args.config, documents, args.with_compare)
    serial = run_timed(snakemake_cmd(serial_work, 1), REPO, log)
    add("cold_1core_s", serial["wall_s"])
    add("cold_1core_cpu_s", serial["cpu_s"])
    shutil.rmtree(serial_work, ignore_errors=True)
    # as many of those one-core runs as there are cores, at once: what the machine gives for
    # this mix of jobs side by side, with no scheduling of ours between them
    side_by_side = [make_workdir(root, f"{size}_r{repeat}_1core_{i}", args.config, documents, args.with_compare)
                    for i in range(args.cores)]
    at_once = run_at_once([snakemake_cmd(w, 1) for w in side_by_side], REPO, log)
    add("cold_1core_at_once_s", at_once["wall_s"], note=f"{args.cores} one-core runs at once")
    add("cold_1core_at_once_cpu_s", at_once["cpu_s"])
    add("machine_parallel_efficiency", serial["wall_s"] / at_once["wall_s"], "×",
        note="one one-core run's wall ÷ the wall of as many at once as cores")
    for w in side_by_side:
        shutil.rmtree(w, ignore_errors=True)

    if not args.no_report:
        report = run_timed(snakemake_cmd(work, args.cores, "--report", str(work / "report.html")), REPO, log)
        add("report_s", report["wall_s"])
        add("cold_plus_report_s", cold["wall_s"] + report["wall_s"])
    noop = run_timed(snakemake_cmd(work, args.cores), REPO, log)
    add("noop_s", noop["wall_s"])

    # change one plotting parameter: which rules rerun, and how long it takes
    config_file = work / "config" / "config.yaml"
    changed = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    plots = changed.setdefault("keywords", {}).setdefault("plots", {})
    plots["n_terms"] = int(plots.get("n_terms", 15)) + 1
    config_file.write_text(yaml.safe_dump(changed, allow_unicode=True, sort_keys=False), encoding="utf-8")
    since = log.stat().st_size
    plot = run_timed(snakemake_cmd(work, args.cores), REPO, log)
    add("plot_param_rerun_s", plot["wall_s"], rules_rerun=" ".join(rules_run(log, since)))

    # LDA grid against the bare engine fits, one after another
    fits = bare_lda(work, doc_id, config)
    bare_sum = sum(f["s"] for f in fits)
    fit_jobs = [r for r in rules if r["rule"].startswith("lda_fit_")]
    cores_used = min(args.cores, len(fit_jobs)) or 1
    jobs_wall = max((r["s"] for r in fit_jobs), default=0.0)
    inside = fit_job_timings(work, doc_id)
    add("bare_fits_sum_s", bare_sum, fits=len(fits))
    add("lda_fit_jobs_max_s", jobs_wall, jobs=len(fit_jobs))
    add("lda_fit_jobs_sum_s", sum(r["s"] for r in fit_jobs))
    add("lda_fit_inside_jobs_s", inside["fit_s"])
    add("lda_metrics_inside_jobs_s", inside["metric_s"])
    add("lda_fit_jobs_overlap_s", inside["overlap_s"], note="> 0: the fit jobs ran at the same time")
    # jobs that never overlapped fitted one after the other: then the grid's fitting is all of it
    grid_fit_s = inside["longest_job_fit_s"] if inside["overlap_s"] > 0 else inside["fit_s"]
    add("lda_grid_ratio", grid_fit_s / (bare_sum / cores_used), "×", cores_used=cores_used,
        note="fitting in the longest fit job (all jobs' if they never overlapped) ÷ (bare fits ÷ cores)")
    add("lda_fit_jobs_ratio", jobs_wall / (bare_sum / cores_used), "×",
        note="whole fit jobs (start-up, fits, metrics, saving) ÷ (bare fits ÷ cores)")
    add("lda_fits_vs_bare_ratio", inside["fit_s"] / bare_sum if bare_sum else 0.0, "×")
    parallel = bare_lda_parallel(work, doc_id, config)
    add("bare_fits_parallel_longest_s", parallel["longest_s"], jobs=len(fit_jobs),
        note="the bare fits of each fit job's share, those processes run at once: the longest one's fitting")
    add("bare_parallel_efficiency", (bare_sum / cores_used) / parallel["longest_s"], "×",
        note="the machine's own: (bare fits one after another ÷ cores) ÷ the same fits shared out at once")
    add("lda_grid_vs_bare_parallel", inside["longest_job_fit_s"] / parallel["longest_s"], "×",
        note="fitting in the longest fit job ÷ the longest bare process of the same share")
    add("metrics_over_fits", inside["metric_s"] / inside["fit_s"] if inside["fit_s"] else 0.0, "×")

    # tokenization against bare jieba: the job alone and a fresh interpreter, interleaved, medians
    job, lcut, posseg = [], [], []
    for _ in range(3):
        job.append(tokenize_job_s(work, args.cores, log))
        lcut.append(bare_jieba(work, doc_id, config, "lcut"))
        posseg.append(bare_jieba(work, doc_id, config, "posseg"))
    job_s = median(job)
    lcut_s, posseg_s = median([r["wall_s"] for r in lcut]), median([r["wall_s"] for r in posseg])
    add("tokenize_job_s", job_s, runs=len(job))
    add("bare_jieba_lcut_s", lcut_s, load_s=round(median([r["load_s"] for r in lcut]), 3),
        cut_s=round(median([r["cut_s"] for r in lcut]), 3))
    add("bare_jieba_posseg_s", posseg_s, load_s=round(median([r["load_s"] for r in posseg]), 3),
        cut_s=round(median([r["cut_s"] for r in posseg]), 3))
    add("tokenize_ratio", job_s / lcut_s, "×")
    add("tokenize_vs_posseg_ratio", job_s / posseg_s, "×")
    return rows, rules


# --------------------------------------------------------------------------- summary


def median(values):
    return statistics.median(values) if values else float("nan")


def summarise(rows: list[dict], cores: int) -> list[dict]:
    """Median of every (size, measure) plus the derived growth ratios, each with its target."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        groups.setdefault((r["size"], r["measure"]), []).append(r)
    out = []
    for (size, measure), rs in groups.items():
        values = [r["value"] for r in rs]
        out.append({"size": size, "measure": measure, "median": round(median(values), 3),
                    "min": round(min(values), 3), "max": round(max(values), 3), "n": len(values),
                    "unit": rs[0]["unit"], "load": round(median([r["load"] for r in rs]), 2),
                    "note": rs[0].get("rules_rerun", "") or rs[0].get("note", "")})
    med = {(s["size"], s["measure"]): s["median"] for s in out}
    plan_cold = med.get(("plan", "cold_s"))
    for size in ("1mb", "5mb"):
        if ("1mb" if size == "5mb" else "plan", "cold_s") in med and (size, "cold_s") in med:
            base = "1mb" if size == "5mb" else "plan"
            base_mb = next(r["mb"] for r in rows if r["size"] == base and "mb" in r)
            this_mb = next(r["mb"] for r in rows if r["size"] == size and "mb" in r)
            ratio = (med[(size, "cold_s")] / this_mb) / (med[(base, "cold_s")] / base_mb)
            out.append({"size": size, "measure": f"per_mb_vs_{base}", "median": round(ratio, 3), "min": "", "max": "",
                        "n": "", "unit": "×", "load": "", "note": f"wall s/MB here ÷ wall s/MB of {base}"})
            if (size, "cold_cpu_s") in med and (base, "cold_cpu_s") in med:
                cpu = (med[(size, "cold_cpu_s")] / this_mb) / (med[(base, "cold_cpu_s")] / base_mb)
                out.append({"size": size, "measure": f"cpu_per_mb_vs_{base}", "median": round(cpu, 3), "min": "",
                            "max": "", "n": "", "unit": "×", "load": "",
                            "note": f"CPU s/MB of the whole run here ÷ CPU s/MB of {base}"})
    plan_serial = med.get(("plan", "cold_1core_s"))
    for size in ("docs10", "docs100"):
        if (size, "cold_s") not in med:
            continue
        count = int(size.removeprefix("docs"))
        if plan_serial:
            ideal = plan_serial * count / cores
            out.append({"size": size, "measure": "growth_ratio", "median": round(med[(size, "cold_s")] / ideal, 3),
                        "min": "", "max": "", "n": "", "unit": "×", "load": "",
                        "note": f"cold ÷ (plan on 1 core {plan_serial:.1f} s × {count} ÷ {cores} cores)"})
        at_once = med.get(("plan", "cold_1core_at_once_s"))
        if at_once:
            out.append({"size": size, "measure": "growth_vs_runs_at_once", "unit": "×", "load": "",
                        "median": round(med[(size, "cold_s")] / (at_once * count / cores), 3),
                        "min": "", "max": "", "n": "",
                        "note": f"cold ÷ ({cores} one-core plan runs at once {at_once:.1f} s × {count} ÷ {cores})"})
        if plan_cold:
            out.append({"size": size, "measure": "growth_vs_parallel_plan", "unit": "×", "load": "",
                        "median": round(med[(size, "cold_s")] / (plan_cold * count / cores), 3),
                        "min": "", "max": "", "n": "",
                        "note": f"cold ÷ (plan on {cores} cores {plan_cold:.1f} s × {count} ÷ {cores})"})
        if ("plan", "cold_cpu_s") in med and (size, "cold_cpu_s") in med:
            out.append({"size": size, "measure": "growth_cpu_ratio", "unit": "×", "load": "", "min": "", "max": "",
                        "n": "", "median": round(med[(size, "cold_cpu_s")] / (med[("plan", "cold_cpu_s")] * count), 3),
                        "note": "CPU s here ÷ (plan CPU s × count)"})
    return out


VERDICT = {
    ("plan", "cold_s"): TARGETS["cold_s"],
    ("plan", "cold_plus_report_s"): TARGETS["cold_s"],
    ("plan", "noop_s"): TARGETS["noop_s"],
    ("plan", "tokenize_ratio"): TARGETS["tokenize_ratio"],
    ("plan", "lda_grid_ratio"): TARGETS["lda_grid_ratio"],
    ("plan", "metrics_over_fits"): TARGETS["metrics_over_fits"],
    ("docs10", "growth_ratio"): TARGETS["growth_ratio"],
    ("docs100", "growth_ratio"): TARGETS["growth_ratio"],
    ("5mb", "per_mb_vs_1mb"): TARGETS["per_mb_ratio"],
    ("5mb", "cpu_per_mb_vs_1mb"): TARGETS["per_mb_ratio"],
}


def markdown(summary: list[dict], rules: list[dict], machine: dict) -> str:
    lines = ["# Benchmark results", "", "Machine: " + ", ".join(f"{k}: {v}" for k, v in machine.items()), "",
             "| size | measure | median | min | max | n | unit | load | target | met | note |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for s in summary:
        target = VERDICT.get((s["size"], s["measure"]))
        met = "" if target is None else ("yes" if s["median"] <= target else "NO")
        lines.append(f"| {s['size']} | {s['measure']} | {s['median']} | {s['min']} | {s['max']} | {s['n']} | "
                     f"{s['unit']} | {s['load']} | {'' if target is None else '≤ ' + str(target)} | {met} | "
                     f"{s['note']} |")
    lines += ["", "## Per rule (medians over repeats; summed over documents)", "",
              "| size | rule | s | cpu_s | max_rss_mb |", "|---|---|---|---|---|"]
    for r in rules:
        lines.append(f"| {r['size']} | {r['rule']} | {r['s']} | {r['cpu_s']} | {r['max_rss_mb']} |")
    return "\n".join(lines) + "\n"


def rule_medians(rules: list[dict]) -> list[dict]:
    """Per size and rule (lda_fit_b1, …; documents summed within a repeat): medians over repeats."""
    per: dict[tuple[str, str, int], dict] = {}
    for r in rules:
        key = (r["size"], r["rule"], r["repeat"])
        acc = per.setdefault(key, {"s": 0.0, "cpu_s": 0.0, "max_rss_mb": 0.0})
        acc["s"] += r["s"]
        acc["cpu_s"] += r["cpu_s"]
        acc["max_rss_mb"] = max(acc["max_rss_mb"], r["max_rss_mb"])
    grouped: dict[tuple[str, str], list[dict]] = {}
    for (size, rule, _), acc in per.items():
        grouped.setdefault((size, rule), []).append(acc)
    out = []
    for (size, rule), accs in grouped.items():
        out.append({"size": size, "rule": rule, **{k: round(median([a[k] for a in accs]), 2)
                                                    for k in ("s", "cpu_s", "max_rss_mb")}})
    order = {s: i for i, s in enumerate(ALL_SIZES)}
    return sorted(out, key=lambda r: (order.get(r["size"], 99), -r["s"]))


def machine_info(cores: int) -> dict:
    import psutil

    info = {"date": dt.datetime.now().isoformat(timespec="seconds"), "nproc": os.cpu_count(), "cores used": cores,
            "memory": f"{psutil.virtual_memory().total / 2**30:.1f} GiB", "python": platform.python_version(),
            "load at start": round(load_average(), 2)}
    try:
        cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        model = re.search(r"Model name:\s*(.+)", cpu)
        info["cpu"] = model.group(1).strip() if model else platform.processor()
    except OSError:
        info["cpu"] = platform.processor()
    from importlib.metadata import version

    for pkg in ("snakemake", "jieba", "gensim", "tomotopy", "matplotlib", "wordcloud"):
        try:
            info[pkg] = version(pkg)
        except Exception:  # noqa: BLE001
            info[pkg] = "-"
    return info


def write_csv(path: Path, rows: list[dict]) -> None:
    fields: list[str] = []
    for r in rows:
        fields += [k for k in r if k not in fields]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="the plan size only, one repeat (unless given)")
    p.add_argument("--repeats", type=int, default=None, help="repeats per size (default 3; 1 with --quick)")
    p.add_argument("--sizes", default=None,
                   help=f"comma list of {','.join(ALL_SIZES)} (default: all; plan with --quick)")
    p.add_argument("--large-repeats", type=int, default=1, help="repeats for 1mb, 5mb, docs10, docs100 (default 1)")
    p.add_argument("--input", type=Path, default=REPO / "data" / "raw" / "guangzhou_15th_plan_proposal.txt")
    p.add_argument("--config", type=Path, default=REPO / "config", help="config folder to copy (default config/)")
    p.add_argument("--cores", type=int, default=2)
    p.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results")
    p.add_argument("--no-report", action="store_true", help="skip timing snakemake --report")
    p.add_argument("--with-compare", action="store_true", help="keep the cross-document comparison on")
    p.add_argument("--keep", action="store_true", help="keep the temporary working directories")
    p.add_argument("--merge", type=Path, nargs="+", default=None,
                   help="only rebuild the tables from these earlier --out folders (runs.csv, rules_runs.csv)")
    args = p.parse_args(argv)
    args.repeats = args.repeats or (1 if args.quick else 3)
    sizes = args.sizes.split(",") if args.sizes else (["plan"] if args.quick else list(ALL_SIZES))
    unknown = set(sizes) - set(ALL_SIZES)
    if unknown:
        p.error(f"unknown sizes {sorted(unknown)}; choose from {ALL_SIZES}")
    args.sizes = sizes
    args.config = args.config.resolve()
    return args


def read_rows(path: Path) -> list[dict]:
    """Rows of a runs.csv / rules_runs.csv written earlier, numbers as numbers."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            row = {}
            for key, value in rec.items():
                if value in ("", None):
                    continue
                try:
                    row[key] = int(value) if key in ("repeat", "documents") else float(value)
                except ValueError:
                    row[key] = value
            rows.append(row)
    return rows


def write_outputs(out: Path, rows: list[dict], rules: list[dict], machine: dict, cores: int) -> str:
    summary = summarise(rows, cores)
    per_rule = rule_medians(rules)
    write_csv(out / "runs.csv", rows)
    write_csv(out / "rules_runs.csv", rules)
    write_csv(out / "summary.csv", summary)
    write_csv(out / "rules.csv", per_rule)
    (out / "machine.json").write_text(json.dumps(machine, indent=1))
    md = markdown(summary, per_rule, machine)
    (out / "benchmarks.md").write_text(md, encoding="utf-8")
    return md


def main(argv=None) -> int:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.merge:  # tables from earlier runs' runs.csv / rules_runs.csv, nothing run
        rows = [r for folder in args.merge for r in read_rows(folder / "runs.csv")]
        rules = [r for folder in args.merge for r in read_rows(folder / "rules_runs.csv")]
        first = args.merge[0] / "machine.json"
        machine = json.loads(first.read_text()) if first.exists() else machine_info(args.cores)
        machine["merged from"] = ", ".join(str(f) for f in args.merge)
        print(write_outputs(args.out, rows, rules, machine, args.cores))
        return 0
    text = args.input.read_text(encoding="utf-8")
    doc_id = args.input.stem
    machine = machine_info(args.cores)
    rows: list[dict] = []
    rules: list[dict] = []
    root = Path(tempfile.mkdtemp(prefix="plantopics-bench-"))
    log = args.out / "snakemake.log"
    log.write_text("")
    try:
        for size in args.sizes:
            repeats = args.repeats if size == "plan" else args.large_repeats
            for repeat in range(1, repeats + 1):
                print(f"[bench] {size} repeat {repeat}/{repeats} (load {load_average():.2f})",
                      file=sys.stderr, flush=True)
                try:
                    r, ru = measure_size(size, repeat, args, doc_id, text, root, log)
                except (RuntimeError, subprocess.CalledProcessError) as err:  # record it, go on with the next size
                    print(f"[bench] {size} repeat {repeat} FAILED: {err}", file=sys.stderr, flush=True)
                    r, ru = [{"size": size, "repeat": repeat, "measure": "failed", "value": 1, "unit": "",
                              "load": round(load_average(), 2), "note": str(err)[-300:]}], []
                rows += r
                rules += ru
                if not args.keep:
                    shutil.rmtree(root / f"{size}_r{repeat}", ignore_errors=True)
                write_csv(args.out / "runs.csv", rows)  # partial results survive an interrupted run
                write_csv(args.out / "rules_runs.csv", rules)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        else:
            print(f"[bench] working directories kept in {root}", file=sys.stderr)
    print(write_outputs(args.out, rows, rules, machine, args.cores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
