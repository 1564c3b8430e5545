"""Shared fixtures. Building a jieba tokenizer costs about a second, so tests
share one per session; each gets its own jieba cache folder under pytest's tmp."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plantopics import config
from plantopics.ingest import ingest_file
from plantopics.segment import segment
from plantopics.tokenize import PolicyTokenizer, TokenizerSettings
from plantopics.workflow.documents import segment_settings

ROOT = Path(__file__).resolve().parents[1]
BUNDLED_PLAN = ROOT / "data" / "raw" / "guangzhou_15th_plan_proposal.txt"
FIXTURE_DIR = ROOT / ".test"


def settings(section: str, **overrides) -> dict:
    """A config section at the schema's defaults with ``overrides`` merged in
    (nested dicts merge): ``settings("lda", k_grid=[3, 4], tomotopy={"iterations": 50})``."""
    return config.validate({section: overrides})[section]


def segment_text(text: str, source: str = "document", **overrides):
    """:func:`segment` with the settings a document gets from the config at its
    defaults, ``overrides`` (segment's keyword arguments) replacing them."""
    return segment(text, source=source, **{**segment_settings(config.defaults(), source), **overrides})


def corpus_settings(**overrides):
    """The LDA corpus settings at the config's defaults, with ``overrides`` (lda keys)."""
    from plantopics.topics.corpus import CorpusSettings

    return CorpusSettings.from_config(settings("lda", **overrides))


def engine_params(engine: str, **overrides) -> dict:
    """An engine's section of the config (lda.gensim, lda.tomotopy) with ``overrides``."""
    return settings("lda", **{engine: overrides})[engine]


@pytest.fixture(scope="session")
def policy_tokenizer() -> PolicyTokenizer:
    return PolicyTokenizer(TokenizerSettings.from_config(settings("tokenize")))


@pytest.fixture(scope="session")
def bundled_text() -> str:
    return ingest_file(BUNDLED_PLAN).text


@pytest.fixture(scope="session")
def bundled_structure(bundled_text):
    return segment_text(bundled_text, source=BUNDLED_PLAN.name)


# --- the workflow on a temporary copy of the .test fixture ------------------------

SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))


def snakemake(*args: str, workdir: Path | None = None) -> subprocess.CompletedProcess:
    cmd = [SNAKEMAKE, *args] + (["--directory", str(workdir)] if workdir else [])
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)


def copy_fixture(dest: Path) -> Path:
    shutil.copytree(FIXTURE_DIR / "config", dest / "config")
    shutil.copytree(FIXTURE_DIR / "data", dest / "data")
    return dest


@pytest.fixture(scope="session")
def fixture_run(tmp_path_factory) -> Path:
    """The whole workflow run once on a copy of the fixture; later tests read it."""
    workdir = copy_fixture(tmp_path_factory.mktemp("fixture"))
    run = snakemake("--cores", "2", workdir=workdir)
    assert run.returncode == 0, run.stderr[-5000:]
    return workdir / "results" / "fixture_plan"
