"""The choices a co-word network depends on, as the config's ``network`` section sets them.

The defaults below mirror ``workflow/schemas/config.schema.yaml`` (where they are
described); ``tests/test_network.py`` fails if the two disagree.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

UNITS = {"sentence": "sentence_id", "paragraph": "unit_id"}  # unit -> its column in the token table
RANKINGS = ("frequency", "tfidf", "keyness")
MEASURES = ("count", "ochiai", "association", "jaccard")


@dataclass(frozen=True)
class NetworkSettings:
    """Every parameter of a co-word network (docs/network.md explains each)."""

    unit: str = "sentence"
    ranking: str = "tfidf"
    n_terms: int = 100
    min_frequency: int = 3
    min_count: int = 1
    measure: str = "ochiai"
    resolution: float = 2.0
    seed: int = 1
    label_terms: int = 3
    top_terms: int = 10

    def __post_init__(self):
        checks = [
            (self.unit in UNITS, f"unit must be one of {sorted(UNITS)}, not {self.unit!r}"),
            (self.ranking in RANKINGS, f"ranking must be one of {list(RANKINGS)}, not {self.ranking!r}"),
            (self.measure in MEASURES, f"measure must be one of {list(MEASURES)}, not {self.measure!r}"),
            (self.n_terms >= 2, f"n_terms must be at least 2, not {self.n_terms}"),
            (self.min_frequency >= 1, f"min_frequency must be at least 1, not {self.min_frequency}"),
            (self.min_count >= 1, f"min_count must be at least 1, not {self.min_count}"),
            (self.resolution > 0, f"resolution must be positive, not {self.resolution}"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(f"network settings: {message}")

    @classmethod
    def from_config(cls, section: dict) -> NetworkSettings:
        """From the config's ``network`` section (unknown keys such as ``per_chapter`` are not network settings)."""
        names = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in section.items() if key in names})

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class OutputSettings:
    """What the workflow draws and writes besides the tables."""

    per_chapter: bool = False
    chapter_terms: int = 40
    kwic_lines: int = 30
    kwic_window: int = 20
    figure_size: float = 11.0
    label_sizes: tuple[float, float] = field(default=(7.0, 20.0))

    @classmethod
    def from_config(cls, section: dict, kwic_window: int | None = None) -> OutputSettings:
        chapters = section.get("per_chapter", {})
        figure = section.get("figure", {})
        page = section.get("page", {})
        return cls(
            per_chapter=chapters.get("enabled", cls.per_chapter),
            chapter_terms=chapters.get("n_terms", cls.chapter_terms),
            kwic_lines=page.get("kwic_lines", cls.kwic_lines),
            kwic_window=kwic_window if kwic_window is not None else cls.kwic_window,
            figure_size=figure.get("size", cls.figure_size),
            label_sizes=tuple(figure.get("label_sizes", cls().label_sizes)),
        )
