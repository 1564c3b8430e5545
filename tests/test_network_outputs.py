"""What the network job writes: tables, exports read back by libraries that
understand each format (networkx for GEXF, GraphML and Pajek; VOSviewer's
files parsed by the column specification of its manual), the figure, the
offline page, settings.json, and byte-identical reruns."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from plantopics import paths
from plantopics.io import read_csv
from plantopics.network import build_network
from plantopics.network.exports import read_vosviewer, write_vosviewer
from plantopics.network.figure import draw_network, label_sizes, overlapping_pairs
from plantopics.network.outputs import OUTPUTS, chapter_files, document_network, output_paths
from plantopics.network.page import DATA_ID, network_page
from plantopics.plotting import missing_glyphs

from conftest import ROOT, settings
from network_synthetic import THEMES, network_settings, output_settings, synthetic_document

SETTINGS_SMALL = network_settings(n_terms=21, min_frequency=2, min_count=2, resolution=1.0)
OUTPUT = output_settings(per_chapter={"enabled": True, "n_terms": 10}, page={"kwic_lines": 5}, figure={"size": 6.0})
DEFAULT_OUTPUT = output_settings()


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    tokens, sentences = synthetic_document()
    out = output_paths("doc", tmp_path_factory.mktemp("results"))
    network = document_network(tokens, sentences, out, settings=SETTINGS_SMALL, output=OUTPUT, title="测试文件")
    return network, out, tokens, sentences


def test_the_job_writes_every_network_file_of_plantopics_paths(written):
    _, out, _, _ = written
    names = [name for name in paths.DOCUMENT if name.startswith("network_")]
    assert [f"network_{key}" for key in OUTPUTS] == names
    results = Path(out["terms"]).parents[2]
    for name in names:
        path = paths.document(name, "doc", results)
        for file in [path + suffix for suffix in paths.FIGURE_FORMATS] if name in paths.FIGURE_PAIRS else [path]:
            assert Path(file).exists(), name
    assert Path(out["figure"][1]).read_text(encoding="utf-8").startswith("<?xml")


def test_the_rule_declares_the_outputs_by_the_same_names():
    rule = (ROOT / "workflow" / "rules" / "network.smk").read_text(encoding="utf-8")
    declared = rule.split("    output:\n", 1)[1].split("    log:", 1)[0]
    entries = re.split(r"^ {8}(\w+)=", declared, flags=re.M)[1:]
    keys, values = entries[0::2], entries[1::2]
    assert keys == list(OUTPUTS)
    for key, value in zip(keys, values, strict=True):
        assert f'"network_{key}"' in value, key


def test_tables_are_written_as_built(written):
    network, out, _, _ = written
    terms = read_csv(out["terms"], dtype={"term": str})
    assert list(terms.columns) == ["term", "frequency", "community", "degree", "weighted_degree", "betweenness",
                                   "eigenvector"]  # fmt: skip
    assert terms["term"].tolist() == network.terms["term"].tolist()
    edges = read_csv(out["edges"], dtype={"source": str, "target": str})
    assert list(edges.columns) == ["source", "target", "count", "weight"]
    assert edges["count"].tolist() == network.edges["count"].tolist()
    communities = read_csv(out["communities"], dtype={"label": str, "top_terms": str})
    assert list(communities.columns) == ["community", "size", "label", "top_terms"]
    assert communities["size"].sum() == len(terms)


def test_the_three_themes_are_the_three_largest_communities(written):
    network = written[0]
    top = network.communities.head(3)
    found = [set(terms.split()) for terms in top["top_terms"]]
    for members in THEMES.values():
        assert any(len(set(members) & group) >= 5 for group in found), (members, found)


def test_gexf_reads_back_with_attributes_and_positions(written):
    network, out, _, _ = written
    graph = nx.read_gexf(out["gexf"])
    assert sorted(graph) == sorted(network.terms["term"])
    for row in network.terms.itertuples(index=False):
        node = graph.nodes[row.term]
        assert (node["community"], node["frequency"], node["degree"]) == (row.community, row.frequency, row.degree)
        assert node["betweenness"] == pytest.approx(row.betweenness)
        assert node["viz"]["position"]["x"] == pytest.approx(network.positions[row.term][0] * 500)
    for row in network.edges.itertuples(index=False):
        assert graph.edges[row.source, row.target]["weight"] == pytest.approx(row.weight)
        assert graph.edges[row.source, row.target]["count"] == row.count
    assert "lastmodifieddate" not in Path(out["gexf"]).read_text(encoding="utf-8")


def test_graphml_reads_back(written):
    network, out, _, _ = written
    graph = nx.read_graphml(out["graphml"])
    assert graph.number_of_edges() == len(network.edges)
    for row in network.terms.itertuples(index=False):
        node = graph.nodes[row.term]
        assert node["eigenvector"] == pytest.approx(row.eigenvector)
        assert (node["x"], node["y"]) == pytest.approx(network.positions[row.term])


def test_pajek_reads_back(written):
    network, out, _, _ = written
    graph = nx.read_pajek(out["pajek"])
    assert sorted(graph) == sorted(network.terms["term"])
    weights = {frozenset((u, v)): d["weight"] for u, v, d in graph.edges(data=True)}
    expected = {frozenset((s, t)): w for s, t, w in network.edges[["source", "target", "weight"]].itertuples(index=False)}
    assert weights == pytest.approx(expected)


def test_vosviewer_files_follow_the_manual(written):
    network, out, _, _ = written
    items, links = read_vosviewer(out["vosviewer_map"], out["vosviewer_network"])
    header = Path(out["vosviewer_map"]).read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert header[:5] == ["id", "label", "x", "y", "cluster"]
    assert all(re.fullmatch(r"(weight|score)<[^<>]+>", column) for column in header[5:])
    assert items["id"].tolist() == list(range(1, len(network.terms) + 1))
    assert items["label"].tolist() == network.terms["term"].tolist()
    assert items["cluster"].tolist() == network.terms["community"].tolist()
    assert items["weight<Occurrences>"].tolist() == network.terms["frequency"].tolist()
    label = dict(zip(items["id"], items["label"], strict=True))
    got = {frozenset((label[a], label[b])): s for a, b, s in links.itertuples(index=False)}
    assert got == {frozenset((s, t)): c for s, t, c in network.edges[["source", "target", "count"]].itertuples(index=False)}


def test_vosviewer_quotes_labels_with_commas_and_semicolons(tmp_path):
    tokens, _ = synthetic_document()
    tokens["tokens"] = [[w.replace("海洋", "海洋,经济").replace("数据", "数据;要素") for w in ws] for ws in tokens["tokens"]]
    network = build_network(tokens, SETTINGS_SMALL)
    write_vosviewer(network, tmp_path / "map.txt", tmp_path / "network.txt")
    text = (tmp_path / "map.txt").read_text(encoding="utf-8")
    assert '\t"海洋,经济"\t' in text and '\t"数据;要素"\t' in text
    items, _ = read_vosviewer(tmp_path / "map.txt", tmp_path / "network.txt")
    assert {"海洋,经济", "数据;要素"} <= set(items["label"])


def test_settings_json_records_every_choice(written):
    network, out, _, _ = written
    record = json.loads(Path(out["settings"]).read_text(encoding="utf-8"))
    assert record["settings"] == SETTINGS_SMALL.to_dict()
    assert record["network"]["terms"] == len(network.terms)
    assert record["network"]["unlinked_terms"] == network.unlinked
    assert record["figure"]["label_overlaps_after"] <= record["figure"]["label_overlaps_before"]
    assert record["chapters"]["settings"]["n_terms"] == OUTPUT.chapter_terms


def test_chapter_networks_on_request(written):
    _, out, tokens, _ = written
    index = read_csv(paths.inside(out["chapters"], "network_chapter_index"),
                     dtype={"folder": str, "title": str, "top_communities": str})  # fmt: skip
    assert index["chapter"].tolist() == sorted(tokens["chapter"].unique())
    assert index["folder"].tolist() == [f"ch{c:02d}" for c in index["chapter"]]
    for row in index.itertuples(index=False):
        files = chapter_files(out["chapters"], row.chapter)
        assert files["terms"].parent == Path(out["chapters"]) / row.folder
        terms = read_csv(files["terms"], dtype={"term": str})
        chapter_tokens = {t for ts in tokens.loc[tokens["chapter"] == row.chapter, "tokens"] for t in ts}
        assert set(terms["term"]) <= chapter_tokens
        assert len(terms) == row.terms <= OUTPUT.chapter_terms
        assert files["figure"].stat().st_size > 10_000


def test_figure_labels_every_term_in_a_font_that_has_its_glyphs(written, tmp_path):
    network = written[0]
    sizes = DEFAULT_OUTPUT.label_sizes
    report = draw_network(network, tmp_path / "a.png", tmp_path / "a.svg", size=6.0, label_range=sizes)
    assert sorted(report.label_positions) == sorted(network.terms["term"])
    assert report.overlaps_after <= report.overlaps_before
    assert not missing_glyphs(network.terms["term"])
    again = draw_network(network, tmp_path / "b.png", tmp_path / "b.svg", size=6.0, label_range=sizes)
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()
    assert again.label_positions == report.label_positions


def test_label_sizes_and_overlap_count():
    assert label_sizes([1, 4, 9], 6, 18).tolist() == [6.0, 12.0, 18.0]  # square roots 1, 2, 3
    assert label_sizes([5, 5], 6, 18).tolist() == [18.0, 18.0]
    from matplotlib.transforms import Bbox

    boxes = [Bbox([[0, 0], [2, 1]]), Bbox([[1, 0.5], [3, 2]]), Bbox([[2, 0], [3, 0.4]]), Bbox([[5, 5], [6, 6]])]
    # 0–1 overlap; 0–2 only touch at x = 2; 1–2 do not meet in y (0.5 > 0.4).
    assert overlapping_pairs(boxes) == 1


def test_page_embeds_data_as_escaped_json_and_never_as_markup():
    evil = "<img src=x onerror=alert(1)>"
    tokens, sentences = synthetic_document(extra_terms={"marine": evil, "ai": "</script><b>&amp;"})
    network = build_network(tokens, network_settings(n_terms=30, min_frequency=2, resolution=1.0))
    assert evil in set(network.terms["term"])
    from plantopics.keywords import kwic

    contexts = kwic(tokens, sentences, network.terms["term"], window=DEFAULT_OUTPUT.kwic_window)
    page = network_page(network, contexts, title="<b>标题</b>", max_lines=DEFAULT_OUTPUT.kwic_lines,
                        sizes=DEFAULT_OUTPUT.label_sizes)  # fmt: skip
    data_text = re.search(rf'<script type="application/json" id="{DATA_ID}">(.*?)</script>', page, re.S).group(1)
    assert not set("<>&") & set(data_text)
    data = json.loads(data_text)
    assert {evil, "</script><b>&amp;"} <= {node["term"] for node in data["nodes"]}
    assert data["kwic"][evil]["total"] == sum(1 for ts in tokens["tokens"] if evil in ts)
    assert "<b>标题</b>" not in page and "&lt;b&gt;标题&lt;/b&gt;" in page
    script = page.split(data_text)[1]
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", script)
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", page)  # nothing to fetch; the SVG namespace is a name


def test_rerun_writes_the_same_bytes(written, tmp_path):
    network, out, tokens, sentences = written
    again = output_paths("doc", tmp_path)
    document_network(tokens, sentences, again, settings=SETTINGS_SMALL, output=OUTPUT, title="测试文件")
    first, second = (Path(files["chapters"]).parent for files in (out, again))
    written_files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert len(written_files) > 12 + 3 * 4  # the document's files and each chapter's (tables and figure)
    assert written_files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in written_files:
        assert (second / name).read_bytes() == (first / name).read_bytes(), name


def test_an_empty_network_still_writes_every_file(tmp_path):
    tokens, sentences = synthetic_document(n_sentences=3)
    out = output_paths("doc", tmp_path)
    network = document_network(tokens, sentences, out, settings=network_settings(min_count=5),
                               output=DEFAULT_OUTPUT, title="短")  # fmt: skip
    assert network.is_empty
    for name in OUTPUTS:
        for path in out[name] if name == "figure" else [out[name]]:
            assert Path(path).exists(), name
    assert pd.read_csv(out["terms"]).empty
    assert pd.read_csv(paths.inside(out["chapters"], "network_chapter_index")).empty


def test_results_loader_reads_the_network(tmp_path):
    from plantopics.results import DocumentResults

    tokens, sentences = synthetic_document()
    network = document_network(tokens, sentences, output_paths("doc", tmp_path), settings=SETTINGS_SMALL,
                               output=DEFAULT_OUTPUT, title="测试")  # fmt: skip
    res = DocumentResults("doc", tmp_path)
    pd.testing.assert_frame_equal(res.network_terms, network.terms, check_dtype=False)
    assert res.network_communities["label"].tolist() == network.communities["label"].tolist()
    neighbours = res.network_neighbours("海洋")
    edges = network.edges[(network.edges["source"] == "海洋") | (network.edges["target"] == "海洋")]
    assert len(neighbours) == len(edges)
    assert neighbours["weight"].is_monotonic_decreasing
    assert neighbours.iloc[0]["weight"] == pytest.approx(edges["weight"].max(), rel=1e-5)  # CSV keeps 6 digits
    assert "海洋" not in set(neighbours["neighbour"])
    graph = res.network_graph()
    assert sorted(graph) == sorted(network.terms["term"])
    assert res.network_settings["settings"]["measure"] == "ochiai"
    assert res.network_explorer == Path(paths.document("network_explorer", "doc", tmp_path))
    assert res.figure("network_figure") == Path(paths.document("network_figure", "doc", tmp_path) + ".png")


@pytest.mark.workflow
def test_the_workflow_builds_the_fixture_network_from_the_schema_section(fixture_run):
    """The rule passes the filled ``network`` section (the fixture's config sets none of it) and
    ``keywords.kwic.window``; the manifest waits for the network and records its choices and libraries."""
    doc, results = fixture_run.name, fixture_run.parent
    record = json.loads(Path(paths.document("network_settings", doc, results)).read_text(encoding="utf-8"))
    assert record["settings"] == network_settings().to_dict()
    assert record["output"]["kwic_window"] == settings("keywords")["kwic"]["window"]
    terms = read_csv(paths.document("network_terms", doc, results), dtype={"term": str})
    assert len(terms) == record["network"]["terms"] >= 10
    assert "粤港澳大湾区" in set(terms["term"])
    assert read_csv(paths.document("network_chapter_index", doc, results)).empty  # per_chapter is off by default
    manifest = json.loads(Path(paths.document("manifest", doc, results)).read_text(encoding="utf-8"))
    assert "network" in manifest["stages"]
    assert manifest["config"]["network"]["measure"] == record["settings"]["measure"] == "ochiai"
    assert {"networkx", "adjustText"} <= set(manifest["versions"])
    assert "not installed" not in (manifest["versions"]["networkx"], manifest["versions"]["adjustText"])
