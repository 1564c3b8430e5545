"""Hostile documents for the tests, made from the workflow fixture's plan: the
same structure, with markup, script, template and math syntax put where a
document's text reaches a page (title, chapter and section headings, box titles,
body sentences). Every page must show these as text and run none of them."""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

import pytest

FIXTURE_PLAN = Path(__file__).resolve().parents[1] / ".test" / "data" / "raw" / "fixture_plan.txt"
TITLE = "中共广州市委关于制定广州市国民经济和社会发展第十五个五年规划的建议"

# Each payload, if a page ran or rendered it, would leave a mark: an element with
# the attribute marker (data-xss, an id) or a call of alert()/confirm() (a dialog).
PAYLOADS = {  # no parentheses: ingest makes them full-width; alert`1` is a call all the same
    "title": "<img src=x onerror=alert`1` data-xss>",
    "chapter": '"><svg onload=alert`2` data-xss></svg>',
    "section": "<script>alert`3`</script>",
    "box": '<iframe srcdoc="<script>alert`4`</script>" data-xss></iframe>',
    "body": "[点击](javascript:alert`5`) ![图](x) {{ 7*7 }} {% raw %} $\\alert{7}$ <b data-xss>粗</b>",
    "link": '<a href="javascript:alert`8`" data-xss>链接</a>',
}
# What must be visible as text wherever the title is shown.
VISIBLE_TITLE = TITLE + PAYLOADS["title"]


def hostile_plan() -> str:
    """The fixture plan with a payload in its title, two chapter headings, a
    section heading, a box title and two body sentences."""
    lines = FIXTURE_PLAN.read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines:
        if line == TITLE:
            line = VISIBLE_TITLE
        elif line.startswith("一、"):
            line = line + PAYLOADS["chapter"]
        elif line.startswith("二、"):
            line = line + PAYLOADS["link"]
        elif line.startswith("(14)"):
            head, _, rest = line.partition("。")
            line = f"{head}{PAYLOADS['section']}。{rest}"
        elif line.startswith("专栏一"):
            line = line + PAYLOADS["box"]
        elif line.startswith("中国式现代化要靠科技现代化作支撑"):
            line = f"{line}数字经济发展{PAYLOADS['body']}。"
        out.append(line)
    return "\n".join(out) + "\n"


@contextlib.contextmanager
def unwritable(folder: Path):
    """``folder`` made unwritable even for root (immutable), else by its permissions."""
    folder.mkdir(parents=True, exist_ok=True)
    immutable = subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
    if not immutable:
        folder.chmod(0o555)
    try:
        probe = folder / "probe"
        try:
            probe.touch()
        except OSError:
            pass
        else:
            probe.unlink()
            pytest.skip("cannot make a folder unwritable here")
        yield folder
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        else:
            folder.chmod(0o755)
