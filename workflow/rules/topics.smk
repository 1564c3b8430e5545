# LDA topics (docs/topics.md):
#   tokens -> lda_corpus -> lda_fit (lda.fit_jobs jobs sharing the grid's (K, seed)
#   fits, main and comparison engines) -> lda_select (+ stability) -> lda_model_outputs
#   tokens -> lda_chapter_models (runs beside the fits) -> lda_chapter_links (needs lda_select)
import plantopics.topics.settings as lda_settings

LDA = config["lda"]
LDA_FIT_METRICS = expand(
    "results/{{doc}}/lda/fits/{batch}/metrics.csv", batch=lda_settings.batch_ids(LDA)
)
LDA_FIT_MODELS = expand(
    "results/{{doc}}/lda/fits/{batch}/models", batch=lda_settings.batch_ids(LDA)
)


rule lda_corpus:
    input:
        tokens=rules.tokenize.output.tokens,
    output:
        documents="results/{doc}/lda/corpus/documents.csv",
        dictionary="results/{doc}/lda/corpus/dictionary.txt",
        vocabulary="results/{doc}/lda/corpus/vocabulary.csv",
        reference="results/{doc}/lda/corpus/reference_texts.csv",
    log:
        "logs/{doc}/lda_corpus.log",
    benchmark:
        "logs/benchmarks/{doc}/lda_corpus.tsv"
    conda:
        CONDA_ENV
    threads: 1
    priority: PRIORITY["lda_corpus"]
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        settings=lda_settings.corpus_params(LDA),
    script:
        "../scripts/lda_corpus.py"


rule lda_fit:
    input:
        documents=rules.lda_corpus.output.documents,
        dictionary=rules.lda_corpus.output.dictionary,
        reference=rules.lda_corpus.output.reference,
    output:
        metrics="results/{doc}/lda/fits/{batch}/metrics.csv",
        timing="results/{doc}/lda/fits/{batch}/timing.csv",
        models=directory("results/{doc}/lda/fits/{batch}/models"),
    log:
        "logs/{doc}/lda_fit_{batch}.log",
    benchmark:
        "logs/benchmarks/{doc}/lda_fit_{batch}.tsv"
    wildcard_constraints:
        batch=r"b\d+",
    conda:
        CONDA_ENV
    threads: 1
    priority: PRIORITY["lda_fit"]
    resources:
        mem_mb=1500,
        runtime=30,
    params:
        settings=lda_settings.fit_params(LDA),
        batches=lda_settings.fit_batches(LDA),
    script:
        "../scripts/lda_fit.py"


rule lda_select:
    input:
        metrics=LDA_FIT_METRICS,
        models=LDA_FIT_MODELS,
    output:
        selection=report(
            "results/{doc}/lda/selection.csv",
            caption="../report/lda_selection_table.rst",
            category="Topics",
            subcategory="{doc}: choosing K",
            labels={"document": "{doc}", "table": "selection"},
        ),
        chosen="results/{doc}/lda/chosen.json",
        figure=report(
            "results/{doc}/lda/figures/selection.png",
            caption="../report/lda_selection.rst",
            category="Topics",
            subcategory="{doc}: choosing K",
            labels={"document": "{doc}", "figure": "metrics against K"},
        ),
        figure_svg="results/{doc}/lda/figures/selection.svg",
    log:
        "logs/{doc}/lda_select.log",
    benchmark:
        "logs/benchmarks/{doc}/lda_select.tsv"
    conda:
        CONDA_ENV
    threads: 1
    priority: PRIORITY["lda_select"]
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        settings=lda_settings.select_params(LDA),
    script:
        "../scripts/lda_select.py"


rule lda_model_outputs:
    input:
        chosen=rules.lda_select.output.chosen,
        models=LDA_FIT_MODELS,
        documents=rules.lda_corpus.output.documents,
        dictionary=rules.lda_corpus.output.dictionary,
        tokens=rules.tokenize.output.tokens,
        sentences=rules.segment.output.sentences,
        chapters=rules.segment.output.chapters,
    output:
        topics=report(
            "results/{doc}/lda/topics.csv",
            caption="../report/lda_topics.rst",
            category="Topics",
            subcategory="{doc}: the chosen model",
            labels={"document": "{doc}", "table": "topics"},
        ),
        summary=report(
            "results/{doc}/lda/topic_summary.csv",
            caption="../report/lda_topic_summary.rst",
            category="Topics",
            subcategory="{doc}: the chosen model",
            labels={"document": "{doc}", "table": "topic summary"},
        ),
        doc_topics="results/{doc}/lda/doc_topics.csv",
        chapter_topics=report(
            "results/{doc}/lda/chapter_topics.csv",
            caption="../report/lda_chapter_topics.rst",
            category="Topics",
            subcategory="{doc}: the chosen model",
            labels={"document": "{doc}", "table": "chapter × topic"},
        ),
        representative=report(
            "results/{doc}/lda/representative_sentences.csv",
            caption="../report/lda_representative.rst",
            category="Topics",
            subcategory="{doc}: the chosen model",
            labels={"document": "{doc}", "table": "representative sentences"},
        ),
        model=directory("results/{doc}/lda/model"),
        top_words=report(
            "results/{doc}/lda/figures/top_words.png",
            caption="../report/lda_top_words.rst",
            category="Topics",
            subcategory="{doc}: the chosen model",
            labels={"document": "{doc}", "figure": "top words"},
        ),
        top_words_svg="results/{doc}/lda/figures/top_words.svg",
        heatmap=report(
            "results/{doc}/lda/figures/chapter_topics.png",
            caption="../report/lda_chapter_heatmap.rst",
            category="Topics",
            subcategory="{doc}: the chosen model",
            labels={"document": "{doc}", "figure": "chapter × topic"},
        ),
        heatmap_svg="results/{doc}/lda/figures/chapter_topics.svg",
        wordclouds=report(
            directory("results/{doc}/lda/figures/wordclouds"),
            patterns=["{name}.png"],
            caption="../report/lda_wordcloud.rst",
            category="Topics",
            subcategory="{doc}: word clouds",
            labels={"document": "{doc}", "figure": "{name}"},
        ),
        explorer=report(
            "results/{doc}/lda/explorer.html",
            caption="../report/lda_explorer.rst",
            category="Topics",
            subcategory="{doc}: the chosen model",
            labels={"document": "{doc}", "figure": "explorer (LDAvis)"},
        ),
    log:
        "logs/{doc}/lda_model_outputs.log",
    benchmark:
        "logs/benchmarks/{doc}/lda_model_outputs.tsv"
    conda:
        CONDA_ENV
    threads: 1
    priority: PRIORITY["lda_model_outputs"]
    resources:
        mem_mb=2000,
        runtime=15,
    params:
        settings=lda_settings.output_params(LDA),
    script:
        "../scripts/lda_outputs.py"


rule lda_chapter_models:
    input:
        tokens=rules.tokenize.output.tokens,
        chapters=rules.segment.output.chapters,
    output:
        models=report(
            "results/{doc}/lda/chapters/models.csv",
            caption="../report/lda_chapter_models.rst",
            category="Topics",
            subcategory="{doc}: per chapter",
            labels={"document": "{doc}", "table": "chapter models"},
        ),
        selection="results/{doc}/lda/chapters/selection.csv",
        topics=report(
            "results/{doc}/lda/chapters/topics.csv",
            caption="../report/lda_chapter_topics_table.rst",
            category="Topics",
            subcategory="{doc}: per chapter",
            labels={"document": "{doc}", "table": "chapter topics"},
        ),
        model_dir=directory("results/{doc}/lda/chapters/models"),
    log:
        "logs/{doc}/lda_chapter_models.log",
    benchmark:
        "logs/benchmarks/{doc}/lda_chapter_models.tsv"
    conda:
        CONDA_ENV
    threads: 1
    priority: PRIORITY["lda_chapter_models"]
    resources:
        mem_mb=1500,
        runtime=20,
    params:
        settings=lda_settings.chapter_params(LDA),
    script:
        "../scripts/lda_chapter_models.py"


rule lda_chapter_links:
    input:
        models=rules.lda_chapter_models.output.models,
        topics=rules.lda_chapter_models.output.topics,
        model_dir=rules.lda_chapter_models.output.model_dir,
        chapters=rules.segment.output.chapters,
        chosen=rules.lda_select.output.chosen,
        fits=LDA_FIT_MODELS,
        documents=rules.lda_corpus.output.documents,
        dictionary=rules.lda_corpus.output.dictionary,
    output:
        links=report(
            "results/{doc}/lda/chapters/links.csv",
            caption="../report/lda_links.rst",
            category="Topics",
            subcategory="{doc}: per chapter",
            labels={"document": "{doc}", "table": "links to document topics"},
        ),
        similarity="results/{doc}/lda/chapters/similarity.csv",
        figures=report(
            directory("results/{doc}/lda/figures/chapters"),
            patterns=["{name}.png"],
            caption="../report/lda_chapter_figure.rst",
            category="Topics",
            subcategory="{doc}: per chapter",
            labels={"document": "{doc}", "figure": "{name}"},
        ),
        links_figure=report(
            "results/{doc}/lda/figures/chapter_links.png",
            caption="../report/lda_links_figure.rst",
            category="Topics",
            subcategory="{doc}: per chapter",
            labels={"document": "{doc}", "figure": "links to document topics"},
        ),
        links_figure_svg="results/{doc}/lda/figures/chapter_links.svg",
    log:
        "logs/{doc}/lda_chapter_links.log",
    benchmark:
        "logs/benchmarks/{doc}/lda_chapter_links.tsv"
    conda:
        CONDA_ENV
    threads: 1
    priority: PRIORITY["lda_chapter_links"]
    resources:
        mem_mb=1500,
        runtime=10,
    params:
        settings=lda_settings.link_params(LDA),
    script:
        "../scripts/lda_chapter_links.py"
