"""The benchmark command (benchmarks/run.py) runs end to end on the fixture and
writes its tables. No timing is asserted: benchmarks are not tests."""

import csv
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.workflow


def test_benchmark_command_runs_on_the_fixture(tmp_path):
    out = tmp_path / "bench"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--repeats", "1",
         "--input", str(ROOT / ".test" / "data" / "raw" / "fixture_plan.txt"),
         "--config", str(ROOT / ".test" / "config"), "--out", str(out)],
        check=True, cwd=ROOT, capture_output=True, text=True,
    )
    for name in ("benchmarks.md", "summary.csv", "runs.csv", "rules.csv", "machine.json"):
        assert (out / name).is_file(), name
    with open(out / "summary.csv") as fh:
        summary = list(csv.DictReader(fh))
    assert {"size", "measure", "median", "min", "max", "n", "unit", "load"} <= set(summary[0])
    measures = {row["measure"] for row in summary if row["size"] == "plan"}
    assert {"cold_s", "cold_peak_rss_mb", "report_s", "cold_plus_report_s", "noop_s", "plot_param_rerun_s",
            "tokenize_job_s", "bare_jieba_lcut_s", "tokenize_ratio", "bare_fits_sum_s", "lda_grid_ratio",
            "metrics_over_fits"} <= measures
    with open(out / "rules.csv") as fh:
        rules = {row["rule"] for row in csv.DictReader(fh)}
    assert {"tokenize", "keyword_figures", "lda_fit_b1", "render_notebooks"} <= rules
    md = (out / "benchmarks.md").read_text()
    assert "| plan | cold_s |" in md and "Machine:" in md
    # the repository's own results are never touched
    assert not (ROOT / "results" / "fixture_plan").exists()
