# LDA topics (docs/topics.md):
#   tokens -> lda_corpus -> lda_fit (lda.fit_jobs jobs sharing the grid's (K, seed)
#   fits, with the main engine and the extra engines) -> lda_select (+ stability) -> lda_model_outputs
#   tokens -> lda_chapter_models (runs beside the fits) -> lda_chapter_links (needs lda_select);
#   these two are targets only with lda.per_chapter.enabled (SWITCHED_OFF in common.smk)
LDA_FIT_METRICS = expand(out("lda_fit_metrics"), batch=LDA_SHARES, allow_missing=True)
LDA_FIT_MODELS = expand(out("lda_fit_models"), batch=LDA_SHARES, allow_missing=True)


rule lda_corpus:
    input:
        tokens=rules.tokenize.output.tokens,
    output:
        documents=out("lda_documents"),
        dictionary=out("lda_dictionary"),
        vocabulary=out("lda_vocabulary"),
        reference=out("lda_reference"),
    log:
        paths.log("lda_corpus"),
    benchmark:
        paths.benchmark("lda_corpus")
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
        metrics=out("lda_fit_metrics"),
        timing=out("lda_fit_timing"),
        models=directory(out("lda_fit_models")),
    log:
        paths.log("lda_fit_{batch}"),
    benchmark:
        paths.benchmark("lda_fit_{batch}")
    wildcard_constraints:
        batch="|".join(LDA_SHARES),
    conda:
        CONDA_ENV
    threads: 1
    priority: PRIORITY["lda_fit"]
    resources:
        mem_mb=1500,
        runtime=30,
    params:
        grid=lda_fit_share,
        n_top_words=LDA["n_top_words"],
        smallest_k=lda_settings.smallest_k(LDA),
    script:
        "../scripts/lda_fit.py"


rule lda_select:
    input:
        metrics=LDA_FIT_METRICS,
        models=LDA_FIT_MODELS,
    output:
        selection=report(
            out("lda_selection"),
            caption="../report/lda_selection_table.rst",
            category="Topics",
            subcategory="{doc}: choosing K",
            labels={"document": "{doc}", "table": "selection"},
        ),
        chosen=out("lda_chosen"),
        figure=figure(
            "selection_figure",
            caption="../report/lda_selection.rst",
            category="Topics",
            subcategory="{doc}: choosing K",
            labels={"document": "{doc}", "figure": "metrics against K"},
        ),
    log:
        paths.log("lda_select"),
    benchmark:
        paths.benchmark("lda_select")
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
            out("topics"),
            caption="../report/lda_topics.rst",
            category="Topics",
            subcategory="{doc}: the chosen model",
            labels={"document": "{doc}", "table": "topics"},
        ),
        summary=report(
            out("topic_summary"),
            caption="../report/lda_topic_summary.rst",
            category="Topics",
            subcategory="{doc}: the chosen model",
            labels={"document": "{doc}", "table": "topic summary"},
        ),
        doc_topics=out("doc_topics"),
        chapter_topics=report(
            out("chapter_topics"),
            caption="../report/lda_chapter_topics.rst",
            category="Topics",
            subcategory="{doc}: the chosen model",
            labels={"document": "{doc}", "table": "chapter × topic"},
        ),
        representative=report(
            out("representative_sentences"),
            caption="../report/lda_representative.rst",
            category="Topics",
            subcategory="{doc}: the chosen model",
            labels={"document": "{doc}", "table": "representative sentences"},
        ),
        model=directory(out("lda_model")),
        top_words=figure(
            "top_words",
            caption="../report/lda_top_words.rst",
            category="Topics",
            subcategory="{doc}: the chosen model",
            labels={"document": "{doc}", "figure": "top words"},
        ),
        heatmap=figure(
            "chapter_topic_heatmap",
            caption="../report/lda_chapter_heatmap.rst",
            category="Topics",
            subcategory="{doc}: the chosen model",
            labels={"document": "{doc}", "figure": "chapter × topic"},
        ),
        wordclouds=report(
            directory(out("topic_wordclouds")),
            patterns=["{name}.png"],
            caption="../report/lda_wordcloud.rst",
            category="Topics",
            subcategory="{doc}: word clouds",
            labels={"document": "{doc}", "figure": "{name}"},
        ),
        explorer=report(
            out("explorer"),
            caption="../report/lda_explorer.rst",
            category="Topics",
            subcategory="{doc}: the chosen model",
            labels={"document": "{doc}", "figure": "explorer (LDAvis)"},
        ),
    log:
        paths.log("lda_model_outputs"),
    benchmark:
        paths.benchmark("lda_model_outputs")
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
        "../scripts/lda_model_outputs.py"


rule lda_chapter_models:
    input:
        tokens=rules.tokenize.output.tokens,
        chapters=rules.segment.output.chapters,
    output:
        models=report(
            out("chapter_models"),
            caption="../report/lda_chapter_models.rst",
            category="Topics",
            subcategory="{doc}: per chapter",
            labels={"document": "{doc}", "table": "chapter models"},
        ),
        selection=out("chapter_selection"),
        topics=report(
            out("chapter_topic_terms"),
            caption="../report/lda_chapter_topics_table.rst",
            category="Topics",
            subcategory="{doc}: per chapter",
            labels={"document": "{doc}", "table": "chapter topics"},
        ),
        model_dir=directory(out("chapter_model_folders")),
    log:
        paths.log("lda_chapter_models"),
    benchmark:
        paths.benchmark("lda_chapter_models")
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
        tokens=rules.tokenize.output.tokens,
        chosen=rules.lda_select.output.chosen,
        fits=LDA_FIT_MODELS,
        documents=rules.lda_corpus.output.documents,
        dictionary=rules.lda_corpus.output.dictionary,
    output:
        links=report(
            out("chapter_links"),
            caption="../report/lda_links.rst",
            category="Topics",
            subcategory="{doc}: per chapter",
            labels={"document": "{doc}", "table": "links to document topics"},
        ),
        similarity=out("chapter_similarity"),
        figures=report(
            directory(out("chapter_topic_figures")),
            patterns=["{name}.png"],
            caption="../report/lda_chapter_figure.rst",
            category="Topics",
            subcategory="{doc}: per chapter",
            labels={"document": "{doc}", "figure": "{name}"},
        ),
        links_figure=figure(
            "chapter_links_figure",
            caption="../report/lda_links_figure.rst",
            category="Topics",
            subcategory="{doc}: per chapter",
            labels={"document": "{doc}", "figure": "links to document topics"},
        ),
    log:
        paths.log("lda_chapter_links"),
    benchmark:
        paths.benchmark("lda_chapter_links")
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
