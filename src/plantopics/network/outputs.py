"""Everything the workflow writes for a document's network, under
``results/<id>/network/`` (docs/network.md lists the files)."""

from __future__ import annotations

import logging
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from plantopics.io import write_csv, write_json, write_text
from plantopics.network.exports import write_gexf, write_graphml, write_pajek, write_vosviewer
from plantopics.network.graph import CoWordNetwork, build_network, chapter_networks
from plantopics.network.settings import NetworkSettings, OutputSettings

log = logging.getLogger("plantopics.network")

# File names inside a network folder: one place for each.
TABLES = {"terms": "terms.csv", "edges": "edges.csv", "communities": "communities.csv"}
EXPORTS = {
    "gexf": "network.gexf",
    "graphml": "network.graphml",
    "pajek": "network.net",
    "vosviewer_map": "vosviewer_map.txt",
    "vosviewer_network": "vosviewer_network.txt",
}
FIGURE = {"png": "network.png", "svg": "network.svg"}
PAGE = "explorer.html"
SETTINGS = "settings.json"
CHAPTERS = "chapters"
CHAPTER_INDEX = "index.csv"
RESULTS_FOLDER = "results/{doc}/network"


def result_path(name: str, doc: str = "{doc}") -> str:
    """Where the workflow keeps a network file of document ``doc`` (a Snakemake pattern by default)."""
    return f"{RESULTS_FOLDER.format(doc=doc)}/{name}"


CHAPTER_INDEX_COLUMNS = ["chapter", "folder", "title", "units", "terms", "edges", "communities", "top_communities"]


def chapter_folder(chapter: int) -> str:
    return f"ch{int(chapter):02d}"


def write_tables(network: CoWordNetwork, folder: Path) -> None:
    write_csv(folder / TABLES["terms"], network.terms)
    write_csv(folder / TABLES["edges"], network.edges)
    write_csv(folder / TABLES["communities"], network.communities)


def write_exports(network: CoWordNetwork, folder: Path) -> None:
    write_gexf(network, folder / EXPORTS["gexf"])
    write_graphml(network, folder / EXPORTS["graphml"])
    write_pajek(network, folder / EXPORTS["pajek"])
    write_vosviewer(network, folder / EXPORTS["vosviewer_map"], folder / EXPORTS["vosviewer_network"])


def document_network(
    tokens: pd.DataFrame,
    sentences: pd.DataFrame,
    folder: str | Path,
    *,
    settings: NetworkSettings,
    output: OutputSettings,
    scores: pd.DataFrame | None = None,
    chapters: pd.DataFrame | None = None,
    title: str = "",
) -> CoWordNetwork:
    """Build the document's network and write its tables, exports, figure,
    page and settings.json into ``folder``; with ``output.per_chapter``, each
    chapter's network too (``chapters/chNN/`` and ``chapters/index.csv``)."""
    from plantopics.keywords import kwic
    from plantopics.network.figure import draw_network
    from plantopics.network.page import network_page

    folder = Path(folder)
    network = build_network(tokens, settings, scores)
    if network.is_empty:  # a very short document: every file is still written, empty, and the log says why
        log.warning("%s: fewer than two chosen terms share a %s: the network is empty", title, settings.unit)
    write_tables(network, folder)
    write_exports(network, folder)
    drawn = draw_network(network, folder / FIGURE["png"], folder / FIGURE["svg"], title=_figure_title(title, settings),
                         size=output.figure_size, label_range=output.label_sizes)  # fmt: skip
    contexts = kwic(tokens, sentences, network.terms["term"], window=output.kwic_window)
    page = network_page(network, contexts, title=f"{title}: co-word network", figure=drawn,
                        max_lines=output.kwic_lines, sizes=output.label_sizes)  # fmt: skip
    write_text(folder / PAGE, page)
    record = {
        "settings": settings.to_dict(),
        "output": {**asdict(output), "label_sizes": list(output.label_sizes)},
        "network": network.summary(),
        "figure": {"labels": drawn.labels, "label_overlaps_before": drawn.overlaps_before,
                   "label_overlaps_after": drawn.overlaps_after},
    }  # fmt: skip
    if output.per_chapter:
        chapter_settings = NetworkSettings(**{**settings.to_dict(), "n_terms": output.chapter_terms})
        index = write_chapter_networks(tokens, folder / CHAPTERS, chapter_settings, output, scores, chapters)
        record["chapters"] = {"settings": chapter_settings.to_dict(), "networks": len(index)}
    else:  # the folder is always there (a fixed workflow output): its index has no rows
        write_csv(folder / CHAPTERS / CHAPTER_INDEX, pd.DataFrame(columns=CHAPTER_INDEX_COLUMNS))
    write_json(folder / SETTINGS, record)
    log.info(
        "%s: %d terms, %d links, %d communities (%s); %d chosen terms without a link; label overlaps %d -> %d",
        title, len(network.terms), len(network.edges), len(network.communities),
        " | ".join(network.communities["label"].head(5)), len(network.unlinked),
        drawn.overlaps_before, drawn.overlaps_after,
    )  # fmt: skip
    return network


def write_chapter_networks(
    tokens: pd.DataFrame,
    folder: Path,
    settings: NetworkSettings,
    output: OutputSettings,
    scores: pd.DataFrame | None,
    chapters: pd.DataFrame | None,
) -> pd.DataFrame:
    """Each chapter's network: tables and a PNG under ``folder/chNN/``, and ``folder/index.csv``."""
    from plantopics.network.figure import draw_network

    titles = {} if chapters is None else dict(zip(chapters["chapter"], chapters["title"], strict=True))
    rows = []
    for chapter, network in chapter_networks(tokens, settings, scores).items():
        name = chapter_folder(chapter)
        title = str(titles.get(chapter, ""))
        rows.append((chapter, name, title, network.n_units, len(network.terms), len(network.edges),
                     len(network.communities), " | ".join(network.communities["label"].head(3))))  # fmt: skip
        if network.is_empty:
            log.warning("chapter %d: fewer than two terms share a %s; no network", chapter, settings.unit)
            continue
        write_tables(network, folder / name)
        draw_network(network, folder / name / FIGURE["png"], title=f"{chapter} {title}"[:60],
                     size=output.figure_size * 0.75, label_range=output.label_sizes)  # fmt: skip
    index = pd.DataFrame(rows, columns=CHAPTER_INDEX_COLUMNS)
    write_csv(folder / CHAPTER_INDEX, index)
    return index


def _figure_title(title: str, settings: NetworkSettings) -> str:
    return (
        f"{title}\nco-word network: top {settings.n_terms} terms by {settings.ranking}, "
        f"linked by sharing a {settings.unit} (≥ {settings.min_count}), {settings.measure}; "
        f"Louvain communities (resolution {settings.resolution}, seed {settings.seed})"
    )
