# The comparison of two or more documents (docs/comparison.md), in results/_comparison/:
#   tokens of every document -> compare_keyness (each document against the others)
#   tokens of every document -> compare_topics (one LDA over all documents together) -> compare_topic_figures
#   lda/model of every document -> compare_alignment (each document's topics against the others')
#   all of them -> compare_notebook (notebooks/04_comparison.ipynb rendered once)
# Their inputs are every document's outputs, so adding a document reruns the comparison.
# rule all asks for them only with two or more documents (plantopics.workflow.targets.comparison_outputs)
# that failed no check (plantopics.workflow.checks); documents.csv lists the failed ones too, with why.
import plantopics.compare as pc

COMPARED = sorted(ANALYSED)  # the documents that failed no check (common.smk)
# The joint model's grid is fitted in one job, its (K, seed) fits in parallel (each single-threaded and
# seeded, so the model is the same on any number of cores); Snakemake gives the job at most --cores.
JOINT_SETTINGS = pc.joint_settings(LDA, config["compare"], config["series"])
JOINT_THREADS = pc.joint_grid_size(JOINT_SETTINGS)


rule compare_keyness:
    input:
        tokens=every_document("tokens"),
        structure=every_document("structure"),
    output:
        documents=report(
            compared("documents"),
            caption="../report/compare_documents.rst",
            category="Comparison",
            subcategory="keyness",
            labels={"table": "compared documents"},
        ),
        keyness=report(
            compared("keyness"),
            caption="../report/compare_keyness.rst",
            category="Comparison",
            subcategory="keyness",
            labels={"table": "keyness (G²)"},
        ),
        figure=comparison_figure(
            "keyness_figure",
            caption="../report/compare_keyness_figure.rst",
            category="Comparison",
            subcategory="keyness",
            labels={"figure": "keyness"},
        ),
    log:
        paths.log("compare_keyness", paths.COMPARISON_FOLDER),
    benchmark:
        paths.benchmark("compare_keyness", paths.COMPARISON_FOLDER)
    conda:
        CONDA_ENV
    threads: 1
    resources:
        mem_mb=1500,
        runtime=10,
    params:
        documents=COMPARED,
        n_terms=config["keywords"]["n_terms"],
        keyness=config["keywords"]["keyness"],
        plot_terms=config["compare"]["plot_terms"],
        failed=pw_checks.failed_rows(DOCUMENTS, FAILED),
    script:
        "../scripts/compare_keyness.py"


rule compare_topics:
    input:
        tokens=every_document("tokens"),
        sentences=every_document("sentences"),
        chapters=every_document("chapters"),
    output:
        selection=report(
            compared("joint_selection"),
            caption="../report/compare_joint_selection.rst",
            category="Comparison",
            subcategory="joint topics",
            labels={"table": "choosing K"},
        ),
        chosen=compared("joint_chosen"),
        topics=report(
            compared("joint_topics"),
            caption="../report/compare_joint_topics.rst",
            category="Comparison",
            subcategory="joint topics",
            labels={"table": "topics"},
        ),
        summary=report(
            compared("joint_topic_summary"),
            caption="../report/compare_joint_summary.rst",
            category="Comparison",
            subcategory="joint topics",
            labels={"table": "topic summary"},
        ),
        document_topics=report(
            compared("document_topics"),
            caption="../report/compare_document_topics.rst",
            category="Comparison",
            subcategory="joint topics",
            labels={"table": "document × topic"},
        ),
        chapter_topics=report(
            compared("chapter_topics"),
            caption="../report/compare_chapter_topics.rst",
            category="Comparison",
            subcategory="joint topics",
            labels={"table": "chapter × topic"},
        ),
        sentences=report(
            compared("joint_sentences"),
            caption="../report/compare_joint_sentences.rst",
            category="Comparison",
            subcategory="joint topics",
            labels={"table": "representative sentences"},
        ),
        model=directory(compared("joint_model")),
        units=compared("joint_units"),
        unit_topics=compared("joint_unit_topics"),
        seed_fits=directory(compared("joint_seed_fits")),
    log:
        paths.log("compare_topics", paths.COMPARISON_FOLDER),
    benchmark:
        paths.benchmark("compare_topics", paths.COMPARISON_FOLDER)
    conda:
        CONDA_ENV
    threads: JOINT_THREADS
    resources:
        mem_mb=3000,
        runtime=60,
    params:
        documents=COMPARED,
        settings=JOINT_SETTINGS,
    script:
        "../scripts/compare_topics.py"


rule compare_topic_figures:
    input:
        selection=rules.compare_topics.output.selection,
        chosen=rules.compare_topics.output.chosen,
        topics=rules.compare_topics.output.topics,
        summary=rules.compare_topics.output.summary,
        document_topics=rules.compare_topics.output.document_topics,
        chapter_topics=rules.compare_topics.output.chapter_topics,
    output:
        selection_figure=comparison_figure(
            "joint_selection_figure",
            caption="../report/compare_joint_selection_figure.rst",
            category="Comparison",
            subcategory="joint topics",
            labels={"figure": "choosing K"},
        ),
        top_words=comparison_figure(
            "joint_top_words",
            caption="../report/compare_joint_top_words.rst",
            category="Comparison",
            subcategory="joint topics",
            labels={"figure": "top words"},
        ),
        document_figure=comparison_figure(
            "document_topics_figure",
            caption="../report/compare_document_topics_figure.rst",
            category="Comparison",
            subcategory="joint topics",
            labels={"figure": "document × topic"},
        ),
        chapter_figure=comparison_figure(
            "chapter_topics_figure",
            caption="../report/compare_chapter_topics_figure.rst",
            category="Comparison",
            subcategory="joint topics",
            labels={"figure": "chapter × topic"},
        ),
    log:
        paths.log("compare_topic_figures", paths.COMPARISON_FOLDER),
    benchmark:
        paths.benchmark("compare_topic_figures", paths.COMPARISON_FOLDER)
    conda:
        CONDA_ENV
    threads: 1
    resources:
        mem_mb=2000,
        runtime=15,
    params:
        results=lambda wildcards, input: paths.results_folder_of_comparison(input.chosen),
        n_terms=JOINT_SETTINGS["n_top_words"],
    script:
        "../scripts/compare_topic_figures.py"


rule compare_alignment:
    input:
        models=every_document("lda_model"),
        summaries=every_document("topic_summary"),
    output:
        alignment=report(
            compared("alignment"),
            caption="../report/compare_alignment.rst",
            category="Comparison",
            subcategory="topic alignment",
            labels={"table": "similarity of every pair of topics"},
        ),
        best_matches=report(
            compared("best_matches"),
            caption="../report/compare_best_matches.rst",
            category="Comparison",
            subcategory="topic alignment",
            labels={"table": "best matches"},
        ),
        figure=comparison_figure(
            "alignment_figure",
            caption="../report/compare_alignment_figure.rst",
            category="Comparison",
            subcategory="topic alignment",
            labels={"figure": "alignment heatmap"},
        ),
    log:
        paths.log("compare_alignment", paths.COMPARISON_FOLDER),
    benchmark:
        paths.benchmark("compare_alignment", paths.COMPARISON_FOLDER)
    conda:
        CONDA_ENV
    threads: 1
    resources:
        mem_mb=1500,
        runtime=10,
    params:
        documents=COMPARED,
    script:
        "../scripts/compare_alignment.py"


rule compare_notebook:
    input:
        notebook=str(REPO_DIR / "notebooks" / f"{paths.COMPARISON_NOTEBOOK}.ipynb"),
        documents=rules.compare_keyness.output.documents,
        keyness=rules.compare_keyness.output.keyness,
        keyness_figure=rules.compare_keyness.output.figure,
        joint=rules.compare_topics.output.summary,
        document_topics=rules.compare_topics.output.document_topics,
        chapter_topics=rules.compare_topics.output.chapter_topics,
        sentences=rules.compare_topics.output.sentences,
        joint_figures=[
            rules.compare_topic_figures.output.top_words,
            rules.compare_topic_figures.output.document_figure,
            rules.compare_topic_figures.output.chapter_figure,
        ],
        best_matches=rules.compare_alignment.output.best_matches,
        alignment_figure=rules.compare_alignment.output.figure,
    output:
        html=compared("notebook"),
    log:
        paths.log("compare_notebook", paths.COMPARISON_FOLDER),
    benchmark:
        paths.benchmark("compare_notebook", paths.COMPARISON_FOLDER)
    conda:
        CONDA_ENV
    threads: 1
    resources:
        mem_mb=2000,
        runtime=15,
    params:
        documents=COMPARED,
    script:
        "../scripts/compare_notebook.py"
