"""Shared fixtures. Building a jieba tokenizer costs about a second, so tests
share one per session; each gets its own jieba cache folder under pytest's tmp."""

from __future__ import annotations

from pathlib import Path

import pytest

from plantopics.ingest import ingest_file
from plantopics.segment import segment
from plantopics.tokenize import PolicyTokenizer, TokenizerSettings

ROOT = Path(__file__).resolve().parents[1]
BUNDLED_PLAN = ROOT / "data" / "raw" / "guangzhou_15th_plan_proposal.txt"
FIXTURE_DIR = ROOT / ".test"


@pytest.fixture(scope="session")
def policy_tokenizer(tmp_path_factory) -> PolicyTokenizer:
    return PolicyTokenizer(TokenizerSettings(), cache_dir=tmp_path_factory.mktemp("jieba"))


@pytest.fixture(scope="session")
def bundled_text() -> str:
    return ingest_file(BUNDLED_PLAN).text


@pytest.fixture(scope="session")
def bundled_structure(bundled_text):
    return segment(bundled_text, source=BUNDLED_PLAN.name)
