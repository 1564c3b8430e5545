# Co-word network of each document (docs/network.md): one job writes the tables,
# the exports for Gephi, Pajek and VOSviewer, the figure, the offline page and,
# when network.per_chapter.enabled is set, every chapter's network (the chapters
# folder is always an output, so switching it on or off reruns the job; switched
# off, it holds an index with no rows). Output names are those of
# plantopics.network.outputs.OUTPUTS, each the paths name without "network_".


rule network:
    input:
        tokens=rules.tokenize.output.tokens,
        sentences=rules.segment.output.sentences,
        chapters=rules.segment.output.chapters,
        structure=rules.segment.output.summary,
        scores=rules.keyword_tables.output.scores,
    output:
        terms=report(
            out("network_terms"),
            caption="../report/network_terms.rst",
            category="Network",
            subcategory="{doc}",
            labels={"document": "{doc}", "table": "terms"},
        ),
        edges=out("network_edges"),
        communities=report(
            out("network_communities"),
            caption="../report/network_communities.rst",
            category="Network",
            subcategory="{doc}",
            labels={"document": "{doc}", "table": "communities"},
        ),
        settings=out("network_settings"),
        gexf=out("network_gexf"),
        graphml=out("network_graphml"),
        pajek=out("network_pajek"),
        vosviewer_map=out("network_vosviewer_map"),
        vosviewer_network=out("network_vosviewer_network"),
        figure=figure(
            "network_figure",
            caption="../report/network_figure.rst",
            category="Network",
            subcategory="{doc}",
            labels={"document": "{doc}", "figure": "co-word network"},
        ),
        explorer=report(
            out("network_explorer"),
            caption="../report/network_explorer.rst",
            category="Network",
            subcategory="{doc}",
            labels={"document": "{doc}", "figure": "explorer (hover, click)"},
        ),
        chapters=directory(out("network_chapters")),
    log:
        paths.log("network"),
    benchmark:
        paths.benchmark("network")
    conda:
        CONDA_ENV
    threads: 1
    priority: PRIORITY["network"]
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        network=config["network"],
        kwic_window=config["keywords"]["kwic"]["window"],
    script:
        "../scripts/network.py"
