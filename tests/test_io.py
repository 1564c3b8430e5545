"""Atomic writes: a failing writer leaves nothing behind, and the old file intact."""

import os
import stat

import pandas as pd
import pytest

from plantopics.io import atomic_open, read_csv, read_csv_rows, write_csv, write_csv_rows, write_json, write_text


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out" / "table.csv"
    write_text(target, "old\n")
    with pytest.raises(RuntimeError):
        with atomic_open(target) as fh:
            fh.write("half of the new")
            raise RuntimeError("writer crashed")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["table.csv"]


def test_outputs_are_readable_like_any_file(tmp_path):
    target = tmp_path / "a.json"
    write_json(target, {"b": 1, "a": "中文"})
    mode = stat.S_IMODE(os.stat(target).st_mode)
    assert mode & stat.S_IRGRP and mode & stat.S_IROTH
    assert target.read_text(encoding="utf-8") == '{\n  "a": "中文",\n  "b": 1\n}\n'


def test_csv_round_trip_keeps_empty_text_and_rounds_floats(tmp_path):
    frame = pd.DataFrame({"section": ["", "40"], "score": [0.1234567891, 2.0]})
    write_csv(tmp_path / "t.csv", frame)
    assert (tmp_path / "t.csv").read_text() == "section,score\n,0.123457\n40,2\n"
    back = read_csv(tmp_path / "t.csv", dtype={"section": str})
    assert back["section"].tolist() == ["", "40"]


def test_rows_are_written_as_pandas_writes_them_and_read_back_as_text(tmp_path):
    rows = [
        {"id": "u1.s01", "chapter": 0, "section": "", "tokens": "中国式现代化 建设"},
        {"id": "u2.s01", "chapter": 12, "section": "40", "tokens": 'a,b "quoted"\nline'},
    ]
    columns = ["id", "chapter", "section", "tokens"]
    write_csv(tmp_path / "pandas.csv", pd.DataFrame(rows, columns=columns))
    write_csv_rows(tmp_path / "rows.csv", columns, rows)
    assert (tmp_path / "rows.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()
    back = read_csv_rows(tmp_path / "rows.csv")
    assert back == [{key: str(value) for key, value in row.items()} for row in rows]
