"""plantopics.topics.corpus: LDA documents, the held-out split and the dictionary."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from plantopics.topics.corpus import (
    CorpusSettings,
    LdaCorpus,
    build_corpus,
    build_documents,
    held_out_mask,
    load_reference,
    reference_texts,
    save_reference,
)

from conftest import corpus_settings, settings
from topics_synthetic import token_table


def sentence_chapter(tokens: pd.DataFrame) -> dict[str, int]:
    return dict(zip(tokens["sentence_id"], tokens["chapter"], strict=True))


@pytest.mark.parametrize("target", [5, 12, 20, 45, 1000])
def test_windows_never_cross_chapters_and_keep_every_sentence(target):
    tokens = token_table(n_chapters=3, units_per_chapter=5)
    docs = build_documents(tokens, "window", target)
    chapter_of = sentence_chapter(tokens)
    for ids, chapter in zip(docs["sentence_ids"], docs["chapter"], strict=True):
        assert {chapter_of[s] for s in ids} == {chapter}
    # every sentence once, in order
    flat = [s for ids in docs["sentence_ids"] for s in ids]
    assert flat == tokens["sentence_id"].tolist()


def test_windows_are_about_the_target_length():
    tokens = token_table(n_chapters=2, units_per_chapter=10, sentences_per_unit=3, tokens_per_sentence=8)
    docs = build_documents(tokens, "window", 40)
    # sentences of 8 tokens (headings 3): windows within one sentence of 40, last ones at most 1.5×
    assert docs["n_tokens"].between(40 - 8, 40 * 1.5 + 8).all()
    assert abs(docs["n_tokens"].median() - 40) <= 8


def test_paragraphs_join_headings_to_the_next_unit():
    tokens = token_table(n_chapters=2, units_per_chapter=3)
    docs = build_documents(tokens, "paragraph")
    assert len(docs) == 2 * 3  # the heading units are not documents of their own
    heading_ids = set(tokens.loc[tokens["kind"] == "chapter_title", "sentence_id"])
    first_of_chapter = docs.groupby("chapter").head(1)
    assert all(ids[0] in heading_ids for ids in first_of_chapter["sentence_ids"])


def test_sentences_mode_and_front_matter_left_out():
    tokens = token_table(n_chapters=2, units_per_chapter=2)
    front = tokens.iloc[[0]].assign(sentence_id="u00000.s01", unit_id="u00000", chapter=0, kind="front_matter")
    docs = build_documents(pd.concat([front, tokens], ignore_index=True), "sentence")
    assert len(docs) == len(tokens)
    assert 0 not in set(docs["chapter"])


def test_held_out_mask_is_a_systematic_sample():
    mask = held_out_mask(100, 0.1)
    assert mask.sum() == 10
    assert np.flatnonzero(mask).tolist() == list(range(9, 100, 10))
    assert not held_out_mask(10, 0.0).any()


def test_dictionary_filtering_on_training_documents():
    tokens = token_table(n_chapters=3, units_per_chapter=6)
    rare = tokens.copy()
    rare.at[5, "tokens"] = rare.at[5, "tokens"] + ["孤词"]  # in one document only
    corpus = build_corpus(rare, corpus_settings(held_out_fraction=0.0, dictionary={"no_below": 2, "no_above": 0.5}))
    vocabulary = set(corpus.vocabulary)
    assert "孤词" not in vocabulary
    # a chapter's words are in about a third of the documents: kept; no_above=0.2 drops them all
    assert "海洋" in vocabulary
    with pytest.raises(ValueError, match="no term survives"):
        build_corpus(rare, corpus_settings(dictionary={"no_below": 2, "no_above": 0.2}))
    top = build_corpus(rare, corpus_settings(held_out_fraction=0.0,
                                             dictionary={"no_below": 1, "no_above": 1.0, "keep_n": 5}))
    assert len(top.dictionary) == len(top.vocabulary) == 5
    assert all(set(t) <= set(top.vocabulary) for t in top.documents["tokens"])


def test_corpus_round_trip(tmp_path):
    corpus = build_corpus(token_table(), corpus_settings(units="window", window_tokens=20))
    assert corpus.documents["held_out"].sum() == len(corpus.documents) // 10
    corpus.save(tmp_path)
    again = LdaCorpus.load(tmp_path)
    assert again.vocabulary == corpus.vocabulary
    pd.testing.assert_frame_equal(again.documents, corpus.documents, check_dtype=False)
    assert [list(a) for a in again.word_ids()] == [list(a) for a in corpus.word_ids()]
    texts = reference_texts(token_table())
    save_reference(tmp_path / "ref.csv", texts)
    assert load_reference(tmp_path / "ref.csv") == texts


def test_settings_from_config_rejects_unknown_units():
    with pytest.raises(ValueError, match="units"):
        CorpusSettings.from_config({**settings("lda"), "units": "chapter"})
    chosen = corpus_settings(units="sentence", dictionary={"no_below": 3})
    assert chosen.dictionary.no_below == 3 and chosen.dictionary.no_above == 0.5
