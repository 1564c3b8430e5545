"""One home for every path (plantopics.paths) and thin workflow scripts: checks that
would catch a second copy of a path, a script that grew logic, or a reach into
another package's private parts."""

from __future__ import annotations

import ast
import re
import sys

import pytest

from plantopics import paths

from conftest import ROOT

SRC = ROOT / "src" / "plantopics"
RULES = ROOT / "workflow" / "rules"
SCRIPTS = ROOT / "workflow" / "scripts"
MAX_SCRIPT_LINES = 40


def test_names_are_unique_and_resolve():
    assert not set(paths.DOCUMENT) & set(paths.INSIDE)
    for name, (folder, _) in paths.INSIDE.items():
        assert folder in paths.DOCUMENT, name
    for stage, names in paths.FINAL.items():
        for name in names:
            assert name in paths.DOCUMENT or name in paths.INSIDE, (stage, name)
    for name in paths.FINAL_COMPARISON:
        assert name in paths.COMPARISON, name
    assert set(paths.FINAL_SERIES) <= set(paths.SERIES)
    assert paths.FIGURE_PAIRS <= set(paths.DOCUMENT) | set(paths.INSIDE) | set(paths.COMPARISON) | set(paths.SERIES)
    assert all(not re.search(r"\.\w+$", {**paths.DOCUMENT, **paths.COMPARISON, **paths.SERIES}.get(n)
                             or paths.INSIDE[n][1])
               for n in paths.FIGURE_PAIRS), "a figure pair is named without its suffix"


def test_templates_keep_wildcards_and_fill_fields():
    assert paths.document("lda_fit_metrics") == "results/{doc}/lda/fits/{batch}/metrics.csv"
    assert paths.document("lda_fit_metrics", doc="x", batch="b2") == "results/x/lda/fits/b2/metrics.csv"
    assert paths.figure("keyword_chapter_bars", "x", "r", chapter=3) == "r/x/keywords/figures/chapters/chapter_03_terms.png"
    assert paths.figure("topic_wordcloud", "x", topic=12).endswith("lda/figures/wordclouds/topic_12.png")
    assert str(paths.fit_folder("m", "gensim", 8, 2)) == "m/k08/gensim_s2"
    assert paths.log("lda_fit_{batch}") == "logs/{doc}/lda_fit_{batch}.log"
    assert paths.benchmark("compare_topics", paths.COMPARISON_FOLDER) == "logs/benchmarks/_comparison/compare_topics.tsv"
    assert paths.results_folder_of_comparison(paths.comparison("joint_chosen", "out/results")) == "out/results"
    assert paths.final_outputs("p")[-1] == "results/p/manifest.json"


def test_per_chapter_models_and_their_notebook_are_targets_only_when_switched_on():
    from plantopics import config
    from plantopics.workflow import targets

    off, on = config.validate({}), config.validate({"lda": {"per_chapter": {"enabled": True}}})
    assert targets.switched_off(off) == ("per_chapter",) and targets.switched_off(on) == ()
    documents = {"p": "data/raw/p.txt", "q": "data/raw/q.txt"}
    with_chapters = targets.final_outputs(documents, exclude=targets.switched_off(on))
    without = targets.final_outputs(documents, exclude=targets.switched_off(off))
    assert set(with_chapters) - set(without) == {
        paths.document(name, doc, **fields) for doc in documents
        for name, fields in (("chapter_models", {}), ("chapter_links", {}),
                             ("notebook", {"notebook": "03_chapter_topics"}))}
    assert set(without) < set(with_chapters)
    assert paths.notebooks(("per_chapter",)) == ["01_structure_and_keywords", "02_document_topics"]
    assert paths.notebooks() == list(paths.NOTEBOOKS)
    assert set(paths.NOTEBOOK_STAGES.values()) <= set(paths.FINAL)


def test_the_segmenter_writes_the_files_paths_names(tmp_path, bundled_structure):
    """segment.write_structure writes the structure files of plantopics.paths, and nothing else."""
    from plantopics.segment import write_structure

    write_structure(bundled_structure, "doc", results=tmp_path)
    written = {p.relative_to(tmp_path / "doc").as_posix() for p in (tmp_path / "doc").rglob("*") if p.is_file()}
    named = {paths.DOCUMENT[n] for n in ("chapters", "sections", "boxes", "parts", "units", "sentences", "structure",
                                            "diagnostics")}
    assert written == named


def _string_constants(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_no_results_path_is_spelled_outside_paths():
    """Rules, scripts and the package name their outputs through plantopics.paths."""
    spelled = []
    for path in [*RULES.glob("*.smk"), *SCRIPTS.glob("*.py"), *SRC.rglob("*.py")]:
        if path.name == "paths.py":
            continue
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if re.search(r"""["'][^"']*(results/|logs/)[^"']*["']""", code) and '"""' not in code:
                spelled.append(f"{path.relative_to(ROOT)}:{lineno}: {line.strip()}")
    assert not spelled, "\n".join(spelled)


@pytest.mark.parametrize("script", sorted(SCRIPTS.glob("*.py")), ids=lambda p: p.name)
def test_workflow_scripts_are_thin_adapters(script):
    """A script reads the snakemake object, calls the package and writes; logic lives in src/."""
    lines = script.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MAX_SCRIPT_LINES, f"{script.name}: {len(lines)} lines (at most {MAX_SCRIPT_LINES})"
    assert "joblog.run(snakemake, main)" in lines[-1]


# Reaches into another package's private parts that stay, each justified with on/off
# numbers or a bug it fixes (docs/benchmarks.md) and guarded by tests/test_runtime_fixes.py.
JUSTIFIED_PRIVATE = {
    ("workflow/runtime.py", "_schedule_reevalutation"),  # a Snakemake bug (snakemake/snakemake#3804)
    ("workflow/runtime.py", "_open_jobs"),               # the same fix: the semaphore the timer releases
}


def test_no_private_name_of_another_package():
    """No module imports or assigns a private name of another package (``lib._x``), and no
    ``sys.modules[...] = None``, except the fixes listed above."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        own = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
               and (node.module or "").startswith("plantopics") for alias in node.names}
        modules = {alias.asname or alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                   for alias in node.names if not alias.name.startswith("plantopics")}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and not node.module.startswith("plantopics"):
                for alias in node.names:
                    if alias.name.startswith("_") and (name, alias.name) not in JUSTIFIED_PRIVATE:
                        found.append(f"{name}:{node.lineno} from {node.module} import {alias.name}")
                if any(part.startswith("_") and not part.startswith("__") for part in node.module.split(".")):
                    found.append(f"{name}:{node.lineno} from {node.module} import …")
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                base = node.value
                owner = base.id if isinstance(base, ast.Name) else None
                if owner in ("self", "cls") or owner in own or (name, node.attr) in JUSTIFIED_PRIVATE:
                    continue
                if owner is not None and owner.startswith("_"):
                    continue
                found.append(f"{name}:{node.lineno} .{node.attr}")
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Subscript) and "sys.modules" in ast.unparse(target):
                        if name != "workflow/runtime.py":
                            found.append(f"{name}:{node.lineno} {ast.unparse(node)}")
                    elif (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                          and target.value.id in modules - {"os", "sys"}):
                        found.append(f"{name}:{node.lineno} {ast.unparse(target)} = … (patches another package)")
    assert not found, "private names of other packages:\n" + "\n".join(found)


def test_this_check_can_fail(tmp_path, monkeypatch):
    """The private-name check above finds an assignment to another package's private attribute."""
    fake = tmp_path / "plantopics"
    fake.mkdir()
    (fake / "bad.py").write_text("import wordcloud.wordcloud as wc\nwc._cache = None\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "SRC", fake)
    with pytest.raises(AssertionError, match="bad.py:2 ._cache"):
        test_no_private_name_of_another_package()
