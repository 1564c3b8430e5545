"""Which documents a run can analyse, decided when Snakemake builds its plan.

Snakemake cannot run a job whose inputs failed, so the documents the comparison
and the report cover must be known before any job runs. The failures that come
from the input itself are found here with the functions the jobs use: a file
that ingest refuses (empty, binary, not Chinese, a wrong encoding, unreadable;
:func:`plantopics.ingest.check_file`) and a results folder the run cannot write
in. A document whose file fails is still given to its ``ingest`` job, which
fails with the same one-line error in its log (so the run's exit status says
so), but nothing after ingest is planned for it; the others are compared and
reported, and ``results/_failed.csv`` lists it with the reason. For a document
whose results folder cannot be written nothing is planned (Snakemake would stop
every job when it cannot create an output folder); the run then ends with an
error after the other documents are done.

Ingest reads the whole file (about a second for 20 MB), so each verdict is kept
in ``.snakemake/plantopics/document_checks.json`` under the file's path, size,
modification time, configured encoding and the ingest code's own version: a
rerun with nothing changed reads no document.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from plantopics import hanzi, ingest, paths
from plantopics.errors import INPUT_ERRORS, DocumentError
from plantopics.io import write_text

CACHE = Path(".snakemake") / "plantopics" / "document_checks.json"
FAILED_COLUMNS = ("document", "file", "reason")


@dataclass(frozen=True)
class Failure:
    """Why a document cannot be analysed, and whether its ingest job can run to say so:
    not when its results folder cannot be written (Snakemake itself would stop the
    whole run creating the job's output folder), and then the run ends with an error."""

    reason: str
    runs_ingest: bool


def _code_version() -> str:
    """A digest of the modules that decide whether a file can be read: a change to them re-checks every file."""
    digest = hashlib.sha256()
    for module in (ingest, hanzi):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def _file_key(path: str, encoding: str | None, code: str) -> str:
    try:
        stat = os.stat(path)
    except OSError:
        return ""  # unreadable: never cached, checked every time
    return f"{code}:{stat.st_size}:{stat.st_mtime_ns}:{encoding}"


def unwritable(folder: str | Path, inside: bool = True) -> str | None:
    """Why results cannot be written in ``folder`` (or the nearest folder above it
    that exists), or None. A real file is created and removed there, since
    permissions do not tell for a read-only file system or an immutable folder;
    with ``inside``, the folders inside it are judged by their permissions."""
    folder = Path(folder)
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return f"{existing} is a file, not a folder; move it away"
    try:
        fd, probe = tempfile.mkstemp(dir=existing, prefix=".plantopics-write-check.")
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        return f"{existing}: cannot write in this folder ({err.strerror}); make it writable or remove it"
    if inside and folder.is_dir():
        for root, dirs, _ in os.walk(folder):
            for name in dirs:
                inner = Path(root) / name
                if not os.access(inner, os.W_OK | os.X_OK):
                    return f"{inner}: cannot write in this folder (permission denied); make it writable or remove it"
    return None


def check_results_folder(results: str | Path = paths.RESULTS) -> None:
    """DocumentError if nothing can be written in the results folder itself: no
    document could run, so the run stops before any job, in one line (a folder
    inside it that cannot be written fails only its document)."""
    problem = unwritable(results, inside=False)
    if problem:
        raise DocumentError(f"the results folder: {problem}")


def check_documents(
    documents: Mapping[str, str], encodings: Mapping[str, str | None], results: str | Path = paths.RESULTS,
    cache: str | Path = CACHE,
) -> dict[str, Failure]:
    """Document id -> why it cannot be analysed (a one-line reason), for the documents that cannot.

    ``encodings``: each document's configured encoding (``documents.<id>.encoding``), if any.
    """
    cache = Path(cache)
    try:
        known = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    code = _code_version()
    verdicts: dict[str, dict] = {}
    failed = {}
    for doc, path in sorted(documents.items()):
        encoding = encodings.get(doc)
        key = _file_key(path, encoding, code)
        cached = known.get(path)
        if key and cached and cached.get("key") == key:
            reason = cached["reason"]
        else:
            reason = _ingest_problem(path, encoding, f"documents.{doc}.encoding")
        if key:
            verdicts[path] = {"key": key, "reason": reason}
        if reason:
            failed[doc] = Failure(reason, runs_ingest=True)
        elif folder_problem := unwritable(Path(results) / doc):
            failed[doc] = Failure(folder_problem, runs_ingest=False)
    if verdicts != known:
        try:
            write_text(cache, json.dumps(verdicts, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        except OSError:
            pass  # a cache that cannot be written only costs time
    return failed


def _ingest_problem(path: str, encoding: str | None, key: str) -> str | None:
    try:
        ingest.check_file(path, encoding, encoding_key=key)
    except INPUT_ERRORS as err:
        return str(err)
    return None


def failed_rows(documents: Mapping[str, str], failed: Mapping[str, Failure]) -> list[dict[str, str]]:
    """The rows of ``results/_failed.csv``: one per failed document, by id."""
    return [{"document": doc, "file": documents[doc], "reason": failed[doc].reason} for doc in sorted(failed)]


def summary(failed: Mapping[str, Failure]) -> str:
    """One line for the end of a run that left documents out."""
    return (f"{len(failed)} document(s) not analysed ({', '.join(sorted(failed))}): "
            f"{paths.failed_documents()} says why")
