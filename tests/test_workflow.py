"""The Snakemake workflow: lint, dry run, and a real run on the .test fixture
(in a temporary copy, so the repository's results/ stay untouched)."""

from __future__ import annotations

import pytest

from plantopics.io import read_csv
from plantopics.tokenize import read_tokens

from conftest import FIXTURE_DIR, copy_fixture, snakemake

pytestmark = pytest.mark.workflow


def test_lint_is_clean():
    run = snakemake("--lint")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Lints for" not in run.stdout + run.stderr


def test_dry_run_of_the_bundled_plan_plans_every_stage():
    run = snakemake("-n", "--forceall", "all")
    assert run.returncode == 0, run.stderr[-3000:]
    for rule in ("ingest", "segment", "tokenize"):
        assert f"rule {rule}:" in run.stdout or f"localrule {rule}:" in run.stdout, rule
    assert "guangzhou_15th_plan_proposal" in run.stdout
    # the per-chapter models are off by default (lda.per_chapter.enabled), and so is the notebook that reads them
    assert "rule lda_chapter_models:" not in run.stdout and "rule lda_chapter_links:" not in run.stdout
    assert "rule lda_model_outputs:" in run.stdout


def test_fixture_structure(fixture_run):
    chapters = read_csv(fixture_run / "structure" / "chapters.csv")
    assert list(chapters.columns) == ["chapter", "numeral", "title", "n_sections", "n_boxes", "n_chars"]
    assert chapters["chapter"].tolist() == [1, 2, 3, 4]
    assert chapters["numeral"].tolist() == ["一", "二", "三", "四"]
    assert chapters.loc[2, "title"] == "推动“12218”现代化产业体系整体性跃升，走出一条实体经济巩固壮大、新旧动能高效转换的广州路径"
    assert chapters["n_sections"].tolist() == [3, 3, 0, 3] and chapters["n_boxes"].tolist() == [0, 0, 1, 1]
    units = read_csv(fixture_run / "structure" / "units.csv", dtype={"section": str, "box": str})
    assert list(units.columns) == ["unit_id", "chapter", "section", "box", "kind", "text"]
    assert (units.loc[units["kind"] == "preamble", "chapter"] == 0).all()
    assert set(units.loc[units["kind"] == "box_item", "box"]) == {"一", "六"}


def test_fixture_tokens(fixture_run):
    tokens = read_tokens(fixture_run / "tokens" / "sentences.csv")
    assert "preamble" not in set(tokens["kind"])
    everything = [t for row in tokens["tokens"] for t in row]
    assert everything.count("粤港澳大湾区") >= 3  # a dictionary term kept whole
    assert "新质生产力" in everything and "推进" not in everything
    assert (tokens["n_tokens"] == tokens["tokens"].map(len)).all()
    report = (fixture_run / "tokens" / "report.md").read_text(encoding="utf-8")
    assert "stopword:policy_boilerplate" in report


def test_rerun_with_nothing_changed_does_nothing(fixture_run):
    run = snakemake("--cores", "2", workdir=fixture_run.parents[1])
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Nothing to be done" in run.stdout + run.stderr


def test_a_bad_document_fails_alone_with_a_clear_message(tmp_path):
    workdir = copy_fixture(tmp_path)
    (workdir / "data" / "raw" / "broken_upload.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    targets = ["results/fixture_plan/tokens/report.md", "results/broken_upload/tokens/report.md"]
    run = snakemake("--cores", "2", *targets, workdir=workdir)
    assert run.returncode != 0
    assert "broken_upload.txt: binary file" in run.stdout + run.stderr
    assert (workdir / "results" / "fixture_plan" / "tokens" / "report.md").exists()
    assert not list((workdir / "results").glob("broken_upload/**/*.*"))


def test_fixture_manifest(fixture_run):
    import hashlib
    import json

    manifest = json.loads((fixture_run / "manifest.json").read_text(encoding="utf-8"))
    raw = FIXTURE_DIR / "data" / "raw" / "fixture_plan.txt"
    assert manifest["input"]["sha256"] == hashlib.sha256(raw.read_bytes()).hexdigest()
    assert manifest["config"]["tokenize"]["stopwords"]["policy_boilerplate"] is True
    assert {"ingest", "segment", "tokenize"} <= set(manifest["stages"])
    assert "plantopics/resources/stopwords_policy_boilerplate.txt" in manifest["resources"]
