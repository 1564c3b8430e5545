"""Figure basics shared by every stage: a CJK font, matplotlib set-up,
byte-stable saving, word clouds, bar panels and chapter labels.

Chinese text needs a font with CJK glyphs; matplotlib's default (DejaVu Sans)
has none and draws boxes. We use ``NotoSansCJKsc-Regular.otf`` shipped inside
the PyPI package ``mplfonts`` (a dependency in pyproject.toml, so it is there
on the pip route and on the conda route, whose environment.yml installs the
package with pip). No system font is assumed.

Licence: the mplfonts package itself is BSD-2-Clause and ships no licence file
for its fonts, so we checked the font file: its OpenType ``name`` table
(nameID 13/14) says "This Font Software is licensed under the SIL Open Font
License, Version 1.1" (http://scripts.sil.org/OFL), copyright Adobe Systems
Incorporated. mplfonts also ships fonts of doubtful licence (SimHei.ttf): we
point at the one OFL Noto file by name and never at the folder.

Use::

    from plantopics.plotting import setup_matplotlib, save_figure
    setup_matplotlib()
    fig, ax = plt.subplots(); ...
    save_figure(fig, "fig.png", "fig.svg")
"""

from __future__ import annotations

import importlib.util
import os
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from plantopics.io import atomic_path

if TYPE_CHECKING:  # matplotlib is imported lazily: importing this module stays cheap
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

FONT_PACKAGE = "mplfonts"
FONT_FILE = "NotoSansCJKsc-Regular.otf"  # SIL OFL 1.1 (see the module docstring)
FONT_ENV = "PLANTOPICS_CJK_FONT"  # optional override: path to another CJK font file
SVG_HASHSALT = "plantopics"
WORDCLOUD_SEED = 42
PNG_DPI = 150


class FontNotFoundError(RuntimeError):
    """No CJK font file could be found; the message says how to get one."""


def cjk_font_path() -> Path:
    """The CJK font file every figure draws with.

    ``$PLANTOPICS_CJK_FONT`` if set, else ``NotoSansCJKsc-Regular.otf`` inside
    the installed ``mplfonts`` package. Raises :class:`FontNotFoundError` with
    a clear message when neither exists.
    """
    override = os.environ.get(FONT_ENV)
    if override:
        path = Path(override)
        if not path.is_file():
            raise FontNotFoundError(f"{FONT_ENV}={override!r} is not a font file")
        return path
    spec = importlib.util.find_spec(FONT_PACKAGE)
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / "fonts" / FONT_FILE
        if path.is_file():
            return path
    raise FontNotFoundError(
        f"No CJK font found: figures need {FONT_FILE} from the Python package {FONT_PACKAGE!r} "
        f"({'installed, but the file is missing' if folders else 'not installed'}). "
        f"Install the project's dependencies (pip install -e . — it pulls in {FONT_PACKAGE}), "
        f"or point {FONT_ENV} at a font file with Chinese glyphs (.otf/.ttf)."
    )


def setup_matplotlib() -> FontProperties:
    """Configure matplotlib for headless, reproducible figures with Chinese text.

    Agg backend; the CJK font registered with ``fontManager.addfont`` and made
    the default sans-serif family (DejaVu Sans as fallback for rare symbols);
    ``axes.unicode_minus = False`` (the CJK font lacks U+2212); SVG text as
    paths (renders without the font installed) with a fixed hash salt.
    Returns the font's :class:`FontProperties`. Safe to call more than once.
    """
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    font = font_manager.FontProperties(fname=str(path))
    _prefer_font_file(font_manager.fontManager, font.get_name(), path)
    matplotlib.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [font.get_name(), "DejaVu Sans"],
            "axes.unicode_minus": False,
            "svg.fonttype": "path",
            "svg.hashsalt": SVG_HASHSALT,
            "pdf.fonttype": 42,
            "savefig.dpi": PNG_DPI,
        }
    )
    return font


def _prefer_font_file(manager, family: str, path: Path) -> None:
    """Make ``family`` resolve to ``path`` alone.

    matplotlib looks fonts up by family name and keeps the first of equally good
    matches; a system font of the same family (Debian's fonts-noto-cjk installs a
    "Noto Sans CJK SC" collection) comes first in its list and would be drawn
    instead, so figures would depend on the machine. Other files of the family
    are left out of the manager's public font list.
    """
    wanted = os.path.realpath(path)
    manager.ttflist = [
        entry for entry in manager.ttflist if entry.name != family or os.path.realpath(entry.fname) == wanted
    ]


_METADATA = {
    ".png": {"Software": None},
    ".svg": {"Date": None},
    ".pdf": {"CreationDate": None, "ModDate": None, "Producer": None},
}


def save_figure(fig: Figure, png_path: str | os.PathLike, vector_path: str | os.PathLike | None = None) -> None:
    """Write ``fig`` as PNG and (optionally) SVG or PDF, atomically, then close it
    (a figure pair of :mod:`plantopics.paths`: ``save_figure(fig, *pair)``).

    PNG at ``PNG_DPI`` dots per inch. Metadata that changes between runs
    (software version in PNG, dates in SVG/PDF) is left out, so rerunning
    gives byte-identical files.
    """
    import matplotlib
    import matplotlib.pyplot as plt

    try:
        for i, target in enumerate([png_path] + ([vector_path] if vector_path else [])):
            suffix = Path(target).suffix.lower()
            if suffix not in _METADATA:
                raise ValueError(f"{target}: figures are written as .png, .svg or .pdf")
            if i == 1:
                # The layout (constrained/tight) was computed while drawing the PNG: the vector copy
                # keeps those positions rather than computing them again (both show the same layout).
                fig.set_layout_engine("none")
            with matplotlib.rc_context({"svg.hashsalt": SVG_HASHSALT}), atomic_path(target) as tmp:
                fig.savefig(tmp, format=suffix[1:], dpi=PNG_DPI, metadata=_METADATA[suffix])
    finally:
        plt.close(fig)


def shorten(text: str, max_chars: int | None) -> str:
    """``text`` cut to ``max_chars`` characters (trailing 、，；： dropped) with …; None keeps it whole."""
    if max_chars is None or len(text) <= max_chars:
        return text
    return text[:max_chars].rstrip("，、；：") + "…"


def chapter_label(chapter: int, title: str, numeral: str = "", *, max_chars: int | None = None,
                  width: int | None = None) -> str:
    """A chapter as figures name it: the heading as printed (四、建设国际科技创新中心…)
    when its ``numeral`` is known, else ``4. title`` (the chapter number), the
    title cut to ``max_chars`` characters and the label wrapped every ``width``."""
    title = shorten(title, max_chars)
    if numeral:
        label = f"{numeral}、{title}"
    else:
        label = f"{chapter}. {title}" if title else str(chapter)
    return "\n".join(textwrap.wrap(label, width)) if width else label


def bar_panel(ax: Axes, terms: Sequence[str], values: Sequence[float], color: str, *, slots: int | None = None,
              notes: Sequence[str] | None = None, fontsize: float | None = None) -> None:
    """Horizontal bars of ``values``, the first term on top. With ``slots`` the
    panel has room for that many bars, aligned at the top, so small multiples with
    fewer terms keep one bar height; else it fits its bars. ``notes`` are written
    after the bars (n=…); ``fontsize`` is that of the term labels."""
    rows = max(slots or 0, len(terms), 1)
    positions = [rows - 1 - i for i in range(len(terms))]
    ax.barh(positions, values, color=color, height=0.7)
    ax.set_yticks(positions, terms, **({"fontsize": fontsize} if fontsize else {}))
    if slots:
        ax.set_ylim(-0.6, rows - 0.4)
    else:
        ax.margins(y=0.01)
    ax.spines[["top", "right"]].set_visible(False)
    if notes:
        top = max(values, default=0) or 1
        for y, v, note in zip(positions, values, notes, strict=True):
            ax.text(v + top * 0.01, y, note, va="center", fontsize=7, color="#555555")
        ax.set_xlim(0, top * 1.15)


def figure_texts(fig: Figure) -> list[str]:
    """Every non-empty text drawn in ``fig`` (titles, labels, tick labels, annotations)."""
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text() and t.get_visible()]


@lru_cache(maxsize=4)
def _cmap(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing_glyphs(texts: Iterable[str], font_path: str | os.PathLike | None = None) -> set[str]:
    """Characters of ``texts`` (whitespace aside) that the font has no glyph for."""
    cmap = _cmap(str(font_path or cjk_font_path()))
    return {c for text in texts for c in text if not c.isspace() and ord(c) not in cmap}


def word_cloud(
    frequencies: Mapping[str, float],
    path_png: str | os.PathLike,
    *,
    width: int,
    height: int,
    max_words: int = 100,
    background_color: str = "white",
    colormap: str = "viridis",
    random_state: int = WORDCLOUD_SEED,
    title: str | None = None,
) -> None:
    """Draw a word cloud of ``frequencies`` (term -> weight > 0) to a PNG.

    The layout is fixed by ``random_state``, so reruns give the same image.
    With ``title`` the cloud is placed in a matplotlib figure under that title
    (needs :func:`setup_matplotlib` first), else the bare cloud is written.
    Raises ValueError if no term has a positive weight.
    """
    from wordcloud import WordCloud

    weights = {term: float(w) for term, w in frequencies.items() if w > 0}
    if not weights:
        raise ValueError("word_cloud: no term with a positive weight")
    cloud = _generate_cloud(WordCloud, weights, width, height, max_words, background_color, colormap, random_state)
    if title is None:
        with atomic_path(path_png) as tmp:
            cloud.to_image().save(tmp, format="PNG")
        return
    _cloud_figure(cloud, path_png, width, height, title)


def _generate_cloud(WordCloud, weights, width, height, max_words, background_color, colormap, random_state):  # noqa: N803
    return WordCloud(
        font_path=str(cjk_font_path()),
        width=width,
        height=height,
        max_words=max_words,
        background_color=background_color,
        colormap=colormap,
        random_state=random_state,
        prefer_horizontal=1.0,  # Chinese reads horizontally
        collocations=False,
    ).generate_from_frequencies(weights)


def _cloud_figure(cloud, path_png, width: int, height: int, title: str) -> None:
    import matplotlib.pyplot as plt

    # One image pixel per output pixel: the figure is as wide as the cloud at PNG_DPI.
    lines = title.count("\n") + 1
    title_in = 0.2 + 0.22 * lines
    fig = plt.figure(figsize=(width / PNG_DPI, height / PNG_DPI + title_in))
    ax = fig.add_axes((0, 0, 1, (height / PNG_DPI) / (height / PNG_DPI + title_in)))
    ax.imshow(cloud.to_array(), interpolation="nearest")
    ax.set_axis_off()
    fig.suptitle(title, fontsize=10, y=1 - 0.08 / (height / PNG_DPI + title_in), va="top")
    save_figure(fig, path_png)
