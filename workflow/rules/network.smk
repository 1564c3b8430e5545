# Co-word network of each document (docs/network.md): one job writes the tables,
# the exports for Gephi, Pajek and VOSviewer, the figure, the offline page and,
# when network.per_chapter.enabled is set, every chapter's network (the chapters
# folder is always an output, so switching it on or off reruns the job; switched
# off, it holds an index with no rows). File names come from
# plantopics.network.outputs, where the job writes them.
from plantopics.network import outputs as network_files


rule network:
    input:
        tokens=rules.tokenize.output.tokens,
        sentences=rules.segment.output.sentences,
        chapters=rules.segment.output.chapters,
        structure=rules.segment.output.summary,
        scores=rules.keyword_tables.output.scores,
    output:
        terms=report(
            network_files.result_path(network_files.TABLES["terms"]),
            caption="../report/network_terms.rst",
            category="Network",
            subcategory="{doc}",
            labels={"document": "{doc}", "table": "terms"},
        ),
        edges=network_files.result_path(network_files.TABLES["edges"]),
        communities=report(
            network_files.result_path(network_files.TABLES["communities"]),
            caption="../report/network_communities.rst",
            category="Network",
            subcategory="{doc}",
            labels={"document": "{doc}", "table": "communities"},
        ),
        settings=network_files.result_path(network_files.SETTINGS),
        gexf=network_files.result_path(network_files.EXPORTS["gexf"]),
        graphml=network_files.result_path(network_files.EXPORTS["graphml"]),
        pajek=network_files.result_path(network_files.EXPORTS["pajek"]),
        vosviewer_map=network_files.result_path(network_files.EXPORTS["vosviewer_map"]),
        vosviewer_network=network_files.result_path(
            network_files.EXPORTS["vosviewer_network"]
        ),
        figure=report(
            network_files.result_path(network_files.FIGURE["png"]),
            caption="../report/network_figure.rst",
            category="Network",
            subcategory="{doc}",
            labels={"document": "{doc}", "figure": "co-word network"},
        ),
        figure_svg=network_files.result_path(network_files.FIGURE["svg"]),
        chapters=directory(network_files.result_path(network_files.CHAPTERS)),
        page=report(
            network_files.result_path(network_files.PAGE),
            caption="../report/network_explorer.rst",
            category="Network",
            subcategory="{doc}",
            labels={"document": "{doc}", "figure": "explorer (hover, click)"},
        ),
    log:
        "logs/{doc}/network.log",
    benchmark:
        "logs/benchmarks/{doc}/network.tsv"
    priority: PRIORITY["network"]
    conda:
        CONDA_ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        network=config["network"],
        kwic_window=config["keywords"]["kwic"]["window"],
    script:
        "../scripts/network.py"
