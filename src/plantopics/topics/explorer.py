"""The interactive topic explorer: LDAvis (intertopic distance map and term
relevance bars) as one HTML file that works offline.

pyLDAvis 3.4.1 works with our pandas 3 and numpy 2 for ``prepare``; its
``save_html`` does not fit our needs as is: it loads d3 and ldavis.js from
CDNs (blank page offline) and its default ``sort_topics=True`` renumbers the
topics by size. So we call ``pyLDAvis.prepare(..., sort_topics=False,
start_index=1, n_jobs=1)`` — topic *k* in the explorer is topic *k* in our
tables — and write the page ourselves with the d3, ldavis.js and CSS files
that ship inside the pyLDAvis package inlined (about 300 kB), plus a fixed
element id so reruns give the same page. Two fixes to ldavis.js are applied
on the way (see :func:`_patched_ldavis` and the history shim in ``PAGE``).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

VIS_ID = "plantopics-ldavis"

PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 1em; }}
{css}
</style>
<script>
// LDAvis saves its state with history.replaceState, which throws in a page
// without an origin (the file shown inside the Snakemake report's data: frame).
["pushState", "replaceState"].forEach(function (name) {{
  var original = history[name];
  history[name] = function () {{ try {{ return original.apply(history, arguments); }} catch (e) {{}} }};
}});
</script>
<script>
{d3}
</script>
<script>
{ldavis}
</script>
</head>
<body>
<h1>{title}</h1>
<p>{intro}</p>
<div id="{vis_id}" style="background-color:white;"></div>
<script>
var plantopicsLdavisData = {data};
new LDAvis("#{vis_id}", plantopicsLdavisData);
</script>
</body>
</html>
"""

INTRO = (
    "Left: topics as circles (area = share of tokens) placed by the Jensen–Shannon distance between their "
    "term distributions (principal coordinates). Right: the selected topic's most relevant terms; "
    "slide λ towards 0 to favour terms exclusive to the topic. Topic numbers are those of topics.csv. "
    "Add #topic=1&lambda=0.6&term= to this page's address to open topic 1 at λ = 0.6. "
    "Works offline: every script is in this file."
)


def _script_safe(text: str) -> str:
    """Text safe inside a <script> element (no premature ``</script>``)."""
    return re.sub(r"</(?=script)", r"<\\/", text, flags=re.IGNORECASE)


def _script_json(value) -> str:
    """JSON that cannot end its <script> element or open markup (terms are document
    text): <, > and & as \\u escapes, which JSON reads back as the same characters."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def prepare(
    topic_word: np.ndarray,
    doc_topic: np.ndarray,
    doc_lengths: np.ndarray,
    vocabulary: Sequence[str],
    term_frequency: np.ndarray,
    lambda_step: float = 0.01,
    n_terms: int = 30,
):
    """pyLDAvis PreparedData with our topic order and numbering (1..K)."""
    import pyLDAvis

    return pyLDAvis.prepare(
        topic_term_dists=np.asarray(topic_word, dtype=np.float64),
        doc_topic_dists=np.asarray(doc_topic, dtype=np.float64),
        doc_lengths=np.asarray(doc_lengths, dtype=np.int64),
        vocab=list(vocabulary),
        term_frequency=np.asarray(term_frequency, dtype=np.int64),
        R=n_terms,
        lambda_step=lambda_step,
        mds="pcoa",
        n_jobs=1,
        sort_topics=False,
        start_index=1,
    )


def _patched_ldavis(script: str) -> str:
    """ldavis.js scales term bars from 1, so a term with less than one expected
    token in a topic gets a negative bar width (a console error): scale from 0."""
    fixed = script.replace(".domain([1, d3.max(", ".domain([0, d3.max(")
    if fixed == script:
        raise ValueError("ldavis.js changed: the term-bar scale patch no longer applies")
    return fixed


def explorer_html(prepared, title: str) -> str:
    """The whole page, every script and style inlined."""
    import pyLDAvis.urls as urls

    data = _script_json(json.loads(prepared.to_json()))
    return PAGE.format(
        title=html.escape(title),
        intro=html.escape(INTRO),
        css=Path(urls.LDAVIS_CSS_LOCAL).read_text(encoding="utf-8"),
        d3=_script_safe(Path(urls.D3_LOCAL).read_text(encoding="utf-8")),
        ldavis=_script_safe(_patched_ldavis(Path(urls.LDAVIS_LOCAL).read_text(encoding="utf-8"))),
        data=data,
        vis_id=VIS_ID,
    )


def write_explorer(path: str | Path, prepared, title: str) -> None:
    from plantopics.io import write_text

    write_text(path, explorer_html(prepared, title))


def external_resources(page: str) -> list[str]:
    """``src``/``href`` attributes of <script>, <link>, <img> and <iframe>
    elements that point outside the file (http, https or protocol-relative):
    what an offline reader would miss. Empty for our pages."""
    found = []
    for tag in re.finditer(r"<(script|link|img|iframe)\b[^>]*>", page, flags=re.IGNORECASE):
        for attr in re.finditer(r"\b(?:src|href)\s*=\s*[\"']?([^\"'\s>]+)", tag.group(0), flags=re.IGNORECASE):
            if re.match(r"(https?:)?//", attr.group(1), flags=re.IGNORECASE):
                found.append(attr.group(1))
    return found


def page_data(page: str) -> dict:
    """The LDAvis data embedded in one of our pages."""
    match = re.search(r"var plantopicsLdavisData = (\{.*?\});\n", page, flags=re.DOTALL)
    if not match:
        raise ValueError("no LDAvis data in this page")
    return json.loads(match.group(1).replace("<\\/", "</"))


def topic_shares_shown(page: str) -> dict[int, float]:
    """Topic number -> share of tokens (in %) as the page shows it. With our
    numbering kept, topic k's share equals topic k's share in topic_summary.csv."""
    mds = page_data(page)["mdsDat"]
    return {int(t): float(f) for t, f in zip(mds["topics"], mds["Freq"], strict=True)}
