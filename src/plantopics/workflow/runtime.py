"""How the Snakemake process runs: two fixes to other packages, and the jobs'
import path under ``--sdm conda``.

Both fixes reach into another package; each is kept because it pays its way,
with on/off numbers in docs/benchmarks.md ("Patches of other packages"), and
each has a guard test (tests/test_runtime_fixes.py) that fails when the package
changes under it, so the fix is then reviewed or dropped:

* :func:`coalesce_scheduler_rechecks` fixes a Snakemake bug users hit with many
  jobs (snakemake/snakemake#3804): scheduler wake-ups that grow with every job
  done, and a run that waits for the last one before it exits;
* :func:`skip_unused_format_checkers` keeps jsonschema from building grammars
  our schema never uses, a second or more of every Snakemake start.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

# Optional format checkers jsonschema loads at import when their packages are installed, none of which
# our config schema uses: rfc3987-syntax (pulled in by Jupyter's jsonschema[format-nongpl]) builds lark
# grammars at import.
UNUSED_FORMAT_CHECKERS = ("rfc3987_syntax",)


def skip_unused_format_checkers() -> list[str]:
    """Stop jsonschema from importing format-checker packages the config schema does not need.

    Call before ``snakemake.utils.validate`` first imports jsonschema (once it is
    imported, this changes nothing). Marks each package in ``sys.modules`` as not
    importable, which jsonschema treats as "not installed" (it then skips the ``iri``
    formats). Returns the names it blocked; packages already imported are left alone.
    """
    blocked = []
    for name in UNUSED_FORMAT_CHECKERS:
        if name not in sys.modules and "jsonschema" not in sys.modules:
            sys.modules[name] = None  # import now raises ImportError
            blocked.append(name)
    return blocked


def coalesce_scheduler_rechecks() -> bool:
    """One pending scheduler re-check at a time, on a daemon thread.

    While jobs wait, every scheduling round of Snakemake's ``JobScheduler`` starts
    a ``threading.Timer`` that wakes the scheduler one rate-limit timespan later,
    and the round that timer causes starts another. Every finished job adds a
    round, so the chains add up: wake-ups per second grow with the jobs done (each
    round stats the inputs of every ready job; at 10 000 jobs Snakemake runs out of
    threads, snakemake/snakemake#3804), and as the timers are not daemon threads,
    Snakemake waits for the last one before it exits (up to the timespan after the
    last job). Here a round only starts a timer when none is due sooner, and the
    timer is a daemon. Re-checks still come within the timespan of any round, which
    is all the rate limit needs. Returns whether the scheduler was patched (False if
    this Snakemake has no such method, or it is patched already).
    """
    try:
        from snakemake.scheduling.job_scheduler import JobScheduler
    except ImportError:
        return False
    original = getattr(JobScheduler, "_schedule_reevalutation", None)  # sic: Snakemake's spelling
    if original is None or getattr(original, "coalesced", False):
        return False

    def schedule_recheck(self, delay: float) -> None:
        due = time.monotonic() + delay
        pending = getattr(self, "_plantopics_recheck", None)
        if pending is not None and pending[0].is_alive() and pending[1] <= due:
            return
        timer = threading.Timer(delay, self._open_jobs.release)
        timer.daemon = True
        timer.start()
        self._plantopics_recheck = (timer, due)

    schedule_recheck.coalesced = True
    JobScheduler._schedule_reevalutation = schedule_recheck
    return True


def expose_source_tree(src: Path) -> None:
    """Let jobs in an environment without plantopics installed import it from ``src``."""
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")]))
