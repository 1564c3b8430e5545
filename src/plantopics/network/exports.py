"""The network in the formats other tools open: GEXF (Gephi), GraphML (Gephi,
Cytoscape, igraph, yEd), Pajek ``.net`` and VOSviewer's map and network files.

Every file carries the same terms, links and positions as the tables and the
figure; all are written atomically and byte-identically on reruns.
"""

from __future__ import annotations

import csv
import io
import os
import re

from plantopics.io import atomic_open, write_text
from plantopics.network.graph import CoWordNetwork

NODE_ATTRIBUTES = ["frequency", "community", "degree", "weighted_degree", "betweenness", "eigenvector"]
VOSVIEWER_MAP_COLUMNS = [
    "id", "label", "x", "y", "cluster",
    "weight<Links>", "weight<Total link strength>", "weight<Occurrences>",
    "score<Betweenness>", "score<Eigenvector>",
]  # fmt: skip
GEXF_SCALE = 500.0  # Gephi shows positions in pixels: [-1, 1] becomes [-500, 500]


def _plain(name: str, value):
    """A Python int or float (the writers type their attributes from the Python type)."""
    return int(value) if name in ("frequency", "community", "degree") else float(value)


def _hex_rgb(colour: str) -> dict[str, int]:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16)}


def export_graph(network: CoWordNetwork, *, viz: bool = False):
    """A fresh graph for writing: nodes in terms.csv order with the table's
    values and x, y; links with count and weight. With ``viz``, GEXF's
    visual attributes too (position, size by frequency, community colour)."""
    import networkx as nx

    from plantopics.network.figure import community_colour

    graph = nx.Graph()
    for row in network.terms.itertuples(index=False):
        x, y = network.positions.get(row.term, (0.0, 0.0))
        attributes = {name: _plain(name, getattr(row, name)) for name in NODE_ATTRIBUTES}
        attributes.update(x=float(x), y=float(y))
        if viz:
            attributes["viz"] = {
                "position": {"x": x * GEXF_SCALE, "y": y * GEXF_SCALE, "z": 0.0},
                "size": float(row.frequency),
                "color": {**_hex_rgb(community_colour(int(row.community))), "a": 1.0},
            }
        graph.add_node(row.term, label=row.term, **attributes)
    for row in network.edges.itertuples(index=False):
        graph.add_edge(row.source, row.target, count=int(row.count), weight=float(row.weight))
    return graph


def write_gexf(network: CoWordNetwork, path: str | os.PathLike) -> None:
    """GEXF 1.2 with the term attributes and Gephi's visual attributes. networkx
    stamps the day of writing into the file's meta element: left out, so that a
    rerun writes the same bytes."""
    import networkx as nx

    text = "\n".join(nx.generate_gexf(export_graph(network, viz=True)))
    write_text(path, re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1) + "\n")


def write_graphml(network: CoWordNetwork, path: str | os.PathLike) -> None:
    """GraphML with the term attributes (x, y included) and link count and weight."""
    import networkx as nx

    write_text(path, "\n".join(nx.generate_graphml(export_graph(network))) + "\n")


def write_pajek(network: CoWordNetwork, path: str | os.PathLike) -> None:
    """Pajek ``.net``: vertices with label and position (mapped from [-1, 1] to
    Pajek's 0..1), edges with the weight as their value."""
    import networkx as nx

    graph = nx.Graph()
    for term in network.terms["term"]:
        x, y = network.positions.get(term, (0.0, 0.0))
        graph.add_node(term, x=round((x + 1) / 2, 6), y=round((y + 1) / 2, 6))
    for row in network.edges.itertuples(index=False):
        graph.add_edge(row.source, row.target, weight=float(row.weight))
    write_text(path, "\n".join(nx.generate_pajek(graph)) + "\n")


def _vos_text(value: str) -> str:
    """A label as VOSviewer's manual asks: in double quotes when it contains a comma or semicolon."""
    if any(c in value for c in ',;"'):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_vosviewer(network: CoWordNetwork, map_path: str | os.PathLike, network_path: str | os.PathLike) -> None:
    """VOSviewer's map file (a header line, then one tab-separated line per term:
    id, label, x, y, cluster, weights and scores) and network file (no header;
    id, id, link strength). Ids are 1..n in terms.csv order; the cluster is the
    community. The link strength is the raw count c_ij: VOSviewer normalises
    links itself (association strength by default), so the file gives it what
    it expects; x, y and the clusters are ours (VOSviewer keeps the map's
    positions and clusters when they are given)."""
    ids = {term: i for i, term in enumerate(network.terms["term"], start=1)}
    with atomic_open(map_path) as out:
        out.write("\t".join(VOSVIEWER_MAP_COLUMNS) + "\n")
        for row in network.terms.itertuples(index=False):
            x, y = network.positions.get(row.term, (0.0, 0.0))
            values = [ids[row.term], _vos_text(row.term), x, y, row.community, row.degree,
                      row.weighted_degree, row.frequency, row.betweenness, row.eigenvector]  # fmt: skip
            out.write("\t".join(_number(v) if not isinstance(v, str) else v for v in values) + "\n")
    with atomic_open(network_path) as out:
        for row in network.edges.itertuples(index=False):
            out.write(f"{ids[row.source]}\t{ids[row.target]}\t{int(row.count)}\n")


def _number(value) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.6g}"


def read_vosviewer(map_path: str | os.PathLike, network_path: str | os.PathLike):
    """Read a VOSviewer map and network file as the manual describes them: tab,
    comma or semicolon separated (sniffed from the map's header line); the
    map's first line names the columns; the network has two or three columns
    (id, id, optional link strength, 1 when absent) and no header. Returns
    (items, links) DataFrames, numbers as numbers."""
    import pandas as pd

    text = open(map_path, encoding="utf-8").read()
    delimiter = next(d for d in "\t;," if d in text.splitlines()[0])
    items = pd.DataFrame(list(csv.DictReader(io.StringIO(text), delimiter=delimiter)))
    for column in items.columns:
        if column != "label" and column != "description" and column != "url":
            items[column] = pd.to_numeric(items[column])
    rows = []
    with open(network_path, encoding="utf-8", newline="") as fh:
        for fields in csv.reader(fh, delimiter=delimiter):
            if fields:
                rows.append((int(fields[0]), int(fields[1]), float(fields[2]) if len(fields) > 2 else 1.0))
    links = pd.DataFrame(rows, columns=["id_1", "id_2", "strength"])
    return items, links
