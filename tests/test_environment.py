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


# What Snakemake's own environment needs but no job imports: the SLURM executor plugin (the main
# process submits jobs), Jupyter's front ends (jobs use ipykernel, nbconvert and papermill), and the
# config's validation (jsonschema, pyyaml: in the main process, before any job).
MAIN_PROCESS_ONLY = {"snakemake-executor-plugin-slurm", "jupyter", "jsonschema", "pyyaml"}


def test_rule_environment_has_what_jobs_import_and_nothing_else():
    """workflow/envs/plantopics.yaml: every runtime dependency of pyproject.toml with the same
    bounds, but no test, lint or profiling tool and nothing only the main process needs."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = dict(_requirement(s) for s in project["dependencies"])
    tools = dict(_requirement(s) for s in project["optional-dependencies"]["test"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    rules_env = yaml.safe_load((ROOT / "workflow" / "envs" / "plantopics.yaml").read_text())
    assert rules_env["channels"] == env["channels"]
    declared = {}
    for item in rules_env["dependencies"]:
        specs = item["pip"] if isinstance(item, dict) else [item]
        declared.update(_requirement(s) for s in specs if not s.startswith(("python", "pip")))
    assert "-e ." not in str(rules_env)
    assert not set(declared) & set(tools), f"test tools in the rules' environment: {sorted(set(declared) & set(tools))}"
    assert declared == {k: v for k, v in runtime.items() if k not in MAIN_PROCESS_ONLY}, {
        "missing": sorted(set(runtime) - MAIN_PROCESS_ONLY - set(declared)),
        "extra": sorted(set(declared) - set(runtime)),
        "different bounds": sorted(k for k in declared if k in runtime and declared[k] != runtime[k]),
    }
