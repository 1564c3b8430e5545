# A series of documents over time or between groups (docs/series.md), in results/_series/:
#   normalised texts (+ the document sheet) -> series_documents (each document's year and attributes)
#   tokens of every document -> series_terms (frequencies, trends, first appearances, group keyness)
#   the joint model of the comparison -> series_topics (shares, prevalence, effects, evolution)
#   all of them -> series_notebook (notebooks/05_series.ipynb rendered once)
# rule all asks for them only with two or more documents, series.enabled and compare.enabled
# (plantopics.workflow.targets.series_outputs).
SERIES = config["series"]


rule series_documents:
    input:
        texts=every_document("text"),
        sheet=document_sheet(),
    output:
        documents=report(
            series_out("documents"),
            caption="../report/series_documents.rst",
            category="Series",
            subcategory="documents",
            labels={"table": "documents, years and attributes"},
        ),
    log:
        paths.log("series_documents", paths.SERIES_FOLDER),
    benchmark:
        paths.benchmark("series_documents", paths.SERIES_FOLDER)
    conda:
        CONDA_ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        documents=COMPARED,
    script:
        "../scripts/series_documents.py"


rule series_terms:
    input:
        documents=rules.series_documents.output.documents,
        tokens=every_document("tokens"),
    output:
        frequencies=series_out("term_frequencies"),
        trends=report(
            series_out("term_trends"),
            caption="../report/series_trends.rst",
            category="Series",
            subcategory="terms",
            labels={"table": "term trends"},
        ),
        first_appearances=series_out("first_appearances"),
        group_keyness=report(
            series_out("group_keyness"),
            caption="../report/series_group_keyness.rst",
            category="Series",
            subcategory="terms",
            labels={"table": "keyness between groups and periods"},
        ),
        trends_figure=series_figure(
            "trends_figure",
            caption="../report/series_trends_figure.rst",
            category="Series",
            subcategory="terms",
            labels={"figure": "rising and falling terms"},
        ),
        first_appearances_figure=series_figure(
            "first_appearances_figure",
            caption="../report/series_first_appearances.rst",
            category="Series",
            subcategory="terms",
            labels={"figure": "first appearances"},
        ),
    log:
        paths.log("series_terms", paths.SERIES_FOLDER),
    benchmark:
        paths.benchmark("series_terms", paths.SERIES_FOLDER)
    conda:
        CONDA_ENV
    threads: 1
    resources:
        mem_mb=3000,
        runtime=15,
    params:
        documents=COMPARED,
        period_years=SERIES["period_years"],
        terms=SERIES["terms"],
        n_terms=config["keywords"]["n_terms"],
        keyness=config["keywords"]["keyness"],
    script:
        "../scripts/series_terms.py"


rule series_topics:
    input:
        documents=rules.series_documents.output.documents,
        model=rules.compare_topics.output.model,
        summary=rules.compare_topics.output.summary,
        units=rules.compare_topics.output.units,
        unit_topics=rules.compare_topics.output.unit_topics,
        seed_fits=rules.compare_topics.output.seed_fits,
    output:
        documents=series_out("topic_documents"),
        prevalence=report(
            series_out("prevalence"),
            caption="../report/series_prevalence.rst",
            category="Series",
            subcategory="topics",
            labels={"table": "topic shares by year"},
        ),
        effects=report(
            series_out("effects"),
            caption="../report/series_effects.rst",
            category="Series",
            subcategory="topics",
            labels={"table": "effects of time and attributes"},
        ),
        group_shares=series_out("group_shares"),
        evolution=report(
            series_out("evolution"),
            caption="../report/series_evolution.rst",
            category="Series",
            subcategory="topics",
            labels={"table": "topic words by period"},
        ),
        prevalence_figure=series_figure(
            "prevalence_figure",
            caption="../report/series_prevalence_figure.rst",
            category="Series",
            subcategory="topics",
            labels={"figure": "topic shares over time"},
        ),
        prevalence_heatmap=series_figure(
            "prevalence_heatmap",
            caption="../report/series_prevalence_heatmap.rst",
            category="Series",
            subcategory="topics",
            labels={"figure": "years × topics"},
        ),
        group_shares_figure=series_figure(
            "group_shares_figure",
            caption="../report/series_group_shares.rst",
            category="Series",
            subcategory="topics",
            labels={"figure": "topic shares by group"},
        ),
        evolution_figure=series_figure(
            "evolution_figure",
            caption="../report/series_evolution_figure.rst",
            category="Series",
            subcategory="topics",
            labels={"figure": "topic words by period"},
        ),
    log:
        paths.log("series_topics", paths.SERIES_FOLDER),
    benchmark:
        paths.benchmark("series_topics", paths.SERIES_FOLDER)
    conda:
        CONDA_ENV
    threads: 1
    resources:
        mem_mb=3000,
        runtime=20,
    params:
        topics=SERIES["topics"],
        period_years=SERIES["period_years"],
    script:
        "../scripts/series_topics.py"


rule series_notebook:
    input:
        notebook=str(REPO_DIR / "notebooks" / f"{paths.SERIES_NOTEBOOK}.ipynb"),
        terms=[rules.series_terms.output.trends, rules.series_terms.output.first_appearances,
               rules.series_terms.output.group_keyness, rules.series_terms.output.frequencies],
        term_figures=[rules.series_terms.output.trends_figure, rules.series_terms.output.first_appearances_figure],
        topics=[rules.series_topics.output.prevalence, rules.series_topics.output.effects,
                rules.series_topics.output.group_shares, rules.series_topics.output.evolution],
        topic_figures=[rules.series_topics.output.prevalence_figure, rules.series_topics.output.prevalence_heatmap,
                       rules.series_topics.output.group_shares_figure, rules.series_topics.output.evolution_figure],
        # series.kwic reads each document's tokens and sentences
        tokens=every_document("tokens"),
        sentences=every_document("sentences"),
    output:
        html=report(
            series_out("notebook"),
            caption="../report/series_notebook.rst",
            category="Series",
            subcategory="notebook",
            labels={"page": "notebook 05: reading the series"},
        ),
    log:
        paths.log("series_notebook", paths.SERIES_FOLDER),
    benchmark:
        paths.benchmark("series_notebook", paths.SERIES_FOLDER)
    conda:
        CONDA_ENV
    threads: 1
    resources:
        mem_mb=2000,
        runtime=15,
    script:
        "../scripts/series_notebook.py"
