"""Document discovery and config validation, without running Snakemake."""

import pytest
import yaml
from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

from plantopics.tokenize import DEFAULT_KEEP_SINGLE, DEFAULT_POS_KEEP, TokenizerSettings
from plantopics.workflow import DocumentError, discover_documents, final_outputs, segment_settings

from conftest import ROOT

SCHEMA = str(ROOT / "workflow" / "schemas" / "config.schema.yaml")


def test_documents_are_the_files_of_the_input_folder(tmp_path):
    for name in ("b_plan.txt", "a_report.txt", ".hidden.txt", "README.md"):
        (tmp_path / name).write_text("内容", encoding="utf-8")
    docs = discover_documents(tmp_path)
    assert list(docs) == ["a_report", "b_plan"]
    assert docs["b_plan"].endswith("b_plan.txt")
    assert final_outputs(docs, ["structure"])[0] == "results/a_report/structure/chapters.csv"


def test_non_ascii_or_duplicate_ids_are_errors(tmp_path):
    (tmp_path / "广州规划.txt").write_text("内容", encoding="utf-8")
    with pytest.raises(DocumentError, match="广州规划.txt.*ASCII"):
        discover_documents(tmp_path)
    other = tmp_path / "dup"
    other.mkdir()
    (other / "plan.txt").write_text("x", encoding="utf-8")
    (other / "plan.md").write_text("x", encoding="utf-8")
    with pytest.raises(DocumentError, match="same document id 'plan'"):
        discover_documents(other)


def test_overrides_for_a_missing_document_are_an_error(tmp_path):
    (tmp_path / "plan.txt").write_text("x", encoding="utf-8")
    with pytest.raises(DocumentError, match="plam"):
        discover_documents(tmp_path, {"plam": {"encoding": "gbk"}})
    with pytest.raises(DocumentError, match="not a folder"):
        discover_documents(tmp_path / "nowhere")


def test_shipped_configs_are_valid_and_defaults_fill_in():
    for path in (ROOT / "config" / "config.yaml", ROOT / ".test" / "config" / "config.yaml"):
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
        validate(config, SCHEMA)
        assert config["tokenize"]["min_chars"] == 2
    minimal = {}
    validate(minimal, SCHEMA)
    assert minimal["input_dir"] == "data/raw" and minimal["tokenize"]["stopwords"]["policy_boilerplate"] is True


def test_schema_defaults_match_the_package_defaults():
    config = {}
    validate(config, SCHEMA)
    assert TokenizerSettings.from_config(config["tokenize"]) == TokenizerSettings()
    assert tuple(config["tokenize"]["pos_keep"]) == DEFAULT_POS_KEEP
    assert tuple(config["tokenize"]["keep_single"]) == DEFAULT_KEEP_SINGLE


def test_every_schema_key_has_a_description_and_a_default():
    schema = yaml.safe_load(open(SCHEMA, encoding="utf-8"))

    def walk(node, path):
        for key, sub in node.get("properties", {}).items():
            assert "description" in sub, f"{path}{key} has no description"
            assert "default" in sub, f"{path}{key} has no default"
            walk(sub, f"{path}{key}.")
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            walk(extra, f"{path}*.")
        elif node.get("type") == "object" and node.get("properties"):
            assert extra is False, f"{path} allows unknown keys"

    walk(schema, "")


@pytest.mark.parametrize(
    "config",
    [
        {"tokenise": {}},
        {"tokenize": {"stopword": {}}},
        {"documents": {"plan": {"encodng": "gbk"}}},
        {"segment": {"max_title_chars": 2}},
        {"documents": {"plan": {"body_end": True}}},
    ],
    ids=["top-level-typo", "nested-typo", "document-typo", "out-of-range", "body-end-true"],
)
def test_typos_and_bad_values_are_errors(config):
    with pytest.raises(WorkflowError):
        validate(config, SCHEMA)


def test_segment_settings_merge_document_overrides():
    config = {
        "segment": {"max_title_chars": 80},
        "documents": {"gwr": {"title": "政府工作报告", "chapter_pattern": "X(?P<numeral>一)", "body_end": "附件1"}},
    }
    assert segment_settings(config, "gwr") == {
        "title": "政府工作报告",
        "body_start": None,
        "body_end": "附件1",
        "style": None,
        "patterns": {"chapter": "X(?P<numeral>一)"},
        "max_title_chars": 80,
    }
    assert segment_settings(config, "other") == {
        "title": None, "body_start": None, "body_end": None, "style": None, "patterns": {}, "max_title_chars": 80,
    }
