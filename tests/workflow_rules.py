"""What each rule of the workflow declares (threads, resources), read by loading
the workflow through Snakemake's Python API in a separate process.

Snakemake fills in `threads: 1` and the default resources for a rule that
declares none, so the loaded rules cannot tell "declared" from "defaulted".
The helper therefore records each rule's own directives as Snakemake compiles
it (the `RuleInfo` handed to `Workflow.rule`), which also covers rules made in
loops, by `use rule` or from modules. Shared by test_scaleout.py and test_slurm.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_SCRIPT = r"""
import json, sys
from pathlib import Path

from snakemake.api import SnakemakeApi
from snakemake.settings.types import ResourceSettings
from snakemake.workflow import Workflow

declared = {}
compile_rule = Workflow.rule


def recording_rule(self, name=None, lineno=None, snakefile=None, checkpoint=False):
    decorate = compile_rule(self, name=name, lineno=lineno, snakefile=snakefile, checkpoint=checkpoint)

    def record(ruleinfo):
        resources = ruleinfo.resources[1] if ruleinfo.resources else {}
        threads = ruleinfo.threads
        declared[ruleinfo.name or name] = {
            "threads": threads if threads is None or isinstance(threads, int) else repr(threads),
            "resources": {k: v if isinstance(v, (int, float, str)) else repr(v) for k, v in resources.items()},
            "priority": ruleinfo.priority,
            "file": Path(snakefile).name if snakefile else "?",
        }
        return decorate(ruleinfo)

    return record


Workflow.rule = recording_rule
snakefile, workdir = Path(sys.argv[1]), Path(sys.argv[2])
with SnakemakeApi() as api:
    workflow = api.workflow(resource_settings=ResourceSettings(), snakefile=snakefile, workdir=workdir)._workflow
    for rule in workflow.rules:
        # norun: no shell/script/run, so never a job (e.g. `rule all`)
        declared[rule.name]["runs_a_job"] = not rule.norun
print("DECLARED=" + json.dumps(declared))
"""


def declared_rules(workdir: Path) -> dict[str, dict]:
    """Rule name -> {"threads": declared value or None, "resources": {name: value},
    "priority": declared value or None, "file": "text.smk", "runs_a_job": bool} for every rule of ./Snakefile,
    loaded with the config and inputs found in ``workdir``."""
    run = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(ROOT / "Snakefile"), str(workdir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith("DECLARED=")]
    assert run.returncode == 0 and lines, f"loading the workflow failed:\n{run.stdout[-2000:]}\n{run.stderr[-4000:]}"
    return json.loads(lines[-1].removeprefix("DECLARED="))
