"""A series of documents over time or between groups (docs/series.md).

* :mod:`.sheet` — the document sheet (one row per document with its year and
  attributes, validated by a schema) and the year of each document derived
  from its title or date line when no sheet gives it;
* :mod:`.terms` — every term's frequency per document, its first appearance,
  its trend over time (quasi-Poisson regression with the document's length as
  exposure) and keyness between groups of documents;
* :mod:`.topics` — topic shares per document and per year from the joint
  topic model, the effect of time and of each attribute on each topic's share
  with uncertainty (regression of shares on covariates over posterior draws,
  as stm's ``estimateEffect``), and each topic's words period by period;
* :mod:`.figures` — the figures of all of it;
* :mod:`.outputs` — the tables the workflow writes, each from what it already has.

Every function is pure; the Snakemake scripts read and write the files.
"""
