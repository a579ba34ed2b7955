"""The reference pipeline of `make bench`: the steps of `g3-design analyze` on the stack an analyst would
pick instead (pandas, statsmodels, scikit-learn, numpy; TWFE with pyfixest when it is installed).

Usage: python3 bench/reference_pipeline.py PANEL.csv RESULTS.json
  RESULTS.json is `g3-design analyze --format json` on the same file with the same settings (defaults,
  --placebo-draws 0). Prints one line per step with its wall time, then the comparison of the
  deterministic estimates with g3-design's (relative difference; the target is 1e-6).

The settings mirror analyze's defaults: baseline = means of the months before each account's reference
month (its engagement month, or the first engagement month in the data); propensity = logistic
regression on the seed schema's numeric covariates and sub_segment, max_aws_support_level one-hot
(first level in byte order dropped); 1:1 nearest neighbour without replacement on the logit, largest
first, caliper 0.2 SD of the logit over all units; ATT over the months after each engaged account's
month with CR1 by pair; 2×2 DiD per pair; k-means (k = 5, 4 restarts); a 10,000-draw pair bootstrap.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
import statsmodels.api as sm
from sklearn.cluster import KMeans

path, results_path = sys.argv[1], sys.argv[2]
steps, t0 = [], time.perf_counter()


def lap(name):
    global t0
    now = time.perf_counter()
    steps.append((name, now - t0))
    t0 = now


NUMERIC = ["ttl_sls_rev", "ttl_security_rev", "ttl_resiliency_rev", "security_services_count",
           "resiliency_services_count", "customer_stage_of_adoption_score__c"]
LABELS = ["sub_segment", "max_aws_support_level"]
OUTCOMES = ["ttl_security_rev", "ttl_sls_rev"]

d = pd.read_csv(path, dtype=str, keep_default_na=False)
for c in NUMERIC:
    d[c] = pd.to_numeric(d[c].str.strip().replace({"": None, "NULL": None, "NA": None, "nan": None}), errors="coerce")
for c in LABELS + ["firstactivitydate", "first_engagement_type"]:
    d[c] = d[c].replace({"": None, "NULL": None, "NA": None, "nan": None})
d["month"] = pd.to_datetime(d["ar_date"]).dt.year * 12 + pd.to_datetime(d["ar_date"]).dt.month - 1
eng = pd.to_datetime(d["firstactivitydate"])
d["engaged_month"] = eng.dt.year * 12 + eng.dt.month - 1
lap("read and parse the panel")

first = d["engaged_month"].min()
d["reference"] = d.groupby("sfdc_customer_id")["engaged_month"].transform("min").fillna(first)
pre = d[d["month"] < d["reference"]].sort_values(["sfdc_customer_id", "month"])
base = pre.groupby("sfdc_customer_id")[NUMERIC].mean()
for c in LABELS:
    base[c] = pre.dropna(subset=[c]).groupby("sfdc_customer_id")[c].last()
base = base.dropna()
base["treated"] = d.groupby("sfdc_customer_id")["engaged_month"].min().reindex(base.index).notna()
base["month"] = d.groupby("sfdc_customer_id")["engaged_month"].min().reindex(base.index)
base = base.sort_index()  # byte order of the ids, as g3-design
lap("baseline")

X = base[NUMERIC].copy()
for c in LABELS:
    levels = sorted(base[c].unique())
    for level in levels[1:]:
        X[f"{c}{level}"] = (base[c] == level).astype(float)
X = sm.add_constant(X)
fit = sm.Logit(base["treated"].astype(float), X).fit(method="newton", tol=1e-12, maxiter=100, disp=0)
logit = np.asarray(X @ fit.params)
width = 0.2 * logit.std(ddof=1)
treated_idx = np.where(base["treated"].values)[0]
controls = np.where(~base["treated"].values)[0]
order = treated_idx[np.lexsort((treated_idx, -logit[treated_idx]))]
available = np.ones(len(controls), bool)
pairs = []
for t in order:
    gaps = np.abs(logit[controls] - logit[t])
    gaps[~available] = np.inf
    j = int(np.argmin(gaps))
    if gaps[j] <= width:
        available[j] = False
        pairs.append((t, controls[j]))
lap("propensity and matching")

ids = base.index.values
months_of = d.set_index("sfdc_customer_id")
by_id = {k: g for k, g in d.groupby("sfdc_customer_id")}


def window_mean(account, outcome, m, post):
    g = by_id[account]
    sel = g["month"] > m if post else g["month"] < m
    v = g.loc[sel, outcome].dropna()
    return v.mean() if len(v) else np.nan


effects, did = {}, {}
rng = np.random.default_rng(1)
for outcome in OUTCOMES:
    rows = []
    for t, c in pairs:
        m = base["month"].iloc[t]
        yt, yc = window_mean(ids[t], outcome, m, True), window_mean(ids[c], outcome, m, True)
        pt, pc = window_mean(ids[t], outcome, m, False), window_mean(ids[c], outcome, m, False)
        rows.append((yt, yc, pt, pc))
    r = np.array(rows)
    ok = ~np.isnan(r[:, 0]) & ~np.isnan(r[:, 1])
    diff = r[ok, 0] - r[ok, 1]
    g = len(diff)
    att = diff.mean()
    # CR1 by pair for y ~ treat with one control per pair: G/(G-1) (N-1)/(N-2) · var of the pair sums.
    y = np.concatenate([r[ok, 0], r[ok, 1]]); tr = np.concatenate([np.ones(g), np.zeros(g)])
    u = y - r[ok, 1].mean() - att * tr
    cl = np.concatenate([np.arange(g), np.arange(g)])
    n = 2 * g
    xtx_inv = np.linalg.inv(np.array([[n, g], [g, g]], float))
    scores = np.zeros((g, 2))
    np.add.at(scores, cl, np.column_stack([u, u * tr]))
    v = xtx_inv @ (scores.T @ scores) @ xtx_inv * g / (g - 1) * (n - 1) / (n - 2)
    effects[outcome] = (att, np.sqrt(v[1, 1]))
    boot = diff[rng.integers(0, g, size=(10_000, g))].mean(axis=1)
    okd = ok & ~np.isnan(r[:, 2]) & ~np.isnan(r[:, 3])
    did[outcome] = ((r[okd, 0] - r[okd, 2]) - (r[okd, 1] - r[okd, 3])).mean()
lap("effects, bootstrap and 2x2 DiD")

features = base[[c for c in NUMERIC]].to_numpy()
features = (features - features.mean(0)) / features.std(0, ddof=1)
KMeans(n_clusters=5, n_init=4, random_state=1).fit(features)
lap("clusters")

try:
    import pyfixest as pf
    stacked = []
    for s, (t, c) in enumerate(pairs):
        m = base["month"].iloc[t]
        for unit, treated in ((t, True), (c, False)):
            g = by_id[ids[unit]][["month", "ttl_security_rev"]].dropna().copy()
            g["unit"] = f"{s}-{unit}"; g["pair"] = s
            g["treated"] = ((g["month"] >= m + 1) & treated).astype(float)
            stacked.append(g)
    stacked = pd.concat(stacked)
    twfe = pf.feols("ttl_security_rev ~ treated | unit + month", data=stacked, vcov={"CRV1": "pair"})
    twfe_estimate = float(twfe.coef()["treated"])
    lap("TWFE (pyfixest)")
except ImportError:
    twfe_estimate = None

total = sum(s for _, s in steps)
for name, s in steps:
    print(f"reference,{name},{s:.3f}")
print(f"reference,total,{total:.3f}")

ours = json.load(open(results_path))
coefficients = ours["propensity"]["coefficients"]
comparisons = [("matched pairs", len(pairs), ours["matching"]["matched_treated"])]
for name, value in fit.params.items():
    key = "(Intercept)" if name == "const" else name
    if key in coefficients:
        comparisons.append((f"propensity {key}", value, coefficients[key]))
for outcome in OUTCOMES:
    e = next(x for x in ours["effects"] if x["outcome"] == outcome)
    comparisons += [(f"ATT {outcome}", effects[outcome][0], e["estimate"]), (f"SE {outcome}", effects[outcome][1], e["se"])]
    dd = next(x for x in ours["did"] if x["outcome"] == outcome)
    comparisons.append((f"2x2 DiD {outcome}", did[outcome], dd["two_by_two"]["estimate"]))
    if twfe_estimate is not None and outcome == "ttl_security_rev":
        comparisons.append(("TWFE ttl_security_rev", twfe_estimate, next(x for x in dd["effects"] if x["method"] == "twfe")["estimate"]))
worst = 0.0
for name, reference, value in comparisons:
    rel = abs(value - reference) / max(abs(reference), 1e-300)
    worst = max(worst, rel)
    print(f"compare,{name},{reference!r},{value!r},{rel:.2e}")
print(f"compare,worst relative difference,,,{worst:.2e}")
