"""What the Snakemake workflow needs before it runs, kept in the package so it is
unit-tested without Snakemake:

* :mod:`.documents` — which documents there are (the input folder), each
  document's settings (per-document overrides of the config) and the series'
  document sheet;
* :mod:`.targets` — the final targets of a run and the comparison's inputs,
  built from :mod:`plantopics.paths`;
* :mod:`.runtime` — how the Snakemake process itself runs: the two fixes it
  applies to Snakemake and jsonschema (each measured and guarded by a test) and
  the jobs' import path under ``--sdm conda``.

Per-rule parameters taken from the config live with the stage that uses them
(:mod:`plantopics.topics.settings` for the LDA rules). Adding a stage: its paths
in :mod:`plantopics.paths` (the docstring there says how), its settings in the
config schema, a rule file and a script.
"""
