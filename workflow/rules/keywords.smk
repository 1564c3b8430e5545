# Chapter keywords, three jobs per document so that a parameter reruns only what
# depends on it: the TF-IDF and keyness tables (numpy), the KWIC table
# (pandas only) and all the figures (matplotlib, wordcloud) with their index.


rule keyword_tables:
    input:
        tokens=rules.tokenize.output.tokens,
    output:
        **stage_outputs("keyword_tables"),
    log:
        paths.log("keyword_tables"),
    benchmark:
        paths.benchmark("keyword_tables")
    conda:
        CONDA_ENV
    wildcard_constraints:
        doc=UNBATCHED_PATTERN,
    threads: 1
    priority: PRIORITY["keyword_tables"]
    resources:
        mem_mb=1500,
        runtime=10,
    params:
        keywords=KEYWORD_TABLE_SETTINGS,
    script:
        "../scripts/keyword_tables.py"


rule keyword_kwic:
    input:
        tokens=rules.tokenize.output.tokens,
        sentences=rules.segment.output.sentences,
        tfidf=rules.keyword_tables.output.tfidf,
        keyness=rules.keyword_tables.output.keyness,
    output:
        **stage_outputs("keyword_kwic"),
    log:
        paths.log("keyword_kwic"),
    benchmark:
        paths.benchmark("keyword_kwic")
    conda:
        CONDA_ENV
    wildcard_constraints:
        doc=UNBATCHED_PATTERN,
    threads: 1
    priority: PRIORITY["keyword_kwic"]
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        kwic=config["keywords"]["kwic"],
    script:
        "../scripts/keyword_kwic.py"


rule keyword_figures:
    input:
        scores=rules.keyword_tables.output.scores,
        tfidf=rules.keyword_tables.output.tfidf,
        keyness=rules.keyword_tables.output.keyness,
        chapters=rules.segment.output.chapters,
    output:
        index=out("keyword_figure_index"),
        overview=figure(
            "keyword_overview",
            caption="../report/keywords_overview.rst",
            category="Keywords",
            subcategory="{doc}",
            labels={"document": "{doc}", "figure": "overview"},
        ),
        heatmap=figure(
            "keyword_heatmap",
            caption="../report/keywords_heatmap.rst",
            category="Keywords",
            subcategory="{doc}",
            labels={"document": "{doc}", "figure": "heatmap"},
        ),
        chapters=report(
            directory(out("keyword_chapter_figures")),
            patterns=["{name}.png"],
            caption="../report/keywords_chapter.rst",
            category="Keywords",
            subcategory="{doc}: chapters",
            labels={"document": "{doc}", "figure": "{name}"},
        ),
    log:
        paths.log("keyword_figures"),
    benchmark:
        paths.benchmark("keyword_figures")
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
        "../scripts/keyword_figures.py"
