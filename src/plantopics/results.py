"""One loader for a document's results: notebooks and users read
``results/<id>/`` through :class:`DocumentResults` and never build paths or
re-derive what the workflow computed. Files are found by their names in
:mod:`plantopics.paths`.

>>> from plantopics.results import DocumentResults
>>> res = DocumentResults("guangzhou_15th_plan_proposal")      # results/ under the working directory
>>> res.chapters                                                # chapters.csv as a DataFrame
>>> res.kwic("海洋", chapter=10)                                 # every occurrence, in its sentence
>>> res.figure("keyword_chapter_bars", chapter=10)              # a figure's PNG, by its name in plantopics.paths
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from plantopics import paths
from plantopics.io import read_csv
from plantopics.tokenize import read_tokens

# Columns read as text whatever they hold ('' for empty): an id or a term like 2024 stays "2024".
TEXT_COLUMNS = dict.fromkeys(
    ["section", "box", "numeral", "title", "term", "label", "text", "top_terms", "top_relevance", "top_frex",
     "document", "document_a", "document_b", "label_a", "label_b", "document_label",
     "source", "target",
     "level", "group", "covariate", "reference", "period", "attribute", "first_document", "direction"],
    str,
)


class ResultsNotFoundError(FileNotFoundError):
    """A result the workflow has not produced (yet); the message says how to make it."""


class _ResultsFolder:
    """Reading one folder of results: paths checked to exist, CSV with text columns kept as text."""

    missing_hint = "run the workflow"

    def _location(self, name: str, figure: bool = False, **fields) -> str:
        """Where result ``name`` is (``figure``: a figure pair's PNG)."""
        raise NotImplementedError

    def _existing(self, location: str) -> Path:
        path = Path(location)
        if not path.exists():
            raise ResultsNotFoundError(f"{path} has not been produced: {self.missing_hint}")
        return path

    def path(self, name: str, **fields) -> Path:
        """The result file or folder ``name`` (:mod:`plantopics.paths`), checked to exist."""
        return self._existing(self._location(name, **fields))

    def table(self, name: str, **fields) -> pd.DataFrame:
        """Any CSV result, with text columns kept as text ('' for empty); ``fields``
        name one of a folder's tables (``chapter=3``)."""
        path = self.path(name, **fields)
        header = pd.read_csv(path, nrows=0).columns
        return read_csv(path, dtype={c: t for c, t in TEXT_COLUMNS.items() if c in header})

    def json(self, name: str) -> Any:
        return json.loads(self.path(name).read_text(encoding="utf-8"))

    def figure(self, name: str, **fields) -> Path:
        """The PNG of figure ``name`` (for ``IPython.display.Image``); ``fields``
        name one of a folder's figures (``chapter=3``, ``topic=2``)."""
        return self._existing(self._location(name, figure=True, **fields))

    def _model(self, name: str, native: bool):
        from plantopics.topics.engines import load

        return load(self.path(name), native=native)


def _topic_terms(topics: pd.DataFrame, topic: int, by: str, n: int) -> pd.DataFrame:
    """One topic's rows of a topics table, the ``n`` best by column ``by`` (ties by term)."""
    table = topics[topics["topic"] == int(topic)]
    return table.sort_values([by, "term"], ascending=[False, True]).head(n).reset_index(drop=True)


class DocumentResults(_ResultsFolder):
    """The results of one document. Tables are read on first use and cached."""

    def __init__(self, document_id: str, results_dir: str | Path = paths.RESULTS):
        self.document_id = document_id
        self.results_dir = Path(results_dir)
        self.root = self.results_dir / document_id
        self.missing_hint = f"run the workflow for {document_id!r}"
        if not self.root.is_dir():
            raise ResultsNotFoundError(
                f"{self.root} does not exist: run the workflow first (make run, or "
                f"snakemake --cores 2 {paths.document('manifest', document_id)})"
            )

    def __repr__(self) -> str:
        return f"DocumentResults({self.document_id!r}, root={str(self.root)!r})"

    def _location(self, name: str, figure: bool = False, **fields) -> str:
        where = paths.figure if figure else paths.document
        return where(name, self.document_id, self.results_dir, **fields)

    # --- structure and tokens ----------------------------------------------

    @cached_property
    def original_text(self) -> str:
        """The document's text in its own script (Traditional stays Traditional; the tables hold the Simplified)."""
        return self.path("original_text").read_text(encoding="utf-8")

    @cached_property
    def chapters(self) -> pd.DataFrame:
        return self.table("chapters")

    @cached_property
    def sections(self) -> pd.DataFrame:
        return self.table("sections")

    @cached_property
    def boxes(self) -> pd.DataFrame:
        return self.table("boxes")

    @cached_property
    def units(self) -> pd.DataFrame:
        return self.table("units")

    @cached_property
    def sentences(self) -> pd.DataFrame:
        return self.table("sentences")

    @cached_property
    def structure(self) -> dict:
        return self.json("structure")

    @cached_property
    def tokens(self) -> pd.DataFrame:
        """One row per sentence, ``tokens`` as lists (preamble excluded)."""
        return read_tokens(self.path("tokens"))

    @cached_property
    def tokenization_report(self) -> dict:
        return self.json("tokens_report_json")

    @cached_property
    def manifest(self) -> dict:
        return self.json("manifest")

    @cached_property
    def diagnostics(self) -> pd.DataFrame:
        """Why the structure may be wrong (code, message, the per-document setting that would help); no rows when
        segmentation found nothing doubtful."""
        return pd.DataFrame(self.structure.get("diagnostics", []), columns=["code", "message", "override"])

    def largest_chapter(self) -> int | None:
        """The chapter with the most characters (the first of equals), None when there is no chapter."""
        chapters = self.chapters.sort_values(["n_chars", "chapter"], ascending=[False, True], kind="stable")
        return int(chapters["chapter"].iloc[0]) if len(chapters) else None

    def key_term(self, chapter: int | None = None) -> str | None:
        """A term worth reading in context: the chapter's top term by keyness, else by TF-IDF (a document of one
        chapter has no rest to compare it with), else the document's most frequent token; None without tokens."""
        if chapter is not None:
            for by in ("keyness", "tfidf"):
                top = self.top_terms(chapter, by, 1)
                if len(top):
                    return str(top["term"].iloc[0])
        top_tokens = self.tokenization_report.get("top_tokens", [])
        return str(top_tokens[0][0]) if top_tokens else None

    def chapter_title(self, chapter: int) -> str:
        """'三 推动…' — the numeral and title of a chapter, as printed."""
        row = self.chapters.set_index("chapter").loc[int(chapter)]
        return f"{row['numeral']} {row['title']}".strip()

    # --- keywords ----------------------------------------------------------

    @cached_property
    def tfidf(self) -> pd.DataFrame:
        return self.table("tfidf")

    @cached_property
    def keyness(self) -> pd.DataFrame:
        return self.table("keyness")

    @cached_property
    def keyword_contexts(self) -> pd.DataFrame:
        """KWIC of each chapter's top terms, as the workflow wrote it."""
        return self.table("kwic")

    def top_terms(self, chapter: int, by: str = "keyness", n: int = 10) -> pd.DataFrame:
        table = self.keyness if by == "keyness" else self.tfidf
        return table[(table["chapter"] == int(chapter)) & (table["rank"] <= n)].reset_index(drop=True)

    def kwic(
        self, terms: str | Iterable[str], chapter: int | Iterable[int] | None = None, window: int | None = None
    ) -> pd.DataFrame:
        """Every occurrence of ``terms`` in its sentence, with chapter, section and unit references;
        ``window`` characters on each side (None: the config's default ``keywords.kwic.window``)."""
        from plantopics import config
        from plantopics.keywords import kwic

        terms = [terms] if isinstance(terms, str) else list(terms)
        chapters = None if chapter is None else ([chapter] if isinstance(chapter, int) else list(chapter))
        window = config.defaults()["keywords"]["kwic"]["window"] if window is None else window
        return kwic(self.tokens, self.sentences, terms, window=window, chapters=chapters)

    # --- co-word network ---------------------------------------------------

    @cached_property
    def network_terms(self) -> pd.DataFrame:
        """term, frequency (units containing it), community, degree, weighted_degree, betweenness, eigenvector."""
        return self.table("network_terms")

    @cached_property
    def network_edges(self) -> pd.DataFrame:
        """source, target, count (units shared), weight (the measure in network_settings)."""
        return self.table("network_edges")

    @cached_property
    def network_communities(self) -> pd.DataFrame:
        """community (1 = largest), size, label, top_terms."""
        return self.table("network_communities")

    @cached_property
    def network_settings(self) -> dict:
        """The settings the network was built with, its size, unlinked terms and the figure's label overlaps."""
        return self.json("network_settings")

    def network_neighbours(self, term: str) -> pd.DataFrame:
        """The terms linked to ``term``: neighbour, count, weight, community, strongest link first."""
        edges = self.network_edges
        mine = edges[(edges["source"] == term) | (edges["target"] == term)]
        other = mine["target"].where(mine["source"] == term, mine["source"])
        out = pd.DataFrame({"neighbour": other, "count": mine["count"], "weight": mine["weight"]})
        community = dict(zip(self.network_terms["term"], self.network_terms["community"], strict=True))
        out["community"] = out["neighbour"].map(community)
        return out.sort_values(["weight", "neighbour"], ascending=[False, True]).reset_index(drop=True)

    def network_graph(self):
        """The network as a networkx Graph (read from network.graphml, every term attribute included)."""
        import networkx as nx

        return nx.read_graphml(self.path("network_graphml"))

    @property
    def network_explorer(self) -> Path:
        """The interactive network page (one offline HTML file)."""
        return self.path("network_explorer")

    def chapter_network(self, chapter: int, table: str = "communities") -> pd.DataFrame:
        """One table (terms, edges or communities) of a chapter's own network (network.per_chapter.enabled)."""
        return self.table(f"network_chapter_{table}", chapter=int(chapter))

    # --- topics: the whole document ---------------------------------------

    @cached_property
    def lda_selection(self) -> pd.DataFrame:
        """One row per engine × K × seed with every metric (NaN where not computed: no perplexity without
        held-out documents); ``chosen`` marks the reported model."""
        table = self.table("lda_selection")
        numeric = [c for c in table.columns if c not in ("engine", "selected", "chosen")]
        table[numeric] = table[numeric].apply(pd.to_numeric, errors="coerce")
        return table

    @cached_property
    def lda_choice(self) -> dict:
        """The selection rule's decision: K, seed, engine and why (``explanation``)."""
        return self.json("lda_chosen")

    @property
    def has_topic_model(self) -> bool:
        """False when the document is too small for a topic model (``lda_choice['message']`` says why)."""
        return self.lda_choice.get("model") is not None

    @cached_property
    def topics(self) -> pd.DataFrame:
        """topic, rank, term, probability, relevance (LDAvis, λ from the config), frex."""
        return self.table("topics")

    @cached_property
    def topic_summary(self) -> pd.DataFrame:
        """One row per topic: share of tokens, a provisional label, top terms by probability, relevance and FREX."""
        return self.table("topic_summary")

    @cached_property
    def doc_topics(self) -> pd.DataFrame:
        """LDA document (window / paragraph / sentence) × topic mixture, with its chapter and sentences."""
        return self.table("doc_topics")

    @cached_property
    def chapter_topics(self) -> pd.DataFrame:
        """Chapter × topic, token-weighted."""
        return self.table("chapter_topics")

    @cached_property
    def representative_sentences(self) -> pd.DataFrame:
        return self.table("representative_sentences")

    def topic_terms(self, topic: int, by: str = "probability", n: int = 15) -> pd.DataFrame:
        return _topic_terms(self.topics, topic, by, n)

    def load_model(self, native: bool = True):
        """The chosen model (:class:`plantopics.topics.engines.FittedModel`), e.g. to infer new text."""
        return self._model("lda_model", native)

    def load_corpus(self):
        """The LDA documents and gensim dictionary the models were fitted on."""
        from plantopics.topics.corpus import LdaCorpus

        return LdaCorpus.load(self.path("lda_corpus"))

    @property
    def explorer(self) -> Path:
        """The interactive topic explorer (one offline HTML file)."""
        return self.path("explorer")

    # --- topics: chapter by chapter ---------------------------------------

    @cached_property
    def chapter_models(self) -> pd.DataFrame:
        """One row per chapter: documents, terms, status (ok / reduced / too small), K and seed used."""
        return self.table("chapter_models")

    @cached_property
    def chapter_topic_terms(self) -> pd.DataFrame:
        return self.table("chapter_topic_terms")

    @cached_property
    def chapter_topic_links(self) -> pd.DataFrame:
        """Each chapter topic's most similar whole-document topic (1 − Jensen–Shannon distance)."""
        return self.table("chapter_links")

    @cached_property
    def chapter_topic_similarity(self) -> pd.DataFrame:
        return self.table("chapter_similarity")


# --- the comparison of documents ------------------------------------------------


class ComparisonResults(_ResultsFolder):
    """The comparison of two or more documents (``results/_comparison/``, docs/comparison.md).
    Tables are read on first use and cached; document ids are always text.

    >>> cmp = ComparisonResults()                      # results/ under the working directory
    >>> cmp.document_ids                               # the compared documents
    >>> cmp.top_terms("guangzhou_15th_plan_proposal")  # its keyness against the others
    >>> cmp.document("guangzhou_15th_plan_proposal")   # its own DocumentResults
    """

    missing_hint = "run the workflow on two or more documents"

    def __init__(self, results_dir: str | Path = paths.RESULTS):
        self.results_dir = Path(results_dir)
        self.root = self.results_dir / paths.COMPARISON_FOLDER
        if not self.root.is_dir():
            raise ResultsNotFoundError(
                f"{self.root} does not exist: the comparison needs two or more documents in input_dir; "
                "put them there and run the workflow (make run)"
            )

    def __repr__(self) -> str:
        return f"ComparisonResults(root={str(self.root)!r})"

    def _location(self, name: str, figure: bool = False, **fields) -> str:
        path = paths.comparison(name, self.results_dir)
        return path + ".png" if figure and name in paths.FIGURE_PAIRS else path

    # --- documents and keyness ---------------------------------------------

    @cached_property
    def documents(self) -> pd.DataFrame:
        """One row per compared document: document, title, n_chapters, n_sentences, n_tokens, n_types."""
        from plantopics.compare import COMPARED

        table = self.table("documents")
        if "status" not in table:
            return table
        return table[table["status"] == COMPARED].reset_index(drop=True)

    @cached_property
    def failed_documents(self) -> pd.DataFrame:
        """The documents the run could not analyse (document, reason): none of the comparison's tables has them."""
        from plantopics.compare import FAILED

        table = self.table("documents")
        if "status" not in table:
            return pd.DataFrame(columns=["document", "reason"])
        return table.loc[table["status"] == FAILED, ["document", "reason"]].reset_index(drop=True)

    @property
    def document_ids(self) -> list[str]:
        return self.documents["document"].tolist()

    def document(self, document_id: str) -> DocumentResults:
        """The results of one compared document."""
        return DocumentResults(document_id, self.results_dir)

    @cached_property
    def keyness(self) -> pd.DataFrame:
        """Each document against all the others: document, rank, term, g2, p, log_ratio,
        count_target, count_reference."""
        return self.table("keyness")

    def top_terms(self, document_id: str, n: int = 10) -> pd.DataFrame:
        table = self.keyness
        return table[(table["document"] == document_id) & (table["rank"] <= n)].reset_index(drop=True)

    # --- the joint topic model ----------------------------------------------

    @cached_property
    def joint_selection(self) -> pd.DataFrame:
        """Every fit of the joint model (engine, K, seed, metrics); ``chosen`` marks the reported one."""
        return self.table("joint_selection")

    @cached_property
    def joint_choice(self) -> dict:
        """K, seed, engine and why (``explanation``), the compared documents and the corpus size."""
        return self.json("joint_chosen")

    @cached_property
    def joint_topics(self) -> pd.DataFrame:
        """topic, rank, term, probability, relevance, frex of the joint model."""
        return self.table("joint_topics")

    @cached_property
    def joint_topic_summary(self) -> pd.DataFrame:
        """One row per joint topic: share, provisional label, top terms by probability, relevance and FREX."""
        return self.table("joint_topic_summary")

    @property
    def joint_labels(self) -> dict[int, str]:
        return dict(zip(self.joint_topic_summary["topic"], self.joint_topic_summary["label"], strict=True))

    @cached_property
    def document_topics(self) -> pd.DataFrame:
        """Document × joint topic shares (token-weighted; rows sum to 1)."""
        return self.table("document_topics")

    @cached_property
    def chapter_topics(self) -> pd.DataFrame:
        """(document, chapter, title) × joint topic shares (token-weighted)."""
        return self.table("chapter_topics")

    @cached_property
    def joint_sentences(self) -> pd.DataFrame:
        """Each joint topic's most representative sentences in each document."""
        return self.table("joint_sentences")

    def joint_topic_terms(self, topic: int, by: str = "probability", n: int = 15) -> pd.DataFrame:
        return _topic_terms(self.joint_topics, topic, by, n)

    def load_joint_model(self, native: bool = True):
        """The joint model (:class:`plantopics.topics.engines.FittedModel`); its dictionary is beside it."""
        return self._model("joint_model", native)

    # --- alignment of each document's own topics ------------------------------

    @cached_property
    def alignment(self) -> pd.DataFrame:
        """Every topic of every document against every topic of every other:
        document_a, topic_a, label_a, document_b, topic_b, label_b, similarity (1 − JS distance)."""
        return self.table("alignment")

    @cached_property
    def best_matches(self) -> pd.DataFrame:
        """Each topic's best match in every other document, runner-up, ``mutual`` and ``shared_terms``."""
        return self.table("best_matches")

    def alignment_matrix(self, document_a: str, document_b: str) -> pd.DataFrame:
        """K_a × K_b similarity of the two documents' topics (rows: ``document_a``'s topics)."""
        table = self.alignment
        rows = table[(table["document_a"] == document_a) & (table["document_b"] == document_b)]
        if rows.empty:
            raise KeyError(f"no alignment of {document_a!r} with {document_b!r}; compared: {self.document_ids}")
        return rows.pivot(index="topic_a", columns="topic_b", values="similarity")


# --- a series of documents over time or between groups --------------------------


class SeriesResults(_ResultsFolder):
    """A series of documents (``results/_series/``, docs/series.md): the
    documents with their years and attributes, term trajectories, topic shares
    over time and between groups, topic evolution. Tables are read on first
    use and cached; files are found by their names in :data:`plantopics.paths.SERIES`.

    >>> series = SeriesResults()                   # results/ under the working directory
    >>> series.documents                           # document, year, every attribute of the sheet
    >>> series.rising(10)                          # the strongest rising terms
    >>> series.term_trajectory("生态文明")          # its rate per 10k in every dated document
    >>> series.kwic("生态文明", year=2012)          # its occurrences that year, in their sentences
    >>> series.figure("prevalence_figure")         # a figure's PNG, by its name in plantopics.paths
    """

    missing_hint = "run the workflow on two or more documents with the series switched on"

    def __init__(self, results_dir: str | Path = paths.RESULTS):
        self.results_dir = Path(results_dir)
        self.root = self.results_dir / paths.SERIES_FOLDER
        if not self.root.is_dir():
            raise ResultsNotFoundError(
                f"{self.root} does not exist: the series needs two or more documents in input_dir; "
                "put them there and run the workflow (make run)"
            )

    def __repr__(self) -> str:
        return f"SeriesResults(root={str(self.root)!r})"

    def _location(self, name: str, figure: bool = False, **fields) -> str:
        path = paths.series(name, self.results_dir)
        return path + ".png" if figure and name in paths.FIGURE_PAIRS else path

    # --- documents -----------------------------------------------------------

    @cached_property
    def documents(self) -> pd.DataFrame:
        """document, year (nullable), every attribute of the sheet, title, year_source, period_start, period_end."""
        from plantopics.series.outputs import read_documents

        return read_documents(self.path("documents"))

    @property
    def dated(self) -> pd.DataFrame:
        """The documents with a year (those of every time output)."""
        return self.documents[self.documents["year"].notna()].reset_index(drop=True)

    def document(self, document_id: str) -> DocumentResults:
        return DocumentResults(document_id, self.results_dir)

    # --- terms ---------------------------------------------------------------

    @cached_property
    def frequencies(self) -> pd.DataFrame:
        """document, year, term, count, per_10k for every term a document uses."""
        table = self.table("term_frequencies")
        table["year"] = pd.to_numeric(table["year"].replace("", None)).astype("Int64")
        return table

    @cached_property
    def trends(self) -> pd.DataFrame:
        """One row per tested term: trend (rate ratio per decade) with its interval, p, q, direction …"""
        return self.table("term_trends")

    @cached_property
    def first_appearances(self) -> pd.DataFrame:
        return self.table("first_appearances")

    @cached_property
    def group_keyness(self) -> pd.DataFrame:
        """Each group of each categorical attribute (and each period) against the others."""
        return self.table("group_keyness")

    def rising(self, n: int = 20) -> pd.DataFrame:
        return self.trends[self.trends["direction"] == "rising"].head(n).reset_index(drop=True)

    def falling(self, n: int = 20) -> pd.DataFrame:
        return self.trends[self.trends["direction"] == "falling"].head(n).reset_index(drop=True)

    def term_trajectory(self, term: str) -> pd.DataFrame:
        """``term`` in every dated document: document, year, count, per_10k
        (0 where it is not used) and ``fitted`` (the trend's rate per 10k, NaN
        when the term was not tested)."""
        from plantopics.series.figures import term_points
        from plantopics.series.terms import fitted_rate

        points = term_points(term, self.frequencies, self.documents)
        row = self.trends[self.trends["term"] == term]
        years = self.dated["year"].astype(int)
        points["fitted"] = (fitted_rate(row.iloc[0], points["year"], years.min(), years.max())
                            if len(row) else float("nan"))
        return points

    def plot_term(self, term: str):
        """The trajectory figure of ``term`` (a matplotlib Figure, for a notebook)."""
        from plantopics.series.figures import term_points, term_trajectory_figure

        row = self.trends[self.trends["term"] == term]
        years = self.dated["year"].astype(int)
        return term_trajectory_figure(term, term_points(term, self.frequencies, self.documents),
                                      row.iloc[0] if len(row) else None, (years.min(), years.max()))

    def kwic(self, term: str, year: int | None = None, window: int | None = None) -> pd.DataFrame:
        """Every occurrence of ``term`` in the documents of ``year`` (every document,
        dated or not, when None), in its sentence: the KWIC columns of
        :meth:`DocumentResults.kwic` (``window`` as there) with document and year first."""
        chosen = self.documents if year is None else self.dated[self.dated["year"] == int(year)]
        frames = []
        for doc, doc_year in zip(chosen["document"], chosen["year"], strict=True):
            found = self.document(doc).kwic(term, window=window)
            found.insert(0, "document", doc)
            year_value = None if pd.isna(doc_year) else int(doc_year)
            found.insert(1, "year", pd.array([year_value] * len(found), dtype="Int64"))
            frames.append(found)
        if not frames:
            raise KeyError(f"no document of year {year}; years: {sorted(set(self.dated['year'].astype(int)))}")
        return pd.concat(frames, ignore_index=True)

    # --- topics --------------------------------------------------------------

    @cached_property
    def prevalence(self) -> pd.DataFrame:
        """topic, label, year, share, share_low, share_high, fitted, fitted_low, fitted_high, n_documents."""
        return self.table("prevalence")

    @cached_property
    def effects(self) -> pd.DataFrame:
        """topic, label, covariate, level, estimate, low, high, reference, n_documents."""
        return self.table("effects")

    @cached_property
    def document_shares(self) -> pd.DataFrame:
        """document, year, every attribute, topic, label, share, share_low, share_high."""
        return self.table("topic_documents")

    @cached_property
    def group_shares(self) -> pd.DataFrame:
        """topic, label, covariate, level, share, low, high, n_documents."""
        return self.table("group_shares")

    @cached_property
    def evolution(self) -> pd.DataFrame:
        """topic, label, period, period_start, period_end, rank, term, probability, count, topic_tokens."""
        return self.table("evolution")

    def topic_words(self, topic: int, n: int = 10) -> pd.DataFrame:
        """Topic × period: its top ``n`` words in each period, one column per period."""
        rows = self.evolution[(self.evolution["topic"] == int(topic)) & (self.evolution["rank"] <= n)]
        return rows.pivot(index="rank", columns="period", values="term")
