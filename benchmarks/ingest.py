"""Ingest speed and memory on a large document (issue 15).

The bundled plan, repeated to a file of ``--mb`` megabytes, is saved in each
encoding ingest detects (Traditional for Big5) and ingested in a fresh process per
encoding, as the ingest job runs it. Per encoding: the first ``decode`` (finding the
encoding, with the imports and character tables it loads), a whole ``ingest_bytes``
after it (decode, normalise, count, convert), ms per MB of input, and the process's
peak RSS. GBK and Big5 are the slow paths: UTF-8 is tried first, and GB18030 reads a
Big5 file whole before the check refuses it.

    .venv/bin/python benchmarks/ingest.py              # 20 MB
    .venv/bin/python benchmarks/ingest.py --mb 1
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "data" / "raw" / "guangzhou_15th_plan_proposal.txt"
ENCODINGS = ("utf-8", "gbk", "big5", "utf-16-le")

CHILD = """
import json, resource, sys, time
from pathlib import Path
from plantopics.ingest import decode, ingest_bytes
raw = Path(sys.argv[1]).read_bytes()
start = time.perf_counter()
decode(raw, "bench")
decoded = time.perf_counter()
doc = ingest_bytes(raw, "bench")
done = time.perf_counter()
print(json.dumps({"mb": len(raw) / 1e6, "encoding": doc.encoding, "script": doc.script,
                  "decode_s": decoded - start, "ingest_s": done - decoded,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def document(mb: float, encoding: str) -> bytes:
    from plantopics import hanzi

    text = PLAN.read_text(encoding="utf-8")
    if encoding == "big5":
        text = hanzi._converter("s2t").convert(text)  # what a Taiwanese portal would serve
    one = text.encode(encoding, errors="replace")
    return one * (int(mb * 1e6) // len(one) + 1)


def measure(mb: float, encoding: str, folder: Path) -> dict:
    path = folder / f"doc.{encoding}.txt"
    path.write_bytes(document(mb, encoding))
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], check=True, capture_output=True, text=True)
    row = json.loads(out.stdout)
    row["ingest_ms_per_mb"] = 1000 * row["ingest_s"] / row["mb"]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--folder", type=Path, default=Path("/tmp"))
    args = parser.parse_args()
    print("| saved as | read as | script | MB | first decode s | ingest s | ingest ms/MB | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    for encoding in ENCODINGS:
        r = measure(args.mb, encoding, args.folder)
        print(f"| {encoding} | {r['encoding']} | {r['script']} | {r['mb']:.1f} | {r['decode_s']:.2f} | "
              f"{r['ingest_s']:.2f} | {r['ingest_ms_per_mb']:.0f} | {r['peak_rss_mb']:.0f} |")


if __name__ == "__main__":
    main()
