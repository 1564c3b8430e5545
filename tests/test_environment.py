"""pyproject.toml is the one source of dependencies; environment.yml must agree."""

import re
import tomllib

import yaml

from conftest import ROOT


def _requirement(spec: str) -> tuple[str, str]:
    spec = spec.split("#")[0].strip()
    m = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    assert m, spec
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_agrees_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(_requirement(s) for s in project["dependencies"] + project["optional-dependencies"]["test"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = {}, {}
    for item in env["dependencies"]:
        if isinstance(item, dict):
            pip.update(_requirement(s) for s in item["pip"] if s.strip() != "-e .")
        elif not item.startswith(("python", "pip")):
            conda.update([_requirement(item)])
    assert "conda-forge" in env["channels"]
    declared = {**conda, **pip}
    assert declared == wanted, {
        "missing from environment.yml": sorted(set(wanted) - set(declared)),
        "not in pyproject": sorted(set(declared) - set(wanted)),
        "different bounds": sorted(k for k in wanted if k in declared and wanted[k] != declared[k]),
    }
    assert "-e ." in [s.strip() for item in env["dependencies"] if isinstance(item, dict) for s in item["pip"]]


def test_rule_environment_is_environment_yml_without_the_project():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    rules_env = yaml.safe_load((ROOT / "workflow" / "envs" / "plantopics.yaml").read_text())
    assert rules_env["channels"] == env["channels"]

    def deps(e):
        out = []
        for item in e["dependencies"]:
            out += [s for s in item["pip"] if s.strip() != "-e ."] if isinstance(item, dict) else [item]
        return out

    assert deps(rules_env) == deps(env)
