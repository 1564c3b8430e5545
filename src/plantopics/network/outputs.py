"""Everything the workflow writes for a document's network, under
``results/<id>/network/`` (docs/network.md lists the files; their names are in
:mod:`plantopics.paths`, ``network_*``)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from plantopics import paths
from plantopics.io import write_csv, write_json, write_text
from plantopics.network.exports import write_gexf, write_graphml, write_pajek, write_vosviewer
from plantopics.network.graph import CoWordNetwork, build_network, chapter_networks
from plantopics.network.settings import NetworkSettings, OutputSettings

log = logging.getLogger("plantopics.network")

# What document_network writes: the network rule's output names, each the plantopics.paths name
# without its "network_" prefix (figure: a PNG/SVG pair; chapters: a folder).
OUTPUTS = ("terms", "edges", "communities", "settings", "gexf", "graphml", "pajek", "vosviewer_map",
           "vosviewer_network", "figure", "explorer", "chapters")  # fmt: skip
CHAPTER_INDEX_COLUMNS = ["chapter", "folder", "title", "units", "terms", "edges", "communities", "top_communities"]


def output_paths(doc: str, results: str | Path = paths.RESULTS) -> dict[str, str | list[str]]:
    """The files of document ``doc``'s network by the rule's output names, as
    the rule declares them (for calling :func:`document_network` outside Snakemake)."""
    out: dict[str, str | list[str]] = {}
    for key in OUTPUTS:
        path = paths.document(f"network_{key}", doc, results)
        out[key] = [path + suffix for suffix in paths.FIGURE_FORMATS] if key == "figure" else path
    return out


def write_tables(network: CoWordNetwork, out: Mapping) -> None:
    """terms, edges and communities tables to ``out["terms"]``, ``out["edges"]``, ``out["communities"]``."""
    for name in ("terms", "edges", "communities"):
        write_csv(out[name], getattr(network, name))


def write_exports(network: CoWordNetwork, out: Mapping) -> None:
    """GEXF, GraphML, Pajek and VOSviewer's two files to ``out[name]`` (the rule's output names)."""
    write_gexf(network, out["gexf"])
    write_graphml(network, out["graphml"])
    write_pajek(network, out["pajek"])
    write_vosviewer(network, out["vosviewer_map"], out["vosviewer_network"])


def document_network(
    tokens: pd.DataFrame,
    sentences: pd.DataFrame,
    out: Mapping,
    *,
    settings: NetworkSettings,
    output: OutputSettings,
    scores: pd.DataFrame | None = None,
    chapters: pd.DataFrame | None = None,
    title: str = "",
) -> CoWordNetwork:
    """Build the document's network and write its tables, exports, figure,
    page and settings.json to ``out`` (:data:`OUTPUTS`, e.g. ``snakemake.output``
    or :func:`output_paths`); with ``output.per_chapter``, each chapter's network
    too (inside the ``out["chapters"]`` folder, ``network_chapter_*`` of
    :mod:`plantopics.paths`)."""
    from plantopics.keywords import kwic
    from plantopics.network.figure import draw_network
    from plantopics.network.page import network_page

    network = build_network(tokens, settings, scores)
    if network.is_empty:  # a very short document: every file is still written, empty, and the log says why
        log.warning("%s: fewer than two chosen terms share a %s: the network is empty", title, settings.unit)
    write_tables(network, out)
    write_exports(network, out)
    drawn = draw_network(network, *out["figure"], title=_figure_title(title, settings),
                         size=output.figure_size, label_range=output.label_sizes)  # fmt: skip
    contexts = kwic(tokens, sentences, network.terms["term"], window=output.kwic_window)
    page = network_page(network, contexts, title=f"{title}: co-word network", figure=drawn,
                        max_lines=output.kwic_lines, sizes=output.label_sizes)  # fmt: skip
    write_text(out["explorer"], page)
    record = {
        "settings": settings.to_dict(),
        "output": {**asdict(output), "label_sizes": list(output.label_sizes)},
        "network": network.summary(),
        "figure": {"labels": drawn.labels, "label_overlaps_before": drawn.overlaps_before,
                   "label_overlaps_after": drawn.overlaps_after},
    }  # fmt: skip
    if output.per_chapter:
        chapter_settings = NetworkSettings(**{**settings.to_dict(), "n_terms": output.chapter_terms})
        index = write_chapter_networks(tokens, out["chapters"], chapter_settings, output, scores, chapters)
        record["chapters"] = {"settings": chapter_settings.to_dict(), "networks": len(index)}
    else:  # the folder is always there (a fixed workflow output): its index has no rows
        write_csv(paths.inside(out["chapters"], "network_chapter_index"), pd.DataFrame(columns=CHAPTER_INDEX_COLUMNS))
    write_json(out["settings"], record)
    log.info(
        "%s: %d terms, %d links, %d communities (%s); %d chosen terms without a link; label overlaps %d -> %d",
        title, len(network.terms), len(network.edges), len(network.communities),
        " | ".join(network.communities["label"].head(5)), len(network.unlinked),
        drawn.overlaps_before, drawn.overlaps_after,
    )  # fmt: skip
    return network


def chapter_files(folder: str | Path, chapter: int) -> dict[str, Path]:
    """A chapter's tables and figure inside a ``network_chapters`` folder, by the names of :func:`write_tables`."""
    return {name: paths.inside(folder, f"network_chapter_{name}", chapter=chapter)
            for name in ("terms", "edges", "communities", "figure")}  # fmt: skip


def write_chapter_networks(
    tokens: pd.DataFrame,
    folder: str | Path,
    settings: NetworkSettings,
    output: OutputSettings,
    scores: pd.DataFrame | None,
    chapters: pd.DataFrame | None,
) -> pd.DataFrame:
    """Each chapter's network, tables and a PNG, in ``folder`` (a ``network_chapters``
    folder), and its index (``folder``: each chapter's folder there)."""
    from plantopics.network.figure import draw_network

    titles = {} if chapters is None else dict(zip(chapters["chapter"], chapters["title"], strict=True))
    rows = []
    for chapter, network in chapter_networks(tokens, settings, scores).items():
        files = chapter_files(folder, chapter)
        title = str(titles.get(chapter, ""))
        rows.append((chapter, files["terms"].parent.name, title, network.n_units, len(network.terms),
                     len(network.edges), len(network.communities),
                     " | ".join(network.communities["label"].head(3))))  # fmt: skip
        if network.is_empty:
            log.warning("chapter %d: fewer than two terms share a %s; no network", chapter, settings.unit)
            continue
        write_tables(network, files)
        draw_network(network, files["figure"], title=f"{chapter} {title}"[:60],
                     size=output.figure_size * 0.75, label_range=output.label_sizes)  # fmt: skip
    index = pd.DataFrame(rows, columns=CHAPTER_INDEX_COLUMNS)
    write_csv(paths.inside(folder, "network_chapter_index"), index)
    return index


def _figure_title(title: str, settings: NetworkSettings) -> str:
    return (
        f"{title}\nco-word network: top {settings.n_terms} terms by {settings.ranking}, "
        f"linked by sharing a {settings.unit} (≥ {settings.min_count}), {settings.measure}; "
        f"Louvain communities (resolution {settings.resolution}, seed {settings.seed})"
    )
