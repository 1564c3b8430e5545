"""The network explorer page as a reader uses it, in headless Chromium (Debian's
``chromium``, driven by Playwright, which never downloads a browser) with every
request that is not a local file blocked: hovering a term lists its
neighbours, clicking it lists its sentences, and markup hidden in the
document's text stays text (no element, no dialog)."""

from __future__ import annotations

from pathlib import Path

import pytest

from plantopics import paths
from plantopics.keywords import kwic
from plantopics.network import build_network
from plantopics.network.page import network_page

import test_browser
from network_synthetic import network_settings, output_settings, synthetic_document

pytestmark = pytest.mark.browser
browser = test_browser.browser  # the report's headless Chromium, every request off this machine blocked

EVIL_TERM = "<img src=x onerror=alert(1)>"
EVIL_SENTENCE_TERM = "<script>alert(2)</script>"


def open_page(context, path: Path):
    """The page, and what went wrong while it was open: requests off this machine, errors, dialogs."""
    trouble = {"blocked": [], "errors": [], "dialogs": []}

    def route(route):
        if route.request.url.startswith(test_browser.LOCAL_SCHEMES):
            route.continue_()
        else:
            trouble["blocked"].append(route.request.url)
            route.abort("blockedbyclient")

    page = context.new_page()
    page.route("**/*", route)
    page.on("pageerror", lambda error: trouble["errors"].append(str(error)))
    page.on("console", lambda message: message.type == "error" and trouble["errors"].append(message.text))
    page.on("dialog", lambda dialog: (trouble["dialogs"].append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri(), wait_until="load")
    return page, trouble


@pytest.fixture(scope="module")
def evil_page(tmp_path_factory):
    """A page whose data carries markup in a term and in a sentence."""
    tokens, sentences = synthetic_document(extra_terms={"marine": EVIL_TERM, "ai": EVIL_SENTENCE_TERM})
    network = build_network(tokens, network_settings(n_terms=30, min_frequency=2, resolution=1.0))
    assert {EVIL_TERM, EVIL_SENTENCE_TERM} <= set(network.terms["term"])
    path = tmp_path_factory.mktemp("page") / "explorer.html"
    output = output_settings()
    contexts = kwic(tokens, sentences, network.terms["term"], window=output.kwic_window)
    page = network_page(network, contexts, title="测试 <i>title</i>", max_lines=5, sizes=output.label_sizes)
    path.write_text(page, encoding="utf-8")
    return path, network, contexts


def neighbours_of(network, term: str) -> set[str]:
    edges = network.edges
    return set(edges.loc[edges["source"] == term, "target"]) | set(edges.loc[edges["target"] == term, "source"])


def test_hover_shows_neighbours_and_click_shows_sentences(browser, evil_page):
    path, network, contexts = evil_page
    page, trouble = open_page(browser, path)
    term = "海洋"
    page.locator(f'g.node[data-term="{term}"]').hover()
    page.locator("#neighbours li").first.wait_for()
    assert page.locator("#term-title").text_content() == term
    listed = page.locator("#neighbours li").evaluate_all("items => items.map(li => li.dataset.term)")
    assert set(listed) == neighbours_of(network, term)
    assert page.locator("g.node.near").count() == len(listed) + 1  # the term and its neighbours stay lit

    page.locator(f'g.node[data-term="{term}"]').click()
    page.locator("#kwic li").first.wait_for()
    expected = contexts[contexts["term"] == term]
    assert page.locator("#kwic li").count() == min(5, len(expected))
    assert page.locator("#kwic li mark").first.text_content() == term
    first = expected.iloc[0]
    assert page.locator("#kwic li").first.text_content().startswith(first["left"] + first["keyword"] + first["right"])
    assert f"of {len(expected)} occurrences" in page.locator("#kwic-summary").text_content()
    test_browser.screenshot(page, "network_explorer.png")
    assert not trouble["blocked"] and not trouble["errors"], trouble
    page.close()


def test_markup_in_the_data_stays_text(browser, evil_page):
    path, network, _ = evil_page
    page, trouble = open_page(browser, path)
    for term in (EVIL_TERM, EVIL_SENTENCE_TERM):
        node = page.locator("g.node").filter(has_text=term)
        assert node.count() == 1
        node.hover()
        node.click()
        page.locator("#kwic li").first.wait_for()
        assert page.locator("#term-title").text_content() == term
        assert term in page.locator("#kwic").text_content()
    assert page.evaluate("document.querySelectorAll('img, b, i').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 2  # the data and our script
    assert page.evaluate("document.title") == "测试 <i>title</i>"
    assert not trouble["dialogs"], trouble["dialogs"]
    assert not trouble["blocked"] and not trouble["errors"], trouble
    page.close()


@pytest.mark.workflow
def test_the_workflow_page_of_the_fixture(browser, fixture_run):
    import csv

    doc, results = fixture_run.name, fixture_run.parent
    path = Path(paths.document("network_explorer", doc, results))
    with open(paths.document("network_edges", doc, results), encoding="utf-8", newline="") as fh:
        edges = list(csv.DictReader(fh))
    term = max({e["source"] for e in edges} | {e["target"] for e in edges},
               key=lambda t: (sum(t in (e["source"], e["target"]) for e in edges), t))  # fmt: skip
    page, trouble = open_page(browser, path)
    page.locator(f'g.node[data-term="{term}"]').hover()
    page.locator("#neighbours li").first.wait_for()
    assert page.locator("#neighbours li").count() == sum(term in (e["source"], e["target"]) for e in edges)
    page.locator(f'g.node[data-term="{term}"]').click()
    page.locator("#kwic li").first.wait_for()
    assert page.locator("#kwic li mark").first.text_content().lower() == term.lower()
    assert not trouble["blocked"] and not trouble["errors"] and not trouble["dialogs"], trouble
    page.close()
