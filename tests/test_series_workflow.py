"""What the workflow asks of the series (plantopics.workflow), without Snakemake."""

import pytest

from plantopics import config, paths
from plantopics.errors import DocumentError
from plantopics.workflow.documents import document_sheet
from plantopics.workflow.targets import series_outputs


def test_series_targets_need_two_documents_and_the_switch():
    two = {"a": "a.txt", "b": "b.txt"}
    assert series_outputs({"a": "a.txt"}, enabled=True) == []
    assert series_outputs(two, enabled=False) == []
    targets = series_outputs(two, enabled=True)
    for name in ["documents.csv", "terms/trends.csv", "terms/frequencies.csv", "topics/prevalence.csv",
                 "topics/effects.csv", "figures/trends.png", "figures/evolution.png"]:
        assert f"results/_series/{name}" in targets
    assert len(targets) == len(paths.SERIES)


def test_document_sheet_is_optional_unless_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    default = config.defaults()["series"]["sheet"]
    assert default == "config/documents.tsv"
    assert document_sheet(default) == [] and document_sheet(None) == []
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "documents.tsv").write_text("document\tyear\n", encoding="utf-8")
    assert document_sheet(default) == ["config/documents.tsv"]
    assert document_sheet(None) == []
    with pytest.raises(DocumentError, match="series.sheet names 'my_sheet.tsv', which is not a file"):
        document_sheet("my_sheet.tsv")


def test_series_light_leaves_out_the_per_document_extras():
    """series.light: each document gives only what the series and the joint model read and the
    cheap tables; the comparison keeps its keyness and joint model but not what reads every
    document's own LDA; every series output stays."""
    from plantopics.workflow import targets

    documents = {"a": "data/raw/a.txt", "b": "data/raw/b.txt"}
    full_config, light_config = config.validate({}), config.validate({"series": {"light": True}})
    assert full_config["series"]["light"] is False
    full_off, light_off = targets.switched_off(full_config), targets.switched_off(light_config)
    assert full_off == ("per_chapter",)
    assert light_off == ("per_chapter", "keyword_figures", "network", "topics", "notebooks")
    with_chapters = targets.switched_off(config.validate({"series": {"light": True},
                                                          "lda": {"per_chapter": {"enabled": True}}}))
    assert set(with_chapters) == set(light_off)  # light wins over the per-chapter switch

    full, light = (targets.final_outputs(documents, exclude=off) for off in (full_off, light_off))
    assert set(light) < set(full)
    for doc in documents:
        kept = {paths.document(name, doc) for name in ("chapters", "units", "tokens", "tokens_report", "tfidf",
                                                        "keyness", "kwic", "manifest")}
        assert {p for p in light if f"/{doc}/" in p} == kept
        for name in ("keyword_figure_index", "network_explorer", "explorer", "topics", "lda_selection"):
            assert paths.figure(name, doc) in set(full) - set(light), name
        assert not [p for p in light if "/notebooks/" in p]

    full_cmp = targets.comparison_outputs(documents, enabled=True, light=False)
    light_cmp = targets.comparison_outputs(documents, enabled=True, light=True)
    assert set(full_cmp) - set(light_cmp) == {
        paths.comparison("alignment"), paths.comparison("best_matches"),
        paths.comparison("alignment_figure") + ".png", paths.comparison("notebook")}
    assert paths.comparison("joint_topics") in light_cmp and paths.comparison("keyness") in light_cmp
    assert series_outputs(documents, enabled=True) == paths.final_series_outputs()
    assert paths.series("notebook") in series_outputs(documents, enabled=True)


@pytest.mark.workflow
def test_a_light_series_run_plans_only_what_the_series_needs(tmp_path):
    """Dry run of two documents with series.light: the per-document extras and what reads every
    document's own LDA are not planned; the series, its notebook and the joint model are, and the
    joint model's job may use both cores."""
    import re
    import shutil

    import yaml

    from conftest import ROOT, copy_fixture, snakemake

    workdir = copy_fixture(tmp_path)
    shutil.copy(ROOT / "tests" / "data" / "work_report.txt", workdir / "data" / "raw" / "work_report.txt")
    settings = yaml.safe_load((workdir / "config" / "config.yaml").read_text(encoding="utf-8"))
    settings["series"] = {"light": True}
    (workdir / "config" / "config.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    run = snakemake("-n", "--forceall", "--cores", "2", workdir=workdir)
    assert run.returncode == 0, run.stderr[-3000:]
    planned = set(re.findall(r"^rule (\w+):", run.stdout, flags=re.MULTILINE))
    series_and_joint = {"compare_keyness", "compare_topics", "compare_topic_figures", "series_documents",
                        "series_terms", "series_topics", "series_notebook", "failed_documents", "all"}
    assert planned == {"text_batch_1", *series_and_joint}  # both documents' text stages and manifests in one job
    joint = run.stdout.split("rule compare_topics:", 1)[1].split("\n\n", 1)[0]
    assert re.search(r"threads: 2\b", joint), joint

    settings["series"] = {"light": True, "light_batch": 1}  # one job per document and stage again
    (workdir / "config" / "config.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    run = snakemake("-n", "--forceall", "--cores", "2", workdir=workdir)
    assert run.returncode == 0, run.stderr[-3000:]
    per_document = re.findall(r"^rule (ingest|segment|tokenize|keyword_tables|keyword_kwic|manifest):", run.stdout,
                              flags=re.MULTILINE)
    assert len(per_document) == 12 and not re.search(r"^rule text_batch", run.stdout, flags=re.MULTILINE)


def test_text_batches_are_consecutive_runs_of_the_sorted_ids():
    from plantopics.workflow.stages import text_batches

    ids = [f"doc{n:02d}" for n in range(20, 0, -1)]
    batches = text_batches(ids, 8)
    assert list(batches) == ["1", "2", "3"]
    assert batches["1"] == [f"doc{n:02d}" for n in range(1, 9)] and batches["3"] == ["doc17", "doc18", "doc19", "doc20"]
    assert sorted(sum(batches.values(), [])) == sorted(ids)
    assert text_batches(ids + ["doc21"], 8)["2"] == batches["2"], "a document added last changes the last batch only"
    assert list(text_batches([f"d{n:03d}" for n in range(100)], 8))[:2] == ["01", "02"]  # names sort as numbers
    assert text_batches(ids, 1) == {} and text_batches(["only"], 8) == {}
