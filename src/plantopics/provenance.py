"""Provenance: what a researcher needs to cite and reproduce a run, written to
``results/<id>/manifest.json`` — the input's SHA-256, the fully resolved config,
every seed, library versions, the project's version and git commit, the hashes
of the dictionary and stopword files used, and how long each stage took."""

from __future__ import annotations

import csv
import hashlib
import platform
import subprocess
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

import plantopics

PACKAGES = (
    "charset-normalizer",
    "opencc",
    "jieba",
    "gensim",
    "tomotopy",
    "scikit-learn",
    "numpy",
    "scipy",
    "pandas",
    "matplotlib",
    "wordcloud",
    "pyLDAvis",
    "networkx",
    "adjustText",
    "snakemake",
)


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_state(repo_dir: str | Path) -> dict[str, Any] | None:
    """The commit of ``repo_dir`` and whether tracked files differ from it; None outside git."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(repo_dir), *args], capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()

    try:
        commit = git("rev-parse", "HEAD")
        dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit, "dirty": dirty}


def collect_seeds(config: Any, path: str = "") -> dict[str, Any]:
    """Every config value whose key names a seed (``seed``, ``seeds``, ``random_state``), by dotted path."""
    found: dict[str, Any] = {}
    if isinstance(config, dict):
        for key, value in config.items():
            where = f"{path}.{key}" if path else str(key)
            if key in {"seed", "seeds", "random_state"}:
                found[where] = value
            else:
                found.update(collect_seeds(value, where))
    return found


def stage_timings(benchmark_files: Iterable[str | Path]) -> dict[str, dict[str, float]]:
    """Wall time (s) and peak memory (MB) of each job, from Snakemake's benchmark TSVs, by file stem."""
    timings = {}
    for path in sorted(Path(p) for p in benchmark_files):
        with open(path, newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
        if rows:
            timings[path.stem] = {
                "seconds": round(float(rows[-1]["s"]), 3),
                "max_rss_mb": _number(rows[-1].get("max_rss")),
            }
    return timings


def _display_path(path: str) -> str:
    """Package resources by their name inside the package; other files as given."""
    package_dir = Path(plantopics.__file__).parent
    try:
        return "plantopics/" + Path(path).resolve().relative_to(package_dir).as_posix()
    except ValueError:
        return path


def _number(value: str | None) -> float | None:
    try:
        return round(float(value), 1)
    except (TypeError, ValueError):
        return None


def build_manifest(
    *,
    document_id: str,
    input_file: str | Path,
    config: dict,
    resource_files: Iterable[str | Path],
    benchmark_files: Iterable[str | Path],
    repo_dir: str | Path,
    batch: dict[str, str] | None = None,
) -> dict[str, Any]:
    """``batch``: the job that ran the document's text stages with other documents' (its name and benchmark
    table; series.light_batch), whose time is not the document's own and so is not in ``stages``."""
    timings = stage_timings(benchmark_files)
    return {
        "document_id": document_id,
        "input": {"path": str(input_file), "sha256": sha256_file(input_file), "bytes": Path(input_file).stat().st_size},
        "config": config,
        "seeds": collect_seeds(config),
        "versions": package_versions(),
        "plantopics": {"version": plantopics.__version__, "git": git_state(repo_dir)},
        "resources": {_display_path(p): sha256_file(p) for p in sorted(map(str, resource_files))},
        "stages": timings,
        "total_job_seconds": round(sum(t["seconds"] for t in timings.values()), 3),
        **({"batch": batch} if batch else {}),
    }
