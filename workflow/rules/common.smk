# Helpers shared by every .smk file (config validation, document discovery,
# per-document settings, the list of final targets).
from pathlib import Path

import plantopics.workflow as pw
from snakemake.settings.types import DeploymentMethod
from snakemake.utils import validate


validate(config, "../schemas/config.schema.yaml")

# Every rule names the project's one environment, for `--sdm conda`. That
# environment has the dependencies but not plantopics itself, so jobs then find
# the package through PYTHONPATH. The usual route is to run Snakemake inside the
# environment made from environment.yml (or the venv), where none of this matters.
CONDA_ENV = "../envs/plantopics.yaml"
if DeploymentMethod.CONDA in workflow.deployment_settings.deployment_method:
    pw.expose_source_tree(Path(workflow.basedir).parent / "src")

DOCUMENTS = pw.discover_documents(config["input_dir"], config["documents"])


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


def final_outputs():
    return pw.final_outputs(DOCUMENTS)
