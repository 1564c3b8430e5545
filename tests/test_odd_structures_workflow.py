"""The whole workflow, in one shared run, on documents of odd structure
(tests/odd_documents.py: one chapter, 70 chapters, no headings, one paragraph,
chapters that are only a heading) and one with markup, script, Markdown and
MathJax in its title, a heading and its body: every document gets every
output, notebooks included, with content that agrees with its structure; the
one-paragraph notice is too small for a topic model and says so everywhere;
the comparison compares its keywords and leaves its topics out; no page turns
document text into markup."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from odd_documents import INJECTIONS, ODD_DOCUMENTS, hostile_markup

from plantopics import paths
from plantopics.ingest import normalize
from plantopics.io import read_csv

from conftest import ROOT, SNAKEMAKE, copy_fixture

pytestmark = [pytest.mark.workflow]

DOCUMENTS = {**{name: make() for name, make in ODD_DOCUMENTS.items()}, "odd_hostile": hostile_markup()}
TOO_SMALL = "too small for a topic model: "


@pytest.fixture(scope="module")
def odd_run(tmp_path_factory):
    workdir = copy_fixture(tmp_path_factory.mktemp("odd"))
    raw = workdir / "data" / "raw"
    for path in raw.iterdir():
        path.unlink()
    for name, text in DOCUMENTS.items():
        (raw / f"{name}.txt").write_text(text, encoding="utf-8")
    config_path = workdir / "config" / "config.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["lda"]["extra_engines"] = []
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    # six documents: longer than conftest.snakemake's limit on a loaded machine
    run = subprocess.run([SNAKEMAKE, "--cores", "2", "--directory", str(workdir)], cwd=ROOT, capture_output=True,
                         text=True, timeout=3600)
    assert run.returncode == 0, run.stderr[-5000:]
    return workdir


def table(workdir: Path, name: str, doc: str, **dtype):
    return read_csv(paths.document(name, doc, workdir / "results"), dtype=dtype or None)


def page(workdir: Path, doc: str, notebook: str) -> str:
    return Path(paths.document("notebook", doc, workdir / "results", notebook=notebook)).read_text(encoding="utf-8")


def test_every_document_gets_every_output(odd_run):
    for doc in DOCUMENTS:
        for target in paths.final_outputs(doc, results=odd_run / "results"):
            assert Path(target).exists(), target
    for target in paths.final_comparison_outputs(odd_run / "results"):
        assert Path(target).exists(), target


@pytest.mark.parametrize("doc", sorted(DOCUMENTS))
def test_tables_agree_with_the_structure(odd_run, doc):
    chapters = table(odd_run, "chapters", doc, title=str)
    numbers = chapters["chapter"].tolist()
    assert numbers == list(range(1, len(numbers) + 1))
    for name in ("tfidf", "keyness", "chapter_models"):
        assert set(table(odd_run, name, doc)["chapter"]) <= set(numbers), name
    assert table(odd_run, "chapter_topics", doc)["chapter"].tolist() == numbers
    assert table(odd_run, "chapter_models", doc)["chapter"].tolist() == numbers


def test_counts_of_the_odd_structures(odd_run):
    counts = {doc: len(table(odd_run, "chapters", doc)) for doc in DOCUMENTS}
    assert counts == {"odd_one_chapter": 1, "odd_seventy_chapters": 70, "odd_no_headings": 1,
                      "odd_one_paragraph": 1, "odd_heading_only": 4, "odd_hostile": 2}
    models = table(odd_run, "chapter_models", "odd_heading_only").set_index("chapter")
    assert models.loc[[2, 4], "status"].tolist() == ["too small", "too small"]
    # one chapter: nothing to compare it with, so no keyness, but TF-IDF ranks its terms
    assert len(table(odd_run, "keyness", "odd_one_chapter")) == 0
    assert len(table(odd_run, "tfidf", "odd_one_chapter", term=str)) > 0


def test_a_one_paragraph_notice_is_too_small_for_a_topic_model_and_says_so(odd_run):
    doc = "odd_one_paragraph"
    results = odd_run / "results"
    chosen = (results / doc / "lda" / "chosen.json").read_text(encoding="utf-8")
    assert '"status": "too small"' in chosen and TOO_SMALL in chosen
    assert len(table(odd_run, "topics", doc)) == 0
    assert table(odd_run, "chapter_topics", doc)["n_tokens"].tolist() == [0]
    explorer = Path(paths.document("explorer", doc, results)).read_text(encoding="utf-8")
    assert "No topic model: " + TOO_SMALL in explorer
    assert TOO_SMALL in page(odd_run, doc, "02_document_topics")
    assert "has no topic model" in page(odd_run, doc, "03_chapter_topics")
    # the comparison: its keywords yes, its topics no
    documents = read_csv(paths.comparison("documents", results), dtype={"document": str})
    assert doc in set(documents["document"])
    alignment = read_csv(paths.comparison("alignment", results), dtype={"document_a": str, "document_b": str})
    aligned = set(alignment["document_a"]) | set(alignment["document_b"])
    assert doc not in aligned and "odd_seventy_chapters" in aligned
    log = odd_run / paths.log("compare_alignment", paths.COMPARISON_FOLDER)
    assert f"{doc}: its topics are left out of the comparison: {TOO_SMALL}" in log.read_text(encoding="utf-8")


def test_notebook_01_shows_the_diagnostics_first_and_reads_the_network(odd_run):
    text = page(odd_run, "odd_no_headings", "01_structure_and_keywords")
    diagnostics, structure = text.index("0 · Diagnostics"), text.index("1 · Structure")
    assert diagnostics < structure
    assert "no_headings" in text[diagnostics:structure]
    network = text[text.index("5 · The co-word network"):]
    assert "chosen terms without a link:" in network and "weighted_degree" in network and "betweenness" in network
    assert 'href="../network/explorer.html"' in network


@pytest.mark.parametrize("notebook", [*paths.NOTEBOOKS, "04_comparison"])
def test_no_page_turns_document_text_into_markup(odd_run, notebook):
    text = (Path(paths.comparison("notebook", odd_run / "results")).read_text(encoding="utf-8")
            if notebook == "04_comparison" else page(odd_run, "odd_hostile", notebook))
    for injection in INJECTIONS:
        assert injection not in text and normalize(injection).strip() not in text
    assert not re.search(r"<(script|img)[^>]*alert", text)
    assert 'href="javascript:' not in text
    if notebook == "01_structure_and_keywords":
        for injection in INJECTIONS[:2]:  # the first line (front matter) and the heading, shown as text
            assert html.escape(normalize(injection).strip(), quote=False) in text  # as ingest normalised it: （ for (
