"""What the Snakemake workflow needs to know before it runs: which documents
there are, each document's settings, and the list of final targets. Kept here
(not in the .smk files) so it is unit-tested without Snakemake."""

from __future__ import annotations

import os
import re
from pathlib import Path

from plantopics.tokenize import TokenizerSettings

DOCUMENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
SEGMENT_OVERRIDES = ("title", "chapter_pattern", "section_pattern", "box_pattern", "box_item_pattern")


class DocumentError(ValueError):
    """The input folder or the per-document config is unusable; the message says why."""


def discover_documents(input_dir: str | Path, overrides: dict | None = None) -> dict[str, str]:
    """Map document id -> file path for every file in ``input_dir`` (hidden files
    and README* skipped), sorted by id. Ids must be ASCII and unique."""
    folder = Path(input_dir)
    if not folder.is_dir():
        raise DocumentError(f"input_dir {str(folder)!r} is not a folder")
    documents: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name.upper().startswith("README") or not path.is_file():
            continue
        doc_id = path.stem
        if not DOCUMENT_ID.match(doc_id):
            raise DocumentError(
                f"{path}: the file stem is the document id and must be ASCII letters, digits, '_', '-' or '.'; "
                "rename the file (for example gz_plan_2025.txt)"
            )
        if doc_id in documents:
            raise DocumentError(f"{path} and {documents[doc_id]} have the same document id {doc_id!r}")
        documents[doc_id] = str(path)
    unknown = sorted(set(overrides or {}) - set(documents))
    if unknown:
        raise DocumentError(f"config 'documents' names {unknown}, but {folder} has no such file")
    return documents


def segment_settings(config: dict, doc_id: str) -> dict:
    """Keyword arguments for :func:`plantopics.segment.segment` for one document."""
    doc = config.get("documents", {}).get(doc_id, {})
    patterns = {
        key.removesuffix("_pattern"): doc.get(key)
        for key in SEGMENT_OVERRIDES
        if key.endswith("_pattern") and doc.get(key)
    }
    return {
        "title": doc.get("title"),
        "patterns": patterns,
        "max_title_chars": doc.get("max_title_chars") or config["segment"]["max_title_chars"],
    }


def tokenizer_files(tokenize_config: dict) -> list[str]:
    """The dictionary and stopword files tokenization reads: inputs of the rule,
    so editing any of them reruns tokenization and everything after it."""
    settings = TokenizerSettings.from_config(tokenize_config)
    files = settings.dictionary_files() + list(settings.stopword_files().values())
    return [str(f) for f in files]


def document_id_pattern(documents: dict[str, str]) -> str:
    """A wildcard constraint that matches exactly the known document ids."""
    return "|".join(re.escape(d) for d in sorted(documents)) or "(?!)"


def expose_source_tree(src: Path) -> None:
    """Let jobs in an environment without plantopics installed import it from ``src``."""
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")]))


STAGE_OUTPUTS = {
    "structure": [
        "results/{doc}/structure/chapters.csv",
        "results/{doc}/structure/units.csv",
    ],
    "tokens": [
        "results/{doc}/tokens/sentences.csv",
        "results/{doc}/tokens/report.md",
    ],
}


def final_outputs(documents: dict[str, str], stages: list[str] | None = None) -> list[str]:
    """Every final target for every document, in a stable order."""
    names = stages or list(STAGE_OUTPUTS)
    return [path.format(doc=doc) for doc in sorted(documents) for stage in names for path in STAGE_OUTPUTS[stage]]
