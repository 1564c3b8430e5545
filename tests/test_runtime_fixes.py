"""The fixes to other packages that stay (plantopics.workflow.runtime, plantopics.topics.explorer),
each with a guard that fails loudly when the package changes under it: then review the fix, or
drop it if the package fixed the problem itself. On/off numbers: docs/benchmarks.md."""

from __future__ import annotations

import inspect
import subprocess
import sys
import threading
import types
from pathlib import Path

from plantopics import config
from plantopics.workflow import runtime

# --- Snakemake's re-check timers (snakemake/snakemake#3804) --------------------------


def test_snakemake_still_starts_a_non_daemon_timer_per_scheduling_round():
    """The bug the fix is for. If this fails, Snakemake changed the method: check whether
    its timers still pile up and drop coalesce_scheduler_rechecks if not."""
    from snakemake.scheduling.job_scheduler import JobScheduler

    method = JobScheduler._schedule_reevalutation
    if getattr(method, "coalesced", False):  # patched in this process already: read Snakemake's own source
        import snakemake.scheduling.job_scheduler as module

        source = inspect.getsource(module)
        source = source[source.index("def _schedule_reevalutation"):]
        source = source[:source.index("\n    def ", 1)]
    else:
        source = inspect.getsource(method)
    assert "threading.Timer(" in source and ".start()" in source and "daemon" not in source, source


def test_scheduler_rechecks_are_coalesced_into_daemon_timers(monkeypatch):
    """50 requests wake the scheduler once, on a daemon timer (a non-daemon one keeps
    Snakemake from exiting until it fires: up to the rate-limit timespan after the last job)."""
    from snakemake.scheduling.job_scheduler import JobScheduler

    monkeypatch.setattr(JobScheduler, "_schedule_reevalutation", JobScheduler._schedule_reevalutation)
    if getattr(JobScheduler._schedule_reevalutation, "coalesced", False):
        monkeypatch.delattr(JobScheduler._schedule_reevalutation, "coalesced", raising=False)
    assert runtime.coalesce_scheduler_rechecks()
    assert not runtime.coalesce_scheduler_rechecks(), "patched twice"
    scheduler = types.SimpleNamespace(_open_jobs=threading.Semaphore(0))
    for _ in range(50):
        JobScheduler._schedule_reevalutation(scheduler, 0.3)
    timer, _ = scheduler._plantopics_recheck
    assert timer.daemon
    JobScheduler._schedule_reevalutation(scheduler, 0.05)  # due sooner: not held back by the pending one
    assert scheduler._open_jobs.acquire(timeout=5) and scheduler._open_jobs.acquire(timeout=5)
    assert not scheduler._open_jobs.acquire(timeout=0.6), "more wake-ups than re-checks due"


# --- jsonschema's optional format checkers ---------------------------------------------

BLOCKED_IMPORT = r"""
import sys, time
from plantopics.workflow import runtime
blocked = runtime.skip_unused_format_checkers()
start = time.perf_counter()
import jsonschema
print(blocked, sorted(m for m, v in sys.modules.items() if m.startswith("rfc3987") and v is not None), "lark" in sys.modules)
"""


def test_jsonschema_still_imports_the_checker_we_block():
    """If jsonschema stops importing rfc3987_syntax at import, the fix is moot: drop it."""
    import jsonschema._format as formats

    assert "rfc3987_syntax" in inspect.getsource(formats)


def test_blocking_the_checker_skips_its_grammar_and_our_schema_uses_no_format():
    run = subprocess.run([sys.executable, "-c", BLOCKED_IMPORT], capture_output=True, text=True, check=True)
    assert run.stdout.split("]")[0] + "]" == "['rfc3987_syntax']"
    assert run.stdout.strip().endswith("[] False"), run.stdout  # nor lark, the grammar library it builds with
    assert '"format"' not in str(config.schema()) and "format:" not in Path(config.SCHEMA_PATH).read_text()


# --- ldavis.js (pyLDAvis) ----------------------------------------------------------------


def test_ldavis_still_scales_term_bars_from_one():
    """The bug the edit fixes: bars of terms with less than one expected token in a topic get a
    negative width (a JavaScript error, a bar not drawn; tests/test_browser.py sees the error)."""
    import pyLDAvis.urls as urls

    from plantopics.topics.explorer import _patched_ldavis

    script = Path(urls.LDAVIS_LOCAL).read_text(encoding="utf-8")
    assert ".domain([1, d3.max(" in script
    assert ".domain([1, d3.max(" not in _patched_ldavis(script)
