"""LDA topics: the documents LDA sees (:mod:`.corpus`), two engines behind one
interface (:mod:`.engines`), the metrics every fit is scored by (:mod:`.metrics`),
the one rule that picks K and the seed (:mod:`.selection`), the chosen model's
tables (:mod:`.outputs`) and figures (:mod:`.figures`), the offline explorer
(:mod:`.explorer`) and a model for every chapter (:mod:`.per_chapter`).
docs/topics.md explains the choices and the measurements behind the defaults."""
