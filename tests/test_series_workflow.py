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
