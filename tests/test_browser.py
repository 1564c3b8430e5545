"""The report and the topic explorer as a reader sees them: each page opened in
headless Chromium (Debian's ``chromium``; Playwright drives it and never
downloads a browser) with every request that is not a local file blocked. A
page passes when it draws what it should with no blocked or failed request and
no JavaScript error. Screenshots are kept in tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import csv
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ROOT, snakemake

pytestmark = [pytest.mark.browser, pytest.mark.workflow]

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
VIS_ID = "plantopics-ldavis"  # the element id our explorer pages draw into
TIMEOUT_MS = 30_000


@dataclass
class Watch:
    """What went wrong while a page was open: requests we blocked (anything
    off this machine), requests that failed, uncaught exceptions, console errors."""

    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert not self.blocked, f"the page asked for the network: {self.blocked}"
        assert not self.failed, f"requests failed: {self.failed}"
        assert not self.errors, f"JavaScript errors: {self.errors}"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A fresh Chromium profile with the network blocked except local URLs."""
    yield from chromium_context(tmp_path_factory)


def chromium_context(tmp_path_factory):
    """The ``browser`` fixture's generator (other test modules make their fixture of it)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]' installs playwright")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1500, "height": 1000},
            accept_downloads=True,
            service_workers="block",
        )
        context.set_default_timeout(TIMEOUT_MS)
        yield context
        context.close()


def open_page(context, path: Path):
    """Open a local file; returns the page and its Watch."""
    watch = Watch()

    def route(route):
        url = route.request.url
        if url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            watch.blocked.append(url)
            route.abort("blockedbyclient")

    page = context.new_page()
    page.route("**/*", route)
    page.on("requestfailed", lambda request: watch.failed.append(f"{request.url[:120]}: {request.failure}"))
    page.on("pageerror", lambda error: watch.errors.append(shorten(str(error))))
    page.on("console", lambda message: message.type == "error" and watch.errors.append(shorten(message.text)))
    page.goto(path.as_uri(), wait_until="load")
    return page, watch


def shorten(message: str) -> str:
    """An error message without the megabytes of a data: URL it may quote."""
    return re.sub(r"(data:[^,'\"\s]{0,80},)[^'\"\s]{40,}", r"\1…", message)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), animations="disabled")
    return path


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def report_html(fixture_run) -> Path:
    """``snakemake --report`` on the fixture run, as `make report` makes it."""
    report = fixture_run.parents[1] / "report.html"
    run = snakemake("--report", str(report), workdir=fixture_run.parents[1])
    assert run.returncode == 0, run.stderr[-5000:]
    return report


# --- the Snakemake report ----------------------------------------------------------

# What a page would fetch from elsewhere: an element's src/href or a CSS url() off this machine.
EXTERNAL = re.compile(
    r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//"""
    r"""|url\(\s*["']?(?:https?:)?//"""
)


def menu_item(page, name: str):
    """An entry of the report's left-hand menu, by its exact text."""
    return page.locator("nav li > a", has=page.locator("span", has_text=re.compile(f"^{re.escape(name)}$")))


def open_result(page, path: str):
    """Click through the menu to one result's row, as a reader would: home,
    its category, its subcategory; returns the row (label cells, then buttons)."""
    where = page.evaluate(
        """path => {
            for (const [category, subcategories] of Object.entries(categories))
                for (const [subcategory, paths] of Object.entries(subcategories))
                    if (paths.includes(path))
                        return {category, subcategory, single: Object.keys(subcategories).length == 1,
                                labels: results[path].labels || {}};
            return null;
        }""",
        path,
    )
    assert where, f"{path} is not in the report"
    page.locator("nav ol > li").first.locator("a").click()  # home
    menu_item(page, where["category"]).click()
    if not where["single"]:
        menu_item(page, where["subcategory"]).click()
    headers = page.locator("table thead th").all_text_contents()[:-1]
    wanted = [str(where["labels"].get(header, "")) for header in headers]
    rows = page.locator("table tbody tr")
    for i in range(rows.count()):
        if rows.nth(i).locator("td").all_text_contents()[:-1] == wanted:
            return rows.nth(i)
    raise AssertionError(f"no row {wanted} under {where['category']} / {where['subcategory']}")


def view_button(row):
    return row.locator("td").last.locator("a").first


def info_button(row):
    return row.locator("td").last.locator("a").nth(1)


def test_report_is_one_offline_file_with_a_caption_for_every_result(report_html, fixture_run):
    page = report_html.read_text(encoding="utf-8")
    assert not EXTERNAL.findall(page), "the report loads something from the network"
    assert '"results/fixture_plan/structure/chapters.csv"' in page


def test_report_works_offline_with_figures_and_tables(browser, report_html, fixture_run):
    page, watch = open_page(browser, report_html)
    page.wait_for_selector("#loading-screen", state="hidden")
    page.get_by_text("How to read this report").wait_for()
    screenshot(page, "report_home.png")

    # One category per stage, one subcategory per document (or per document and aspect).
    layout = page.evaluate("Object.fromEntries(Object.entries(categories).map(([c, s]) => [c, Object.keys(s)]))")
    assert {"Structure", "Tokens", "Keywords", "Topics"} <= set(layout), layout
    assert "Failed documents" in layout  # results/_failed.csv, with no rows
    assert all(sub.startswith("fixture_plan") for cat, subs in layout.items() if cat != "Failed documents"
               for sub in subs), layout
    # Every result says what it shows.
    entries = page.evaluate("results")
    uncaptioned = [path for path, entry in entries.items() if not entry["caption"].strip()]
    assert not uncaptioned, uncaptioned

    # Every figure decodes (each is a data: URI inside the file).
    widths = page.evaluate(
        """async () => {
            const out = {};
            for (const [path, entry] of Object.entries(results)) {
                if (!entry.mime_type.startsWith("image/")) continue;
                const img = new Image();
                img.src = entry.data_uri;
                try { await img.decode(); out[path] = img.naturalWidth; } catch (e) { out[path] = 0; }
            }
            return out;
        }"""
    )
    assert "results/fixture_plan/keywords/figures/heatmap.png" in widths
    assert all(width > 0 for width in widths.values()), {p: w for p, w in widths.items() if not w}

    # One figure per stage that has figures, reached through the menu: the eye shows it.
    for category in sorted(layout):
        paths = [p for subs in page.evaluate(f"categories[{category!r}]").values() for p in subs if p in widths]
        if not paths:
            continue
        view_button(open_result(page, paths[0])).click()
        figure = page.locator(f"img[src^='{entries[paths[0]]['data_uri'][:60]}']")
        figure.wait_for()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=figure.element_handle())
        screenshot(page, f"report_figure_{category.lower()}.png")

    # A table: its description (the (i) button) says how to read it; the eye downloads the CSV.
    info_button(open_result(page, "results/fixture_plan/structure/chapters.csv")).click()
    page.get_by_text("Chapters of").wait_for()
    assert "n_sections" in page.locator("nav").first.text_content()
    screenshot(page, "report_table.png")
    with page.expect_download() as download:
        page.locator("nav a[download='chapters.csv']").first.click()
    assert Path(download.value.path()).read_bytes() == (fixture_run / "structure" / "chapters.csv").read_bytes()

    watch.assert_clean()
    page.close()


def test_report_shows_the_topic_explorer(browser, report_html, fixture_run):
    """The explorer is flagged for the report too: it must work inside the report's frame."""
    path = "results/fixture_plan/lda/explorer.html"
    page, watch = open_page(browser, report_html)
    page.wait_for_selector("#loading-screen", state="hidden")
    if path not in page.evaluate("Object.keys(results)"):
        pytest.skip(f"{path} is not flagged for the report")
    view_button(open_result(page, path)).click()
    frame = page.frame_locator("iframe")
    k = len({row["topic"] for row in read_rows(fixture_run / "lda" / "topics.csv")})
    frame.locator(f"#{VIS_ID} svg circle.dot").nth(k - 1).wait_for()
    assert frame.locator(f"#{VIS_ID} svg circle.dot").count() == k
    frame.get_by_role("button", name="Next Topic").click()  # from no topic to topic 1
    frame.locator(f"#{VIS_ID} .bubble-tool").filter(has_text="Topic 1 (").wait_for()
    frame.get_by_role("button", name="Next Topic").click()
    frame.locator(f"#{VIS_ID} .bubble-tool").filter(has_text="Topic 2 (").wait_for()
    screenshot(page, "report_explorer.png")
    watch.assert_clean()
    page.close()


# --- the topic explorer (pyLDAvis) -------------------------------------------------


@pytest.fixture(scope="module")
def explorer_html(fixture_run) -> Path:
    path = fixture_run / "lda" / "explorer.html"
    if not path.exists():
        pytest.skip(f"the fixture run made no topic explorer ({path.relative_to(fixture_run.parents[1])})")
    return path


def bar_terms(page) -> list[str]:
    """The terms of the bar chart, top to bottom."""
    return page.evaluate(
        f"""() => Array.from(document.querySelectorAll("#{VIS_ID} text.terms"))
            .sort((a, b) => a.getBBox().y - b.getBBox().y).map(t => t.textContent)"""
    )


def test_explorer_draws_the_map_and_the_bars_with_our_topic_numbers(browser, explorer_html, fixture_run):
    topics = read_rows(fixture_run / "lda" / "topics.csv")
    shares = {int(r["topic"]): 100 * float(r["share"]) for r in read_rows(fixture_run / "lda" / "topic_summary.csv")}
    k = len({row["topic"] for row in topics})
    assert sorted(shares) == list(range(1, k + 1))

    page, watch = open_page(browser, explorer_html)
    circles = page.locator(f"#{VIS_ID} svg circle.dot")
    circles.nth(k - 1).wait_for()
    assert circles.count() == k  # one circle per topic of the chosen model
    labels = page.locator(f"#{VIS_ID} svg text.txt").all_text_contents()
    assert sorted(labels, key=int) == [str(t) for t in range(1, k + 1)]
    assert page.locator(f"#{VIS_ID} rect.bar-totals").count() > 0  # the overall term bars
    screenshot(page, "explorer.png")

    # Topic k on the page is our topic k: the title gives its share of tokens as in
    # topic_summary.csv, and its most probable term (λ = 1, the default) is the first bar.
    # Every topic in turn with the "Next Topic" button, starting from none selected
    # (a click on a circle can land on an overlapping one).
    for topic in range(1, k + 1):
        page.get_by_role("button", name="Next Topic").click()
        title = page.locator(f"#{VIS_ID} .bubble-tool").filter(has_text=f"Topic {topic} (")
        title.wait_for()
        shown_share = float(title.text_content().split("(")[1].split("%")[0])
        assert shown_share == pytest.approx(shares[topic], abs=0.051), (topic, title.text_content())
        page.wait_for_function(  # the bars' transition has ended: as many red bars as terms
            f"""() => document.querySelectorAll("#{VIS_ID} rect.overlay").length > 0
                && document.querySelectorAll("#{VIS_ID} rect.overlay").length
                   == document.querySelectorAll("#{VIS_ID} text.terms").length"""
        )
        ours = [r for r in topics if int(r["topic"]) == topic]
        best = max(float(r["probability"]) for r in ours)
        most_probable = {r["term"] for r in ours if float(r["probability"]) == best}  # ties: any order
        assert bar_terms(page)[0] in most_probable, (topic, bar_terms(page)[:5], most_probable)
        if topic == 1:
            screenshot(page, "explorer_topic1.png")

    watch.assert_clean()
    page.close()
