"""Hostile input through the whole workflow, in one shared run: the fixture plan,
a copy of it with markup and script in its title, headings, box title and body
(tests/hostile_documents.py), and a PNG image saved as .txt.

The image fails alone (one line, in its ingest log too); the other two are
analysed, compared and reported, and the comparison and the report list the
failed one; every page shows the hostile text as text and runs none of it.
Settings that cannot work stop the run before any job, in one line."""

from __future__ import annotations

import csv
import fnmatch
import re
from pathlib import Path

import pytest
import yaml
from hostile_documents import PAYLOADS, hostile_plan, unwritable

from plantopics import paths
from plantopics.ingest import normalize

from conftest import copy_fixture, snakemake
from test_browser import chromium_context, open_page, open_result, view_button

pytestmark = [pytest.mark.workflow]

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
PICTURE_REASON = "data/raw/picture.txt: binary file (a PNG image), not text; is this the right file?"
HOSTILE_TITLE = normalize(hostile_plan()).splitlines()[3]


def planned_jobs(output: str) -> dict[str, int]:
    """Snakemake's job stats table: rule -> number of jobs."""
    return {m[1]: int(m[2]) for m in re.finditer(r"^(\w+) +(\d+)$", output, flags=re.M)}


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    workdir = copy_fixture(tmp_path_factory.mktemp("hostile"))
    raw = workdir / "data" / "raw"
    (raw / "hostile.txt").write_text(hostile_plan(), encoding="utf-8")
    (raw / "picture.txt").write_bytes(PNG)
    config_path = workdir / "config" / "config.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["documents"] = {"hostile": {"title": HOSTILE_TITLE}}  # a title with markup, set in the config
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    run = snakemake("--cores", "2", workdir=workdir)
    return workdir, run


def test_the_failed_document_fails_alone_in_one_line(hostile_run):
    workdir, run = hostile_run
    assert run.returncode != 0, "a run with a failed document does not end as a success"
    output = run.stdout + run.stderr
    assert f"plantopics: picture is not analysed: {PICTURE_REASON}" in output
    assert "1 document(s) not analysed (picture)" in output
    assert "Traceback" not in output
    log = (workdir / "logs" / "picture" / "ingest.log").read_text(encoding="utf-8").splitlines()
    assert len(log) == 1 and log[0].endswith(f"ERROR plantopics: {PICTURE_REASON}")
    assert not [p for p in (workdir / "results" / "picture").rglob("*") if p.is_file()]  # Snakemake made its folders


def test_the_other_documents_are_analysed_compared_and_list_the_failed_one(hostile_run):
    workdir, _ = hostile_run
    results = workdir / "results"
    for doc in ("fixture_plan", "hostile"):
        for target in paths.final_outputs(doc, results=results):
            assert Path(target).exists(), target
    assert rows(results / paths.FAILED_DOCUMENTS) == [
        {"document": "picture", "file": "data/raw/picture.txt", "reason": PICTURE_REASON}
    ]
    documents = rows(Path(paths.comparison("documents", results)))
    assert [(r["document"], r["status"]) for r in documents] == [
        ("fixture_plan", "compared"), ("hostile", "compared"), ("picture", "failed")
    ]
    assert documents[2]["reason"] == PICTURE_REASON
    assert int(documents[1]["n_tokens"]) > 500
    for target in paths.final_comparison_outputs(results):
        assert Path(target).exists(), target
    chapters = rows(results / "hostile" / "structure" / "chapters.csv")
    assert chapters[0]["title"].endswith(normalize(PAYLOADS["chapter"]).strip())  # kept as text, whole


def test_a_rerun_plans_only_the_failed_ingest(hostile_run):
    workdir, _ = hostile_run
    run = snakemake("-n", workdir=workdir)
    assert run.returncode == 0, run.stderr[-3000:]
    assert planned_jobs(run.stdout) == {"ingest": 1, "all": 1, "total": 2}, run.stdout[-3000:]


@pytest.fixture(scope="module")
def hostile_report(hostile_run) -> Path:
    workdir, _ = hostile_run
    report = workdir / "report.html"
    run = snakemake("--report", str(report), workdir=workdir)
    assert run.returncode == 0, run.stderr[-5000:]
    return report


def test_the_report_builds_and_lists_the_failed_document(hostile_report):
    page = hostile_report.read_text(encoding="utf-8")
    assert f'"results/{paths.FAILED_DOCUMENTS}"' in page
    assert '"results/hostile/structure/chapters.csv"' in page
    assert '"results/picture/' not in page


# --- two runs in two folders: the same bytes -------------------------------------------

# What records how long something took (or the run's whole config), not what it found: left out.
NOT_COMPARED = {
    "manifest.json": "stage timings, and the resolved config (this run's names the hostile document's title)",
    "lda/fits/*/timing.csv": "seconds per fit",
    "lda/fits/*/models/*/gensim_*/model.gensim*": "gensim's pickles of the fits not chosen (not a table, figure or "
                                                 "page; the tables made from them are compared)",
}


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def compared(name: str) -> bool:
    return not any(fnmatch.fnmatch(name, pattern) for pattern in NOT_COMPARED)


def test_two_runs_in_two_folders_give_the_same_bytes(fixture_run, hostile_run):
    """The fixture plan, run alone (conftest's fixture_run) and beside the hostile documents
    here, in two temporary folders: every table, figure and page the same, no machine path in a page."""
    workdir, _ = hostile_run
    here, there = workdir / "results" / "fixture_plan", fixture_run
    assert files_under(here) == files_under(there)
    differ = [name for name in sorted(files_under(here))
              if compared(name) and (here / name).read_bytes() != (there / name).read_bytes()]
    assert differ == []
    for name in sorted(files_under(here)):
        if name.endswith(".html"):
            page = (here / name).read_text(encoding="utf-8")
            assert str(workdir) not in page and str(Path.cwd()) not in page, name
            assert "/tmp/" not in page and "/work/" not in page, name


def test_an_unwritable_document_folder_fails_only_that_document(tmp_path):
    """Snakemake creates a job's output folders before the job, in its own process: a folder it
    cannot create stops every job. So nothing is planned for such a document, and the run ends
    with an error once the others are done."""
    workdir = copy_fixture(tmp_path)
    raw = workdir / "data" / "raw"
    (raw / "locked.txt").write_bytes((raw / "fixture_plan.txt").read_bytes())
    targets = ["results/fixture_plan/structure/chapters.csv", f"results/{paths.FAILED_DOCUMENTS}"]
    with unwritable(workdir / "results" / "locked"):
        run = snakemake("--cores", "2", *targets, workdir=workdir)
    said = run.stdout + run.stderr
    reason = "results/locked: cannot write in this folder ("
    assert run.returncode != 0 and "1 document(s) not analysed (locked)" in said
    assert f"plantopics: locked is not analysed: {reason}" in said and "Failed to create output directory" not in said
    assert (workdir / "results" / "fixture_plan" / "structure" / "chapters.csv").exists()
    [row] = rows(workdir / "results" / paths.FAILED_DOCUMENTS)
    assert row["document"] == "locked" and row["reason"].startswith(reason)


# --- settings that cannot work: one line, before any job ------------------------------


def other_config(workdir: Path, name: str, settings: dict) -> str:
    path = workdir / "config" / name
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("settings", "message"), [
    ({"tokenize": {"user_dict": "config/missing_dict.txt"}}, "tokenize.user_dict: config/missing_dict.txt: no such file"),
    ({"tokenize": {"stopwords": {"user": "nowhere.txt"}}}, "tokenize.stopwords.user: nowhere.txt: no such file"),
    ({"documents": {"hostile": {"chapter_pattern": "第(一"}}}, "documents.hostile.chapter_pattern '第(一' is not a valid"),
])
def test_a_setting_that_cannot_work_stops_the_run_before_any_job(hostile_run, settings, message):
    workdir, _ = hostile_run
    run = snakemake("--cores", "1", "--configfile", other_config(workdir, "bad.yaml", settings), workdir=workdir)
    assert run.returncode != 0
    assert message in run.stderr
    assert "Building DAG" not in run.stdout + run.stderr and "Traceback" not in run.stderr


def test_configuring_another_dictionary_reruns_tokenization(hostile_run):
    workdir, _ = hostile_run
    (workdir / "config" / "terms.txt").write_text("数字经济 100 n\n", encoding="utf-8")
    config = other_config(workdir, "terms.yaml", {"tokenize": {"user_dict": "config/terms.txt"}})
    run = snakemake("-n", "--configfile", config, workdir=workdir)
    assert run.returncode == 0, run.stderr[-3000:]
    planned = planned_jobs(run.stdout)
    assert planned["tokenize"] == 2 and planned["manifest"] == 2 and planned["ingest"] == 1  # picture's, as always


# --- every page in headless Chromium: the hostile text is text -------------------------

# What a payload leaves in a page that renders or runs it: a marked element, an element with
# an event handler or a srcdoc, a script element that is the payload, a javascript: link to
# alert (the report's own menu links are javascript: too; the data a page embeds holds the
# payloads as text, in a JSON script or a string).
INJECTED = """() => ({
    elements: document.querySelectorAll("[data-xss], img[onerror], svg[onload], iframe[srcdoc]").length,
    scripts: [...document.scripts].filter(s => s.text.trim().startsWith("alert`")).length,
    links: [...document.querySelectorAll("a[href]")]
        .filter(a => /^\\s*javascript:.*alert/i.test(a.getAttribute("href"))).length,
    text: document.body ? document.body.innerText : "",
})"""
CLEAN = {"elements": 0, "scripts": 0, "links": 0}


def notebook_page(path: Path) -> bool:
    return path.parent.name == "notebooks"


def result_pages(workdir: Path) -> list[Path]:
    return sorted((workdir / "results").rglob("*.html"))


def inspect(chromium, path: Path, dialogs: list[str], action=None) -> list[dict]:
    """Open ``path`` (and do ``action`` on it); what INJECTED finds in each of its frames."""
    page, watch = open_page(chromium, path)
    page.wait_for_timeout(500)  # handlers that fire on load (onerror, onload) have run
    if action:
        action(page)
        page.wait_for_timeout(500)
    found = [frame.evaluate(INJECTED) for frame in page.frames]
    watch.assert_clean()
    page.close()
    return found


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    """Chromium with the network blocked (tests/test_browser.py)."""
    yield from chromium_context(tmp_path_factory)


@pytest.fixture(scope="module")
def dialogs(chromium) -> list[str]:
    opened: list[str] = []

    def record(dialog):
        opened.append(dialog.message)
        dialog.dismiss()

    chromium.on("dialog", record)
    return opened


@pytest.mark.browser
def test_pages_show_document_text_as_text(chromium, dialogs, hostile_run):
    workdir, _ = hostile_run
    pages = [p for p in result_pages(workdir) if not notebook_page(p)]
    assert {p.relative_to(workdir / "results").as_posix() for p in pages} >= {
        "hostile/lda/explorer.html", "hostile/network/explorer.html"}
    for path in pages:
        for frame in inspect(chromium, path, dialogs):
            assert {k: frame[k] for k in CLEAN} == CLEAN, path
    network = inspect(chromium, workdir / "results" / "hostile" / "network" / "explorer.html", dialogs)
    assert normalize(PAYLOADS["title"]).strip() in network[0]["text"]  # the title, shown as typed
    assert dialogs == []


@pytest.mark.browser
def test_the_report_shows_document_text_as_text(chromium, dialogs, hostile_report):
    def open_tables(page):
        page.wait_for_selector("#loading-screen", state="hidden")
        for result in ("results/hostile/structure/chapters.csv", f"results/{paths.FAILED_DOCUMENTS}"):
            view_button(open_result(page, result)).click()
            page.wait_for_timeout(500)

    for frame in inspect(chromium, hostile_report, dialogs, open_tables):
        assert {k: frame[k] for k in CLEAN} == CLEAN
    assert dialogs == []


@pytest.mark.browser
def test_notebook_pages_show_document_text_as_text(chromium, dialogs, hostile_run):
    """The notebooks' own cells escape what they show (task B keeps them so); the pages' template too."""
    workdir, _ = hostile_run
    pages = [p for p in result_pages(workdir) if notebook_page(p)]
    assert len(pages) == 2 * 3 + 2  # 01–03 of each good document, 04 the comparison, 05 the series
    for path in pages:
        for frame in inspect(chromium, path, dialogs):
            assert {k: frame[k] for k in CLEAN} == CLEAN, path
    structure = inspect(chromium, workdir / "results" / "hostile" / "notebooks" / f"{paths.NOTEBOOKS[0]}.html", dialogs)
    assert normalize(PAYLOADS["chapter"]).strip() in structure[0]["text"]  # a chapter title, shown as typed
    assert dialogs == []


# --- a killed run: nothing left behind, the same results ---------------------------------


def leftovers(results: Path) -> list[str]:
    """Temporary files and folders of jobs (plantopics.io, plantopics.notebooks) under ``results``."""
    found = [p for p in results.rglob(".*") if ".tmp" in p.name or p.name.endswith(".executing")]
    return sorted(p.relative_to(results).as_posix() for p in found)


def test_a_killed_run_leaves_nothing_behind_after_the_next_run(fixture_run, tmp_path):
    import os
    import signal
    import subprocess
    import time

    from conftest import ROOT, SNAKEMAKE

    workdir = copy_fixture(tmp_path)
    results = workdir / "results" / "fixture_plan"
    run = subprocess.Popen([SNAKEMAKE, "--cores", "2", "--directory", str(workdir)], cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 600
        while not (workdir / "logs" / "fixture_plan" / "lda_select.log").exists():  # the fits are done
            assert run.poll() is None and time.monotonic() < deadline, "the run ended before it could be killed"
            time.sleep(0.5)
        # What a job killed while writing leaves: a temporary file beside its output, the renderer's folder.
        page = Path(paths.document("notebook", "fixture_plan", results=workdir / "results",
                                   notebook=paths.NOTEBOOKS[0]))
        page.parent.mkdir(parents=True, exist_ok=True)
        (page.parent / f".{page.stem}.executing").mkdir()
        (page.parent / f".{page.stem}.abcd1234.tmp.html").touch()
        os.killpg(run.pid, signal.SIGKILL)
        run.wait(60)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    assert leftovers(results)
    locked = snakemake("--cores", "2", workdir=workdir)
    assert locked.returncode != 0 and "--unlock" in locked.stdout + locked.stderr
    assert snakemake("--unlock", workdir=workdir).returncode == 0
    rerun = snakemake("--cores", "2", workdir=workdir)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert leftovers(results) == []
    differ = [name for name in sorted(files_under(results))
              if compared(name) and (results / name).read_bytes() != (fixture_run / name).read_bytes()]
    assert files_under(results) == files_under(fixture_run) and differ == []


# Markdown that a page made of a payload's backticks: alert`1` shown as alert and a code element "1".
MARKDOWN_MADE = """() => [...document.querySelectorAll("code")].filter(c => /^[1-8]$/.test(c.textContent.trim())).length"""


@pytest.mark.browser
def test_notebook_pages_show_titles_verbatim(chromium, dialogs, hostile_run):
    workdir, _ = hostile_run
    for path in [p for p in result_pages(workdir) if notebook_page(p)]:
        page, watch = open_page(chromium, path)
        assert page.evaluate(MARKDOWN_MADE) == 0, path
        page.close()
