"""Chapter keywords: what each chapter is about, in its own words, against the
rest of the document.

Three views, all computed on the token lists of :mod:`plantopics.tokenize`
with chapters as the documents (chapter 0 — title and front matter — is not
a chapter and is left out):

* :func:`tfidf_scores` — TF-IDF (scikit-learn's definition, on the tokens
  are used exactly as jieba and the filters left them, one-character terms
  such as 党 included);
* :func:`keyness_scores` — log-likelihood G² of each chapter against all the
  other chapters, as quanteda's ``textstat_keyness(measure = "lr")``
  computes it, with its p-value and the Log Ratio effect size;
* :func:`kwic` — every occurrence of a term in its original sentence.

:func:`score_table` joins the first two for every (chapter, term) pair;
:func:`tfidf_table` and :func:`keyness_table` are its ranked top-n views.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

CORRECTIONS = ("yates", "williams", "none")
TFIDF_NORMS = ("l1", "l2", None)
EPSILON = 1e-9  # quanteda's: log(O / E + epsilon), so a zero cell adds 0 × log(ε) = 0
LOG_RATIO_ZERO = 0.5  # Hardie's Log Ratio: a zero frequency is replaced by 0.5

TFIDF_COLUMNS = ["chapter", "rank", "term", "score", "count", "df"]
KEYNESS_COLUMNS = ["chapter", "rank", "term", "g2", "p", "log_ratio", "count_target", "count_reference"]
SCORE_COLUMNS = ["chapter", "term", "count", "df", "tfidf", "g2", "p", "log_ratio", "count_reference"]
KWIC_COLUMNS = ["term", "chapter", "section", "unit_id", "sentence_id", "left", "keyword", "right", "sentence"]


# --- counts -------------------------------------------------------------------


def chapter_tokens(tokens: pd.DataFrame) -> dict[int, list[str]]:
    """Chapter number -> all its tokens in reading order.

    ``tokens`` is the table of :func:`plantopics.tokenize.read_tokens`
    (columns ``chapter`` and ``tokens``, a list per sentence). Chapter 0 (title,
    front matter) is dropped; chapters come out sorted.
    """
    body = tokens[tokens["chapter"] > 0]
    out: dict[int, list[str]] = {}
    for chapter, token_list in zip(body["chapter"], body["tokens"], strict=True):
        out.setdefault(int(chapter), []).extend(token_list)
    return dict(sorted(out.items()))


def count_matrix(docs: dict) -> pd.DataFrame:
    """Chapters × terms table of raw counts (int64), chapters and terms sorted; a
    chapter without tokens is a row of zeros. (Also the series' documents × terms counts.)"""
    counters = {key: Counter(toks) for key, toks in sorted(docs.items())}
    terms = sorted(set().union(*counters.values())) if counters else []
    column = {t: i for i, t in enumerate(terms)}
    counts = np.zeros((len(counters), len(terms)), dtype=np.int64)
    for row, counter in enumerate(counters.values()):
        counts[row, [column[t] for t in counter]] = list(counter.values())
    return pd.DataFrame(counts, index=list(counters), columns=terms)


# --- TF-IDF -------------------------------------------------------------------


def tfidf_scores(docs: dict[int, list[str]], *, sublinear_tf: bool, norm: str | None) -> pd.DataFrame:
    """Chapters × terms TF-IDF matrix (float), index = chapter, columns = terms (sorted).

    scikit-learn's ``TfidfVectorizer`` definition on the tokens as they are (an
    identity analyzer: no token pattern, no lower-casing, one-character terms
    kept): :func:`tfidf_from_counts` of :func:`count_matrix`.
    """
    return tfidf_from_counts(count_matrix(docs), sublinear_tf=sublinear_tf, norm=norm)


def tfidf_from_counts(counts: pd.DataFrame, *, sublinear_tf: bool, norm: str | None) -> pd.DataFrame:
    """TF-IDF of a chapters × terms count table, as scikit-learn's ``TfidfTransformer``
    defines it: idf is smoothed (``ln((1 + n) / (1 + df)) + 1``), so a term in
    every chapter keeps a small positive weight; ``sublinear_tf`` uses
    ``1 + ln(tf)``; ``norm`` is "l1", "l2" or None (per chapter).

    The formula is written out here rather than called from scikit-learn: importing
    ``sklearn.feature_extraction`` costs about 2.5 s, nearly all of a keyword job,
    paid once per document (docs/keywords.md). The tests check it against
    scikit-learn on generated tables."""
    if norm not in TFIDF_NORMS:
        raise ValueError(f"norm must be one of {TFIDF_NORMS}, not {norm!r}")
    tf = counts.to_numpy(dtype=float)
    if sublinear_tf:
        with np.errstate(divide="ignore"):
            tf = np.where(tf > 0, 1.0 + np.log(tf), 0.0)
    n_chapters = tf.shape[0]
    df = (tf > 0).sum(axis=0)
    weights = tf * (np.log((1.0 + n_chapters) / (1.0 + df)) + 1.0)
    if norm is not None:
        lengths = np.abs(weights).sum(axis=1) if norm == "l1" else np.sqrt((weights * weights).sum(axis=1))
        weights = weights / np.where(lengths == 0, 1.0, lengths)[:, None]
    return pd.DataFrame(weights, index=counts.index, columns=counts.columns)


# --- keyness ------------------------------------------------------------------


def yates_delta(a, b, c, d):
    """quanteda's conditional Yates adjustment for a 2×2 table: 0.5 where
    ``|ad - bc| >= N/2`` and some expected cell is below 5, else 0."""
    n = a + b + c + d
    expected_small = (
        np.minimum.reduce([(a + b) * (a + c) / n, (a + b) * (b + d) / n, (a + c) * (c + d) / n, (c + d) * (b + d) / n])
        < 5
    )
    return np.where((np.abs(a * d - b * c) >= n / 2) & expected_small, 0.5, 0.0)


def williams_q(a, b, c, d):
    """Williams' correction divisor q for a 2×2 table (1 where any cell is 0)."""
    n = a + b + c + d
    with np.errstate(divide="ignore", invalid="ignore"):
        q = 1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n)
    return np.where(a * b * c * d == 0, 1.0, q)


def log_likelihood_g2(a, b, target_total, reference_total, correction: str) -> np.ndarray:
    """Signed log-likelihood G² of a term counted ``a`` times in the target
    (of ``target_total`` tokens) and ``b`` times in the reference (of
    ``reference_total``). Arrays broadcast; returns float array.

    This is exactly quanteda.textstats' ``lr_lambda`` (src/keyness.cpp), the
    code behind ``textstat_keyness(measure = "lr")``. With c = target_total - a,
    d = reference_total - b, N = a + b + c + d and cell expectations
    E_ij = row_i × col_j / N::

        G² = 2 Σ O_ij ln(O_ij / E_ij + 1e-9)   × sign,  sign = +1 if a > E_11 else -1

    ``correction``:

    * ``"yates"`` — quanteda's ``correction = "default"``: where
      ``|ad - bc| >= N/2`` and some E_ij < 5, each cell is moved 0.5 towards
      independence (a and d down, b and c up when ad > bc) before G² is
      computed; otherwise nothing changes. (quanteda's help page says the
      default for "lr" is Williams' correction, but its code applies this
      Yates adjustment for "default"; we follow the code.)
    * ``"williams"`` — G² divided by Williams' q (as quanteda's "williams").
    * ``"none"`` — plain G² (Dunning 1993).
    """
    if correction not in CORRECTIONS:
        raise ValueError(f"correction must be one of {CORRECTIONS}, not {correction!r}")
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    c, d = target_total - a, reference_total - b
    n = a + b + c + d
    sign = np.where(a > (a + b) * (a + c) / n, 1.0, -1.0)
    aa, bb, cc, dd = a, b, c, d
    if correction == "yates":
        shift = yates_delta(a, b, c, d) * np.where(a * d - b * c > 0, 1.0, -1.0)
        aa, bb, cc, dd = a - shift, b + shift, c + shift, d - shift
    row1, row2, col1, col2 = aa + bb, cc + dd, aa + cc, bb + dd
    with np.errstate(divide="ignore", invalid="ignore"):
        cells = [(aa, row1 * col1), (bb, row1 * col2), (cc, row2 * col1), (dd, row2 * col2)]
        total = sum(o * np.log(o / (e / n) + EPSILON) for o, e in cells)
    g2 = 2 * total * sign
    if correction == "williams":
        g2 = g2 / williams_q(a, b, c, d)
    return g2 + 0.0  # turns -0.0 into 0.0


def chi2_sf_1df(statistic) -> np.ndarray:
    """p-value of |statistic| under chi-square with 1 degree of freedom
    (quanteda: ``1 - pchisq(abs(stat), 1)``)."""
    from scipy.special import chdtrc  # what scipy.stats.chi2.sf computes, without scipy.stats' 2 s import

    return chdtrc(1, np.abs(np.asarray(statistic, dtype=float)))


def log_ratio(a, b, target_total, reference_total) -> np.ndarray:
    """Hardie's Log Ratio: log2 of (a / target_total) / (b / reference_total),
    with a zero count replaced by 0.5 so the ratio is finite. +1 means twice as
    frequent (per token) in the target as in the reference. NaN where the target
    or the reference has no token at all (the one chapter of a one-chapter
    document has nothing to be compared with), never ±inf."""
    a = np.where(np.asarray(a, dtype=float) == 0, LOG_RATIO_ZERO, a)
    b = np.where(np.asarray(b, dtype=float) == 0, LOG_RATIO_ZERO, b)
    if float(target_total) <= 0 or float(reference_total) <= 0:
        return np.full(np.shape(a), np.nan)
    return np.log2((a / target_total) / (b / reference_total))


def keyness_scores(counts: pd.DataFrame, correction: str) -> pd.DataFrame:
    """Long table of each chapter against the rest, for every term the chapter uses.

    ``counts``: chapters × terms raw counts (:func:`count_matrix`). Returns
    columns chapter, term, count (in the chapter), count_reference (in all
    other chapters), g2, p, log_ratio, sorted by chapter then term.
    """
    totals = counts.sum(axis=1)
    overall = counts.sum(axis=0)
    grand = float(totals.sum())
    frames = []
    for chapter, row in counts.iterrows():
        used = row[row > 0]
        a = used.to_numpy(dtype=float)
        b = overall[used.index].to_numpy(dtype=float) - a
        t_total, r_total = float(totals[chapter]), grand - float(totals[chapter])
        g2 = log_likelihood_g2(a, b, t_total, r_total, correction)
        frames.append(
            pd.DataFrame(
                {
                    "chapter": int(chapter),
                    "term": used.index,
                    "count": used.to_numpy(dtype=int),
                    "count_reference": b.astype(int),
                    "g2": g2,
                    "p": chi2_sf_1df(g2),
                    "log_ratio": log_ratio(a, b, t_total, r_total),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


# --- tables -------------------------------------------------------------------


def score_table(tokens: pd.DataFrame, *, sublinear_tf: bool, norm: str | None, correction: str) -> pd.DataFrame:
    """Every (chapter, term) pair with count > 0: count, df (chapters using the
    term), tfidf, g2, p, log_ratio, count_reference. Sorted by chapter, term."""
    docs = chapter_tokens(tokens)
    if not docs:
        raise ValueError("no chapter has any token: nothing to score")
    counts = count_matrix(docs)
    tfidf = tfidf_from_counts(counts, sublinear_tf=sublinear_tf, norm=norm)
    df = (counts > 0).sum(axis=0)
    table = keyness_scores(counts, correction)
    table["df"] = df[table["term"]].to_numpy(dtype=int)
    table["tfidf"] = tfidf.to_numpy()[
        tfidf.index.get_indexer(table["chapter"]), tfidf.columns.get_indexer(table["term"])
    ]
    return table[SCORE_COLUMNS].sort_values(["chapter", "term"], kind="mergesort").reset_index(drop=True)


def top_terms(scores: pd.DataFrame, by: str, n: int, min_count: int = 1) -> pd.DataFrame:
    """The ``n`` best terms of each chapter by column ``by`` (descending; ties by
    the count in the chapter, descending, then the term) among terms used at
    least ``min_count`` times in the chapter, with a 1-based ``rank``."""
    kept = scores[scores["count"] >= min_count]
    ranked = kept.sort_values(["chapter", by, "count", "term"], ascending=[True, False, False, True],
                              kind="mergesort")
    ranked = ranked.groupby("chapter", sort=True).head(n).copy()
    ranked["rank"] = ranked.groupby("chapter").cumcount() + 1
    return ranked.reset_index(drop=True)


def tfidf_table(scores: pd.DataFrame, n_terms: int) -> pd.DataFrame:
    """Top ``n_terms`` per chapter by TF-IDF: chapter, rank, term, score, count, df."""
    top = top_terms(scores, "tfidf", n_terms).rename(columns={"tfidf": "score"})
    return top[TFIDF_COLUMNS]


def keyness_table(scores: pd.DataFrame, n_terms: int, min_count: int) -> pd.DataFrame:
    """Top ``n_terms`` per chapter by G² (over-used terms first): chapter, rank,
    term, g2, p, log_ratio, count_target, count_reference. Only terms with
    g2 > 0 (more frequent in the chapter than expected) are listed."""
    positive = scores[scores["g2"] > 0]
    top = top_terms(positive, "g2", n_terms, min_count).rename(columns={"count": "count_target"})
    return top[KEYNESS_COLUMNS]


# --- KWIC ---------------------------------------------------------------------


def _spans(text: str, word: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(word)
    while start >= 0:
        spans.append((start, start + len(word)))
        start = text.find(word, start + len(word))
    return spans


def term_spans(text: str, term: str, sentence_tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans of ``term`` in ``text``, leaving out those inside a
    longer token of the same sentence that contains it (创新 inside 科技创新
    when jieba made 科技创新 one token). Latin letters match case-insensitively
    (the tokenizer folds them to lower case)."""
    haystack = text.lower() if term.isascii() else text
    longer = {t for t in sentence_tokens if len(t) > len(term) and term in t}
    blocked = [span for word in longer for span in _spans(haystack, word)]
    return [(s, e) for s, e in _spans(haystack, term) if not any(bs <= s and e <= be for bs, be in blocked)]


def kwic(
    tokens: pd.DataFrame,
    sentences: pd.DataFrame,
    terms: Iterable[str],
    *,
    window: int,
    chapters: Iterable[int] | None = None,
) -> pd.DataFrame:
    """Keyword in context: every occurrence of each of ``terms`` in the
    original text of the sentences whose tokens contain it.

    ``tokens``: :func:`plantopics.tokenize.read_tokens` table; ``sentences``:
    results/<id>/structure/sentences.csv (sentence_id, text). ``window`` is the
    number of characters kept on each side; ``chapters`` restricts the search.
    Returns one row per occurrence with columns term, chapter, section,
    unit_id, sentence_id, left, keyword, right, sentence (keyword is the text
    as printed), in the order of ``terms`` then of the document.
    """
    text_of = dict(zip(sentences["sentence_id"], sentences["text"], strict=True))
    rows = tokens if chapters is None else tokens[tokens["chapter"].isin(list(chapters))]
    records = []
    for term in dict.fromkeys(terms):
        for row in rows.itertuples(index=False):
            if term not in row.tokens:
                continue
            text = text_of[row.sentence_id]
            for start, end in term_spans(text, term, row.tokens):
                records.append(
                    (
                        term,
                        int(row.chapter),
                        row.section,
                        row.unit_id,
                        row.sentence_id,
                        text[max(0, start - window) : start],
                        text[start:end],
                        text[end : end + window],
                        text,
                    )
                )
    return pd.DataFrame.from_records(records, columns=KWIC_COLUMNS)


def chapter_kwic(tokens: pd.DataFrame, sentences: pd.DataFrame, top: pd.DataFrame, *, n_terms: int, window: int
                 ) -> pd.DataFrame:
    """Contexts of each chapter's top ``n_terms`` terms (ranked table ``top``
    with chapter, rank, term) inside that chapter: the KWIC columns plus rank."""
    frames = []
    for chapter, group in top[top["rank"] <= n_terms].groupby("chapter", sort=True):
        found = kwic(tokens, sentences, group["term"], window=window, chapters=[chapter])
        frames.append(found.merge(group[["term", "rank"]], on="term", how="left"))
    columns = ["chapter", "rank", *[c for c in KWIC_COLUMNS if c != "chapter"]]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


__all__ = [
    "chapter_tokens",
    "count_matrix",
    "tfidf_scores",
    "tfidf_from_counts",
    "log_likelihood_g2",
    "chi2_sf_1df",
    "log_ratio",
    "keyness_scores",
    "score_table",
    "top_terms",
    "tfidf_table",
    "keyness_table",
    "kwic",
    "chapter_kwic",
    "term_spans",
]
