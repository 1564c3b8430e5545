"""What the notebooks show besides tables and figures, with a document's text
kept as text: a title, a heading, a term or a sentence may hold ``<``, ``&``,
``$`` or ``*``, and none of it may become markup on a page.

The notebooks print document text (a plain-text output, which nbconvert escapes),
show tables as DataFrames (pandas escapes their cells and labels, ``escape=True``
by default) and never pass document text to ``Markdown(...)`` or ``HTML(...)``;
the one piece of HTML they make, a link to a page of the results, is built here
with every part escaped."""

from __future__ import annotations

import html
import os
from pathlib import Path

from IPython.display import HTML

from plantopics import paths


def page_folder(res) -> Path:
    """Where a document's notebook pages are (``results/<id>/notebooks``): links start there."""
    return Path(paths.document("notebook", res.document_id, res.results_dir, notebook="page")).parent


def link(target: str | Path, text: str, start: str | Path) -> HTML:
    """A link to the file ``target`` from a page in ``start``, its address and text escaped."""
    href = Path(os.path.relpath(target, start)).as_posix()
    return HTML(f'<a href="{html.escape(href, quote=True)}">{html.escape(text)}</a>')
