"""Co-word networks (plantopics.network): counts, normalisations, communities and
centralities worked out by hand on small texts written for the purpose; term
choice, chapters, groups of documents; determinism; settings from the config."""

from __future__ import annotations

import dataclasses
import math
import os
import subprocess
import sys

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from plantopics import config
from plantopics.network import NetworkSettings, build_network, chapter_networks
from plantopics.network.cooccurrence import (
    cooccurrence,
    edge_table,
    ranking_scores,
    select_terms,
    unit_frequency,
    unit_term_sets,
)
from plantopics.network.graph import eigenvector_centrality
from plantopics.network.settings import OutputSettings

from conftest import ROOT
from conftest import settings as config_section


def token_table(sentences: list[tuple[int, str, list[str]]]) -> pd.DataFrame:
    """A token table as read_tokens gives it: (chapter, unit_id, tokens) per sentence."""
    rows = []
    counter: dict[str, int] = {}
    for chapter, unit, tokens in sentences:
        counter[unit] = counter.get(unit, 0) + 1
        rows.append(
            {
                "sentence_id": f"{unit}.s{counter[unit]:02d}",
                "unit_id": unit,
                "chapter": chapter,
                "section": "",
                "box": "",
                "kind": "title" if chapter == 0 else "paragraph",
                "n_tokens": len(tokens),
                "tokens": list(tokens),
            }
        )
    return pd.DataFrame(rows)


# Two groups of terms, A B C and D E F, held together by one sentence with B and D.
# Sentence by sentence (the title, chapter 0, names every term and must not count):
TWO_TRIANGLES = token_table(
    [
        (0, "u00", ["A", "B", "C", "D", "E", "F"]),
        (1, "u01", ["A", "B", "C"]),  # s1
        (1, "u01", ["A", "B"]),  # s2
        (1, "u02", ["A", "C", "A"]),  # s3: A twice, counted once
        (1, "u02", ["B", "D"]),  # s4: the bridge
        (2, "u03", ["D", "E"]),  # s5
        (2, "u03", ["D", "E", "F"]),  # s6
        (2, "u04", ["E", "F"]),  # s7
    ]
)
# Units containing each term, s_i:  A 3 (s1 s2 s3), B 3 (s1 s2 s4), C 2 (s1 s3), D 3 (s4 s5 s6), E 3 (s5 s6 s7), F 2 (s6 s7)
# Units containing both, c_ij:      A-B 2 (s1 s2), A-C 2 (s1 s3), B-C 1 (s1), B-D 1 (s4), D-E 2 (s5 s6), D-F 1 (s6), E-F 2 (s6 s7)
FREQUENCY = {"A": 3, "B": 3, "C": 2, "D": 3, "E": 3, "F": 2}
COUNTS = {("A", "B"): 2, ("A", "C"): 2, ("B", "C"): 1, ("B", "D"): 1, ("D", "E"): 2, ("D", "F"): 1, ("E", "F"): 2}


def settings(**changes) -> NetworkSettings:
    """Everything in, nothing cut, modularity's usual resolution: the hand computations' setting
    (the other keys at the config's defaults)."""
    base = {"ranking": "frequency", "n_terms": 10, "min_frequency": 1, "min_count": 1, "measure": "count",
            "resolution": 1.0}  # fmt: skip
    return NetworkSettings.from_config(config_section("network", **{**base, **changes}))


def edge_weights(network) -> dict[tuple[str, str], float]:
    return {(s, t): w for s, t, w in network.edges[["source", "target", "weight"]].itertuples(index=False)}


# --- counting ------------------------------------------------------------------------


def test_units_are_sets_of_terms_and_the_title_is_not_a_unit():
    sentences = unit_term_sets([TWO_TRIANGLES], "sentence")
    assert len(sentences) == 7
    assert sentences[2] == frozenset({"A", "C"})  # s3: A twice, one presence
    paragraphs = unit_term_sets([TWO_TRIANGLES], "paragraph")
    # u01 = s1 + s2, u02 = s3 + s4, u03 = s5 + s6, u04 = s7
    assert paragraphs == [frozenset("ABC"), frozenset("ABCD"), frozenset("DEF"), frozenset("EF")]
    assert dict(unit_frequency(sentences)) == FREQUENCY


def test_a_document_without_chapters_keeps_its_chapter_zero():
    only_front = TWO_TRIANGLES.assign(chapter=0)
    assert len(unit_term_sets([only_front], "sentence")) == 8


def test_units_of_different_documents_never_merge():
    # Both tables have a unit u01; as paragraphs they stay two units.
    first = token_table([(1, "u01", ["A", "B"])])
    second = token_table([(1, "u01", ["C", "D"])])
    assert unit_term_sets([first, second], "paragraph") == [frozenset("AB"), frozenset("CD")]


def test_cooccurrence_counts_each_shared_unit_once():
    co = cooccurrence(unit_term_sets([TWO_TRIANGLES], "sentence"), FREQUENCY)
    assert co.terms == list("ABCDEF")
    assert co.frequency.tolist() == [3, 3, 2, 3, 3, 2]
    counts = co.counts.toarray()
    assert np.all(np.diag(counts) == 0)
    for i, a in enumerate(co.terms):
        for j, b in enumerate(co.terms):
            assert counts[i, j] == COUNTS.get((a, b), COUNTS.get((b, a), 0)), (a, b)


# --- normalisations --------------------------------------------------------------------

# Ochiai c / sqrt(s_i s_j):    A-B 2/√9, A-C 2/√6, B-C 1/√6, B-D 1/√9, D-E 2/√9, D-F 1/√6, E-F 2/√6
OCHIAI = {("A", "B"): 2 / 3, ("A", "C"): 2 / math.sqrt(6), ("B", "C"): 1 / math.sqrt(6), ("B", "D"): 1 / 3,
          ("D", "E"): 2 / 3, ("D", "F"): 1 / math.sqrt(6), ("E", "F"): 2 / math.sqrt(6)}  # fmt: skip
# Jaccard c / (s_i + s_j - c):  A-B 2/4, A-C 2/3, B-C 1/4, B-D 1/5, D-E 2/4, D-F 1/4, E-F 2/3
JACCARD = {("A", "B"): 0.5, ("A", "C"): 2 / 3, ("B", "C"): 0.25, ("B", "D"): 0.2,
           ("D", "E"): 0.5, ("D", "F"): 0.25, ("E", "F"): 2 / 3}  # fmt: skip
# Association strength 2m c / (k_i k_j), k_i = the term's co-occurrences with the others:
#   k_A = 2+2 = 4, k_B = 2+1+1 = 4, k_C = 2+1 = 3, k_D = 1+2+1 = 4, k_E = 2+2 = 4, k_F = 1+2 = 3;
#   m = (4+4+3+4+4+3) / 2 = 11, so 2m = 22:
#   A-B 22·2/16, A-C 22·2/12, B-C 22/12, B-D 22/16, D-E 22·2/16, D-F 22/12, E-F 22·2/12
ASSOCIATION = {("A", "B"): 2.75, ("A", "C"): 44 / 12, ("B", "C"): 22 / 12, ("B", "D"): 1.375,
               ("D", "E"): 2.75, ("D", "F"): 22 / 12, ("E", "F"): 44 / 12}  # fmt: skip


@pytest.mark.parametrize(
    "measure, expected",
    [("count", {k: float(v) for k, v in COUNTS.items()}), ("ochiai", OCHIAI), ("jaccard", JACCARD),
     ("association", ASSOCIATION)],
)  # fmt: skip
def test_each_measure_matches_the_hand_computation(measure, expected):
    network = build_network(TWO_TRIANGLES, settings(measure=measure), layout=False)
    assert edge_weights(network) == pytest.approx(expected, rel=1e-12)
    counts = {(s, t): c for s, t, c in network.edges[["source", "target", "count"]].itertuples(index=False)}
    assert counts == COUNTS


def test_min_count_drops_weak_links_but_association_strength_still_sees_them():
    co = cooccurrence(unit_term_sets([TWO_TRIANGLES], "sentence"), FREQUENCY)
    strong = edge_table(co, "association", min_count=2)
    # B-C, B-D and D-F (one shared sentence each) go; the rest keep the weights computed with all links (m = 11).
    assert list(zip(strong["source"], strong["target"], strict=True)) == [("A", "B"), ("A", "C"), ("D", "E"), ("E", "F")]
    assert strong["weight"].tolist() == pytest.approx([2.75, 44 / 12, 2.75, 44 / 12])


# --- communities and centralities -----------------------------------------------------


def test_communities_are_the_two_triangles_numbered_and_labelled_by_hand():
    network = build_network(TWO_TRIANGLES, settings(), layout=False)
    # With counts as weights (total 11; each triangle: inner weight 5, degree sum 11):
    #   Q(two triangles) = 2 × (5/11 − (11/22)²) = 0.40909…; Q(all together) = 0; any other split is lower.
    groups = [set(top.split()) for top in network.communities["top_terms"]]
    assert groups == [set("ABC"), set("DEF")]
    assert nx.community.modularity(network.graph, groups, weight="weight") == pytest.approx(2 * (5 / 11 - 0.25))
    # Both have 3 terms and total frequency 8 (3+3+2): the tie goes to the first term, A before D.
    # Inside ABC, co-occurrences with the others: A 2+2 = 4, B 2+1 = 3, C 2+1 = 3 (B more frequent than C);
    # inside DEF: E 2+2 = 4, D 2+1 = 3, F 1+2 = 3 (D more frequent than F).
    assert network.communities[["community", "size", "label"]].values.tolist() == [[1, 3, "A、B、C"], [2, 3, "E、D、F"]]
    assert network.terms["term"].tolist() == ["A", "B", "C", "E", "D", "F"]
    assert network.terms["community"].tolist() == [1, 1, 1, 2, 2, 2]
    assert network.terms["frequency"].tolist() == [3, 3, 2, 3, 3, 2]


def test_degree_and_weighted_degree():
    network = build_network(TWO_TRIANGLES, settings(), layout=False).terms.set_index("term")
    assert network["degree"].to_dict() == {"A": 2, "B": 3, "C": 2, "E": 2, "D": 3, "F": 2}
    # count weights: A 2+2, B 2+1+1, C 2+1, D 1+2+1, E 2+2, F 1+2
    assert network["weighted_degree"].to_dict() == {"A": 4, "B": 4, "C": 3, "E": 4, "D": 4, "F": 3}


PATH = token_table([(1, "u1", ["X", "Y"]), (1, "u2", ["Y", "Z"])])  # X – Y – Z


def test_betweenness_and_eigenvector_on_a_path():
    terms = build_network(PATH, settings(), layout=False).terms.set_index("term")
    # Y is on the only path between X and Z: 1 of the (3−1)(3−2)/2 = 1 pairs it could be between.
    assert terms["betweenness"].to_dict() == {"X": 0.0, "Y": 1.0, "Z": 0.0}
    # Adjacency [[0,1,0],[1,0,1],[0,1,0]]: λ = √2, vector (1, √2, 1) / 2.
    assert terms["eigenvector"].to_dict() == pytest.approx({"X": 0.5, "Y": math.sqrt(0.5), "Z": 0.5})


def test_betweenness_takes_strong_links_as_short():
    # A–B–C with a weak direct link A–C: A–C shares 1 sentence, A–B and B–C 3 each.
    # Lengths (1/count): A–C 1, A–B–C 1/3 + 1/3: the shortest path from A to C runs through B.
    table = token_table([(1, f"u{i}", pair) for i, pair in enumerate([["A", "B"]] * 3 + [["B", "C"]] * 3 + [["A", "C"]])])
    terms = build_network(table, settings(), layout=False).terms.set_index("term")
    assert terms.loc["B", "betweenness"] == 1.0


def test_eigenvector_centrality_of_a_disconnected_network():
    table = token_table([(1, "u1", ["X", "Y"]), (1, "u2", ["Y", "Z"]), (1, "u3", ["P", "Q"])])
    graph = build_network(table, settings(), layout=False).graph
    # X–Y–Z: λ = √2, (1, √2, 1)/2. P–Q: λ = 1, (1, 1)/√2, scaled by 1/√2 (its λ over the largest) = 0.5 each.
    assert eigenvector_centrality(graph) == pytest.approx({"X": 0.5, "Y": math.sqrt(0.5), "Z": 0.5, "P": 0.5, "Q": 0.5})


def test_eigenvector_centrality_equals_networkx_on_a_connected_network():
    network = build_network(TWO_TRIANGLES, settings(measure="ochiai"), layout=False)
    ours = eigenvector_centrality(network.graph)
    theirs = nx.eigenvector_centrality_numpy(network.graph, weight="weight")
    assert ours == pytest.approx(theirs, abs=1e-9)


# --- choosing terms -------------------------------------------------------------------


def test_terms_are_ranked_by_score_then_frequency_then_term():
    frequency = {"a": 5, "b": 5, "c": 9, "d": 1, "e": 5}
    scores = {"a": 1.0, "b": 2.0, "c": 1.0, "d": 9.0, "e": 2.0}
    # d is too rare; b and e tie on score and frequency (b first); c beats a on frequency.
    assert select_terms(frequency, scores, n_terms=4, min_frequency=2) == ["b", "e", "c", "a"]


def test_tfidf_and_keyness_rank_by_the_best_chapter():
    scores = pd.DataFrame({"chapter": [1, 1, 2, 2], "term": ["A", "B", "A", "C"],
                           "tfidf": [0.1, 0.5, 0.7, 0.2], "g2": [1.0, np.nan, 3.0, 8.0]})  # fmt: skip
    assert ranking_scores("tfidf", {}, scores) == {"A": 0.7, "B": 0.5, "C": 0.2}
    assert ranking_scores("keyness", {}, scores) == {"A": 3.0, "B": 0.0, "C": 8.0}  # no G²: ranked by frequency


def test_scores_are_computed_from_the_tokens_when_not_given():
    network = build_network(TWO_TRIANGLES, settings(ranking="tfidf", n_terms=3), layout=False)
    # Token counts: chapter 1 A 4, B 3, C 2, D 1; chapter 2 D 2, E 3, F 2. Smoothed idf: D (in both) 1,
    # the others ln(3/2) + 1 = 1.405. Sublinear tf (1 + ln tf), l2 per chapter:
    #   chapter 1: A 3.353, B 2.949, C 2.379, D 1 -> / 5.158 -> A .650, B .572, C .461, D .194
    #   chapter 2: D 1.693, E 2.949, F 2.379 -> / 4.150 -> D .408, E .711, F .573
    # Best chapter: E .711, A .650, F .573 are the top 3; only E–F share a sentence, so A is unlinked.
    assert network.terms["term"].tolist() == ["E", "F"]
    assert network.unlinked == ["A"]


def test_chosen_terms_without_a_link_are_listed_not_drawn():
    table = token_table([(1, "u1", ["A", "B"]), (1, "u2", ["A", "B"]), (1, "u3", ["C"]), (1, "u4", ["C"])])
    network = build_network(table, settings(), layout=False)
    assert network.terms["term"].tolist() == ["A", "B"]
    assert network.unlinked == ["C"]
    assert network.summary()["unlinked_terms"] == ["C"]


def test_a_text_where_no_two_terms_meet_gives_an_empty_network():
    table = token_table([(1, "u1", ["A"]), (1, "u2", ["B"])])
    network = build_network(table, settings())
    assert network.is_empty and network.edges.empty and network.communities.empty
    assert list(network.terms.columns) == ["term", "frequency", "community", "degree", "weighted_degree",
                                           "betweenness", "eigenvector"]  # fmt: skip


# --- chapters and groups of documents ----------------------------------------------------


def test_each_chapter_has_its_own_network_on_request():
    networks = chapter_networks(TWO_TRIANGLES, settings())
    assert sorted(networks) == [1, 2]
    # Chapter 1 is s1–s4: A B C and the bridge to D; chapter 2 is s5–s7 only.
    assert edge_weights(networks[1]) == {("A", "B"): 2, ("A", "C"): 2, ("B", "C"): 1, ("B", "D"): 1}
    assert edge_weights(networks[2]) == {("D", "E"): 2, ("D", "F"): 1, ("E", "F"): 2}
    assert networks[2].terms.set_index("term")["frequency"].to_dict() == {"D": 2, "E": 3, "F": 2}


def test_a_group_of_documents_is_one_network_over_all_their_units():
    first = TWO_TRIANGLES[TWO_TRIANGLES["chapter"] == 1]
    second = TWO_TRIANGLES[TWO_TRIANGLES["chapter"] == 2].assign(chapter=1)
    together = build_network([first, second], settings(), layout=False)
    whole = build_network(TWO_TRIANGLES, settings(), layout=False)
    pd.testing.assert_frame_equal(together.terms, whole.terms)
    pd.testing.assert_frame_equal(together.edges, whole.edges)


# --- determinism --------------------------------------------------------------------------


def clustered_tokens(seed: int = 7, n_units: int = 400) -> pd.DataFrame:
    """Generated sentences: six themes of twelve terms, each sentence mostly from one theme."""
    rng = np.random.default_rng(seed)
    themes = [[f"t{k}w{i}" for i in range(12)] for k in range(6)]
    rows = []
    for u in range(n_units):
        theme = themes[rng.integers(6)]
        words = list(rng.choice(theme, size=rng.integers(2, 6), replace=False))
        if rng.random() < 0.3:
            words.append(themes[rng.integers(6)][rng.integers(12)])
        rows.append((1 + u % 5, f"u{u:04d}", words))
    return token_table(rows)


def tables_of(network) -> tuple[str, str, str]:
    return tuple(frame.to_csv(index=False) for frame in (network.terms, network.edges, network.communities))


def test_same_network_whatever_the_order_of_units_and_documents():
    tokens = clustered_tokens()
    chosen = settings(n_terms=60, measure="ochiai", resolution=1.5)
    reference = build_network(tokens, chosen)
    assert len(reference.communities) >= 4
    shuffled = tokens.sample(frac=1.0, random_state=3).reset_index(drop=True)
    halves = [shuffled.iloc[200:], shuffled.iloc[:200]]
    for other in (build_network(shuffled, chosen), build_network(halves, chosen)):
        assert tables_of(other) == tables_of(reference)
        assert other.positions == reference.positions


def test_same_network_in_processes_with_different_hash_seeds(tmp_path):
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from test_network import clustered_tokens, settings, tables_of;"
        "from plantopics.network import build_network;"
        "n = build_network(clustered_tokens(), settings(n_terms=60, measure='ochiai', resolution=1.5));"
        "print('\\n'.join(tables_of(n))); print(sorted(n.positions.items()))"
    )
    outputs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        run = subprocess.run([sys.executable, "-c", script, str(ROOT / "tests")], capture_output=True, text=True,
                             env=env, timeout=300)  # fmt: skip
        assert run.returncode == 0, run.stderr[-3000:]
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    assert "community,size,label,top_terms" in outputs[0]


def test_the_seed_changes_only_what_it_seeds():
    tokens = clustered_tokens()
    one = build_network(tokens, settings(n_terms=60, measure="ochiai", seed=1))
    two = build_network(tokens, settings(n_terms=60, measure="ochiai", seed=2))
    pd.testing.assert_frame_equal(one.edges, two.edges)
    assert one.positions != two.positions


# --- settings ------------------------------------------------------------------------------


def _changed(spec: dict, value):
    """Another valid value of a schema key than ``value``."""
    if "enum" in spec:
        return next(option for option in spec["enum"] if option != value)
    if spec["type"] == "boolean":
        return not value
    if spec["type"] == "array":
        return [v + 1 for v in value]
    return value + 1


def _leaves(node: dict, prefix: tuple = ()):
    for key, spec in node["properties"].items():
        if spec.get("type") == "object":
            yield from _leaves(spec, (*prefix, key))
        else:
            yield (*prefix, key), spec


def _built(section: dict, kwic_window: int = 20) -> tuple:
    return NetworkSettings.from_config(section), OutputSettings.from_config(section, kwic_window=kwic_window)


def test_every_key_of_the_schema_section_is_a_setting():
    """The network rule passes the filled ``network`` section: each of its keys must reach a setting."""
    schema = config.schema()["properties"]["network"]
    defaults = config_section("network")
    reference = _built(defaults)
    assert reference[0] == NetworkSettings.from_config(config.defaults()["network"])
    keys = list(_leaves(schema))
    assert {("unit",), ("per_chapter", "enabled"), ("figure", "label_sizes"), ("page", "kwic_lines")} <= {p for p, _ in keys}
    for path, spec in keys:
        assert spec.get("description") and "default" in spec, path
        changed = config_section("network")
        node = changed
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = _changed(spec, node[path[-1]])
        config.validate({"network": changed})
        assert _built(changed) != reference, f"network.{'.'.join(path)} changes no setting"
    assert _built(defaults, kwic_window=7)[1].kwic_window == 7


def test_settings_from_the_config_section_and_bad_values():
    section = config_section("network", unit="paragraph", measure="jaccard", per_chapter={"enabled": True, "n_terms": 25},
                             figure={"size": 9, "label_sizes": [6, 16]}, page={"kwic_lines": 5})  # fmt: skip
    defaults = NetworkSettings.from_config(config.defaults()["network"])
    assert NetworkSettings.from_config(section) == dataclasses.replace(defaults, unit="paragraph", measure="jaccard")
    output = OutputSettings.from_config(section, kwic_window=12)
    assert (output.per_chapter, output.chapter_terms, output.kwic_lines, output.kwic_window) == (True, 25, 5, 12)
    assert output.label_sizes == (6, 16)
    with pytest.raises(ValueError, match="measure must be one of"):
        dataclasses.replace(defaults, measure="cosine")
    with pytest.raises(ValueError, match="unit must be one of"):
        dataclasses.replace(defaults, unit="window")


def test_build_network_without_settings_uses_the_config_defaults():
    tokens = clustered_tokens(n_units=120)
    implicit = build_network(tokens, layout=False)
    assert implicit.settings == NetworkSettings.from_config(config.defaults()["network"])
    explicit = build_network(tokens, implicit.settings, layout=False)
    assert tables_of(implicit) == tables_of(explicit)
