# Chapter keywords, three jobs per document so that a parameter reruns only what
# depends on it: the TF-IDF and keyness tables (scikit-learn), the KWIC table
# (pandas only) and all the figures (matplotlib, wordcloud) with their index.


rule keyword_tables:
    input:
        tokens=rules.tokenize.output.tokens,
    output:
        scores="results/{doc}/keywords/scores.csv",
        tfidf=report(
            "results/{doc}/keywords/tfidf.csv",
            caption="../report/keywords_tfidf.rst",
            category="Keywords",
            subcategory="{doc}",
            labels={"document": "{doc}", "table": "TF-IDF"},
        ),
        keyness=report(
            "results/{doc}/keywords/keyness.csv",
            caption="../report/keywords_keyness.rst",
            category="Keywords",
            subcategory="{doc}",
            labels={"document": "{doc}", "table": "keyness (G²)"},
        ),
    log:
        "logs/{doc}/keyword_tables.log",
    benchmark:
        "logs/benchmarks/{doc}/keyword_tables.tsv"
    conda:
        CONDA_ENV
    threads: 1
    priority: PRIORITY["keyword_tables"]
    resources:
        mem_mb=1500,
        runtime=10,
    params:
        n_terms=config["keywords"]["n_terms"],
        tfidf=config["keywords"]["tfidf"],
        keyness=config["keywords"]["keyness"],
    script:
        "../scripts/keywords_tables.py"


rule keyword_kwic:
    input:
        tokens=rules.tokenize.output.tokens,
        sentences=rules.segment.output.sentences,
        tfidf=rules.keyword_tables.output.tfidf,
        keyness=rules.keyword_tables.output.keyness,
    output:
        kwic=report(
            "results/{doc}/keywords/kwic.csv",
            caption="../report/keywords_kwic.rst",
            category="Keywords",
            subcategory="{doc}",
            labels={"document": "{doc}", "table": "KWIC"},
        ),
    log:
        "logs/{doc}/keyword_kwic.log",
    benchmark:
        "logs/benchmarks/{doc}/keyword_kwic.tsv"
    conda:
        CONDA_ENV
    threads: 1
    priority: PRIORITY["keyword_kwic"]
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        kwic=config["keywords"]["kwic"],
    script:
        "../scripts/keywords_kwic.py"


rule keyword_figures:
    input:
        scores=rules.keyword_tables.output.scores,
        tfidf=rules.keyword_tables.output.tfidf,
        keyness=rules.keyword_tables.output.keyness,
        chapters=rules.segment.output.chapters,
    output:
        index="results/{doc}/keywords/figures/index.csv",
        overview=report(
            "results/{doc}/keywords/figures/overview.png",
            caption="../report/keywords_overview.rst",
            category="Keywords",
            subcategory="{doc}",
            labels={"document": "{doc}", "figure": "overview"},
        ),
        overview_svg="results/{doc}/keywords/figures/overview.svg",
        heatmap=report(
            "results/{doc}/keywords/figures/heatmap.png",
            caption="../report/keywords_heatmap.rst",
            category="Keywords",
            subcategory="{doc}",
            labels={"document": "{doc}", "figure": "heatmap"},
        ),
        heatmap_svg="results/{doc}/keywords/figures/heatmap.svg",
        chapters=report(
            directory("results/{doc}/keywords/figures/chapters"),
            patterns=["{name}.png"],
            caption="../report/keywords_chapter.rst",
            category="Keywords",
            subcategory="{doc}: chapters",
            labels={"document": "{doc}", "figure": "{name}"},
        ),
    log:
        "logs/{doc}/keyword_figures.log",
    benchmark:
        "logs/benchmarks/{doc}/keyword_figures.tsv"
    conda:
        CONDA_ENV
    threads: 1
    priority: PRIORITY["keyword_figures"]
    resources:
        mem_mb=2000,
        runtime=15,
    params:
        settings=config["keywords"]["plots"],
    script:
        "../scripts/keywords_figures.py"
