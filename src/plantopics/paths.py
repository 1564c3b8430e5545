"""Where every result lives: each output path of the workflow is written here once.

The ``.smk`` rules declare their outputs with these templates, the scripts
write the files inside their folder outputs with them, the results loader
(:mod:`plantopics.results`) and the notebooks read through them, and the
workflow's target lists (:mod:`plantopics.workflow.targets`) are built from
them. Nothing else spells a path under ``results/``.

Templates are relative to a document's folder ``results/<id>/``
(:data:`DOCUMENT`), to the comparison's folder ``results/_comparison/``
(:data:`COMPARISON`), to the series' folder ``results/_series/``
(:data:`SERIES`), or to a folder output of either (:data:`INSIDE`).
Placeholders in braces are Snakemake wildcards (``{batch}``, ``{notebook}``)
or fields of a file inside a folder (``{chapter:02d}``). A name in
:data:`FIGURE_PAIRS` is a figure written twice, ``<path>.png`` and
``<path>.svg`` (the rules declare them with ``multiext``).

>>> from plantopics import paths
>>> paths.document("chapters")                         # what a rule declares
'results/{doc}/structure/chapters.csv'
>>> paths.document("chapters", doc="plan", results="../results")
'../results/plan/structure/chapters.csv'
>>> paths.figure("top_words", doc="plan")              # a figure pair: its PNG
'results/plan/lda/figures/top_words.png'
>>> paths.document("topic_wordcloud", doc="plan", topic=3)
'results/plan/lda/figures/wordclouds/topic_03.png'

Adding a stage: put its files here under new names (in ``DOCUMENT``,
``COMPARISON`` or ``SERIES``; files its job writes inside a folder output in ``INSIDE``;
figures written as PNG + SVG in ``FIGURE_PAIRS``), list the ones a run must
always produce in ``FINAL`` (which makes them targets of ``rule all`` and
inputs of the notebooks and the manifest), then write its rule file
(``workflow/rules/<stage>.smk``, outputs from these names) and its script
(``workflow/scripts/<rule>.py``). Names are unique across ``DOCUMENT`` and
``INSIDE`` (a test checks it).
"""

from __future__ import annotations

from pathlib import Path

RESULTS = "results"  # the workflow's results folder, relative to its working directory
LOGS = "logs"
COMPARISON_FOLDER = "_comparison"  # document ids start with a letter or digit, so it never clashes with one
SERIES_FOLDER = "_series"
FAILED_DOCUMENTS = "_failed.csv"  # results/_failed.csv: the documents a run could not analyse, and why
RUN_LOGS = "_run"  # logs/_run/: the logs of jobs about the whole run, not one document

# The interpretation notebooks (notebooks/<name>.ipynb), in the order a reader needs them,
# each rendered per document to notebooks/<name>.html; the comparison's, once for all documents.
NOTEBOOKS = ("01_structure_and_keywords", "02_document_topics", "03_chapter_topics")
COMPARISON_NOTEBOOK = "04_comparison"
SERIES_NOTEBOOK = "05_series"

# Files and folders of one document, relative to results/<id>/, by the stage that writes them.
DOCUMENT: dict[str, str] = {
    # ingest
    "text": "text/normalized.txt",  # what the pipeline analyses: Simplified
    "original_text": "text/original.txt",  # the same text in the document's own script
    "ingest_info": "text/ingest.json",
    # segment
    "chapters": "structure/chapters.csv",
    "sections": "structure/sections.csv",
    "boxes": "structure/boxes.csv",
    "parts": "structure/parts.csv",
    "units": "structure/units.csv",
    "sentences": "structure/sentences.csv",
    "structure": "structure/structure.json",
    "diagnostics": "structure/diagnostics.csv",  # structure.json's diagnostics as a table, for the report
    # tokenize
    "tokens": "tokens/sentences.csv",
    "tokens_report": "tokens/report.md",
    "tokens_report_json": "tokens/report.json",
    # keyword_tables, keyword_kwic, keyword_figures
    "keyword_scores": "keywords/scores.csv",
    "tfidf": "keywords/tfidf.csv",
    "keyness": "keywords/keyness.csv",
    "kwic": "keywords/kwic.csv",
    "keyword_figure_index": "keywords/figures/index.csv",
    "keyword_overview": "keywords/figures/overview",
    "keyword_heatmap": "keywords/figures/heatmap",
    "keyword_chapter_figures": "keywords/figures/chapters",  # folder
    # lda_corpus
    "lda_corpus": "lda/corpus",  # folder of the files below (INSIDE)
    "lda_reference": "lda/corpus/reference_texts.csv",
    # lda_fit: one job per share of the grid's fits ({batch}: b1, b2 …)
    "lda_fit_metrics": "lda/fits/{batch}/metrics.csv",
    "lda_fit_timing": "lda/fits/{batch}/timing.csv",
    "lda_fit_models": "lda/fits/{batch}/models",  # folder: one folder per fit (INSIDE "fit_model")
    # lda_select
    "lda_selection": "lda/selection.csv",
    "lda_chosen": "lda/chosen.json",
    "selection_figure": "lda/figures/selection",
    # lda_model_outputs
    "topics": "lda/topics.csv",
    "topic_summary": "lda/topic_summary.csv",
    "doc_topics": "lda/doc_topics.csv",
    "chapter_topics": "lda/chapter_topics.csv",
    "representative_sentences": "lda/representative_sentences.csv",
    "lda_model": "lda/model",  # folder: the chosen fit and its dictionary
    "top_words": "lda/figures/top_words",
    "chapter_topic_heatmap": "lda/figures/chapter_topics",
    "topic_wordclouds": "lda/figures/wordclouds",  # folder
    "explorer": "lda/explorer.html",
    # lda_chapter_models
    "chapter_models": "lda/chapters/models.csv",
    "chapter_selection": "lda/chapters/selection.csv",
    "chapter_topic_terms": "lda/chapters/topics.csv",
    "chapter_model_folders": "lda/chapters/models",  # folder
    # lda_chapter_links
    "chapter_links": "lda/chapters/links.csv",
    "chapter_similarity": "lda/chapters/similarity.csv",
    "chapter_links_figure": "lda/figures/chapter_links",
    "chapter_topic_figures": "lda/figures/chapters",  # folder
    # network
    "network_terms": "network/terms.csv",
    "network_edges": "network/edges.csv",
    "network_communities": "network/communities.csv",
    "network_settings": "network/settings.json",
    "network_gexf": "network/network.gexf",
    "network_graphml": "network/network.graphml",
    "network_pajek": "network/network.net",
    "network_vosviewer_map": "network/vosviewer_map.txt",
    "network_vosviewer_network": "network/vosviewer_network.txt",
    "network_figure": "network/network",
    "network_explorer": "network/explorer.html",
    "network_chapters": "network/chapters",  # folder: each chapter's network (network.per_chapter)
    # render_notebooks
    "notebook": "notebooks/{notebook}.html",
    # manifest
    "manifest": "manifest.json",
}

# Files a job writes inside one of its folder outputs: name -> (the folder's name, path inside it).
INSIDE: dict[str, tuple[str, str]] = {
    "keyword_chapter_bars": ("keyword_chapter_figures", "chapter_{chapter:02d}_terms"),
    "keyword_chapter_cloud": ("keyword_chapter_figures", "wordcloud_chapter_{chapter:02d}.png"),
    "lda_documents": ("lda_corpus", "documents.csv"),
    "lda_dictionary": ("lda_corpus", "dictionary.txt"),
    "lda_vocabulary": ("lda_corpus", "vocabulary.csv"),
    "fit_model": ("lda_fit_models", "k{k:02d}/{engine}_s{seed}"),
    "fit_status": ("lda_fit_models", "status.json"),  # only when the document is too small for a model
    "model_dictionary": ("lda_model", "dictionary.txt"),
    "model_status": ("lda_model", "status.json"),  # only when the document is too small for a model
    "topic_wordcloud": ("topic_wordclouds", "topic_{topic:02d}.png"),
    "chapter_model": ("chapter_model_folders", "chapter_{chapter:02d}"),
    "chapter_topic_figure": ("chapter_topic_figures", "chapter_{chapter:02d}.png"),
    "network_chapter_index": ("network_chapters", "index.csv"),  # one row per chapter; no rows when switched off
    "network_chapter_terms": ("network_chapters", "ch{chapter:02d}/terms.csv"),
    "network_chapter_edges": ("network_chapters", "ch{chapter:02d}/edges.csv"),
    "network_chapter_communities": ("network_chapters", "ch{chapter:02d}/communities.csv"),
    "network_chapter_figure": ("network_chapters", "ch{chapter:02d}/network.png"),
}
FIT_COHERENCE = "topic_coherence.csv"  # beside a fit's model (engines.FittedModel.save): each topic's coherence

# The comparison of two or more documents, relative to results/_comparison/.
COMPARISON: dict[str, str] = {
    # comparison_keyness
    "documents": "documents.csv",
    "keyness": "keyness.csv",
    "keyness_figure": "figures/keyness",
    # comparison_topics
    "joint_selection": "joint_selection.csv",
    "joint_chosen": "joint_chosen.json",
    "joint_topics": "joint_topics.csv",
    "joint_topic_summary": "joint_topic_summary.csv",
    "document_topics": "document_topics.csv",
    "chapter_topics": "chapter_topics.csv",
    "joint_sentences": "joint_sentences.csv",
    "joint_model": "joint_model",  # folder: the chosen fit and its dictionary (model_dictionary inside)
    "joint_units": "joint_units.csv",  # the joint corpus: every LDA document (unit) of every document, held out too
    "joint_unit_topics": "joint_unit_topics.csv",  # every unit's topic mix in each seed's fit at the chosen K
    "joint_seed_fits": "joint_seed_fits",  # folder: each seed's fit at the chosen K (fit_folder layout)
    "joint_selection_figure": "figures/joint_selection",
    "joint_top_words": "figures/joint_top_words",
    "document_topics_figure": "figures/document_topics",
    "chapter_topics_figure": "figures/chapter_topics",
    # comparison_alignment
    "alignment": "alignment.csv",
    "best_matches": "best_matches.csv",
    "alignment_figure": "figures/alignment",
    # comparison_notebook
    "notebook": f"notebooks/{COMPARISON_NOTEBOOK}.html",
}

# A series of documents over time or between groups, relative to results/_series/ (docs/series.md).
SERIES: dict[str, str] = {
    # series_documents
    "documents": "documents.csv",
    # series_terms
    "term_frequencies": "terms/frequencies.csv",
    "term_trends": "terms/trends.csv",
    "first_appearances": "terms/first_appearances.csv",
    "group_keyness": "terms/group_keyness.csv",
    "trends_figure": "figures/trends",
    "first_appearances_figure": "figures/first_appearances",
    # series_topics
    "topic_documents": "topics/documents.csv",
    "prevalence": "topics/prevalence.csv",
    "effects": "topics/effects.csv",
    "group_shares": "topics/group_shares.csv",
    "evolution": "topics/evolution.csv",
    "prevalence_figure": "figures/prevalence",
    "prevalence_heatmap": "figures/prevalence_heatmap",
    "group_shares_figure": "figures/group_shares",
    "evolution_figure": "figures/evolution",
    # series_notebook
    "notebook": f"notebooks/{SERIES_NOTEBOOK}.html",
}

FIGURE_PAIRS = frozenset({
    "keyword_overview", "keyword_heatmap", "keyword_chapter_bars", "selection_figure", "top_words",
    "chapter_topic_heatmap", "chapter_links_figure",
    "keyness_figure", "joint_selection_figure", "joint_top_words", "document_topics_figure", "chapter_topics_figure",
    "alignment_figure", "network_figure",
    "trends_figure", "first_appearances_figure", "prevalence_figure", "prevalence_heatmap", "group_shares_figure",
    "evolution_figure",
})
FIGURE_FORMATS = (".png", ".svg")

# What a run must produce for each document, by stage: the targets of `rule all`; the notebooks read
# everything but their own pages and the manifest, and the manifest is written after all the rest.
# A figure pair stands for its PNG; "notebook" for every page of NOTEBOOKS. A stage the config can
# switch off (plantopics.workflow.targets.switched_off) is left out with `exclude`, and so is a
# notebook that reads it (NOTEBOOK_STAGES).
FINAL: dict[str, tuple[str, ...]] = {
    "structure": ("chapters", "units"),
    "tokens": ("tokens", "tokens_report"),
    "keywords": ("tfidf", "keyness", "kwic"),
    "keyword_figures": ("keyword_figure_index",),
    "network": ("network_terms", "network_edges", "network_communities", "network_figure", "network_explorer"),
    "topics": ("lda_selection", "topics", "topic_summary", "doc_topics", "chapter_topics",
               "representative_sentences", "explorer"),
    "per_chapter": ("chapter_models", "chapter_links"),  # with lda.per_chapter.enabled
    "notebooks": ("notebook",),
    "manifest": ("manifest",),
}
NOTEBOOK_STAGES = {"03_chapter_topics": "per_chapter"}  # a notebook that reads an optional stage
# The per-document extras a series run leaves out (series.light, docs/series.md): every stage of FINAL but the
# structure, the tokens, the keyword tables and the manifest. The series and the joint model read only tokens,
# sentences and chapters; these are the stages that cost most per document.
PER_DOCUMENT_EXTRAS = ("keyword_figures", "network", "topics", "per_chapter", "notebooks")
FINAL_COMPARISON = ("documents", "keyness", "joint_topics", "document_topics", "chapter_topics",
                    "joint_top_words",  # stands for the joint model's figures (rule compare_topic_figures)
                    "alignment", "best_matches", "alignment_figure", "notebook")
# What of the comparison reads every document's own LDA (the topic alignment, and notebook 04 that shows it):
# left out with the per-document extras.
COMPARISON_OF_DOCUMENT_MODELS = ("alignment", "best_matches", "alignment_figure", "notebook")
FINAL_SERIES = tuple(SERIES)


class _Keep(dict):
    """Formatting fields: a placeholder that is not given stays a placeholder (a Snakemake wildcard)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(template: str, fields: dict) -> str:
    return template.format_map(_Keep(fields)) if fields else template


def _relative(name: str) -> str:
    """A document file's template relative to results/<id>/ (a name of DOCUMENT or INSIDE)."""
    if name in DOCUMENT:
        return DOCUMENT[name]
    if name in INSIDE:
        folder, inner = INSIDE[name]
        return f"{DOCUMENT[folder]}/{inner}"
    raise KeyError(f"no document path named {name!r} in plantopics.paths")


def document(name: str, doc: str = "{doc}", results: str | Path = RESULTS, **fields) -> str:
    """The path of file or folder ``name`` of document ``doc`` (default: the
    ``{doc}`` wildcard) under ``results``; for a figure pair, its base without a suffix.
    ``fields`` fill the other placeholders (``chapter=3``); the ones not given stay."""
    return f"{Path(results).as_posix()}/{doc}/{_fill(_relative(name), fields)}"


def comparison(name: str, results: str | Path = RESULTS) -> str:
    """The path of the comparison's file or folder ``name`` (a figure pair: its base)."""
    return f"{Path(results).as_posix()}/{COMPARISON_FOLDER}/{COMPARISON[name]}"


def results_folder_of_comparison(path: str | Path) -> str:
    """The results folder that holds ``path``, a file directly in the comparison's folder."""
    return Path(path).parent.parent.as_posix()


def series(name: str, results: str | Path = RESULTS) -> str:
    """The path of the series' file ``name`` (a figure pair: its base)."""
    return f"{Path(results).as_posix()}/{SERIES_FOLDER}/{SERIES[name]}"


def figure(name: str, doc: str = "{doc}", results: str | Path = RESULTS, **fields) -> str:
    """The PNG of a document's figure ``name`` (a figure pair or a PNG inside a folder)."""
    path = document(name, doc, results, **fields)
    return path + ".png" if name in FIGURE_PAIRS else path


def inside(folder: str | Path, name: str, **fields) -> Path:
    """The file ``name`` of :data:`INSIDE` in ``folder``, the folder output a job
    was given (a figure pair: its base, to which ``save_figure`` adds .png and .svg)."""
    return Path(folder) / INSIDE[name][1].format(**fields)


def fit_folder(models: str | Path, engine: str, k: int, seed: int) -> Path:
    """One fit's folder inside an ``lda_fit_models`` folder (the layout lda_fit writes and lda_select reads)."""
    return inside(models, "fit_model", engine=engine, k=int(k), seed=int(seed))


def log(rule: str, doc: str = "{doc}") -> str:
    """The log of one job: ``logs/<doc>/<rule>.log`` (``doc``: a document id, the
    ``{doc}`` wildcard or the comparison's folder)."""
    return f"{LOGS}/{doc}/{rule}.log"


def benchmark(rule: str, doc: str = "{doc}") -> str:
    """Snakemake's benchmark table of one job: ``logs/benchmarks/<doc>/<rule>.tsv``."""
    return f"{benchmarks(doc)}/{rule}.tsv"


def benchmarks(doc: str = "{doc}") -> str:
    """The folder of one document's benchmark tables (the manifest reads them all)."""
    return f"{LOGS}/benchmarks/{doc}"


def notebooks(exclude: tuple[str, ...] = ()) -> list[str]:
    """The per-document notebooks rendered without the stages ``exclude`` (:data:`NOTEBOOK_STAGES`), in order."""
    return [name for name in NOTEBOOKS if NOTEBOOK_STAGES.get(name) not in exclude]


def final_outputs(doc: str = "{doc}", stages: tuple[str, ...] | None = None, exclude: tuple[str, ...] = (),
                  results: str | Path = RESULTS) -> list[str]:
    """The final outputs of document ``doc`` of the given stages of :data:`FINAL` (default: all but
    ``exclude``), in order; the notebook pages without those that read an excluded stage."""
    out = []
    for stage in stages or tuple(FINAL):
        if stage not in exclude:
            for name in FINAL[stage]:
                pages = notebooks(exclude) if name == "notebook" else (None,)
                out += [figure(name, doc, results, **({"notebook": page} if page else {})) for page in pages]
    return out


def failed_documents(results: str | Path = RESULTS) -> str:
    """The table of the documents a run could not analyse (:mod:`plantopics.workflow.checks`)."""
    return f"{Path(results).as_posix()}/{FAILED_DOCUMENTS}"


def final_comparison_outputs(results: str | Path = RESULTS, exclude: tuple[str, ...] = ()) -> list[str]:
    """The comparison's final outputs but the names ``exclude`` (a figure pair stands for its PNG)."""
    return [comparison(name, results) + (".png" if name in FIGURE_PAIRS else "")
            for name in FINAL_COMPARISON if name not in exclude]


def final_series_outputs(results: str | Path = RESULTS) -> list[str]:
    """The series' final outputs (a figure pair stands for its PNG)."""
    return [series(name, results) + (".png" if name in FIGURE_PAIRS else "") for name in FINAL_SERIES]
