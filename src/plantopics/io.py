"""Atomic writes: every output is written to a temporary file beside its target
and renamed into place, so an interrupted or failing job never leaves a
half-written result behind."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd  # imported where used: a job that only needs rows skips its ~0.3 s import


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def _temporary_name(target: Path) -> re.Pattern:
    """The names :func:`atomic_path` gives ``target``'s temporary files (mkstemp's eight random characters)."""
    return re.compile(rf"\.{re.escape(target.stem)}\.[a-z0-9_]{{8}}\.tmp{re.escape(target.suffix)}")


def leftover_temporaries(target: str | os.PathLike) -> list[Path]:
    """Temporary files of ``target`` that a killed job left beside it (a finished or
    failed job leaves none): a job removes them before it writes ``target`` again."""
    target = Path(target)
    if not target.parent.is_dir():
        return []
    pattern = _temporary_name(target)
    return sorted(p for p in target.parent.iterdir() if pattern.fullmatch(p.name))


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; rename it onto ``target``
    only if the block succeeds. The suffix is kept so writers that infer the
    format from it (matplotlib, gensim) still work."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}")
    except OSError as err:  # name the file the user knows, not the temporary one
        raise type(err)(err.errno, err.strerror, str(target)) from err
    os.close(fd)
    tmp_path = Path(tmp)
    os.chmod(tmp_path, 0o666 & ~_UMASK)  # mkstemp makes 0600; results are as readable as any other file
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        tmp_path.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_open(target: str | os.PathLike, mode: str = "w") -> Iterator[IO[Any]]:
    """``open()`` for writing that commits by rename on success."""
    encoding = None if "b" in mode else "utf-8"
    newline = None if "b" in mode else "\n"
    with atomic_path(target) as tmp, open(tmp, mode, encoding=encoding, newline=newline) as fh:
        yield fh


def write_text(target: str | os.PathLike, text: str) -> None:
    with atomic_open(target) as fh:
        fh.write(text)


def write_json(target: str | os.PathLike, obj: Any) -> None:
    """Stable JSON: sorted keys, UTF-8 kept readable, trailing newline."""
    write_text(target, json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def write_csv(target: str | os.PathLike, frame: pd.DataFrame, float_format: str | None = "%.6g") -> None:
    """CSV in UTF-8 without index; floats rounded to a fixed number of
    significant digits so reruns are byte-identical across BLAS builds' last-bit noise."""
    with atomic_open(target) as fh:
        frame.to_csv(fh, index=False, float_format=float_format, lineterminator="\n")


def read_csv(path: str | os.PathLike, **kwargs: Any) -> pd.DataFrame:
    """Read a table written by :func:`write_csv`, keeping empty strings as ''
    (not NaN) for text columns."""
    import pandas as pd

    return pd.read_csv(path, keep_default_na=False, na_values=[], **kwargs)


def read_csv_rows(path: str | os.PathLike) -> list[dict[str, str]]:
    """The rows of a table written by :func:`write_csv`, every value the text
    in the file, without pandas."""
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv_rows(target: str | os.PathLike, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> None:
    """Rows as :func:`write_csv` writes a frame of strings and integers (the
    ``csv`` module with the same dialect pandas uses), without pandas."""
    with atomic_open(target) as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([row[column] for column in columns] for row in rows)
