"""The choices a co-word network depends on: the config's ``network`` section,
filled (:func:`plantopics.config.load`); each field is described in the config
schema under the key of the same name, where its default lives."""

from __future__ import annotations

from dataclasses import asdict, dataclass

UNITS = {"sentence": "sentence_id", "paragraph": "unit_id"}  # unit -> its column in the token table
RANKINGS = ("frequency", "tfidf", "keyness")
MEASURES = ("count", "ochiai", "association", "jaccard")


@dataclass(frozen=True)
class NetworkSettings:
    """Every parameter of a co-word network (docs/network.md explains each)."""

    unit: str
    ranking: str
    n_terms: int
    min_frequency: int
    min_count: int
    measure: str
    resolution: float
    seed: int
    label_terms: int
    top_terms: int

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
        """From the config's ``network`` section (its ``per_chapter``, ``figure`` and
        ``page`` keys are :class:`OutputSettings`)."""
        return cls(
            unit=section["unit"],
            ranking=section["ranking"],
            n_terms=int(section["n_terms"]),
            min_frequency=int(section["min_frequency"]),
            min_count=int(section["min_count"]),
            measure=section["measure"],
            resolution=float(section["resolution"]),
            seed=int(section["seed"]),
            label_terms=int(section["label_terms"]),
            top_terms=int(section["top_terms"]),
        )

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class OutputSettings:
    """What the workflow draws and writes besides the tables: ``per_chapter`` and
    ``chapter_terms`` are ``network.per_chapter``'s ``enabled`` and ``n_terms``,
    ``kwic_lines`` is ``network.page.kwic_lines``, ``figure_size`` and
    ``label_sizes`` are ``network.figure``'s ``size`` and ``label_sizes``, and
    ``kwic_window`` is ``keywords.kwic.window``."""

    per_chapter: bool
    chapter_terms: int
    kwic_lines: int
    kwic_window: int
    figure_size: float
    label_sizes: tuple[float, float]

    @classmethod
    def from_config(cls, section: dict, kwic_window: int) -> OutputSettings:
        chapters, figure = section["per_chapter"], section["figure"]
        return cls(
            per_chapter=bool(chapters["enabled"]),
            chapter_terms=int(chapters["n_terms"]),
            kwic_lines=int(section["page"]["kwic_lines"]),
            kwic_window=int(kwic_window),
            figure_size=float(figure["size"]),
            label_sizes=tuple(figure["label_sizes"]),
        )
