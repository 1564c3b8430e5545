"""Hostile input at the package level: which documents a run can analyse (decided
before any job, plantopics.workflow.checks), settings checked before any job,
one-line errors from jobs, no left-overs after a killed job, pages that show
document text as text and are the same on every machine."""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from hostile_documents import unwritable

from plantopics import config, ingest, joblog
from plantopics.compare import document_overview, documents_table
from plantopics.errors import DocumentError
from plantopics.io import atomic_path, leftover_temporaries, write_text
from plantopics.notebooks import stable
from plantopics.workflow import checks
from plantopics.workflow.documents import check_settings

DATA = Path(__file__).parent / "data"
PLAN = (DATA / "plan_outline.txt").read_text(encoding="utf-8")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
SHIFT_JIS = ("日本語の文書です。これは中国語ではありません。ひらがなとカタカナがあります。\n" * 20).encode("shift_jis")


def documents_in(folder: Path, files: dict[str, bytes]) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, raw in files.items():
        (folder / name).write_bytes(raw)
        out[Path(name).stem] = str(folder / name)
    return out


# --- which documents a run analyses -------------------------------------------------


def test_failed_documents_are_found_before_any_job_with_the_ingest_message(tmp_path):
    docs = documents_in(tmp_path / "raw", {
        "good.txt": PLAN.encode("utf-8"),
        "picture.txt": PNG,
        "japanese.txt": SHIFT_JIS,
        "empty.txt": b"  \n",
        "big5.txt": PLAN.encode("big5", errors="ignore"),
    })
    failed = checks.check_documents(docs, {}, tmp_path / "results", tmp_path / "cache.json")
    assert sorted(failed) == ["empty", "japanese", "picture"]
    assert all(f.runs_ingest for f in failed.values())
    for doc, failure in failed.items():  # the very message the ingest job gives
        reason = failure.reason
        with pytest.raises(ingest.IngestError) as err:
            ingest.ingest_file(docs[doc], encoding_key=f"documents.{doc}.encoding")
        assert reason == str(err.value)
        assert "\n" not in reason and reason.startswith(docs[doc])
    assert "binary file (a PNG image)" in failed["picture"].reason


TRADITIONAL = __import__("opencc").OpenCC("s2t").convert(PLAN)
ONE_LINE = PLAN.replace("\n", "")


@pytest.mark.parametrize(("raw", "outcome"), [
    (PLAN.encode("utf-8"), None),
    (PLAN.encode("gb18030"), None),
    (PLAN.encode("utf-16-le"), None),  # no byte-order mark
    (PLAN.encode("utf-16-be"), None),
    (TRADITIONAL.encode("cp950", errors="replace"), None),  # Big5 (a character it lacks as ?)
    (TRADITIONAL.encode("utf-8"), None),
    (ONE_LINE.encode("utf-8"), None),  # no line breaks: a document all the same
    ("一、总则\n本规划只有一段。".encode(), None),  # one chapter, one paragraph: later stages say what they can
    (SHIFT_JIS, "Japanese"),
    (PLAN.encode("utf-8")[:600] + PLAN.encode("gb18030")[600:], "mixes encodings"),
    (b"\x00" * 64 + PNG, "binary file"),
    (("English only. " * 50).encode(), "is this the right file?"),
])
def test_every_encoding_gets_its_verdict_before_any_job(raw, outcome, tmp_path):
    docs = documents_in(tmp_path / "raw", {"doc.txt": raw})
    failed = checks.check_documents(docs, {}, tmp_path / "results", tmp_path / "c.json")
    if outcome is None:
        assert failed == {}
    else:
        assert outcome in failed["doc"].reason and failed["doc"].runs_ingest
        assert failed["doc"].reason.startswith(docs["doc"]) and "\n" not in failed["doc"].reason


def test_a_configured_encoding_that_does_not_fit_fails_the_document(tmp_path):
    docs = documents_in(tmp_path / "raw", {"plan.txt": PLAN.encode("gb18030")})
    assert checks.check_documents(docs, {}, tmp_path / "results", tmp_path / "c.json") == {}
    failed = checks.check_documents(docs, {"plan": "utf-16-le"}, tmp_path / "results", tmp_path / "c.json")
    assert "documents.plan.encoding" in failed["plan"].reason


def test_verdicts_are_cached_by_path_size_mtime_and_encoding(tmp_path, monkeypatch):
    docs = documents_in(tmp_path / "raw", {"good.txt": PLAN.encode("utf-8"), "bad.txt": PNG})
    cache = tmp_path / ".snakemake" / "checks.json"
    first = checks.check_documents(docs, {}, tmp_path / "results", cache)
    assert set(json.loads(cache.read_text(encoding="utf-8"))) == set(docs.values())

    def no_reading(*args, **kwargs):
        raise AssertionError("a cached verdict was checked again")

    monkeypatch.setattr(ingest, "check_file", no_reading)
    assert checks.check_documents(docs, {}, tmp_path / "results", cache) == first
    monkeypatch.undo()
    Path(docs["bad"]).write_bytes(PLAN.encode("utf-8"))  # fixed: a new size and mtime
    os.utime(docs["bad"], ns=(1, 1))
    assert checks.check_documents(docs, {}, tmp_path / "results", cache) == {}


def test_an_unwritable_results_folder_fails_only_its_document(tmp_path):
    docs = documents_in(tmp_path / "raw", {"a.txt": PLAN.encode("utf-8"), "b.txt": PLAN.encode("utf-8")})
    results = tmp_path / "results"
    (results / "a").mkdir(parents=True)
    with unwritable(results / "b"):
        failed = checks.check_documents(docs, {}, results, tmp_path / "c.json")
    assert list(failed) == ["b"] and not failed["b"].runs_ingest
    assert failed["b"].reason.startswith(f"{results / 'b'}: cannot write in this folder")
    assert failed["b"].reason.endswith("make it writable or remove it")


def test_an_unwritable_results_folder_stops_the_run_before_any_job_in_one_line(tmp_path):
    checks.check_results_folder(tmp_path / "results")  # not there yet: its parent is writable
    with unwritable(tmp_path / "results"), pytest.raises(DocumentError) as err:
        checks.check_results_folder(tmp_path / "results")
    assert str(err.value).startswith(f"the results folder: {tmp_path / 'results'}: cannot write in this folder (")
    assert str(err.value).endswith("make it writable or remove it")
    with unwritable(tmp_path / "results" / "one_document"):
        checks.check_results_folder(tmp_path / "results")  # that folder fails its document only


def test_an_atomic_write_that_cannot_start_names_the_target(tmp_path):
    target = tmp_path / "locked" / "topics.csv"
    with unwritable(tmp_path / "locked"), pytest.raises(OSError) as err:
        write_text(target, "x")
    assert err.value.filename == str(target)


def test_an_unreadable_document_is_one_line(tmp_path):
    folder = tmp_path / "raw" / "folder.txt"
    folder.mkdir(parents=True)
    failed = checks.check_documents({"folder": str(folder)}, {}, tmp_path / "results", tmp_path / "c.json")
    assert failed["folder"].reason.startswith(f"{folder}: cannot read the file (Is a directory)")


def test_the_comparison_documents_table_lists_the_failed_documents():
    import pandas as pd

    tokens = pd.DataFrame({"chapter": [1, 1], "tokens": [["发展", "经济"], ["改革"]], "kind": ["body", "body"]})
    overview = document_overview({"a": tokens, "b": tokens}, {"a": "甲", "b": "乙"})
    table = documents_table(overview, [{"document": "c", "file": "raw/c.txt", "reason": "raw/c.txt: binary file"}])
    assert table["document"].tolist() == ["a", "b", "c"]
    assert table["status"].tolist() == ["compared", "compared", "failed"]
    assert table["reason"].tolist() == ["", "", "raw/c.txt: binary file"]


# --- settings checked before any job -------------------------------------------------


def filled(**sections) -> dict:
    return config.validate(json.loads(json.dumps(sections)))


@pytest.mark.parametrize("key", ["user_dict", "user"])
def test_a_missing_configured_file_is_an_error_naming_the_key_and_path(key, tmp_path):
    missing = tmp_path / "nowhere.txt"
    section = {"user_dict": str(missing)} if key == "user_dict" else {"stopwords": {"user": str(missing)}}
    with pytest.raises(DocumentError) as err:
        check_settings(filled(tokenize=section))
    message = str(err.value)
    assert message.startswith(f"tokenize.{'user_dict' if key == 'user_dict' else 'stopwords.user'}: {missing}: ")
    assert "no such file" in message and "\n" not in message


def test_a_configured_dictionary_that_does_not_parse_is_an_error_before_any_job(tmp_path):
    bad = tmp_path / "dict.txt"
    bad.write_text("十五五 many words here\n", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"^tokenize\.user_dict: .*dict\.txt: entry 1"):
        check_settings(filled(tokenize={"user_dict": str(bad)}))


@pytest.mark.parametrize(("setting", "problem"), [
    ({"chapter_pattern": "([一二"}, r"documents\.plan\.chapter_pattern .* not a valid regular expression"),
    ({"section_pattern": r"\d+、"}, r"documents\.plan\.section_pattern .* needs a named group \(\?P<number>"),
    ({"encoding": "latin-1"}, r"documents\.plan\.encoding: 'latin-1' cannot hold Chinese"),
])
def test_per_document_settings_are_checked_before_any_job(setting, problem):
    with pytest.raises(DocumentError, match=problem):
        check_settings(filled(documents={"plan": setting}))


def test_good_settings_pass():
    check_settings(filled(documents={"plan": {"chapter_pattern": r"第(?P<numeral>[一二三]+)部分", "title": "规划"}}))


# --- jobs: one line, never an empty log, no left-overs ---------------------------------


def job(tmp_path: Path, outputs=()) -> SimpleNamespace:
    return SimpleNamespace(log=[str(tmp_path / "logs" / "job.log")], output=list(outputs))


@pytest.fixture(autouse=True)
def _close_log_files():
    yield
    for handler in logging.getLogger().handlers[:]:
        handler.close()
        logging.getLogger().removeHandler(handler)


@pytest.mark.parametrize(("error", "line"), [
    (PermissionError(errno.EACCES, "Permission denied", "results/a/lda/topics.csv"),
     "results/a/lda/topics.csv: Permission denied; make the folder writable"),
    (OSError(errno.ENOSPC, "No space left on device", "results/a/x.csv"),
     "results/a/x.csv: No space left on device; free some disk space"),
    (DocumentError("documents.a.title: bad"), "documents.a.title: bad"),
])
def test_a_job_error_is_one_line_in_the_log(error, line, tmp_path):
    def main(snakemake):
        raise error

    with pytest.raises(SystemExit) as exit_:
        joblog.run(job(tmp_path), main)
    assert exit_.value.code == 1
    logged = (tmp_path / "logs" / "job.log").read_text(encoding="utf-8").splitlines()
    assert len(logged) == 1 and line in logged[0]


def test_an_unexpected_error_is_in_the_log_with_its_traceback(tmp_path):
    def main(snakemake):
        raise KeyError("chapter")

    with pytest.raises(SystemExit):
        joblog.run(job(tmp_path), main)
    logged = (tmp_path / "logs" / "job.log").read_text(encoding="utf-8")
    assert "the job failed unexpectedly" in logged and "KeyError: 'chapter'" in logged


def test_a_killed_jobs_temporary_files_are_removed_when_it_runs_again(tmp_path):
    target = tmp_path / "figures" / "top_words.png"
    with contextlib.suppress(RuntimeError), atomic_path(target) as tmp:  # a job killed while writing
        tmp.write_bytes(b"")
        left = Path(str(tmp) + ".kept")
        os.link(tmp, left)
        raise RuntimeError
    killed = left.rename(tmp)
    kept = tmp_path / "figures" / ".top_words_extra.abcdefgh.tmp.png"  # another target's: not ours to remove
    kept.touch()
    assert leftover_temporaries(target) == [killed]
    joblog.run(job(tmp_path, [str(target)]), lambda snakemake: write_text(target, "done"))
    assert sorted(p.name for p in target.parent.iterdir()) == [kept.name, "top_words.png"]


# --- pages --------------------------------------------------------------------------


def test_executed_notebooks_lose_what_changes_between_runs():
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1"), nbformat.v4.new_markdown_cell("x")]
    nb.cells[0].execution_count = 7
    nb.cells[0].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "1"}, execution_count=7)]
    nb.cells[0].metadata["papermill"] = {"duration": 0.1, "start_time": "2026-01-01T00:00:00"}
    nb.metadata["papermill"] = {"input_path": "/home/someone/notebooks/01.ipynb"}
    out = stable(nb)
    assert [c.id for c in out.cells] == ["cell-1", "cell-2"]
    assert "papermill" not in out.metadata and "papermill" not in out.cells[0].metadata
    assert out.cells[0].execution_count is None and out.cells[0].outputs[0]["execution_count"] is None
    assert "/home/someone" not in json.dumps(out)


def test_the_explorer_embeds_terms_as_data_never_markup():
    from plantopics.topics.explorer import _script_json

    hostile = {"Term": ["</script><img src=x onerror=alert(1)>", "<!--<script>", "a&b"]}
    text = _script_json(hostile)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == hostile
