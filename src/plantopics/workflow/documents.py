"""The documents of a run and each document's settings.

Every file in ``input_dir`` (hidden files and README* aside) is a document; its
file stem is its id, which names its results folder ``results/<id>/``. The
config's ``documents.<id>`` section overrides settings for one document; an
override for an id with no file is an error (a typo would otherwise be ignored),
and so is a setting that cannot work (:func:`check_settings`): both before any job runs.
"""

from __future__ import annotations

import re
from pathlib import Path

from plantopics.errors import DictionaryError, DocumentError, SegmentError
from plantopics.headings import custom_schemes
from plantopics.ingest import check_encoding_name
from plantopics.tokenize import TokenizerSettings, read_dictionary, read_word_list

DOCUMENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
PATTERN_KEYS = ("part_pattern", "chapter_pattern", "section_pattern", "box_pattern", "box_item_pattern")


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


def document_id_pattern(documents: dict[str, str]) -> str:
    """A wildcard constraint that matches exactly the known document ids."""
    return "|".join(re.escape(d) for d in sorted(documents)) or "(?!)"


def override(config: dict, doc_id: str, key: str):
    """The document's own value of ``key`` (config ``documents.<id>.<key>``), or None when it sets none."""
    return (config["documents"].get(doc_id) or {}).get(key)


def check_settings(config: dict) -> None:
    """Every setting that names a file or must parse, checked before any job runs:
    a DocumentError naming the config key and what to do for a configured file
    (``tokenize.user_dict``, ``tokenize.stopwords.user``) that is missing or
    unreadable, and for a per-document encoding that is no text codec or cannot
    hold Chinese, or a pattern that is no regular expression or lacks its named group.
    Title and style are checked by the schema; whether a title is in the text only
    the segment job can tell."""
    _check_files(config.get("tokenize") or {})
    for doc_id in sorted(config["documents"]):
        check_encoding_name(override(config, doc_id, "encoding"), f"documents.{doc_id}.encoding")
        _check_patterns(config, doc_id)


def _check_files(tokenize_config: dict) -> None:
    """A configured dictionary or stopword file that is missing or does not parse."""
    configured = {
        "tokenize.user_dict": (tokenize_config.get("user_dict"), read_dictionary),
        "tokenize.stopwords.user": ((tokenize_config.get("stopwords") or {}).get("user"), read_word_list),
    }
    for key, (path, read) in configured.items():
        if path is None:
            continue
        if not Path(path).is_file():
            raise DocumentError(
                f"{key}: {path}: no such file (relative paths start at the working directory, {Path.cwd()}); "
                "correct the path or set it to null"
            )
        try:
            read(path)
        except DictionaryError as err:
            raise DocumentError(f"{key}: {err}") from err


def _check_patterns(config: dict, doc_id: str) -> None:
    for key in PATTERN_KEYS:
        pattern = override(config, doc_id, key)
        if not pattern:
            continue
        try:
            custom_schemes({key.removesuffix("_pattern"): pattern})
        except SegmentError as err:
            raise DocumentError(f"documents.{doc_id}.{err}") from err


def segment_settings(config: dict, doc_id: str) -> dict:
    """Keyword arguments of :func:`plantopics.segment.segment` for one document
    of a filled config: its overrides, else the ``segment`` section."""
    patterns = {
        key.removesuffix("_pattern"): override(config, doc_id, key)
        for key in PATTERN_KEYS
        if override(config, doc_id, key)
    }
    return {
        "title": override(config, doc_id, "title"),
        "body_start": override(config, doc_id, "body_start"),
        "body_end": override(config, doc_id, "body_end"),
        "style": override(config, doc_id, "style"),
        "patterns": patterns,
        "max_title_chars": override(config, doc_id, "max_title_chars") or config["segment"]["max_title_chars"],
    }


def document_sheet(sheet: str | None) -> list[str]:
    """The document sheet of a series (config ``series.sheet``) as a rule input: the
    file when it exists; none for null, or for the schema's default file when it is
    absent (a user without a sheet); any other file named there must exist."""
    from plantopics import config

    if sheet is None:
        return []
    if Path(sheet).is_file():
        return [sheet]
    if sheet == config.defaults()["series"]["sheet"]:
        return []
    raise DocumentError(f"series.sheet names {sheet!r}, which is not a file")


def tokenizer_files(tokenize_config: dict) -> list[str]:
    """The dictionary and stopword files tokenization reads: inputs of the rule,
    so editing any of them reruns tokenization and everything after it."""
    settings = TokenizerSettings.from_config(tokenize_config)
    files = settings.dictionary_files() + list(settings.stopword_files().values())
    return [str(f) for f in files]
