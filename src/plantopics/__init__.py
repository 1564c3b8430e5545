"""plantopics: what a Chinese policy document and each of its chapters are about.

Stages (each a module, each unit-tested without Snakemake):
``ingest`` (bytes -> normalised text), ``segment`` (text -> chapters, sections,
boxes, paragraphs, sentences), ``tokenize`` (jieba with a policy dictionary and
layered stopwords).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("plantopics")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+unknown"
