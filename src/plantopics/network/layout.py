"""Where each term sits on the map: a seeded force-directed layout, the same on
every run for the same network."""

from __future__ import annotations

import numpy as np

LAYOUT_ITERATIONS = 500
GRAVITY = 1.0  # ForceAtlas2's pull towards the centre: keeps detached groups of terms on the map


def layout_positions(graph, seed: int, iterations: int = LAYOUT_ITERATIONS) -> dict[str, tuple[float, float]]:
    """Term -> (x, y), centred and scaled into [-1, 1].

    networkx's ForceAtlas2 (Gephi's layout; Jacomy et al. 2014) in LinLog mode
    with the link weights as attraction: LinLog's energy is minimal where
    groups of densely linked terms sit apart (Noack 2009), the picture VOSviewer
    also aims at; its gravity keeps small detached groups near the rest instead
    of pushing them to the edge. Start positions are drawn from ``seed`` with
    nodes in term order, so the same network always gets the same map.
    Coordinates are rounded to six decimals: the exports and the page show
    exactly the figure's positions, free of last-bit noise.
    """
    import networkx as nx

    if graph.number_of_nodes() == 0:
        return {}
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(graph))
    ordered.add_edges_from(sorted((min(u, v), max(u, v), d) for u, v, d in graph.edges(data=True)))
    with np.errstate(divide="ignore", invalid="ignore"):  # LinLog divides by each node's distance to itself
        positions = nx.forceatlas2_layout(
            ordered, weight="weight", linlog=True, gravity=GRAVITY, seed=seed, max_iter=iterations
        )
    coords = np.array([positions[n] for n in ordered])
    coords -= coords.mean(axis=0)
    scale = np.abs(coords).max() or 1.0
    coords = np.round(coords / scale, 6) + 0.0
    return {term: (float(x), float(y)) for term, (x, y) in zip(ordered, coords, strict=True)}
