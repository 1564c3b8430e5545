"""The network itself: a networkx graph of the chosen terms, its communities
(Louvain), each term's centralities, and the three tables.

Determinism: nodes are added in term order and edges in (source, target)
order, whatever order the units came in, so Louvain's seeded node shuffle and
its neighbour sums see the same sequence on every run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from plantopics.network.cooccurrence import (
    EDGE_COLUMNS,
    cooccurrence,
    default_scores,
    edge_table,
    ranking_scores,
    select_terms,
    token_tables,
    unit_frequency,
    unit_term_sets,
)
from plantopics.network.settings import NetworkSettings

TERM_COLUMNS = ["term", "frequency", "community", "degree", "weighted_degree", "betweenness", "eigenvector"]
COMMUNITY_COLUMNS = ["community", "size", "label", "top_terms"]


@dataclass
class CoWordNetwork:
    """A co-word network and its tables.

    ``terms``: TERM_COLUMNS, by community then weighted degree; ``edges``:
    EDGE_COLUMNS; ``communities``: COMMUNITY_COLUMNS; ``graph``: the networkx
    graph (node attributes frequency and community, edge attributes count,
    weight and distance = 1 / weight); ``positions``: term -> (x, y) in [-1, 1];
    ``unlinked``: chosen terms left out because no link reached ``min_count``.
    """

    settings: NetworkSettings
    n_units: int
    terms: pd.DataFrame
    edges: pd.DataFrame
    communities: pd.DataFrame
    graph: object
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    unlinked: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.terms.empty

    def summary(self) -> dict:
        """What settings.json records besides the settings."""
        return {
            "units": self.n_units,
            "terms": len(self.terms),
            "edges": len(self.edges),
            "communities": len(self.communities),
            "unlinked_terms": self.unlinked,
        }


def term_graph(frequency: dict[str, int], edges: pd.DataFrame):
    """networkx Graph of the linked terms, built in a fixed order."""
    import networkx as nx

    graph = nx.Graph()
    for term in sorted(set(edges["source"]) | set(edges["target"])):
        graph.add_node(term, frequency=int(frequency[term]))
    for source, target, count, weight in edges[EDGE_COLUMNS].itertuples(index=False):
        graph.add_edge(source, target, count=int(count), weight=float(weight), distance=1.0 / float(weight))
    return graph


def communities(graph, frequency: dict[str, int], resolution: float, seed: int) -> list[list[str]]:
    """Louvain communities (networkx, weighted, seeded), numbered by size:
    largest first, ties by total frequency (descending), then by the first term."""
    import networkx as nx

    found = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
    groups = [sorted(group) for group in found]
    return sorted(groups, key=lambda group: (-len(group), -sum(frequency[t] for t in group), group[0]))


def eigenvector_centrality(graph) -> dict[str, float]:
    """Weighted eigenvector centrality that also holds for a disconnected graph.

    Each connected component gets its leading eigenvector (unit length, as
    networkx's ``eigenvector_centrality_numpy``, which it equals on a connected
    graph), scaled by its leading eigenvalue over the largest component
    eigenvalue, so a small detached group scores below the main one instead of
    0 or an arbitrary mix. A dense symmetric eigensolver: exact for the few
    hundred terms of a co-word network, and it works for two-term components,
    where ARPACK cannot.
    """
    import networkx as nx

    parts = []
    for component in sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: c[0]):
        matrix = nx.to_numpy_array(graph, nodelist=component, weight="weight")
        values, vectors = np.linalg.eigh(matrix)
        leading = np.abs(vectors[:, -1])
        parts.append((component, values[-1], leading / np.linalg.norm(leading)))
    largest = max((value for _, value, _ in parts), default=1.0)
    return {
        term: float(value * eigenvalue / largest)
        for component, eigenvalue, vector in parts
        for term, value in zip(component, vector, strict=True)
    }


def centralities(graph) -> pd.DataFrame:
    """degree (neighbours), weighted_degree (sum of link weights), betweenness
    (normalised, shortest paths with distance = 1 / weight: a strong link is a
    short one) and eigenvector (:func:`eigenvector_centrality`), per term."""
    import networkx as nx

    betweenness = nx.betweenness_centrality(graph, weight="distance", normalized=True)
    eigenvector = eigenvector_centrality(graph)
    nodes = sorted(graph)
    return pd.DataFrame(
        {
            "term": nodes,
            "degree": [graph.degree(n) for n in nodes],
            "weighted_degree": [graph.degree(n, weight="weight") for n in nodes],
            "betweenness": [betweenness[n] for n in nodes],
            "eigenvector": [eigenvector[n] for n in nodes],
        }
    )


def community_table(graph, groups: list[list[str]], frequency: dict[str, int], label_terms: int, top_terms: int):
    """One row per community; its terms ranked by how often they co-occur with
    the community's other terms (the sum of their link counts inside it: the
    terms the community is organised around, whatever the measure), ties by
    frequency, then term. The label joins the first ``label_terms`` with '、',
    top_terms the first ``top_terms`` with spaces. Returns the table and
    term -> rank inside its community."""
    rows, rank = [], {}
    for number, group in enumerate(groups, start=1):
        inside = graph.subgraph(group)
        ranked = sorted(group, key=lambda t: (-inside.degree(t, weight="count"), -frequency[t], t))
        rank.update({term: i for i, term in enumerate(ranked)})
        rows.append((number, len(group), "、".join(ranked[:label_terms]), " ".join(ranked[:top_terms])))
    return pd.DataFrame(rows, columns=COMMUNITY_COLUMNS), rank


def empty_network(settings: NetworkSettings, n_units: int, unlinked: list[str]) -> CoWordNetwork:
    import networkx as nx

    return CoWordNetwork(
        settings=settings,
        n_units=n_units,
        terms=pd.DataFrame(columns=TERM_COLUMNS),
        edges=pd.DataFrame(columns=EDGE_COLUMNS),
        communities=pd.DataFrame(columns=COMMUNITY_COLUMNS),
        graph=nx.Graph(),
        unlinked=unlinked,
    )


def build_network(
    tokens: pd.DataFrame | Sequence[pd.DataFrame],
    settings: NetworkSettings | None = None,
    scores: pd.DataFrame | None = None,
    *,
    layout: bool = True,
) -> CoWordNetwork:
    """The co-word network of one token table or of several (a group of documents).

    ``tokens``: :func:`plantopics.tokenize.read_tokens` tables (rows of one
    chapter for a chapter's network); ``scores``: the keyword scores to rank
    terms by (:func:`ranking_scores`). Chosen terms without a link of at least
    ``min_count`` co-occurrences are left out and listed in ``unlinked``. With
    fewer than two linked terms the network is empty (tables with no rows).
    Without ``settings``, the config schema's defaults.
    """
    if settings is None:
        from plantopics.config import defaults

        settings = NetworkSettings.from_config(defaults()["network"])
    tables = token_tables(tokens)
    unit_sets = unit_term_sets(tables, settings.unit)
    frequency = unit_frequency(unit_sets)
    score = ranking_scores(settings.ranking, frequency, scores, tables)
    chosen = select_terms(frequency, score, settings.n_terms, settings.min_frequency)
    edges = edge_table(cooccurrence(unit_sets, chosen), settings.measure, settings.min_count)
    linked = set(edges["source"]) | set(edges["target"])
    unlinked = [term for term in chosen if term not in linked]
    if len(linked) < 2:
        return empty_network(settings, len(unit_sets), unlinked)
    graph = term_graph(frequency, edges)
    groups = communities(graph, frequency, settings.resolution, settings.seed)
    table, rank = community_table(graph, groups, frequency, settings.label_terms, settings.top_terms)
    membership = {term: number for number, group in enumerate(groups, start=1) for term in group}
    for term in graph:
        graph.nodes[term]["community"] = membership[term]
    terms = centralities(graph)
    terms.insert(1, "frequency", [frequency[t] for t in terms["term"]])
    terms.insert(2, "community", [membership[t] for t in terms["term"]])
    terms["_rank"] = [rank[t] for t in terms["term"]]
    terms = terms.sort_values(["community", "_rank"], kind="mergesort").drop(columns="_rank").reset_index(drop=True)
    network = CoWordNetwork(settings, len(unit_sets), terms, edges, table, graph, unlinked=unlinked)
    if layout:
        from plantopics.network.layout import layout_positions

        network.positions = layout_positions(graph, seed=settings.seed)
    return network


def chapter_networks(
    tokens: pd.DataFrame, settings: NetworkSettings, scores: pd.DataFrame | None = None
) -> dict[int, CoWordNetwork]:
    """Chapter number -> the network of that chapter alone (chapter 0 left out),
    its terms ranked by that chapter's own scores (computed on the whole document
    when ``scores`` is not given: a chapter's TF-IDF and G² are relative to the others)."""
    if scores is None and settings.ranking != "frequency":
        scores = default_scores([tokens])
    out = {}
    for chapter in sorted(int(c) for c in tokens["chapter"].unique() if c > 0):
        rows = tokens[tokens["chapter"] == chapter]
        own = None if scores is None else scores[scores["chapter"] == chapter]
        out[chapter] = build_network(rows, settings, own)
    return out
