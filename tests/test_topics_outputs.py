"""plantopics.topics.outputs and .explorer: scores for labelling, tables, the
offline explorer, and byte-identical tables across runs."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from plantopics.io import write_csv
from plantopics.topics import engines, explorer, outputs
from plantopics.topics.corpus import build_corpus, reference_texts

from conftest import corpus_settings, engine_params, settings
from topics_synthetic import chapters_table, sentence_texts, token_table

TOY = np.array([[0.5, 0.3, 0.1, 0.1], [0.1, 0.3, 0.5, 0.1]])
TERM_SHARE = np.array([0.3, 0.3, 0.3, 0.1])


def test_relevance_by_hand():
    rel = outputs.relevance(TOY, TERM_SHARE, lam=0.6)
    expected = 0.6 * np.log(0.5) + 0.4 * np.log(0.5 / 0.3)
    assert rel[0, 0] == pytest.approx(expected)
    np.testing.assert_allclose(outputs.relevance(TOY, TERM_SHARE, lam=1.0), np.log(TOY))
    # lambda 0 ranks by lift alone: word 3 (rare overall) beats the more probable word 2
    lift = outputs.relevance(TOY, TERM_SHARE, lam=0.0)
    assert lift[0, 3] > lift[0, 2] and TOY[0, 3] == TOY[0, 2]
    assert np.argmax(lift[1]) == 2
    with pytest.raises(ValueError):
        outputs.relevance(TOY, TERM_SHARE, lam=1.5)


def test_frex_rewards_exclusive_frequent_words():
    fx = outputs.frex(TOY)
    # topic 0: word 0 is its most probable and most exclusive word -> FREX 1
    assert fx[0, 0] == pytest.approx(1.0)
    # word 1 is as probable in both topics (exclusivity 0.5): below the exclusive word 0
    assert fx[0, 1] < fx[0, 0]
    assert ((fx > 0) & (fx <= 1)).all()


def test_topics_table_and_labels():
    table = outputs.topics_table(TOY, ["甲", "乙", "丙", "丁"], np.array([30, 30, 30, 10]), n=2, lam=0.6)
    assert table.columns.tolist() == ["topic", "rank", "term", "probability", "relevance", "frex"]
    assert table[table["topic"] == 1]["term"].tolist() == ["甲", "乙"]
    assert table[table["topic"] == 2]["term"].tolist() == ["丙", "乙"]
    basis = outputs.LabelBasis({"甲": 30, "乙": 30, "丙": 30, "丁": 10}, frozenset(), 1)
    labels = outputs.topic_labels(TOY, ["甲", "乙", "丙", "丁"], basis, 0.6, n=2)
    assert labels == ["甲、乙", "丙、乙"]


LABEL_SHARE = settings("lda")["label_max_chapter_share"]


def chapters_with(spread: dict[str, int], n_chapters: int) -> list[list[str]]:
    """``n_chapters`` token lists; term t is in the first ``spread[t]`` chapters."""
    return [[t for t, n in spread.items() if c < n] + [f"own{c}"] for c in range(n_chapters)]


def test_common_terms_are_those_in_most_chapters():
    assert LABEL_SHARE == 0.85
    spread = {"发展": 15, "创新": 13, "产业": 12, "海洋": 1}
    basis = outputs.LabelBasis.from_chapters(chapters_with(spread, 15), LABEL_SHARE)
    assert basis.common == {"发展", "创新"}  # 85 % of 15 chapters is 12.75: 13 chapters
    assert outputs.LabelBasis.from_chapters(chapters_with(spread, 15), 0.8).common == {"发展", "创新", "产业"}
    assert basis.term_frequency(["发展", "海洋", "不在"]).tolist() == [15, 1, 1]
    # too few chapters to call a term common: a two-part report names its subjects in both parts
    assert outputs.LabelBasis.from_chapters(chapters_with({"就业": 4}, 4), LABEL_SHARE).common == frozenset()
    assert outputs.LabelBasis.from_chapters(chapters_with({"就业": 5}, 5), LABEL_SHARE).common == {"就业"}
    with pytest.raises(ValueError, match="label_max_chapter_share"):
        outputs.LabelBasis.from_chapters([["a"]], 0)


def test_basis_from_tokens_leaves_out_the_front_matter():
    tokens = token_table(n_chapters=3)
    front = pd.DataFrame([{**tokens.iloc[0].to_dict(), "chapter": 0, "tokens": ["标题"] * 50}])
    basis = outputs.LabelBasis.from_tokens(pd.concat([front, tokens], ignore_index=True), LABEL_SHARE)
    assert "标题" not in basis.counts and basis.n_chapters == 3
    whole = outputs.LabelBasis.from_tokens(tokens.assign(chapter=0), LABEL_SHARE)  # no chapters: the whole text is one
    assert whole.n_chapters == 1 and sum(whole.counts.values()) == sum(tokens["n_tokens"])


def test_labels_set_a_topic_apart_from_the_document():
    vocabulary = ["发展", "建设", "海洋", "船舶", "港口"]
    # a chapter topic whose most probable words are the document's most frequent ones
    topic = np.array([[0.30, 0.25, 0.20, 0.15, 0.10]])
    counts = {"发展": 900, "建设": 50, "海洋": 40, "船舶": 30, "港口": 30}
    plain = outputs.LabelBasis(counts, frozenset(), 15)
    assert outputs.topic_labels(topic, vocabulary, plain, lam=1.0) == ["发展、建设、海洋"]  # probability alone
    assert outputs.topic_labels(topic, vocabulary, plain, lam=0.6) == ["建设、海洋、船舶"]  # 发展: 60 % of the text
    common = outputs.LabelBasis(counts, frozenset({"建设"}), 15)
    assert outputs.topic_labels(topic, vocabulary, common, lam=0.6) == ["海洋、船舶、港口"]


@given(st.integers(0, 2**32 - 1), st.integers(2, 6), st.integers(4, 30), st.floats(0, 1))
def test_labels_never_use_a_common_term_while_others_are_left(seed, k, v, lam):
    rng = np.random.default_rng(seed)
    topic_word = rng.dirichlet(np.full(v, 0.3), k)
    vocabulary = [f"w{i}" for i in range(v)]
    common = frozenset(w for w in vocabulary if rng.random() < 0.5)
    basis = outputs.LabelBasis({w: int(c) for w, c in zip(vocabulary, rng.integers(1, 50, v), strict=True)},
                               common, 15)
    labels = outputs.topic_labels(topic_word, vocabulary, basis, lam)
    left = v - len(common)
    for label in labels:
        words = label.split("、") if label else []
        assert len(words) == len(set(words)) == min(3, left)
        assert not set(words) & common


def test_chapter_topics_are_token_weighted():
    docs = pd.DataFrame({"chapter": [1, 1, 2], "n_tokens": [30, 10, 5]})
    theta = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])
    table = outputs.chapter_topics_table(docs, theta, chapters_table(2))
    assert table["topic_01"].tolist() == pytest.approx([0.75, 0.5])
    assert table["n_tokens"].tolist() == [40, 5]
    assert table["title"].tolist() == ["第1章标题", "第2章标题"]


@pytest.fixture(scope="module")
def small_model():
    tokens = token_table(n_chapters=3, units_per_chapter=6)
    corpus = build_corpus(tokens, corpus_settings(units="window", window_tokens=16))
    fitted = engines.fit("tomotopy", corpus.word_ids(corpus.train), corpus.vocabulary, 3, 1,
                         engine_params("tomotopy", iterations=100))
    return tokens, corpus, fitted


def test_model_outputs_tables(tmp_path, small_model):
    tokens, corpus, fitted = small_model
    paths = {name: tmp_path / f"{name}.csv" for name in
             ("topics", "summary", "doc_topics", "chapter_topics", "representative")}
    result = outputs.write_model_outputs(fitted, corpus, reference_texts(tokens), tokens, sentence_texts(tokens),
                                         chapters_table(3), {k: str(v) for k, v in paths.items()}, n_top_words=5,
                                         relevance_lambda=0.6, label_max_chapter_share=LABEL_SHARE,
                                         n_representative=2)
    assert all(p.exists() for p in paths.values())
    doc_topics = result["doc_topics"]
    assert len(doc_topics) == len(corpus.documents)
    assert doc_topics["dominant_topic"].between(1, 3).all()
    summary = result["summary"]
    assert summary["share"].sum() == pytest.approx(1.0)
    basis = outputs.LabelBasis.from_tokens(tokens, LABEL_SHARE)
    assert result["labels"] == summary["label"].tolist() == outputs.topic_labels(
        fitted.topic_word, corpus.vocabulary, basis, 0.6)
    assert {"c_v", "c_npmi", "u_mass"} <= set(summary.columns)
    rep = result["representative"]
    assert rep.groupby("topic").size().tolist() == [2, 2, 2]
    # a topic's best sentence is in the chapter where that topic has its largest share
    home = result["chapter_topics"].set_index("chapter")[["topic_01", "topic_02", "topic_03"]].idxmax(axis=0)
    for topic in (1, 2, 3):
        best = rep[(rep["topic"] == topic) & (rep["rank"] == 1)]["chapter"].iloc[0]
        assert home[f"topic_{topic:02d}"] == best


def test_explorer_is_offline_and_keeps_topic_numbers(tmp_path, small_model):
    tokens, corpus, fitted = small_model
    from plantopics.topics.fitting import all_doc_topic

    theta = all_doc_topic(fitted, corpus)
    n_tokens = corpus.documents["n_tokens"].to_numpy()
    prepared = explorer.prepare(fitted.topic_word, theta, n_tokens, corpus.vocabulary, corpus.term_frequency())
    path = tmp_path / "explorer.html"
    explorer.write_explorer(path, prepared, "测试")
    page = path.read_text(encoding="utf-8")
    assert explorer.external_resources(page) == []
    assert not any(tag in page.lower() for tag in ("<script src", "<link rel"))
    assert "d3js.org v5" in page and "var LDAvis" in page  # d3 and ldavis.js are inlined
    data = explorer.page_data(page)
    assert data["topic.order"] == [1, 2, 3]  # no re-sorting
    shares = outputs.topic_shares(theta, n_tokens)
    shown = explorer.topic_shares_shown(page)
    assert [shown[k] for k in (1, 2, 3)] == pytest.approx((shares * 100).tolist(), rel=1e-6)
    assert explorer.external_resources('<script src="https://d3js.org/d3.v5.js"></script>') == [
        "https://d3js.org/d3.v5.js"]


def test_metrics_do_not_depend_on_how_the_fits_are_shared_out(small_model, tmp_path):
    """What lda_fit jobs + lda_select compute for fits shared out over jobs (a
    K's seeds split between them, several K scored together) equals fitting
    every seed of each K in one process."""
    from plantopics.topics.fitting import FitGrid, fit_and_select, fit_grid, join_shares

    tokens, corpus, _ = small_model
    reference = reference_texts(tokens)
    grid = FitGrid.of({"tomotopy": engine_params("tomotopy", iterations=100)}, [2, 3], [1, 2, 3])
    rule = {"stability_threshold": 0.2, "criterion": "c_npmi", "k": None, "k_rule": "exclusive"}
    whole, selections = fit_and_select(corpus, reference, grid, rule, 5)
    shares = grid.shares(2)
    assert [list(s.fits) for s in shares.values()] == [[(2, 1), (2, 2), (2, 3)], [(3, 1), (3, 2), (3, 3)]]
    split = FitGrid(grid.engines, ((2, 1), (2, 2), (2, 3), (3, 1))), FitGrid(grid.engines, ((3, 2), (3, 3)))
    metric_files, model_folders = [], []
    for i, share in enumerate(split):
        part = fit_grid(corpus, reference, share, 5)
        assert part.table["stability"].isna().all()
        part.save(tmp_path / f"models{i}")
        part.table.to_csv(tmp_path / f"metrics{i}.csv", index=False)
        metric_files.append(tmp_path / f"metrics{i}.csv")
        model_folders.append(tmp_path / f"models{i}")
    joined, folder_of = join_shares(metric_files, model_folders, 5)
    pd.testing.assert_frame_equal(joined, whole.table, check_exact=True)
    assert whole.table["stability"].between(0, 1).all()
    assert folder_of[("tomotopy", 3, 1)] == tmp_path / "models0" / "k03" / "tomotopy_s1"
    assert selections["tomotopy"].k in (2, 3)


REPRO_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from topics_synthetic import chapters_table, sentence_texts, token_table
    from plantopics import config
    from plantopics.io import write_csv
    from plantopics.topics.corpus import CorpusSettings, build_corpus, reference_texts
    from plantopics.topics.fitting import FitGrid, fit_and_select
    from plantopics.topics.outputs import write_model_outputs
    from plantopics.topics.selection import selection_table

    out = Path(sys.argv[1])
    lda = config.validate({{"lda": {{"units": "window", "window_tokens": 16, "tomotopy": {{"iterations": 100}},
                                   "gensim": {{"passes": 5}}}}}})["lda"]
    tokens = token_table(n_chapters=3, units_per_chapter=6)
    corpus = build_corpus(tokens, CorpusSettings.from_config(lda))
    reference = reference_texts(tokens)
    grid = FitGrid.of({{"tomotopy": lda["tomotopy"], "gensim": lda["gensim"]}}, [2, 3], [1, 2])
    result, selections = fit_and_select(corpus, reference, grid, {{"stability_threshold": 0.0, "criterion": "c_npmi",
                                                                  "k": None, "k_rule": "exclusive"}}, 5)
    write_csv(out / "selection.csv", selection_table([result.table], selections, "tomotopy"))
    for engine, chosen in selections.items():
        fitted = result.fits[(engine, chosen.k, chosen.seed)]
        paths = {{n: str(out / f"{{engine}}_{{n}}.csv") for n in
                 ("topics", "summary", "doc_topics", "chapter_topics", "representative")}}
        write_model_outputs(fitted, corpus, reference, tokens, sentence_texts(tokens), chapters_table(3), paths, 5,
                            0.6, lda["label_max_chapter_share"], 5)
    """
)


def test_tables_byte_identical_across_runs(tmp_path):
    """The same input and settings give byte-identical selection and topic
    tables, in this process and in a fresh interpreter."""
    script = tmp_path / "run.py"
    script.write_text(REPRO_SCRIPT.format(tests=str(Path(__file__).parent)), encoding="utf-8")
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    namespace = {"__name__": "repro"}
    sys.argv, argv = ["run.py", str(first)], sys.argv
    try:
        exec(compile(script.read_text(encoding="utf-8"), str(script), "exec"), namespace)
    finally:
        sys.argv = argv
    subprocess.run([sys.executable, str(script), str(second)], check=True)
    names = sorted(p.name for p in first.iterdir())
    assert "selection.csv" in names and "tomotopy_topics.csv" in names and "gensim_topics.csv" in names
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_write_csv_rounds_floats(tmp_path):
    write_csv(tmp_path / "t.csv", pd.DataFrame({"x": [1 / 3]}))
    assert (tmp_path / "t.csv").read_text() == "x\n0.333333\n"


@pytest.mark.parametrize("k", [3, 8, 12])
def test_top_words_grid_when_topics_do_not_fill_the_grid(tmp_path, k):
    """K = 12 on a 5-column grid leaves 3 empty cells (the 1 MB benchmark chose K = 12 and failed here)."""
    from plantopics.topics import figures

    rows = [(t, r, f"词{t}_{r}", 1.0 / r) for t in range(1, k + 1) for r in range(1, 11)]
    topics = pd.DataFrame(rows, columns=["topic", "rank", "term", "probability"])
    figures.top_words_grid(topics, [f"标签{t}" for t in range(1, k + 1)], tmp_path / "t.png", tmp_path / "t.svg",
                           n_terms=10)
    assert (tmp_path / "t.png").stat().st_size > 0 and (tmp_path / "t.svg").stat().st_size > 0


def test_a_joint_basis_counts_every_documents_chapters():
    a, b = token_table(n_chapters=3), token_table(n_chapters=2, seed=1)
    joint = outputs.LabelBasis.from_tokens([a, b], LABEL_SHARE)
    assert joint.n_chapters == 5
    own_a, own_b = (outputs.LabelBasis.from_tokens(t, LABEL_SHARE).counts for t in (a, b))
    assert joint.counts == {t: own_a.get(t, 0) + own_b.get(t, 0) for t in own_a.keys() | own_b.keys()}
    assert outputs.LabelBasis.from_tokens([a, b.assign(chapter=0)], LABEL_SHARE).n_chapters == 4  # no chapters: one
