"""Measurements behind the series methods (docs/series.md, "Measurements").

Not a test. It reads a folder of per-document results as the workflow writes
them (``<folder>/<id>/text/normalized.txt`` and ``<id>/tokens/sentences.csv``,
or the flat ``<id>/normalized.txt`` and ``<id>/tokens.csv``), dates every
document from its own text (never from a sheet), and prints Markdown:

    .venv/bin/python benchmarks/series_methods.py RESULTS_DIR [terms|topics|all] [--check YEARS.tsv]

* ``terms``  — the term trend methods on the real series: the vectorised
  quasi-Poisson fit against statsmodels' GLM (agreement and time per term),
  Poisson, quasi-Poisson, negative binomial (statsmodels, a sample of terms)
  and Kendall's rank trend of the per-10k rates: how many terms each calls
  significant, and how many it calls significant when the years are shuffled
  (a calibrated method finds about 5 % at p < 0.05); known terms.
* ``topics`` — the joint model over the series, then: the composition draws
  from one fit and from three seeds' aligned fits (how much wider the seeds
  make the intervals), time per step; tomotopy's GDMR with the year as
  metadata against the LDA + regression (coherence by our own scorer, held-out
  fit, time); per-period words from the joint model against tomotopy's
  DTModel (coherence of each period's top words by our scorer, time).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from plantopics import config
from plantopics.compare import document_tokens
from plantopics.series.sheet import derive_year
from plantopics.series.terms import TrendSettings, count_matrix, fit_trends, poisson_trend_fit
from plantopics.tokenize import read_tokens

KNOWN = ["阶级斗争", "计划经济", "市场经济", "社会主义市场经济", "生态文明", "创新", "人民公社", "无产阶级", "改革开放",
         "互联网", "高质量发展", "新质生产力", "数字经济", "扶贫", "脱贫攻坚", "乡村振兴", "碳达峰", "大跃进", "外资"]


def load(folder: Path) -> tuple[dict[str, pd.DataFrame], dict[str, int | None]]:
    tokens, years = {}, {}
    for doc in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("_")):
        if not any((doc / f).exists() for f in ("tokens.csv", "tokens/sentences.csv")):
            continue
        text = next(f for f in (doc / "text" / "normalized.txt", doc / "normalized.txt") if f.exists())
        table = next(f for f in (doc / "tokens" / "sentences.csv", doc / "tokens.csv") if f.exists())
        tokens[doc.name] = read_tokens(table)
        years[doc.name] = derive_year(text.read_text(encoding="utf-8")).year
    return tokens, years


def terms_part(tokens, years) -> None:
    import statsmodels.api as sm
    from scipy import stats

    counts = count_matrix(document_tokens(tokens))
    dated = {d: y for d, y in years.items() if y is not None and len(tokens[d])}
    print(f"## Term trends ({len(dated)} dated documents of {len(years)}, {len(counts.terms)} terms)\n")
    start = time.perf_counter()
    trends = fit_trends(counts, dated, TrendSettings.from_config(config.defaults()["series"]["terms"]))
    fit_s = time.perf_counter() - start
    print(f"- vectorised quasi-Poisson: {len(trends)} terms tested in {fit_s:.2f} s "
          f"({fit_s / max(len(trends), 1) * 1e3:.3f} ms per term, counting and support rule included)")
    sub = counts.restrict([d for d in counts.documents if d in dated])
    x = (np.array([dated[d] for d in sub.documents]) - np.mean(list(dated.values()))) / 10
    design = sm.add_constant(x)
    index = {t: i for i, t in enumerate(sub.terms)}
    sample = trends.sample(min(300, len(trends)), random_state=1)["term"].tolist()
    start = time.perf_counter()
    diffs = []
    for term in sample:
        y = sub.counts[index[term]]
        glm = sm.GLM(y, design, family=sm.families.Poisson(), offset=np.log(sub.lengths)).fit()
        diffs.append(abs(np.log(trends.set_index("term").at[term, "trend"]) - glm.params[1]))
    sm_s = (time.perf_counter() - start) / len(sample)
    print(f"- statsmodels GLM: {sm_s * 1e3:.2f} ms per term ({sm_s * len(trends):.1f} s for all tested terms); "
          f"largest |Δ log trend| over {len(sample)} terms {max(diffs):.2e}\n")

    rng = np.random.default_rng(5)
    tested = trends["term"].tolist()
    y = sub.counts[[index[t] for t in tested]]
    print("| method | significant at p < 0.05 | years shuffled (mean of 5) |\n|---|---:|---:|")

    def quasi_and_poisson(xv):
        a, b, cov, mu, _ = poisson_trend_fit(y, sub.lengths, xv)
        dof = len(xv) - 2
        phi = np.maximum(1, ((y - mu) ** 2 / mu).sum(axis=1) / dof)
        p_pois = 2 * stats.norm.sf(np.abs(b / np.sqrt(cov[:, 1, 1])))
        p_quasi = 2 * stats.t.sf(np.abs(b / np.sqrt(cov[:, 1, 1] * phi)), dof)
        return p_pois, p_quasi

    def kendall(xv):
        rates = y / sub.lengths[None, :]
        return np.array([stats.kendalltau(xv, r).pvalue for r in rates])

    shuffles = [rng.permutation(x) for _ in range(5)]
    real = quasi_and_poisson(x)
    null = [quasi_and_poisson(s) for s in shuffles]
    for i, name in enumerate(["Poisson", "quasi-Poisson (chosen)"]):
        print(f"| {name} | {np.mean(real[i] < 0.05):.1%} | {np.mean([n[i] < 0.05 for n in null]):.1%} |")
    print(f"| Kendall rank trend of per-10k | {np.mean(kendall(x) < 0.05):.1%} | "
          f"{np.mean([np.mean(kendall(s) < 0.05) for s in shuffles[:2]]):.1%} |")
    rows = rng.choice(len(tested), size=min(200, len(tested)), replace=False)

    def negbin(xv):
        out = []
        for r in rows:
            try:
                fit = sm.NegativeBinomial(y[r], sm.add_constant(xv), offset=np.log(sub.lengths)).fit(disp=0)
                out.append(fit.pvalues[1])
            except Exception:  # noqa: BLE001 (a failed fit counts as not significant)
                out.append(1.0)
        return np.array(out)

    start = time.perf_counter()
    nb_real = negbin(x)
    nb_s = (time.perf_counter() - start) / len(rows)
    nb_null = negbin(shuffles[0])
    print(f"| negative binomial (statsmodels, {len(rows)} terms; {nb_s * 1e3:.0f} ms per term) | "
          f"{np.mean(nb_real < 0.05):.1%} | {np.mean(nb_null < 0.05):.1%} |")
    print("\n### Known terms\n")
    known = trends.set_index("term").reindex([t for t in KNOWN if t in set(trends["term"])])
    cols = ["n_documents", "first_year", "last_year", "count", "trend", "trend_low", "trend_high", "q", "direction"]
    print(known[cols].to_markdown(floatfmt=".3g"))
    print("\n### Strongest rising and falling\n")
    for direction in ("rising", "falling"):
        top = trends[trends["direction"] == direction].head(15)
        print(f"- {direction}: " + ", ".join(f"{t} ×{v:.2g}" for t, v in zip(top["term"], top["trend"], strict=True)))


def main() -> None:
    folder = Path(sys.argv[1])
    part = sys.argv[2] if len(sys.argv) > 2 else "all"
    tokens, years = load(folder)
    if "--check" in sys.argv:
        truth = pd.read_csv(sys.argv[sys.argv.index("--check") + 1], sep="\t").set_index("id")["year"]
        found = pd.Series(years)
        right = int((found.dropna().astype(int) == truth.reindex(found.dropna().index)).sum())
        print(f"Years from the texts: {right} right, {found.notna().sum() - right} wrong, "
              f"{found.isna().sum()} none, of {len(found)}\n")
    if part in ("terms", "all"):
        terms_part(tokens, years)
    if part in ("topics", "all"):
        from series_topics_methods import topics_part  # noqa: PLC0415 (heavy; only when asked)

        topics_part(tokens, years)


if __name__ == "__main__":
    main()
