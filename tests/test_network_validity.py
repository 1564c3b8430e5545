"""Validity on the bundled plan: with the default settings, the co-word
network's communities are themes a reader recognises. Segmentation and
tokenization run in-process (no Snakemake), once for the module."""

from __future__ import annotations

import pytest

from plantopics.network import build_network
from plantopics.network.cooccurrence import default_scores

import test_keywords_validity
from network_synthetic import network_settings

# anchor term -> words of its theme; the anchor's community must hold at least two of them
THEMES = {
    "海洋": {"船舶", "装备", "深海", "海洋经济", "海域", "游艇"},  # marine economy (chapter 十)
    "人工智能": {"大模型", "算力", "数据", "智能经济", "龙头企业"},  # AI+ (chapter 七)
    "生态": {"森林", "河湖", "美丽", "保护", "绿色低碳"},  # ecology (chapter 十一)
    "湾区": {"大湾区", "港澳", "香港", "粤港澳大湾区", "穗港"},  # the Greater Bay Area (chapter 二)
}


bundled_plan = test_keywords_validity.plan  # the bundled plan segmented and tokenized, once for the module


@pytest.fixture(scope="module")
def plan(bundled_plan):
    tokens = bundled_plan["tokens"]
    return tokens, default_scores([tokens])  # the keyword stage's scores at the config's defaults


@pytest.fixture(scope="module")
def network(plan):
    tokens, scores = plan
    return build_network(tokens, network_settings(), scores, layout=False)


def community_of(network, term: str) -> set[str]:
    terms = network.terms.set_index("term")
    number = terms.loc[term, "community"]
    return set(terms.index[terms["community"] == number])


def test_the_themes_are_separate_communities(network):
    numbers = {anchor: int(network.terms.set_index("term").loc[anchor, "community"]) for anchor in THEMES}
    assert len(set(numbers.values())) == len(THEMES), numbers


@pytest.mark.parametrize("anchor", sorted(THEMES))
def test_each_anchor_sits_with_its_theme(network, anchor):
    members = community_of(network, anchor)
    assert len(members & THEMES[anchor]) >= 2, (anchor, sorted(members))


def test_the_defaults_keep_nearly_every_chosen_term(network):
    assert len(network.terms) + len(network.unlinked) == network_settings().n_terms
    assert len(network.unlinked) <= 5, network.unlinked


def test_the_themes_hold_for_other_seeds(plan):
    tokens, scores = plan
    for seed in (2, 3, 4):
        other = build_network(tokens, network_settings(seed=seed), scores, layout=False)
        numbers = {int(other.terms.set_index("term").loc[anchor, "community"]) for anchor in THEMES}
        assert len(numbers) == len(THEMES), seed
