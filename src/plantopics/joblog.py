"""Glue between a Snakemake ``script:`` job and the package: send logging and
warnings to the job's log file, keep the libraries' chatter out of it, hold
numerical libraries to one thread, and turn the package's input errors into one
clear line (on the terminal and in the log) instead of a traceback."""

from __future__ import annotations

import errno
import logging
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from plantopics.errors import INPUT_ERRORS
from plantopics.io import leftover_temporaries


def configure(log_path: str | Path | None) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_path:
        Path(log_path).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_path, mode="w", encoding="utf-8"))
    logging.basicConfig(
        level=logging.INFO, handlers=handlers, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    logging.captureWarnings(True)
    warnings.simplefilter("default")


def quiet_libraries() -> None:
    """Keep job logs readable: gensim's per-pass INFO lines, a known harmless
    import warning of tomotopy's C extension and setuptools' notice about the
    ``pkg_resources`` jieba imports are left out."""
    logging.getLogger("gensim").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message=r"builtin type .* has no __module__ attribute")
    warnings.filterwarnings("ignore", message=r"pkg_resources is deprecated")


def run(snakemake: Any, main: Callable[[Any], None]) -> None:
    """Run ``main(snakemake)`` with logging to ``snakemake.log[0]``, quiet
    libraries and one BLAS/OpenMP thread (every job is single-threaded: the
    parallelism is Snakemake running several jobs at once)."""
    from threadpoolctl import threadpool_limits

    configure(snakemake.log[0] if len(snakemake.log) else None)
    quiet_libraries()
    threadpool_limits(1)
    log = logging.getLogger("plantopics")
    try:
        remove_leftovers(snakemake.output)
        main(snakemake)
    except INPUT_ERRORS as err:
        log.error("%s", err)
        sys.exit(1)
    except OSError as err:  # a folder that cannot be written, a full disk ...: the file and what to do, in one line
        if err.filename is None:
            log.exception("the job failed: %s", err)
        else:
            log.error("%s: %s; %s", err.filename, err.strerror or err, _advice(err))
        sys.exit(1)
    except Exception:  # a bug: the whole traceback, in the log too (never an empty log)
        log.exception("the job failed unexpectedly; please report it with this log")
        sys.exit(1)


def _advice(err: OSError) -> str:
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "make the folder writable (or run in a folder you can write in) and run again"
    if err.errno == errno.ENOSPC:
        return "free some disk space and run again"
    return "check the file and run again"


def remove_leftovers(outputs) -> None:
    """Remove the temporary files a killed run of this job left beside its outputs."""
    for target in outputs:
        for leftover in leftover_temporaries(target):
            leftover.unlink(missing_ok=True)
