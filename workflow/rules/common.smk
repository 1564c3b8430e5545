# Helpers shared by every .smk file: config validation, the documents, per-document
# settings, output paths (all from plantopics.paths) and the list of final targets.
import sys
from pathlib import Path

import plantopics.config as plantopics_config
import plantopics.topics.settings as lda_settings
import plantopics.workflow.checks as pw_checks
import plantopics.workflow.documents as pw_documents
import plantopics.workflow.runtime as pw_runtime
import plantopics.workflow.stages as pw_stages
import plantopics.workflow.targets as pw_targets
from plantopics import paths
from snakemake.exceptions import WorkflowError
from snakemake.settings.types import DeploymentMethod
from snakemake.utils import validate


pw_runtime.skip_unused_format_checkers()  # before validate() imports jsonschema (docs/benchmarks.md)
pw_runtime.coalesce_scheduler_rechecks()  # a Snakemake bug (plantopics/workflow/runtime.py)
validate(config, str(plantopics_config.SCHEMA_PATH))

# The repository (this file is workflow/rules/common.smk), whatever the working directory.
REPO_DIR = Path(str(workflow.current_basedir)).parents[1]

# Every rule names the project's one environment, for `--sdm conda`. That
# environment has the dependencies but not plantopics itself, so jobs then find
# the package through PYTHONPATH. The usual route is to run Snakemake inside the
# environment made from environment.yml (or the venv), where none of this matters.
CONDA_ENV = "../envs/plantopics.yaml"
if DeploymentMethod.CONDA in workflow.deployment_settings.deployment_method:
    pw_runtime.expose_source_tree(REPO_DIR / "src")

DOCUMENTS = pw_documents.discover_documents(config["input_dir"], config["documents"])
pw_documents.check_settings(config)  # a bad per-document setting: one line, before any job
SWITCHED_OFF = pw_targets.switched_off(config)  # optional stages left out (docs/topics.md, series.light: docs/series.md)
# Documents whose file or results folder cannot work (plantopics/workflow/checks.py): only their ingest
# job runs (and fails, with the reason in its log); the comparison and the report cover the others.
pw_checks.check_results_folder()
FAILED = pw_checks.check_documents(
    DOCUMENTS, {doc: pw_documents.override(config, doc, "encoding") for doc in DOCUMENTS}
)
ANALYSED = {doc: path for doc, path in DOCUMENTS.items() if doc not in FAILED}
for failed_doc, failure in sorted(FAILED.items()):
    print(f"plantopics: {failed_doc} is not analysed: {failure.reason}", file=sys.stderr)
# Under series.light the text stages of series.light_batch documents run in one job (rules/batches.smk,
# plantopics.workflow.stages); the per-document text rules then match only the other documents.
TEXT_BATCHES = pw_stages.text_batches(list(ANALYSED), config["series"]["light_batch"] if config["series"]["light"] else 1)
UNBATCHED_PATTERN = pw_documents.document_id_pattern(
    {doc: path for doc, path in DOCUMENTS.items() if not any(doc in batch for batch in TEXT_BATCHES.values())}
)
KEYWORD_TABLE_SETTINGS = {key: config["keywords"][key] for key in ("n_terms", "tfidf", "keyness")}
LDA = config["lda"]
LDA_SHARES = lda_settings.fit_shares(LDA)  # batch (b1, b2 …) -> that lda_fit job's share of the grid

# Job priorities: each rule outranks every rule it reads from (tested), so with many
# documents Snakemake finishes the documents it has started before starting new ones
# and its set of ready jobs, which it re-checks every round, stays small. Within a
# document the LDA chain, the longest path, comes first, and nothing that can be ready
# beside the fit jobs outranks them (tested), so they start together on the free cores:
# keyword_tables runs beside lda_corpus (they take about as long), then the short
# keyword_kwic, so that a core is free again when the fit jobs become ready.
PRIORITY = {
    "ingest": 0,
    "segment": 1,
    "tokenize": 2,
    "keyword_tables": 6,
    "keyword_kwic": 8,
    "keyword_figures": 7,
    "network": 7,
    "lda_corpus": 9,
    "lda_fit": 10,
    "lda_select": 11,
    "lda_model_outputs": 12,
    "lda_chapter_models": 5,
    "lda_chapter_links": 13,
    "render_notebooks": 14,
    "manifest": 15,
}


def out(name, **fields):
    """A document's output ``name`` (plantopics.paths), for the {doc} wildcard."""
    return paths.document(name, **fields)


# The text stages' tables in the report, per document (their outputs: plantopics.workflow.stages.OUTPUTS).
DOCUMENT_REPORT_ITEMS = {
    "diagnostics": ("structure_diagnostics", "Structure", {"table": "diagnostics: check first"}),
    "chapters": ("structure_chapters", "Structure", {"table": "chapters"}),
    "units": ("structure_units", "Structure", {"table": "text units"}),
    "tokens_report": ("tokens_report", "Tokens", {"table": "tokenization report"}),
    "tfidf": ("keywords_tfidf", "Keywords", {"document": "{doc}", "table": "TF-IDF"}),
    "keyness": ("keywords_keyness", "Keywords", {"document": "{doc}", "table": "keyness (G²)"}),
    "kwic": ("keywords_kwic", "Keywords", {"document": "{doc}", "table": "KWIC"}),
}


def stage_outputs(stage, doc="{doc}"):
    """The outputs of text stage ``stage`` of document ``doc`` (the {doc} wildcard, or an id in a batch):
    output key -> path, in the report where DOCUMENT_REPORT_ITEMS says."""
    outputs = {}
    for key, name in pw_stages.OUTPUTS[stage].items():
        path = paths.document(name, doc)
        if name in DOCUMENT_REPORT_ITEMS:
            caption, category, labels = DOCUMENT_REPORT_ITEMS[name]
            labels = {label: value.replace("{doc}", doc) for label, value in labels.items()}
            path = report(
                path, caption=f"../report/{caption}.rst", category=category, subcategory=doc, labels=labels
            )
        outputs[key] = path
    return outputs


def batch_outputs(doc):
    """What a text batch writes for document ``doc`` (rules/batches.smk): every text stage's
    outputs (output key -> path) and, last, its manifest."""
    outputs = {key: path for stage in pw_stages.OUTPUTS for key, path in stage_outputs(stage, doc).items()}
    return {**outputs, "manifest": out("manifest", doc=doc)}


def figure(name, **report_options):
    """A document's figure ``name``: its PNG (in the report, with ``report_options``)
    and its SVG, declared with multiext; a script gets both: save_figure(fig, *output.name)."""
    png, svg = multiext(paths.document(name), *paths.FIGURE_FORMATS)
    return [report(png, **report_options) if report_options else png, svg]


def comparison_figure(name, **report_options):
    """A figure of the comparison, as ``figure``."""
    png, svg = multiext(paths.comparison(name), *paths.FIGURE_FORMATS)
    return [report(png, **report_options), svg]


def raw_document(wildcards):
    return DOCUMENTS[wildcards.doc]


def document_setting(key):
    """A params function: the document's override of ``key``, else None."""

    def lookup_setting(wildcards):
        return pw_documents.override(config, wildcards.doc, key)

    return lookup_setting


def segment_settings(wildcards):
    return pw_documents.segment_settings(config, wildcards.doc)


def batch_settings(doc):
    """A document's settings in a text batch (plantopics.workflow.stages.text_stages)."""
    return {
        "encoding": pw_documents.override(config, doc, "encoding"),
        "segment": pw_documents.segment_settings(config, doc),
        "keywords": {**KEYWORD_TABLE_SETTINGS, "kwic": config["keywords"]["kwic"]},
    }


def tokenizer_files(wildcards):
    return pw_documents.tokenizer_files(config["tokenize"])


def document_id_pattern():
    return pw_documents.document_id_pattern(DOCUMENTS)


def document_outputs(wildcards):
    """Every final output of one document except its manifest, which comes last."""
    return paths.final_outputs(wildcards.doc, exclude=("manifest", *SWITCHED_OFF))


def notebook_sources():
    """The notebooks live in the repository, whatever the working directory (--directory .test)."""
    return [str(REPO_DIR / "notebooks" / f"{name}.ipynb") for name in paths.notebooks(SWITCHED_OFF)]


def notebook_pages():
    return [paths.document("notebook", notebook=name) for name in paths.notebooks(SWITCHED_OFF)]


def notebook_inputs(wildcards):
    """What the notebooks read: every final output of the document but the pages and the manifest."""
    return paths.final_outputs(wildcards.doc, exclude=("notebooks", "manifest", *SWITCHED_OFF))


def final_outputs():
    comparison = pw_targets.comparison_outputs(ANALYSED, config["compare"]["enabled"], config["series"]["light"])
    series = pw_targets.series_outputs(ANALYSED, config["series"]["enabled"] and config["compare"]["enabled"])
    return (
        pw_targets.final_outputs(ANALYSED, exclude=SWITCHED_OFF)
        + pw_targets.failed_outputs(FAILED)
        + comparison
        + series
    )


def lda_fit_share(wildcards):
    return LDA_SHARES[wildcards.batch]


def every_document(name):
    """An input function of a comparison rule: the file ``name`` of every compared document."""
    return pw_targets.comparison_inputs(ANALYSED, name)


def compared(name):
    """The comparison's output ``name`` (plantopics.paths)."""
    return paths.comparison(name)


def series_out(name):
    """The series' output ``name`` (plantopics.paths)."""
    return paths.series(name)


def series_figure(name, **report_options):
    """A figure of the series, as ``figure``."""
    png, svg = multiext(paths.series(name), *paths.FIGURE_FORMATS)
    return [report(png, **report_options), svg]


def document_sheet():
    """The series' document sheet as an input (none without one; plantopics.workflow.documents)."""
    return pw_documents.document_sheet(config["series"]["sheet"])
