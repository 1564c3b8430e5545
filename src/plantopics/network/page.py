"""The network as one offline HTML page: plain SVG and a few lines of vanilla
JavaScript, no library and no request. Hovering a term (or focusing it with
the keyboard) shows its neighbours; clicking it (or Enter) shows the
sentences it occurs in (KWIC).

Document text is data: terms, labels and sentences travel as JSON inside
``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped, and
the script puts them on the page with ``textContent`` and ``setAttribute``
only, never as markup.
"""

from __future__ import annotations

import html
import json

import pandas as pd

from plantopics.network.figure import FigureReport, community_colour, label_sizes
from plantopics.network.graph import CoWordNetwork

DATA_ID = "plantopics-network-data"
# The page may run its own inline script and style and load nothing at all.
CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'"

PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 1em; color: #222; }}
#layout {{ display: flex; gap: 1.5em; align-items: flex-start; }}
#network {{ flex: 0 0 auto; width: min(62vw, 88vh); height: min(62vw, 88vh); border: 1px solid #ddd; }}
#side {{ flex: 1 1 auto; min-width: 18em; max-height: 88vh; overflow-y: auto; }}
.link {{ stroke: #777; }}
.node text {{ cursor: pointer; paint-order: stroke; stroke: white; stroke-width: 0.004; }}
.node:focus {{ outline: none; }}
.node:focus text {{ text-decoration: underline; }}
svg.active .node, svg.active .link {{ opacity: 0.12; }}
svg.active .node.near, svg.active .link.near {{ opacity: 1; }}
svg.active .link.near {{ stroke: #222; }}
#neighbours li .count, #kwic .where {{ color: #777; font-size: 0.85em; }}
#kwic li {{ margin-bottom: 0.4em; }}
#kwic mark {{ background: #ffe08a; }}
#legend span {{ display: inline-block; margin-right: 1em; }}
#legend .dot {{ display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%; margin-right: 0.3em; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>{intro}</p>
<div id="legend"></div>
<div id="layout">
<svg id="network" viewBox="{viewbox}" role="img" aria-label="co-word network"></svg>
<div id="side">
<h2 id="term-title">Hover a term</h2>
<p id="term-summary"></p>
<h3>Neighbours</h3>
<ol id="neighbours"></ol>
<h3>Where it occurs</h3>
<p id="kwic-summary">Click a term to see its sentences.</p>
<ol id="kwic"></ol>
</div>
</div>
<script type="application/json" id="{data_id}">{data}</script>
<script>
{script}
</script>
</body>
</html>
"""

SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("%(data_id)s").textContent);
  var SVG = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("network");
  var nodes = data.nodes, links = data.links;
  var neighbours = nodes.map(function () { return []; });
  var linkElements = [], nodeElements = [], pinned = null;

  function element(name, attributes, parent) {
    var el = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { el.setAttribute(key, attributes[key]); });
    parent.appendChild(el);
    return el;
  }
  function html(name, text, parent) {
    var el = document.createElement(name);
    el.textContent = text;
    parent.appendChild(el);
    return el;
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }

  var strongest = Math.max.apply(null, links.map(function (l) { return l[3]; }).concat([1e-12]));
  links.forEach(function (l, i) {
    neighbours[l[0]].push([l[1], l[2], l[3]]);
    neighbours[l[1]].push([l[0], l[2], l[3]]);
    var a = nodes[l[0]], b = nodes[l[1]], share = l[3] / strongest;
    linkElements.push(element("line", {
      "class": "link", x1: a.x, y1: -a.y, x2: b.x, y2: -b.y,
      "stroke-width": (0.0008 + 0.006 * share).toFixed(5),
      "stroke-opacity": (0.06 + 0.5 * Math.pow(share, 1.5)).toFixed(3)
    }, svg));
  });
  neighbours.forEach(function (list) { list.sort(function (p, q) { return q[2] - p[2] || p[0] - q[0]; }); });

  nodes.forEach(function (n, i) {
    var g = element("g", {"class": "node", tabindex: "0", "data-term": n.term}, svg);
    element("circle", {cx: n.x, cy: -n.y, r: n.radius, fill: n.colour, "fill-opacity": 0.55}, g);
    var label = element("text", {
      x: n.lx, y: -n.ly, "font-size": n.size, fill: n.colour, "text-anchor": "middle", "dominant-baseline": "central"
    }, g);
    label.textContent = n.term;
    g.addEventListener("mouseenter", function () { if (pinned === null) show(i); });
    g.addEventListener("focus", function () { show(i); });
    g.addEventListener("mouseleave", function () { if (pinned === null) reset(); });
    g.addEventListener("click", function (event) { event.stopPropagation(); pin(i); });
    g.addEventListener("keydown", function (event) { if (event.key === "Enter") pin(i); });
    nodeElements.push(g);
  });
  svg.addEventListener("click", function () { pinned = null; reset(); });

  var legend = document.getElementById("legend");
  data.communities.forEach(function (c) {
    var item = html("span", "", legend);
    var dot = html("span", "", item);
    dot.className = "dot";
    dot.style.background = c.colour;
    item.appendChild(document.createTextNode(c.community + " " + c.label + " (" + c.size + ")"));
  });

  function reset() {
    svg.classList.remove("active");
    nodeElements.forEach(function (g) { g.classList.remove("near"); });
    linkElements.forEach(function (l) { l.classList.remove("near"); });
  }

  function show(i) {
    reset();
    svg.classList.add("active");
    nodeElements[i].classList.add("near");
    links.forEach(function (l, k) {
      if (l[0] === i || l[1] === i) {
        linkElements[k].classList.add("near");
        nodeElements[l[0]].classList.add("near");
        nodeElements[l[1]].classList.add("near");
      }
    });
    var n = nodes[i];
    document.getElementById("term-title").textContent = n.term;
    document.getElementById("term-summary").textContent =
      "community " + n.community + " (" + data.labels[n.community] + "), in " + n.frequency + " " + data.unit +
      "s, " + neighbours[i].length + " neighbours";
    var list = document.getElementById("neighbours");
    clear(list);
    neighbours[i].forEach(function (p) {
      var li = html("li", nodes[p[0]].term + " ", list);
      li.setAttribute("data-term", nodes[p[0]].term);
      html("span", "together in " + p[1] + ", " + data.measure + " " + p[2].toPrecision(3), li).className = "count";
    });
  }

  function pin(i) {
    pinned = i;
    show(i);
    var term = nodes[i].term, found = data.kwic[term] || {total: 0, lines: []};
    var list = document.getElementById("kwic");
    clear(list);
    document.getElementById("kwic-summary").textContent = found.total > found.lines.length
      ? "the first " + found.lines.length + " of " + found.total + " occurrences"
      : found.total + " occurrences";
    found.lines.forEach(function (line) {
      var li = html("li", line[0], list);
      html("mark", line[1], li);
      li.appendChild(document.createTextNode(line[2] + " "));
      html("span", "chapter " + line[3] + ", " + line[4], li).className = "where";
    });
  }
})();
"""


def _script_json(value) -> str:
    """JSON that cannot end its <script> element or open markup: <, > and & as \\u escapes."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def kwic_lines(contexts: pd.DataFrame, max_lines: int) -> dict[str, dict]:
    """term -> {total, lines: [[left, keyword, right, chapter, sentence_id], …]} from a
    :func:`plantopics.keywords.kwic` table, the first ``max_lines`` per term in document order."""
    out = {}
    for term, group in contexts.groupby("term", sort=True):
        rows = group.head(max_lines)
        lines = [
            [left, keyword, right, int(chapter), sentence]
            for left, keyword, right, chapter, sentence in zip(
                rows["left"], rows["keyword"], rows["right"], rows["chapter"], rows["sentence_id"], strict=True
            )
        ]
        out[str(term)] = {"total": len(group), "lines": lines}
    return out


def page_data(
    network: CoWordNetwork, contexts: pd.DataFrame, figure: FigureReport | None, max_lines: int, sizes: tuple
) -> dict:
    """Everything the page script draws, as plain JSON-able values."""
    terms = network.terms
    index = {term: i for i, term in enumerate(terms["term"])}
    points = figure.points_per_unit if figure else 360.0
    font = label_sizes(terms["frequency"].to_numpy(), *sizes) / points
    labels = figure.label_positions if figure else {}
    nodes = []
    for (row, size) in zip(terms.itertuples(index=False), font, strict=True):
        x, y = network.positions[row.term]
        lx, ly = labels.get(row.term, (x, y))
        nodes.append({
            "term": row.term, "x": x, "y": y, "lx": lx, "ly": ly, "size": round(float(size), 5),
            "radius": round(float(size) * 0.35, 5), "frequency": int(row.frequency),
            "community": int(row.community), "colour": community_colour(int(row.community)),
        })  # fmt: skip
    links = [
        [index[s], index[t], int(c), round(float(w), 6)]
        for s, t, c, w in network.edges[["source", "target", "count", "weight"]].itertuples(index=False)
    ]
    communities = [
        {"community": int(c), "size": int(n), "label": label, "colour": community_colour(int(c))}
        for c, n, label in network.communities[["community", "size", "label"]].itertuples(index=False)
    ]
    return {
        "nodes": nodes,
        "links": links,
        "communities": communities,
        "labels": {str(c["community"]): c["label"] for c in communities},
        "kwic": kwic_lines(contexts, max_lines),
        "unit": network.settings.unit,
        "measure": network.settings.measure,
    }


def network_page(
    network: CoWordNetwork,
    contexts: pd.DataFrame,
    *,
    title: str,
    figure: FigureReport | None = None,
    max_lines: int,
    sizes: tuple[float, float],
) -> str:
    """The whole page. ``contexts``: :func:`plantopics.keywords.kwic` of the network's
    terms; ``figure``: the figure's report, whose label positions the page reuses;
    ``max_lines`` contexts per term (``network.page.kwic_lines``); ``sizes``: the
    figure's label sizes (``network.figure.label_sizes``)."""
    settings = network.settings
    intro = (
        f"{len(network.terms)} terms ({settings.ranking} ranking), linked when they share a {settings.unit} "
        f"at least {settings.min_count} time(s); link weight: {settings.measure}; communities: Louvain "
        f"(resolution {settings.resolution}, seed {settings.seed}). Hover a term for its neighbours, click it for "
        "its sentences; click the background to let go. Works offline: everything is in this file."
    )
    limit = 1.12
    return PAGE.format(
        csp=CSP,
        title=html.escape(title),
        intro=html.escape(intro),
        viewbox=f"{-limit} {-limit} {2 * limit} {2 * limit}",
        data_id=DATA_ID,
        data=_script_json(page_data(network, contexts, figure, max_lines, sizes)),
        script=SCRIPT % {"data_id": DATA_ID},
    )
