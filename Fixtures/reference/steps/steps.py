"""Reference values for the unit tests of the panel steps (issue 15): Baseline, AccountClusters' features,
OutlierRule, the naive
contrast of PanelAnalysis, MatchedPanelDiD's 2x2 on fixed pairs, PlaceboDistribution and ProgramReturn.

Produced with: python3 Fixtures/reference/steps/steps.py > Fixtures/reference/steps/steps.csv
Python 3.13, pandas 3.1.1, numpy 2.4.6, statsmodels 0.15.0 (Fixtures/reference/requirements.txt).
Input: Fixtures/panel/simulated/panel.csv (g3-design simulate --customers 600 --engaged 40 --seed 7).
"""
import math

import numpy as np
import pandas as pd
import statsmodels.api as sm

NUMERIC = ["ttl_sls_rev", "ttl_security_rev", "ttl_resiliency_rev", "security_services_count",
           "resiliency_services_count", "customer_stage_of_adoption_score__c"]
CATEGORICAL = ["sub_segment", "max_aws_support_level"]
OUTCOMES = ["ttl_security_rev", "ttl_sls_rev"]


def month(text):
    return int(text[:4]) * 12 + int(text[5:7]) - 1


def out(step, key, value):
    print(f"{step},{key},{value!r}" if isinstance(value, float) else f"{step},{key},{value}")


d = pd.read_csv("Fixtures/panel/simulated/panel.csv", dtype={"sfdc_customer_id": str},
                na_values=["", "NULL", "nan", "n/a"], keep_default_na=False)
d["m"] = d["ar_date"].map(month)
d["e"] = d["firstactivitydate"].map(lambda t: month(t) if isinstance(t, str) and t else None)
accounts = list(dict.fromkeys(d["sfdc_customer_id"]))  # file (panel) order
rows = {a: g for a, g in d.groupby("sfdc_customer_id", sort=False)}
engagement = {a: (None if pd.isna(rows[a]["e"].iloc[0]) else int(rows[a]["e"].iloc[0])) for a in accounts}
reference = min(e for e in engagement.values() if e is not None)


def mean(a, column, include):
    g = rows[a]
    values = g.loc[g["m"].map(include), column].dropna()
    return values.mean() if len(values) else None


def last_label(a, column, include):
    g = rows[a]
    values = g.loc[g["m"].map(include), column].dropna()
    return values.iloc[-1] if len(values) else None


print("step,key,value")
# Baseline: means of the months before the account's engagement (never engaged: before the first
# engagement in the data); an account without a value of every covariate there is dropped.
kept, baseline = [], {}
for a in accounts:
    end = engagement[a] if engagement[a] is not None else reference
    values = [mean(a, c, lambda m: m < end) for c in NUMERIC]
    labels = [last_label(a, c, lambda m: m < end) for c in CATEGORICAL]
    if any(v is None for v in values) or any(v is None for v in labels):
        continue
    kept.append(a)
    baseline[a] = dict(zip(NUMERIC + CATEGORICAL, values + labels))
out("baseline", "control_reference", reference)
out("baseline", "kept", len(kept))
out("baseline", "dropped", len(accounts) - len(kept))
for c in NUMERIC:
    out("baseline", f"mean_of_{c}", float(np.mean([baseline[a][c] for a in kept])))
for a in kept[:3]:
    out("baseline", f"{a}_ttl_security_rev", float(baseline[a]["ttl_security_rev"]))

# AccountClusters' derived features over the kept accounts' baselines: the security and resiliency
# shares of total revenue (0 when the total is not positive), log1p of the revenues (negative ones
# count as 0) and the total service count.
total = np.array([baseline[a]["ttl_sls_rev"] for a in kept])
security = np.array([baseline[a]["ttl_security_rev"] for a in kept])
resiliency = np.array([baseline[a]["ttl_resiliency_rev"] for a in kept])
services = np.array([baseline[a]["security_services_count"] + baseline[a]["resiliency_services_count"] for a in kept])
safe = np.where(total > 0, total, 1)
out("clusters", "mean_security_share", float(np.mean(np.where(total > 0, security / safe, 0))))
out("clusters", "mean_resiliency_share", float(np.mean(np.where(total > 0, resiliency / safe, 0))))
out("clusters", "mean_log_ttl_sls_rev", float(np.mean(np.log1p(np.maximum(total, 0)))))
out("clusters", "mean_log_ttl_security_rev", float(np.mean(np.log1p(np.maximum(security, 0)))))
out("clusters", "mean_services_count", float(np.mean(services)))

# OutlierRule(factor 2.5) over the kept accounts: type-7 quantiles (numpy's default "linear") of the
# baseline means within each segment.
segment = {a: baseline[a]["sub_segment"] for a in kept}
for s in sorted(set(segment.values())):
    members = [a for a in kept if segment[a] == s]
    for o in OUTCOMES:
        values = np.array([baseline[a][o] for a in members])
        q1, q3 = np.quantile(values, [0.25, 0.75])
        low, high = q1 - 2.5 * (q3 - q1), q3 + 2.5 * (q3 - q1)
        out("outliers", f"{s}_{o}_low", float(low))
        out("outliers", f"{s}_{o}_high", float(high))
        out("outliers", f"{s}_{o}_flagged", int(((values < low) | (values > high)).sum()))

# The naive contrast of PanelAnalysis: engaged accounts' means after their engagement month against
# never-engaged accounts' means from the first engagement month on.
for o in OUTCOMES:
    engaged = [mean(a, o, lambda m, e=engagement[a]: m > e) for a in kept if engagement[a] is not None]
    others = [mean(a, o, lambda m: m >= reference) for a in kept if engagement[a] is None]
    out("naive", f"{o}_engaged_mean", float(np.mean([v for v in engaged if v is not None])))
    out("naive", f"{o}_comparison_mean", float(np.mean([v for v in others if v is not None])))

# MatchedPanelDiD's 2x2 on fixed pairs: the i-th engaged kept account with the i-th never-engaged kept
# account; change = mean after the treated account's month − mean before it; OLS of the changes on
# the treated indicator, CR1 clustered by pair (statsmodels cov_type="cluster").
treated = [a for a in kept if engagement[a] is not None]
controls = [a for a in kept if engagement[a] is None]
for o in OUTCOMES:
    y, t, g = [], [], []
    for pair, (a, c) in enumerate(zip(treated, controls)):
        e = engagement[a]
        changes = []
        for u in (a, c):
            post, pre = mean(u, o, lambda m: m > e), mean(u, o, lambda m: m < e)
            changes.append(None if post is None or pre is None else post - pre)
        if None in changes:
            continue
        y += changes
        t += [1, 0]
        g += [pair, pair]
    fit = sm.OLS(np.array(y), sm.add_constant(np.array(t, dtype=float))).fit(
        cov_type="cluster", cov_kwds={"groups": np.array(g)})
    out("did2x2", f"{o}_pairs", len(y) // 2)
    out("did2x2", f"{o}_estimate", float(fit.params[1]))
    out("did2x2", f"{o}_se", float(fit.bse[1]))

# PlaceboDistribution: draws 100·sin(i), i = 1…199, against an ATT of 150.
draws = np.array([100 * math.sin(i) for i in range(1, 200)])
out("placebo", "mean", float(draws.mean()))
out("placebo", "sd", float(draws.std(ddof=1)))
out("placebo", "low_95", float(np.quantile(draws, 0.025)))
out("placebo", "high_95", float(np.quantile(draws, 0.975)))
out("placebo", "p_value", float((1 + (np.abs(draws) >= 150).sum()) / (1 + len(draws))))
out("placebo", "p_value_att_60", float((1 + (np.abs(draws) >= 60).sum()) / (1 + len(draws))))

# ProgramReturn: effect 120 (CI −30 to 270) per account-month, 40 accounts, 12 months, margin 0.6,
# cost 50,000: incremental = effect·accounts·months·margin; ROI = (incremental − cost)/cost.
per = 40 * 12 * 0.6
for name, effect in [("", 120.0), ("_low", -30.0), ("_high", 270.0)]:
    out("roi", f"incremental{name}", effect * per)
    out("roi", f"roi{name}", (effect * per - 50000) / 50000)
out("roi", "break_even_effect", 50000 / per)
