"""Execute the interpretation notebooks headless with papermill and render an
executed copy of each to a self-contained HTML page (figures embedded, no
network needed to read it).

The same results give the same page, byte for byte, on any machine: the
notebook runs in the workflow's working directory with the results folder as
a relative path, and the executed copy loses what changes between runs (cell
ids, papermill's timings, the kernel's version) before it is rendered.
The executed copy is written beside the page, in a hidden folder that the
next run of the job removes if a killed run left it behind.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter

from plantopics.io import write_text

# Notebook metadata that describes the run, not the results (papermill's timings, the kernel's versions).
RUN_METADATA = ("papermill", "execution", "widgets")


def execute(notebook: str | Path, output: str | Path, parameters: dict, cwd: str | Path | None = None) -> None:
    """Run ``notebook`` with ``parameters`` in ``cwd`` (default: the working directory);
    papermill raises if any cell fails."""
    papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters=parameters,
        cwd=str(cwd or Path.cwd()),
        kernel_name="python3",
        progress_bar=False,
        log_output=False,
    )


def stable(node: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The executed notebook without what differs between two runs on the same
    results: cell ids numbered in order, no run metadata, no execution counts."""
    for key in (*RUN_METADATA, "language_info"):
        node.metadata.pop(key, None)
    for number, cell in enumerate(node.cells, 1):
        cell["id"] = f"cell-{number}"
        for key in RUN_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.execution_count = None
            for output in cell.outputs:
                if "execution_count" in output:
                    output["execution_count"] = None
    return node


def to_html(executed: str | Path) -> str:
    """An executed notebook as one HTML page; MathJax and require.js left out so
    the page makes no network request."""
    exporter = HTMLExporter(template_name="lab", embed_images=True, mathjax_url="", require_js_url="")
    body, _ = exporter.from_notebook_node(stable(nbformat.read(str(executed), as_version=4)))
    return body


def scratch_folder(html: str | Path) -> Path:
    """Where the executed copy of the notebook of page ``html`` is kept while it is rendered."""
    html = Path(html)
    return html.parent / f".{html.stem}.executing"


def render(notebook: str | Path, html: str | Path, document_id: str | None, results_dir: str | Path) -> None:
    """Execute ``notebook`` on one document's results and write its HTML copy atomically.
    With ``document_id=None`` only ``results_dir`` is passed (the comparison notebook,
    which reads every compared document). ``results_dir`` is relative to the working
    directory, where the notebook runs, so no path of this machine reaches the page."""
    parameters = {"results_dir": Path(results_dir).as_posix()}
    if document_id is not None:
        parameters = {"document_id": document_id, **parameters}
    scratch = scratch_folder(html)
    shutil.rmtree(scratch, ignore_errors=True)  # a killed run's
    scratch.mkdir(parents=True)
    try:
        executed = scratch / Path(notebook).name
        execute(notebook, executed, parameters)
        write_text(html, to_html(executed))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
