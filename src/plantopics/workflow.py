"""What the Snakemake workflow needs to know before it runs: which documents
there are, each document's settings, and the list of final targets. Kept here
(not in the .smk files) so it is unit-tested without Snakemake."""

from __future__ import annotations

import os
import re
from pathlib import Path

from plantopics.errors import DocumentError  # noqa: F401 (part of this module's interface)
from plantopics.tokenize import TokenizerSettings

DOCUMENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
SEGMENT_OVERRIDES = ("title", "part_pattern", "chapter_pattern", "section_pattern", "box_pattern", "box_item_pattern")


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
        "style": doc.get("style"),
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


# Optional format checkers that jsonschema loads when their packages are installed,
# none of which our config schema uses. rfc3987-syntax (pulled in by Jupyter's
# jsonschema[format-nongpl]) builds lark grammars at import: 1-3.5 s of every
# Snakemake start (benchmarks: docs/benchmarks.md).
UNUSED_FORMAT_CHECKERS = ("rfc3987_syntax",)


def skip_unused_format_checkers() -> list[str]:
    """Stop jsonschema from importing format-checker packages the config schema does not need.

    Call before ``snakemake.utils.validate`` first imports jsonschema (once it is
    imported, this changes nothing). Marks each package in ``sys.modules`` as not
    importable, which jsonschema treats as "not installed" (it skips the ``iri``
    formats). Returns the names it blocked; packages already imported are left alone.
    """
    import sys

    blocked = []
    for name in UNUSED_FORMAT_CHECKERS:
        if name not in sys.modules and "jsonschema" not in sys.modules:
            sys.modules[name] = None  # import now raises ImportError
            blocked.append(name)
    return blocked


def coalesce_scheduler_rechecks() -> bool:
    """One pending scheduler re-check at a time, on a daemon thread (Snakemake 9 scheduler fix).

    While jobs wait, every scheduling round of Snakemake's ``JobScheduler`` starts
    a ``threading.Timer`` that wakes the scheduler one rate-limit timespan later;
    the round that timer causes starts another. Every finished job adds a round,
    so the chains add up: rounds per second grow with the jobs done (at 100
    documents the scheduler took half a core, and each round stats the inputs of
    every ready job), and as the timers are not daemon threads, Snakemake waits
    for the last one before it exits (up to the timespan after the last job).
    Here a round only starts a timer when none is due sooner, and the timer is a
    daemon. Re-checks still come within the timespan of any round, which is all
    the rate limit needs. Returns whether the scheduler was patched (False if this
    Snakemake has no such method, or it is patched already).
    """
    import threading
    import time

    try:
        from snakemake.scheduling.job_scheduler import JobScheduler
    except ImportError:
        return False
    original = getattr(JobScheduler, "_schedule_reevalutation", None)  # sic: Snakemake's spelling
    if original is None or getattr(original, "coalesced", False):
        return False

    def schedule_recheck(self, delay: float) -> None:
        due = time.monotonic() + delay
        pending = getattr(self, "_plantopics_recheck", None)
        if pending is not None and pending[0].is_alive() and pending[1] <= due:
            return
        timer = threading.Timer(delay, self._open_jobs.release)
        timer.daemon = True
        timer.start()
        self._plantopics_recheck = (timer, due)

    schedule_recheck.coalesced = True
    JobScheduler._schedule_reevalutation = schedule_recheck
    return True


def expose_source_tree(src: Path) -> None:
    """Let jobs in an environment without plantopics installed import it from ``src``."""
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")]))


# The interpretation notebooks (notebooks/<name>.ipynb), in the order a reader needs them.
NOTEBOOKS = ("01_structure_and_keywords", "02_document_topics", "03_chapter_topics")

STAGE_OUTPUTS = {
    "structure": [
        "results/{doc}/structure/chapters.csv",
        "results/{doc}/structure/units.csv",
    ],
    "tokens": [
        "results/{doc}/tokens/sentences.csv",
        "results/{doc}/tokens/report.md",
    ],
    "keywords": [
        "results/{doc}/keywords/tfidf.csv",
        "results/{doc}/keywords/keyness.csv",
        "results/{doc}/keywords/kwic.csv",
        "results/{doc}/keywords/figures/index.csv",
    ],
    "topics": [
        "results/{doc}/lda/selection.csv",
        "results/{doc}/lda/topics.csv",
        "results/{doc}/lda/topic_summary.csv",
        "results/{doc}/lda/doc_topics.csv",
        "results/{doc}/lda/chapter_topics.csv",
        "results/{doc}/lda/representative_sentences.csv",
        "results/{doc}/lda/explorer.html",
        "results/{doc}/lda/chapters/models.csv",
        "results/{doc}/lda/chapters/links.csv",
    ],
    "notebooks": [f"results/{{doc}}/notebooks/{name}.html" for name in NOTEBOOKS],
    "manifest": ["results/{doc}/manifest.json"],
}


def active_notebooks() -> list[str]:
    """Names of the notebooks the workflow renders (the order a reader needs them)."""
    return list(NOTEBOOKS)


def final_outputs(documents: dict[str, str], stages: list[str] | None = None, exclude: list[str] = ()) -> list[str]:
    """Every final target for every document, in a stable order."""
    names = [stage for stage in (stages or STAGE_OUTPUTS) if stage not in exclude]
    return [path.format(doc=doc) for doc in sorted(documents) for stage in names for path in STAGE_OUTPUTS[stage]]


# The comparison of documents (workflow/rules/compare.smk, docs/comparison.md): one
# folder for all documents. Document ids start with a letter or digit, so it never clashes.
COMPARISON_DIR = "results/_comparison"
COMPARISON_NOTEBOOK = "04_comparison"  # rendered once by the comparison, not per document
COMPARISON_OUTPUTS = [
    "documents.csv",
    "keyness.csv",
    "joint_topics.csv",
    "document_topics.csv",
    "chapter_topics.csv",
    "alignment.csv",
    "best_matches.csv",
    "figures/alignment.png",
    f"notebooks/{COMPARISON_NOTEBOOK}.html",
]


def comparison_outputs(documents: dict[str, str], enabled: bool = True) -> list[str]:
    """The comparison's final targets: none for fewer than two documents (or when switched off)."""
    if not enabled or len(documents) < 2:
        return []
    return [f"{COMPARISON_DIR}/{name}" for name in COMPARISON_OUTPUTS]


def comparison_inputs(documents: dict[str, str], pattern: str):
    """An input function for a comparison rule: ``pattern`` (with ``{doc}``) for
    every document, sorted by id. Asking for the comparison with fewer than two
    documents is an error that says so (rule all never does)."""

    def every_document(wildcards=None) -> list[str]:
        if len(documents) < 2:
            raise DocumentError(
                f"{COMPARISON_DIR}: a comparison needs two or more documents, found {len(documents)} "
                f"({', '.join(sorted(documents)) or 'none'})"
            )
        return [pattern.format(doc=doc) for doc in sorted(documents)]

    return every_document


# A series of documents (workflow/rules/series.smk, docs/series.md): one folder for all documents.
SERIES_DIR = "results/_series"
DEFAULT_SHEET = "config/documents.tsv"
SERIES_OUTPUTS = [
    "documents.csv",
    "terms/frequencies.csv",
    "terms/trends.csv",
    "terms/first_appearances.csv",
    "terms/group_keyness.csv",
    "figures/trends.png",
    "figures/first_appearances.png",
    "topics/documents.csv",
    "topics/prevalence.csv",
    "topics/effects.csv",
    "topics/group_shares.csv",
    "topics/evolution.csv",
    "figures/prevalence.png",
    "figures/prevalence_heatmap.png",
    "figures/group_shares.png",
    "figures/evolution.png",
]


def series_outputs(documents: dict[str, str], enabled: bool = True) -> list[str]:
    """The series' final targets: none for fewer than two documents (or when switched off)."""
    if not enabled or len(documents) < 2:
        return []
    return [f"{SERIES_DIR}/{name}" for name in SERIES_OUTPUTS]


def document_sheet(configured: str | None) -> list[str]:
    """The document sheet as a rule input: the configured file (which must
    exist), else ``config/documents.tsv`` when it exists, else none."""
    if configured:
        if not Path(configured).is_file():
            raise DocumentError(f"series.sheet names {configured!r}, which is not a file")
        return [configured]
    return [DEFAULT_SHEET] if Path(DEFAULT_SHEET).is_file() else []
