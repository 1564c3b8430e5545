# A series of documents over time or between groups (docs/series.md), in results/_series/:
#   normalised texts (+ the document sheet) -> series_documents (each document's year and attributes)
#   tokens of every document -> series_terms (frequencies, trends, first appearances, group keyness)
#   the joint model of the comparison -> series_topics (shares, prevalence, effects, evolution)
# rule all asks for them only with two or more documents (plantopics.workflow.series_outputs).
SERIES = pw.SERIES_DIR
SERIES_LOGS = "logs/_series"
SERIES_BENCHMARKS = "logs/benchmarks/_series"
SERIES_CONFIG = config["series"]


rule series_documents:
    input:
        texts=pw.comparison_inputs(DOCUMENTS, "results/{doc}/text/normalized.txt"),
        sheet=pw.document_sheet(SERIES_CONFIG["sheet"]),
        schema=str(REPO_DIR / "workflow" / "schemas" / "documents.schema.yaml"),
    output:
        documents=report(
            f"{SERIES}/documents.csv",
            caption="../report/series_documents.rst",
            category="Series",
            subcategory="documents",
            labels={"table": "documents, years and attributes"},
        ),
    log:
        f"{SERIES_LOGS}/series_documents.log",
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
        tokens=pw.comparison_inputs(DOCUMENTS, "results/{doc}/tokens/sentences.csv"),
    output:
        frequencies=f"{SERIES}/terms/frequencies.csv",
        trends=report(
            f"{SERIES}/terms/trends.csv",
            caption="../report/series_trends.rst",
            category="Series",
            subcategory="terms",
            labels={"table": "term trends"},
        ),
        first_appearances=f"{SERIES}/terms/first_appearances.csv",
        group_keyness=report(
            f"{SERIES}/terms/group_keyness.csv",
            caption="../report/series_group_keyness.rst",
            category="Series",
            subcategory="terms",
            labels={"table": "keyness between groups and periods"},
        ),
        trends_figure=report(
            f"{SERIES}/figures/trends.png",
            caption="../report/series_trends_figure.rst",
            category="Series",
            subcategory="terms",
            labels={"figure": "rising and falling terms"},
        ),
        trends_svg=f"{SERIES}/figures/trends.svg",
        firsts_figure=report(
            f"{SERIES}/figures/first_appearances.png",
            caption="../report/series_first_appearances.rst",
            category="Series",
            subcategory="terms",
            labels={"figure": "first appearances"},
        ),
        firsts_svg=f"{SERIES}/figures/first_appearances.svg",
    log:
        f"{SERIES_LOGS}/series_terms.log",
    benchmark:
        f"{SERIES_BENCHMARKS}/series_terms.tsv"
    conda:
        CONDA_ENV
    threads: 1
    resources:
        mem_mb=3000,
        runtime=15,
    params:
        documents=COMPARED,
        period_years=SERIES_CONFIG["period_years"],
        terms=SERIES_CONFIG["terms"],
        n_terms=config["keywords"]["n_terms"],
        keyness=config["keywords"]["keyness"],
    script:
        "../scripts/series_terms.py"


rule series_topics:
    input:
        documents=rules.series_documents.output.documents,
        tokens=pw.comparison_inputs(DOCUMENTS, "results/{doc}/tokens/sentences.csv"),
        model=rules.compare_topics.output.model,
        summary=rules.compare_topics.output.summary,
    output:
        documents=f"{SERIES}/topics/documents.csv",
        prevalence=report(
            f"{SERIES}/topics/prevalence.csv",
            caption="../report/series_prevalence.rst",
            category="Series",
            subcategory="topics",
            labels={"table": "topic shares by year"},
        ),
        effects=report(
            f"{SERIES}/topics/effects.csv",
            caption="../report/series_effects.rst",
            category="Series",
            subcategory="topics",
            labels={"table": "effects of time and attributes"},
        ),
        group_shares=f"{SERIES}/topics/group_shares.csv",
        evolution=report(
            f"{SERIES}/topics/evolution.csv",
            caption="../report/series_evolution.rst",
            category="Series",
            subcategory="topics",
            labels={"table": "topic words by period"},
        ),
        prevalence_figure=report(
            f"{SERIES}/figures/prevalence.png",
            caption="../report/series_prevalence_figure.rst",
            category="Series",
            subcategory="topics",
            labels={"figure": "topic shares over time"},
        ),
        prevalence_svg=f"{SERIES}/figures/prevalence.svg",
        heatmap=report(
            f"{SERIES}/figures/prevalence_heatmap.png",
            caption="../report/series_prevalence_heatmap.rst",
            category="Series",
            subcategory="topics",
            labels={"figure": "years × topics"},
        ),
        heatmap_svg=f"{SERIES}/figures/prevalence_heatmap.svg",
        groups_figure=report(
            f"{SERIES}/figures/group_shares.png",
            caption="../report/series_group_shares.rst",
            category="Series",
            subcategory="topics",
            labels={"figure": "topic shares by group"},
        ),
        groups_svg=f"{SERIES}/figures/group_shares.svg",
        evolution_figure=report(
            f"{SERIES}/figures/evolution.png",
            caption="../report/series_evolution_figure.rst",
            category="Series",
            subcategory="topics",
            labels={"figure": "topic words by period"},
        ),
        evolution_svg=f"{SERIES}/figures/evolution.svg",
    log:
        f"{SERIES_LOGS}/series_topics.log",
    benchmark:
        f"{SERIES_BENCHMARKS}/series_topics.tsv"
    conda:
        CONDA_ENV
    threads: 1
    resources:
        mem_mb=3000,
        runtime=20,
    params:
        documents=COMPARED,
        corpus=pc.joint_settings(LDA, config["compare"])["corpus"],
        topics={
            **SERIES_CONFIG["topics"],
            "period_years": SERIES_CONFIG["period_years"],
        },
    script:
        "../scripts/series_topics.py"
