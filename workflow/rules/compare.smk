# The comparison of two or more documents (docs/comparison.md), in results/_comparison/:
#   tokens of every document -> compare_keyness (each document against the others)
#   tokens of every document -> compare_topics (one LDA over all documents together)
#   lda/model of every document -> compare_alignment (each document's topics against the others')
#   all of them -> compare_notebook (notebooks/04_comparison.ipynb rendered once)
# Their inputs are every document's outputs, so adding a document reruns the comparison.
# rule all asks for them only with two or more documents (plantopics.workflow.comparison_outputs).
import plantopics.compare as pc

COMPARISON = pw.COMPARISON_DIR
COMPARED = sorted(DOCUMENTS)
COMPARE_LOGS = "logs/_comparison"
COMPARE_BENCHMARKS = "logs/benchmarks/_comparison"


rule compare_keyness:
    input:
        tokens=pw.comparison_inputs(DOCUMENTS, "results/{doc}/tokens/sentences.csv"),
        structure=pw.comparison_inputs(
            DOCUMENTS, "results/{doc}/structure/structure.json"
        ),
    output:
        documents=report(
            f"{COMPARISON}/documents.csv",
            caption="../report/compare_documents.rst",
            category="Comparison",
            subcategory="keyness",
            labels={"table": "compared documents"},
        ),
        keyness=report(
            f"{COMPARISON}/keyness.csv",
            caption="../report/compare_keyness.rst",
            category="Comparison",
            subcategory="keyness",
            labels={"table": "keyness (G²)"},
        ),
        figure=report(
            f"{COMPARISON}/figures/keyness.png",
            caption="../report/compare_keyness_figure.rst",
            category="Comparison",
            subcategory="keyness",
            labels={"figure": "keyness"},
        ),
        figure_svg=f"{COMPARISON}/figures/keyness.svg",
    log:
        f"{COMPARE_LOGS}/compare_keyness.log",
    benchmark:
        f"{COMPARE_BENCHMARKS}/compare_keyness.tsv"
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
    script:
        "../scripts/compare_keyness.py"


rule compare_topics:
    input:
        tokens=pw.comparison_inputs(DOCUMENTS, "results/{doc}/tokens/sentences.csv"),
        sentences=pw.comparison_inputs(
            DOCUMENTS, "results/{doc}/structure/sentences.csv"
        ),
        chapters=pw.comparison_inputs(DOCUMENTS, "results/{doc}/structure/chapters.csv"),
    output:
        selection=report(
            f"{COMPARISON}/joint_selection.csv",
            caption="../report/compare_joint_selection.rst",
            category="Comparison",
            subcategory="joint topics",
            labels={"table": "choosing K"},
        ),
        chosen=f"{COMPARISON}/joint_chosen.json",
        topics=report(
            f"{COMPARISON}/joint_topics.csv",
            caption="../report/compare_joint_topics.rst",
            category="Comparison",
            subcategory="joint topics",
            labels={"table": "topics"},
        ),
        summary=report(
            f"{COMPARISON}/joint_topic_summary.csv",
            caption="../report/compare_joint_summary.rst",
            category="Comparison",
            subcategory="joint topics",
            labels={"table": "topic summary"},
        ),
        document_topics=report(
            f"{COMPARISON}/document_topics.csv",
            caption="../report/compare_document_topics.rst",
            category="Comparison",
            subcategory="joint topics",
            labels={"table": "document × topic"},
        ),
        chapter_topics=report(
            f"{COMPARISON}/chapter_topics.csv",
            caption="../report/compare_chapter_topics.rst",
            category="Comparison",
            subcategory="joint topics",
            labels={"table": "chapter × topic"},
        ),
        sentences=report(
            f"{COMPARISON}/joint_sentences.csv",
            caption="../report/compare_joint_sentences.rst",
            category="Comparison",
            subcategory="joint topics",
            labels={"table": "representative sentences"},
        ),
        model=directory(f"{COMPARISON}/joint_model"),
        selection_figure=report(
            f"{COMPARISON}/figures/joint_selection.png",
            caption="../report/compare_joint_selection_figure.rst",
            category="Comparison",
            subcategory="joint topics",
            labels={"figure": "choosing K"},
        ),
        selection_figure_svg=f"{COMPARISON}/figures/joint_selection.svg",
        top_words=report(
            f"{COMPARISON}/figures/joint_top_words.png",
            caption="../report/compare_joint_top_words.rst",
            category="Comparison",
            subcategory="joint topics",
            labels={"figure": "top words"},
        ),
        top_words_svg=f"{COMPARISON}/figures/joint_top_words.svg",
        document_figure=report(
            f"{COMPARISON}/figures/document_topics.png",
            caption="../report/compare_document_topics_figure.rst",
            category="Comparison",
            subcategory="joint topics",
            labels={"figure": "document × topic"},
        ),
        document_figure_svg=f"{COMPARISON}/figures/document_topics.svg",
        chapter_figure=report(
            f"{COMPARISON}/figures/chapter_topics.png",
            caption="../report/compare_chapter_topics_figure.rst",
            category="Comparison",
            subcategory="joint topics",
            labels={"figure": "chapter × topic"},
        ),
        chapter_figure_svg=f"{COMPARISON}/figures/chapter_topics.svg",
    log:
        f"{COMPARE_LOGS}/compare_topics.log",
    benchmark:
        f"{COMPARE_BENCHMARKS}/compare_topics.tsv"
    conda:
        CONDA_ENV
    threads: 1
    resources:
        mem_mb=3000,
        runtime=60,
    params:
        documents=COMPARED,
        settings=pc.joint_settings(LDA, config["compare"]),
        n_sentences=LDA["representative_sentences"],
    script:
        "../scripts/compare_topics.py"


rule compare_alignment:
    input:
        models=pw.comparison_inputs(DOCUMENTS, "results/{doc}/lda/model"),
        summaries=pw.comparison_inputs(DOCUMENTS, "results/{doc}/lda/topic_summary.csv"),
    output:
        alignment=report(
            f"{COMPARISON}/alignment.csv",
            caption="../report/compare_alignment.rst",
            category="Comparison",
            subcategory="topic alignment",
            labels={"table": "similarity of every pair of topics"},
        ),
        best_matches=report(
            f"{COMPARISON}/best_matches.csv",
            caption="../report/compare_best_matches.rst",
            category="Comparison",
            subcategory="topic alignment",
            labels={"table": "best matches"},
        ),
        figure=report(
            f"{COMPARISON}/figures/alignment.png",
            caption="../report/compare_alignment_figure.rst",
            category="Comparison",
            subcategory="topic alignment",
            labels={"figure": "alignment heatmap"},
        ),
        figure_svg=f"{COMPARISON}/figures/alignment.svg",
    log:
        f"{COMPARE_LOGS}/compare_alignment.log",
    benchmark:
        f"{COMPARE_BENCHMARKS}/compare_alignment.tsv"
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
        notebook=str(REPO_DIR / "notebooks" / f"{pw.COMPARISON_NOTEBOOK}.ipynb"),
        documents=rules.compare_keyness.output.documents,
        keyness=rules.compare_keyness.output.keyness,
        keyness_figure=rules.compare_keyness.output.figure,
        joint=rules.compare_topics.output.summary,
        document_topics=rules.compare_topics.output.document_topics,
        chapter_topics=rules.compare_topics.output.chapter_topics,
        sentences=rules.compare_topics.output.sentences,
        joint_figures=[
            rules.compare_topics.output.top_words,
            rules.compare_topics.output.document_figure,
            rules.compare_topics.output.chapter_figure,
        ],
        best_matches=rules.compare_alignment.output.best_matches,
        alignment_figure=rules.compare_alignment.output.figure,
    output:
        html=f"{COMPARISON}/notebooks/{pw.COMPARISON_NOTEBOOK}.html",
    log:
        f"{COMPARE_LOGS}/compare_notebook.log",
    benchmark:
        f"{COMPARE_BENCHMARKS}/compare_notebook.tsv"
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
