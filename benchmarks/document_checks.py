"""What deciding which documents a run can analyse costs when Snakemake parses
the workflow (plantopics.workflow.checks, issue 15): every document is read with
ingest's checks once, then its verdict is cached by path, size and mtime.

Two inputs, each in a fresh temporary folder and a fresh process: ``--docs``
copies of the bundled plan (default 50), and one document of ``--mb`` megabytes
(default 20, the plan repeated). Per input: the first check (nothing cached), a
second one (every verdict cached: what a no-op rerun pays) and the process's peak RSS.

    .venv/bin/python benchmarks/document_checks.py
    .venv/bin/python benchmarks/document_checks.py --docs 10 --mb 1
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "data" / "raw" / "guangzhou_15th_plan_proposal.txt"

CHILD = """
import json, os, resource, sys, time
from pathlib import Path
os.chdir(sys.argv[1])
from plantopics.workflow.checks import check_documents
docs = {p.stem: str(p) for p in sorted(Path("raw").iterdir())}
times = []
for _ in range(2):
    start = time.perf_counter()
    failed = check_documents(docs, {})
    times.append(time.perf_counter() - start)
print(json.dumps({"documents": len(docs), "mb": sum(Path(p).stat().st_size for p in docs.values()) / 1e6,
                  "failed": len(failed), "first_s": times[0], "cached_s": times[1],
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(files: dict[str, bytes]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        for name, data in files.items():
            (raw / name).write_bytes(data)
        run = subprocess.run([sys.executable, "-c", CHILD, tmp], capture_output=True, text=True, check=True)
        return json.loads(run.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=50)
    parser.add_argument("--mb", type=float, default=20)
    args = parser.parse_args()
    plan = PLAN.read_bytes()
    big = plan * int(args.mb * 1e6 / len(plan) + 1)
    for label, files in ((f"{args.docs} documents", {f"plan_{i:03d}.txt": plan for i in range(args.docs)}),
                         (f"one {args.mb:g} MB document", {"big.txt": big})):
        result = measure(files)
        print(f"{label}: first {result['first_s']:.2f} s, cached {result['cached_s'] * 1000:.0f} ms, "
              f"peak RSS {result['peak_rss_mb']:.0f} MB ({result['mb']:.1f} MB read, {result['failed']} failed)")


if __name__ == "__main__":
    main()
