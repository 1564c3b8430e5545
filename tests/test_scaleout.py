"""Scale-out without a cluster: every rule sizes its own jobs, the SLURM profile
hands those sizes on, and the DAG for a couple of hundred documents builds quickly.
(The real run through SLURM is tests/test_slurm.py.)"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE_DIR, ROOT
from workflow_rules import declared_rules

SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))
SLURM_PROFILE = ROOT / "profiles" / "slurm" / "config.yaml"
N_DOCUMENTS = 200
FOUNDATION_RULES = ("ingest", "segment", "tokenize")

pytestmark = pytest.mark.workflow


def copy_fixture(dest: Path) -> Path:
    shutil.copytree(FIXTURE_DIR / "config", dest / "config")
    shutil.copytree(FIXTURE_DIR / "data", dest / "data")
    return dest


def job_stats(output: str) -> dict[str, int]:
    """The first 'Job stats' table of a Snakemake run or dry run: rule -> job count."""
    lines = output[output.index("Job stats:") :].splitlines()[3:]
    counts = {}
    for line in lines:
        name, _, count = line.strip().rpartition(" ")
        if name.strip() == "total" or not count.isdigit():
            break
        counts[name.strip()] = int(count)
    return counts


@pytest.fixture(scope="module")
def rules(tmp_path_factory) -> dict[str, dict]:
    return declared_rules(copy_fixture(tmp_path_factory.mktemp("rules")))


def test_every_rule_declares_threads_mem_and_runtime(rules):
    jobs = {name: rule for name, rule in rules.items() if rule["runs_a_job"]}
    assert set(FOUNDATION_RULES) <= set(jobs), sorted(rules)
    lacking = [
        f"rule {name} ({rule['file']}) lacks {', '.join(missing)}"
        for name, rule in sorted(jobs.items())
        if (
            missing := [
                directive
                for directive, present in (
                    ("threads", rule["threads"] is not None),
                    ("resources: mem_mb", "mem_mb" in rule["resources"]),
                    ("resources: runtime", "runtime" in rule["resources"]),
                )
                if not present
            ]
        )
    ]
    assert not lacking, "\n".join(lacking)
    # Account and partition are the cluster's business: the profile's, not a rule's.
    in_rules = [name for name, rule in jobs.items() if {"slurm_account", "slurm_partition"} & set(rule["resources"])]
    assert not in_rules, f"rules naming a SLURM account or partition: {in_rules}"


def rule_graph(workdir: Path) -> list[tuple[str, str]]:
    """(producer, consumer) rule pairs of the workflow's rule graph in ``workdir``."""
    run = subprocess.run(
        [SNAKEMAKE, "--rulegraph", "--forceall", "--directory", str(workdir)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=True,
    )
    names = dict(re.findall(r'^\s*(\d+)\[label = "(\w+)"', run.stdout, flags=re.M))
    return [(names[a], names[b]) for a, b in re.findall(r"^\s*(\d+) -> (\d+)", run.stdout, flags=re.M)]


def test_a_documents_later_stages_run_before_new_documents_start(rules, tmp_path):
    """Each per-document rule outranks every rule it reads from, so Snakemake finishes
    the documents it has started before it starts new ones (its ready set, re-stat-ed
    every scheduling round, stays small at 100 documents)."""
    edges = [(a, b) for a, b in rule_graph(copy_fixture(tmp_path)) if rules[b]["runs_a_job"]]
    assert ("ingest", "segment") in edges and ("lda_select", "render_notebooks") in edges, edges
    not_ranked = [
        f"{b} ({rules[b]['priority']}) reads {a} ({rules[a]['priority']})"
        for a, b in edges
        if not (rules[b]["priority"] or 0) > (rules[a]["priority"] or 0)
    ]
    assert not not_ranked, not_ranked
    # Within a document, the grid's fit jobs start together: every rule that can be
    # ready beside them (anything not downstream of them) ranks below them.
    downstream, grew = {"lda_fit"}, True
    while grew:
        reached = {b for a, b in edges if a in downstream} - downstream
        downstream |= reached
        grew = bool(reached)
    ranked_above = [
        name for name, rule in rules.items()
        if rule["runs_a_job"] and name not in downstream
        and (rule["priority"] or 0) >= rules["lda_fit"]["priority"]
    ]
    assert not ranked_above, f"rules that can take a core before the fit jobs: {ranked_above}"


def test_default_profile_uses_the_greedy_job_selector():
    profile = yaml.safe_load((ROOT / "profiles" / "default" / "config.yaml").read_text(encoding="utf-8"))
    assert profile["scheduler"] == "greedy"


def test_default_profile_spaces_out_the_schedulers_idle_rounds():
    """Snakemake's default job rate limit (100/1s) re-runs its scheduler every
    second while jobs wait; with 100 documents that was ~45 % of a core."""
    from snakemake.settings.types import MaxJobsPerTimespan

    profile = yaml.safe_load((ROOT / "profiles" / "default" / "config.yaml").read_text(encoding="utf-8"))
    limit = MaxJobsPerTimespan.parse_choice(profile["max-jobs-per-timespan"])
    assert limit.timespan >= 10 and limit.max_jobs >= 100 * limit.timespan / 10


def test_slurm_profile_has_placeholders_and_the_settings_a_cluster_run_needs():
    profile = yaml.safe_load(SLURM_PROFILE.read_text(encoding="utf-8"))
    assert profile["executor"] == "slurm"
    defaults = profile["default-resources"]
    assert defaults["slurm_account"] == "<your_account>" and defaults["slurm_partition"] == "<your_partition>"
    assert defaults["mem_mb"] > 0 and defaults["runtime"] > 0
    assert profile["jobs"] >= 10 and profile["latency-wait"] >= 10 and profile["retries"] >= 1
    assert profile["keep-going"] is True and profile["rerun-incomplete"] is True
    text = SLURM_PROFILE.read_text(encoding="utf-8")
    assert "sacctmgr" in text and "sinfo" in text  # says how to find the values to fill in


def test_slurm_profile_passes_each_rules_own_resources(tmp_path, rules):
    """A dry run through the profile (the dry-run executor, no cluster needed):
    every job asks for what its rule declares, plus the profile's account and partition."""
    workdir = copy_fixture(tmp_path)
    run = subprocess.run(
        [SNAKEMAKE, "-n", "--forceall", "--workflow-profile", "profiles/slurm", "--directory", str(workdir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    jobs = re.findall(r"^(?:local)?rule (\w+):\n(?:    .*\n)*?    resources: (.*)$", run.stdout, flags=re.M)
    assert {name for name, _ in jobs} >= set(FOUNDATION_RULES), run.stdout[-3000:]
    for name, line in jobs:
        requested = dict(item.split("=", 1) for item in line.split(", "))
        declared = rules[name]["resources"]
        assert requested["slurm_account"] == "<your_account>", (name, line)
        assert requested["slurm_partition"] == "<your_partition>", (name, line)
        for key in ("mem_mb", "runtime"):
            if isinstance(declared.get(key), int):
                assert int(requested[key]) == declared[key], (name, key, line)


def test_dag_for_200_documents_has_jobs_per_document(tmp_path):
    """The DAG of 200 documents builds, with every job per document or corpus-wide.
    Its cost is a benchmark's business (benchmarks/run.py docs100,
    benchmarks/document_checks.py), not a timed test's: on this shared machine the
    dry run took 22-26 s wall at load 4-5 and over 100 s at load 10."""
    workdir = tmp_path / "many"
    shutil.copytree(FIXTURE_DIR / "config", workdir / "config")
    raw = workdir / "data" / "raw"
    raw.mkdir(parents=True)
    text = (FIXTURE_DIR / "data" / "raw" / "fixture_plan.txt").read_bytes()
    for i in range(N_DOCUMENTS):
        (raw / f"plan_{i:03d}.txt").write_bytes(text)

    run = subprocess.run(
        [SNAKEMAKE, "-n", "--forceall", "all", "--quiet", "rules", "--directory", str(workdir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    counts = job_stats(run.stdout + run.stderr)
    for name in FOUNDATION_RULES:
        assert counts.get(name) == N_DOCUMENTS, (name, counts)
    assert counts.pop("all") == 1
    # Later stages run once per document, or per document and K, chapter, ...:
    # a multiple of the document count; a corpus-wide rule would run once.
    odd = {name: n for name, n in counts.items() if n % N_DOCUMENTS and n != 1}
    assert not odd, f"job counts that are neither per document nor corpus-wide: {odd}"
