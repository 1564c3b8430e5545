# Helpers shared by every .smk file (config validation, document discovery,
# per-document settings, the list of final targets).
from pathlib import Path

import plantopics.workflow as pw
from snakemake.settings.types import DeploymentMethod
from snakemake.utils import validate


pw.skip_unused_format_checkers()  # saves 1-3.5 s per Snakemake start (plantopics/workflow.py)
pw.coalesce_scheduler_rechecks()  # Snakemake's re-check timers pile up (plantopics/workflow.py)
validate(config, "../schemas/config.schema.yaml")

# The repository (this file is workflow/rules/common.smk), whatever the working directory.
REPO_DIR = Path(str(workflow.current_basedir)).parents[1]

# Every rule names the project's one environment, for `--sdm conda`. That
# environment has the dependencies but not plantopics itself, so jobs then find
# the package through PYTHONPATH. The usual route is to run Snakemake inside the
# environment made from environment.yml (or the venv), where none of this matters.
CONDA_ENV = "../envs/plantopics.yaml"
if DeploymentMethod.CONDA in workflow.deployment_settings.deployment_method:
    pw.expose_source_tree(REPO_DIR / "src")

DOCUMENTS = pw.discover_documents(config["input_dir"], config["documents"])

# Job priorities: a later stage of a document before an earlier one, so that with
# many documents Snakemake finishes the documents it has started before it starts
# new ones. Every scheduling round (one per finished job) stats each input of each
# ready job, so a run that moved all documents forward stage by stage carried
# hundreds of ready jobs, and its scheduler took half a core at 100 documents
# (docs/benchmarks.md). Within a document, the LDA chain (its longest path) goes
# before the keyword jobs, so its fit jobs start together on the free cores; beside
# lda_corpus runs keyword_tables, which takes about as long (the per-chapter models take
# three times longer, and the second fit job waited for them), then keyword_kwic, which
# is short: if keyword_tables ends first, the core is free again when lda_corpus ends
# (ranked with keyword_figures, ~20 s, Snakemake often took that instead).
PRIORITY = {
    "ingest": 0,
    "segment": 1,
    "tokenize": 2,
    "keyword_tables": 6,
    "keyword_kwic": 8,
    "keyword_figures": 7,
    "lda_corpus": 9,
    "lda_fit": 10,
    "lda_select": 11,
    "lda_model_outputs": 12,
    "lda_chapter_models": 5,
    "lda_chapter_links": 13,
    "render_notebooks": 14,
    "manifest": 15,
}


def raw_document(wildcards):
    return DOCUMENTS[wildcards.doc]


def document_setting(key):
    """A params function: the document's override of ``key``, else None."""

    def lookup_setting(wildcards):
        return config["documents"].get(wildcards.doc, {}).get(key)

    return lookup_setting


def segment_settings(wildcards):
    return pw.segment_settings(config, wildcards.doc)


def tokenizer_files(wildcards):
    return pw.tokenizer_files(config["tokenize"])


def document_id_pattern():
    return pw.document_id_pattern(DOCUMENTS)


def document_outputs(wildcards):
    """Every final output of one document except its manifest, which comes last."""
    return pw.final_outputs({wildcards.doc: DOCUMENTS[wildcards.doc]}, exclude=["manifest"])


def benchmark_dir(wildcards):
    return f"logs/benchmarks/{wildcards.doc}"


def notebook_sources():
    """The notebooks live in the repository, whatever the working directory (--directory .test)."""
    folder = REPO_DIR / "notebooks"
    return [str(folder / f"{name}.ipynb") for name in pw.active_notebooks()]


def notebook_pages():
    return pw.STAGE_OUTPUTS["notebooks"]


def notebook_inputs(wildcards):
    """What the notebooks read: every final output of the document but the pages and the manifest."""
    return pw.final_outputs({wildcards.doc: DOCUMENTS[wildcards.doc]}, exclude=["notebooks", "manifest"])


def final_outputs():
    comparison = pw.comparison_outputs(DOCUMENTS, config["compare"]["enabled"])
    return pw.final_outputs(DOCUMENTS) + comparison + series_targets()


def series_targets():
    """The series' targets (workflow/rules/series.smk): with two or more documents, when switched on."""
    enabled = config["series"]["enabled"] and config["compare"]["enabled"]
    return pw.series_outputs(DOCUMENTS, enabled)
