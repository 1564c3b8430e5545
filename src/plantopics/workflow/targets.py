"""The final targets of a run and the comparison's inputs, from :mod:`plantopics.paths`."""

from __future__ import annotations

from collections.abc import Callable

from plantopics import paths
from plantopics.errors import DocumentError


def switched_off(config: dict) -> tuple[str, ...]:
    """The optional stages of :data:`plantopics.paths.FINAL` that ``config`` (filled
    with the schema's defaults) leaves out: ``per_chapter`` unless ``lda.per_chapter.enabled``,
    and every stage of :data:`plantopics.paths.PER_DOCUMENT_EXTRAS` with ``series.light``."""
    off = () if config["lda"]["per_chapter"]["enabled"] else ("per_chapter",)
    if config["series"]["light"]:
        off = (*off, *(stage for stage in paths.PER_DOCUMENT_EXTRAS if stage not in off))
    return off


def final_outputs(documents: dict[str, str], stages: tuple[str, ...] | None = None,
                  exclude: tuple[str, ...] = ()) -> list[str]:
    """Every final target (:data:`plantopics.paths.FINAL`) of every document, in a stable order."""
    return [path for doc in sorted(documents) for path in paths.final_outputs(doc, stages, exclude)]


def failed_outputs(failed: dict) -> list[str]:
    """What a run asks of the documents that cannot be analysed
    (:class:`plantopics.workflow.checks.Failure`): their ingest job where it can
    run (it fails with the reason in its log), and the table that lists them."""
    ingest = [paths.document("ingest_info", doc) for doc in sorted(failed) if failed[doc].runs_ingest]
    return ingest + [paths.failed_documents()]


def comparison_outputs(documents: dict[str, str], enabled: bool, light: bool) -> list[str]:
    """The comparison's final targets: none for fewer than two documents (or when switched off);
    with ``light`` (``series.light``) none of those that read every document's own LDA
    (:data:`plantopics.paths.COMPARISON_OF_DOCUMENT_MODELS`)."""
    if not enabled or len(documents) < 2:
        return []
    return paths.final_comparison_outputs(exclude=paths.COMPARISON_OF_DOCUMENT_MODELS if light else ())


def series_outputs(documents: dict[str, str], enabled: bool) -> list[str]:
    """The series' final targets: none for fewer than two documents (or when switched off:
    ``enabled`` is ``series.enabled`` and ``compare.enabled``, as the series reads the joint model)."""
    if not enabled or len(documents) < 2:
        return []
    return paths.final_series_outputs()


def comparison_inputs(documents: dict[str, str], name: str) -> Callable[..., list[str]]:
    """An input function of a comparison rule: the file ``name`` (of
    :data:`plantopics.paths.DOCUMENT`) of every document, sorted by id. Asking for
    the comparison with fewer than two documents is an error that says so
    (``rule all`` never does)."""

    def every_document(wildcards=None) -> list[str]:
        if len(documents) < 2:
            raise DocumentError(
                f"{paths.RESULTS}/{paths.COMPARISON_FOLDER}: a comparison needs two or more documents, "
                f"found {len(documents)} ({', '.join(sorted(documents)) or 'none'})"
            )
        return [paths.document(name, doc) for doc in sorted(documents)]

    return every_document
