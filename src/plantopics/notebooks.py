"""Execute the interpretation notebooks headless with papermill and render an
executed copy of each to a self-contained HTML page (figures embedded, no
network needed to read it)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter

from plantopics.io import write_text


def execute(notebook: str | Path, output: str | Path, parameters: dict, cwd: str | Path | None = None) -> None:
    """Run ``notebook`` with ``parameters``; papermill raises if any cell fails."""
    papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters=parameters,
        cwd=str(cwd or Path(notebook).parent),
        kernel_name="python3",
        progress_bar=False,
        log_output=False,
    )


def to_html(executed: str | Path) -> str:
    """An executed notebook as one HTML page; MathJax and require.js left out so
    the page makes no network request."""
    exporter = HTMLExporter(template_name="lab", embed_images=True, mathjax_url="", require_js_url="")
    body, _ = exporter.from_notebook_node(nbformat.read(str(executed), as_version=4))
    return body


def render(notebook: str | Path, html: str | Path, document_id: str | None, results_dir: str | Path) -> None:
    """Execute ``notebook`` on one document's results and write its HTML copy atomically.
    With ``document_id=None`` only ``results_dir`` is passed (the comparison notebook,
    which reads every compared document)."""
    parameters = {"results_dir": os.path.abspath(results_dir)}
    if document_id is not None:
        parameters = {"document_id": document_id, **parameters}
    with tempfile.TemporaryDirectory(prefix="plantopics-nb-") as tmp:
        executed = Path(tmp) / Path(notebook).name
        execute(notebook, executed, parameters)
        write_text(html, to_html(executed))
