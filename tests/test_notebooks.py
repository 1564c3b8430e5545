"""The interpretation notebooks: committed without outputs, executed headless
on the fixture's results (any failing cell fails the test), and rendered by the
workflow to HTML pages that need no network."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from plantopics.notebooks import execute
from plantopics.paths import COMPARISON_NOTEBOOK, NOTEBOOKS, SERIES_NOTEBOOK

from conftest import ROOT

pytestmark = pytest.mark.notebooks
NOTEBOOK_DIR = ROOT / "notebooks"


def test_every_notebook_is_rendered_by_the_workflow():
    # per document (rule render_notebooks), the comparison's and the series' once (compare_notebook, series_notebook)
    assert sorted([*NOTEBOOKS, COMPARISON_NOTEBOOK, SERIES_NOTEBOOK]) == sorted(p.stem for p in NOTEBOOK_DIR.glob("*.ipynb"))
    assert len(NOTEBOOKS) >= 3


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_committed_without_outputs_and_parameterised(name):
    nb = nbformat.read(NOTEBOOK_DIR / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "clear the outputs before committing"
    parameters = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1 and "document_id" in parameters[0].source and "results_dir" in parameters[0].source
    source = "\n".join(c.source for c in code)
    assert "DocumentResults(" in source  # results come through the one loader
    assert not re.search(r"read_csv\(|open\(", source), "notebooks read results through plantopics.results"
    # files by their names in plantopics.paths (res.figure("top_words")), never a path spelled in the notebook
    assert not re.search(r"""\.(png|svg|csv|json|html)["']""", source), "a path spelled in a notebook"


def test_comparison_notebook_committed_without_outputs_and_parameterised():
    """It reads every compared document, so its one parameter is the results folder;
    tests/test_compare.py runs it headless on a two-document run."""
    nb = nbformat.read(NOTEBOOK_DIR / f"{COMPARISON_NOTEBOOK}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "clear the outputs before committing"
    parameters = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1 and "results_dir" in parameters[0].source
    source = "\n".join(c.source for c in code)
    assert "ComparisonResults(" in source
    assert not re.search(r"read_csv\(|open\(", source), "notebooks read results through plantopics.results"
    # files by their names in plantopics.paths (res.figure("top_words")), never a path spelled in the notebook
    assert not re.search(r"""\.(png|svg|csv|json|html)["']""", source), "a path spelled in a notebook"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_headless_on_the_fixture(name, fixture_run, tmp_path):
    executed = tmp_path / f"{name}.ipynb"
    execute(
        NOTEBOOK_DIR / f"{name}.ipynb",
        executed,
        {"document_id": "fixture_plan", "results_dir": str(fixture_run.parent)},
    )
    nb = nbformat.read(executed, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 2, "figures show inline"
    text = json.dumps([o.get("data", {}).get("text/plain", "") for o in outputs], ensure_ascii=False)
    assert "粤港澳" in text or "湾区" in text  # real content of the fixture, not empty tables


def test_rendered_pages_are_self_contained(fixture_run):
    for name in NOTEBOOKS:
        page = (fixture_run / "notebooks" / f"{name}.html").read_text(encoding="utf-8")
        assert "data:image/png;base64" in page
        assert not re.findall(r"""<(?:script|link|img)[^>]+(?:src|href)=["']https?://""", page)
