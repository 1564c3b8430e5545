"""What the workflow asks of the series (plantopics.workflow), without Snakemake."""

import pytest

import plantopics.workflow as pw


def test_series_targets_need_two_documents_and_the_switch():
    two = {"a": "a.txt", "b": "b.txt"}
    assert pw.series_outputs({"a": "a.txt"}) == []
    assert pw.series_outputs(two, enabled=False) == []
    targets = pw.series_outputs(two)
    for name in ["documents.csv", "terms/trends.csv", "terms/frequencies.csv", "topics/prevalence.csv",
                 "topics/effects.csv"]:
        assert f"results/_series/{name}" in targets


def test_document_sheet_is_optional_unless_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert pw.document_sheet(None) == []
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "documents.tsv").write_text("document\tyear\n", encoding="utf-8")
    assert pw.document_sheet(None) == ["config/documents.tsv"]
    with pytest.raises(pw.DocumentError, match="series.sheet names 'my_sheet.tsv', which is not a file"):
        pw.document_sheet("my_sheet.tsv")
