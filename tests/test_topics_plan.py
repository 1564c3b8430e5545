"""The bundled plan's topics as the workflow reports them (docs/topics.md,
"Choosing K and the reported fit" and "Labels").

The tests read the plan's results under ``results/`` and have Snakemake bring
them up to date first, once per session: nothing to do when ``make run`` made
them with the current code and config (a few seconds), about a minute of LDA
on two cores otherwise, plus the per-chapter models (~10 s), which the
default config leaves out and these tests ask for by name.
"""

from __future__ import annotations

import pandas as pd
import pytest

from plantopics import paths
from plantopics.io import read_csv
from plantopics.tokenize import read_tokens

from conftest import BUNDLED_PLAN, ROOT, snakemake

pytestmark = pytest.mark.workflow

PLAN = BUNDLED_PLAN.stem
COMMON_SHARE = 0.85  # the test: a word in 85 % or more of the chapters


def result(name: str):
    return ROOT / paths.document(name, PLAN)


@pytest.fixture(scope="session")
def plan_results():
    targets = [paths.document(name, PLAN) for name in ("lda_selection", "topic_summary", "chapter_links")]
    run = snakemake(*targets, "--cores", "2", "--config", f"input_dir={BUNDLED_PLAN.parent.relative_to(ROOT)}")
    assert run.returncode == 0, run.stderr[-5000:]


def words_in_most_chapters(tokens: pd.DataFrame) -> set[str]:
    """Terms found in at least COMMON_SHARE of the plan's chapters (chapter 0, the front matter, is none)."""
    body = tokens[tokens["chapter"] > 0]
    chapters_of = body.explode("tokens").groupby("tokens")["chapter"].nunique()
    n_chapters = body["chapter"].nunique()
    return set(chapters_of[chapters_of >= COMMON_SHARE * n_chapters].index)


def test_reported_model_is_as_coherent_and_diverse_as_its_k_on_average(plan_results):
    table = read_csv(result("lda_selection"))
    chosen = table[table["chosen"]]
    assert len(chosen) == 1
    chosen = chosen.iloc[0]
    same_k = table[(table["engine"] == chosen["engine"]) & (table["k"] == chosen["k"])]
    assert len(same_k) >= 3
    # one scorer for every fit: the workflow's own c_npmi and diversity, computed alike for each (the
    # table keeps 6 significant digits; diversity, a share of K × 25 words, often equals the mean exactly)
    assert chosen["c_npmi"] >= same_k["c_npmi"].mean() - 1e-6
    assert chosen["diversity"] >= same_k["diversity"].mean() - 1e-6
    assert chosen["frontier"] and chosen["k_within_se"]
    within = table[table["k_within_se"].astype(bool)]
    assert chosen["exclusivity"] >= within["exclusivity"].min()


def test_labels_never_rest_on_words_found_in_most_chapters(plan_results):
    common = words_in_most_chapters(read_tokens(result("tokens")))
    assert {"发展", "建设", "广州", "城市"} <= common  # the words the old labels were made of
    summary = read_csv(result("topic_summary"), dtype={"label": str})
    links = read_csv(result("chapter_links"), dtype={"label": str, "document_label": str})

    def uses_common(label: str) -> bool:
        return bool(set(label.split("、")) & common)

    assert summary["label"].map(uses_common).sum() <= 1
    assert len(links) >= 20 and links["label"].map(uses_common).sum() <= 5
    assert (summary["label"].str.count("、") == 2).all()  # three terms each
    # the same label for a document topic wherever it is shown
    label_of = dict(zip(summary["topic"], summary["label"], strict=True))
    assert links["document_label"].tolist() == [label_of[t] for t in links["document_topic"]]
