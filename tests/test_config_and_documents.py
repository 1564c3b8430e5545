"""Document discovery, the config's one schema (defaults, descriptions, validation), without running Snakemake."""

import ast
import dataclasses
from pathlib import Path

import pytest
import yaml
from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

from plantopics import config
from plantopics.errors import ConfigError, DocumentError
from plantopics.keyword_figures import PlotSettings
from plantopics.tokenize import TokenizerSettings
from plantopics.topics.corpus import CorpusSettings, DictionarySettings
from plantopics.topics.per_chapter import ChapterSettings
from plantopics.workflow.documents import discover_documents, segment_settings
from plantopics.workflow.targets import final_outputs

from conftest import ROOT

SCHEMA = str(config.SCHEMA_PATH)
SRC = ROOT / "src" / "plantopics"


def test_documents_are_the_files_of_the_input_folder(tmp_path):
    for name in ("b_plan.txt", "a_report.txt", ".hidden.txt", "README.md"):
        (tmp_path / name).write_text("内容", encoding="utf-8")
    docs = discover_documents(tmp_path)
    assert list(docs) == ["a_report", "b_plan"]
    assert docs["b_plan"].endswith("b_plan.txt")
    assert final_outputs(docs, ("structure",))[0] == "results/a_report/structure/chapters.csv"


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


def test_the_package_fills_defaults_as_snakemake_does():
    """plantopics.config.validate and Snakemake's validate fill the same defaults from the one schema."""
    for text in ("{}", (ROOT / "config" / "config.yaml").read_text(encoding="utf-8"),
                 (ROOT / ".test" / "config" / "config.yaml").read_text(encoding="utf-8"),
                 "documents: {plan: {title: 规划}}\nlda: {tomotopy: {iterations: 50}}"):
        by_snakemake, by_us = yaml.safe_load(text), yaml.safe_load(text)
        validate(by_snakemake, SCHEMA)
        assert config.validate(by_us) == by_snakemake
    filled = config.defaults()
    assert filled["input_dir"] == "data/raw" and filled["tokenize"]["stopwords"]["policy_boilerplate"] is True
    assert config.load(ROOT / "config" / "config.yaml") == filled  # the shipped config sets only what it must


def test_load_merges_overrides_and_names_the_file_and_key(tmp_path):
    path = tmp_path / "my.yaml"
    path.write_text("lda:\n  k_grid: [5, 6]\n", encoding="utf-8")
    loaded = config.load(path, overrides={"lda": {"k": 6}})
    assert loaded["lda"]["k_grid"] == [5, 6] and loaded["lda"]["k"] == 6 and loaded["lda"]["seeds"] == [1, 2, 3, 4, 5]
    path.write_text("lda:\n  k_grid: [1]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"my.yaml: lda\.k_grid\.0: 1 is less than the minimum of 2"):
        config.load(path)
    with pytest.raises(ConfigError, match="tokenise"):
        config.validate({"tokenise": {}})


def test_settings_objects_are_the_schema_defaults_by_the_config_names():
    """Built from a filled config, with no default of their own (a second copy could drift)."""
    filled = config.defaults()
    tokenize = TokenizerSettings.from_config(filled["tokenize"])
    assert tokenize.stopwords == {"general": True, "policy_boilerplate": True, "user": None}
    assert list(tokenize.stopword_files()) == ["general", "policy_boilerplate"]
    assert tokenize.pos_keep == tuple(filled["tokenize"]["pos_keep"]) and tokenize.min_chars == 2
    corpus = CorpusSettings.from_config(filled["lda"])
    assert (corpus.units, corpus.window_tokens, corpus.dictionary.no_above) == ("paragraph", 45, 0.5)
    chapter = ChapterSettings.from_config(filled["lda"])
    assert (chapter.units, chapter.k_grid, chapter.min_documents, chapter.params) == (
        "sentence", (2, 3, 4), 10, filled["lda"]["tomotopy"])
    assert PlotSettings.from_config(filled["keywords"]["plots"]).wordcloud_width == 800
    for cls in (TokenizerSettings, CorpusSettings, DictionarySettings, ChapterSettings, PlotSettings):
        with_default = [f.name for f in dataclasses.fields(cls)
                        if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING]
        assert not with_default, f"{cls.__name__} has its own defaults for {with_default}: the schema has them"


def _schema_leaves() -> dict[str, list]:
    """Every leaf key of the schema -> its defaults (a name can appear in several sections)."""
    found: dict[str, list] = {}

    def walk(node):
        for key, spec in node.get("properties", {}).items():
            if spec.get("type") == "object" and "properties" in spec:
                walk(spec)
            else:
                found.setdefault(key, []).append(spec["default"])
        if isinstance(node.get("additionalProperties"), dict):
            walk(node["additionalProperties"])

    walk(config.schema())
    return found


# Keyword defaults that share a config key's name but are not that setting: each says what it is.
NOT_A_CONFIG_DEFAULT = {
    ("keywords.py", "top_terms", "min_count"): "1 = no filter; the tables pass keywords.keyness.min_count",
    ("plotting.py", "word_cloud", "max_words"): "a generic helper; the workflow passes keywords.plots.wordcloud",
    ("topics/figures.py", "topic_word_clouds", "max_words"): "topic clouds are a fixed size, not configured",
    ("topics/outputs.py", "topic_labels", "n"): "three terms make a label",
    ("topics/outputs.py", "representative_sentences", "min_tokens"): "evidence floor of a sentence, not lda.min_tokens",
    ("topics/explorer.py", "prepare", "n_terms"): "LDAvis' own R (terms in the bar chart)",
    ("results.py", "kwic", "window"): "None: the config's default, read from the schema",
    ("series/figures.py", "first_appearances_figure", "min_documents"): "the time line's floor, not a trend's support",
    ("series/figures.py", "evolution_figure", "n_words"): "a cell shows the top 5 of evolution.csv's words",
}


def test_no_second_copy_of_a_config_default_in_the_package():
    """No `.get("key", literal)` on a config section, and no keyword default named like a
    config key: a default written twice drifts (issue 16). The schema is the one home."""
    leaves = _schema_leaves()
    found = []
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        if name in ("segment.py", "ingest.py"):
            continue  # their own function defaults are the segmenter's API; the workflow always passes the config's
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
                    and len(node.args) == 2 and isinstance(node.args[0], ast.Constant)
                    and node.args[0].value in leaves and isinstance(node.args[1], ast.Constant | ast.List | ast.Tuple)):
                found.append(f"{name}:{node.lineno} .get({node.args[0].value!r}, default)")
            if isinstance(node, ast.FunctionDef):
                args = node.args
                positional = list(zip(args.args[len(args.args) - len(args.defaults):], args.defaults, strict=True))
                keyword = [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None]
                for arg, default in positional + keyword:
                    if (arg.arg in leaves and isinstance(default, ast.Constant) and default.value is not None
                            and (name, node.name, arg.arg) not in NOT_A_CONFIG_DEFAULT):
                        found.append(f"{name}:{node.lineno} {node.name}({arg.arg}={default.value!r})")
    assert not found, "defaults written outside the schema:\n" + "\n".join(found)


def test_every_schema_key_has_a_description_and_a_default():
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

    walk(config.schema(), "")


def test_config_readme_tables_are_generated_from_the_schema():
    readme = (ROOT / "config" / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- key tables: generated by python -m plantopics.config -->\n", "<!-- end of key tables -->"
    assert start in readme and end in readme
    current = readme.split(start, 1)[1].split(end, 1)[0]
    assert current == config.key_tables(), (
        "config/README.md's key tables are out of date: run .venv/bin/python -m plantopics.config and paste its "
        "output between the markers")


@pytest.mark.parametrize(
    "bad",
    [
        {"tokenise": {}},
        {"tokenize": {"stopword": {}}},
        {"documents": {"plan": {"encodng": "gbk"}}},
        {"segment": {"max_title_chars": 2}},
        {"documents": {"plan": {"body_end": True}}},
    ],
    ids=["top-level-typo", "nested-typo", "document-typo", "out-of-range", "body-end-true"],
)
def test_typos_and_bad_values_are_errors(bad):
    with pytest.raises(WorkflowError):
        validate(dict(bad), SCHEMA)
    with pytest.raises(ConfigError):
        config.validate(dict(bad))


def test_segment_settings_merge_document_overrides():
    filled = config.validate(
        {"documents": {"gwr": {"title": "政府工作报告", "chapter_pattern": "X(?P<numeral>一)", "body_end": "附件1"}}}
    )
    assert segment_settings(filled, "gwr") == {
        "title": "政府工作报告",
        "body_start": None,
        "body_end": "附件1",
        "style": None,
        "patterns": {"chapter": "X(?P<numeral>一)"},
        "max_title_chars": 80,
    }
    assert segment_settings(filled, "other") == {
        "title": None, "body_start": None, "body_end": None, "style": None, "patterns": {}, "max_title_chars": 80,
    }
    assert Path(SCHEMA).name == "config.schema.yaml"
