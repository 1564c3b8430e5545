"""Provenance manifest: hashes, seeds, versions, git state and stage timings."""

import hashlib
import subprocess

from plantopics.provenance import build_manifest, collect_seeds, git_state, stage_timings
from plantopics.tokenize import resource_path


def test_manifest_contents(tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_bytes("一、总体要求\n正文。\n".encode())
    bench = tmp_path / "bench"
    bench.mkdir()
    (bench / "tokenize.tsv").write_text("s\th:m:s\tmax_rss\n1.25\t0:00:01\t210.5\n")
    (bench / "lda_fit_k10.tsv").write_text("s\th:m:s\tmax_rss\n3.5\t0:00:03\t-\n")
    config = {"lda": {"seeds": [1, 2, 3], "per_chapter": {"seeds": [7]}}, "keywords": {"n_terms": 30}}
    manifest = build_manifest(
        document_id="plan",
        input_file=doc,
        config=config,
        resource_files=[resource_path("policy_dict.txt")],
        benchmark_files=sorted(bench.glob("*.tsv")),
        repo_dir=tmp_path,
    )
    assert manifest["input"]["sha256"] == hashlib.sha256(doc.read_bytes()).hexdigest()
    assert manifest["config"] == config
    assert manifest["seeds"] == {"lda.seeds": [1, 2, 3], "lda.per_chapter.seeds": [7]}
    for package in ("python", "jieba", "gensim", "scikit-learn", "numpy", "pandas", "matplotlib", "snakemake"):
        assert manifest["versions"][package][0].isdigit(), package
    assert manifest["plantopics"]["git"] is None  # tmp_path is not a git checkout
    assert list(manifest["resources"]) == ["plantopics/resources/policy_dict.txt"]
    assert manifest["stages"] == {
        "lda_fit_k10": {"seconds": 3.5, "max_rss_mb": None},
        "tokenize": {"seconds": 1.25, "max_rss_mb": 210.5},
    }
    assert manifest["total_job_seconds"] == 4.75


def test_git_state_reports_commit_and_dirtiness(tmp_path):
    def git(*args):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "a.txt").write_text("a")
    git("add", "a.txt")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "a")
    state = git_state(tmp_path)
    assert len(state["commit"]) == 40 and state["dirty"] is False
    (tmp_path / "a.txt").write_text("b")
    assert git_state(tmp_path)["dirty"] is True


def test_seed_collection_and_empty_benchmarks(tmp_path):
    assert collect_seeds({"a": {"seed": 1}, "b": [1, 2], "random_state": 5}) == {"a.seed": 1, "random_state": 5}
    empty = tmp_path / "x.tsv"
    empty.write_text("s\th:m:s\n")
    assert stage_timings([empty]) == {}
