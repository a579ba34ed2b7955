"""Reference values for power --history (issue 16): OutcomeHistory on the simulated panel.

Produced with: python3 Fixtures/reference/history/history.py > Fixtures/reference/history/history.csv
Python 3.13, pandas 3.1.1, numpy 2.4.6 (Fixtures/reference/requirements.txt).
Input: Fixtures/panel/simulated/panel.csv. Window: the last 12 months (2025-02 to 2026-01), 6 baseline
then 6 follow-up; accounts with ttl_security_rev in every month of it. Covariates: the baseline means
of ttl_security_rev and security_services_count; clusters: sub_segment.
"""
import numpy as np
import pandas as pd

d = pd.read_csv("Fixtures/panel/simulated/panel.csv", dtype={"sfdc_customer_id": str},
                na_values=["", "NULL", "nan", "n/a"], keep_default_na=False)
d["m"] = d["ar_date"].str[:7]
months = sorted(d["m"].unique())[-12:]
w = d[d["m"].isin(months)]
y = w.pivot(index="sfdc_customer_id", columns="m", values="ttl_security_rev")[months].dropna()
services = w.pivot(index="sfdc_customer_id", columns="m", values="security_services_count")[months].loc[y.index]
segment = w.groupby("sfdc_customer_id")["sub_segment"].first().loc[y.index]
pre, post = y[months[:6]].mean(axis=1), y[months[6:]].mean(axis=1)
values = y.to_numpy()
x0, x1 = values[:, :-1].ravel(), values[:, 1:].ravel()
X = np.column_stack([np.ones(len(y)), pre, services[months[:6]].mean(axis=1)])
beta, *_ = np.linalg.lstsq(X, post.to_numpy(), rcond=None)
r2 = 1 - ((post.to_numpy() - X @ beta) ** 2).sum() / ((post - post.mean()) ** 2).sum()
groups = [post[segment == g].to_numpy() for g in sorted(segment.unique())]
n, g = len(post), len(groups)
msb = sum(len(v) * (v.mean() - post.mean()) ** 2 for v in groups) / (g - 1)
msw = sum(((v - v.mean()) ** 2).sum() for v in groups) / (n - g)
m0 = (n - sum(len(v) ** 2 for v in groups) / n) / (g - 1)
c = post - post.mean()
top = sorted(post, reverse=True)[:max(1, n // 100)]
out = {
    "accounts": n, "mean": post.mean(), "sd": post.std(ddof=1),
    "autocorrelation": np.corrcoef(x0, x1)[0, 1], "baseline_correlation": np.corrcoef(pre, post)[0, 1],
    "difference_factor": (post - pre).var(ddof=1) / post.var(ddof=1), "covariate_r2": r2,
    "icc": (msb - msw) / (msb + (m0 - 1) * msw), "skewness": (c ** 3).mean() / (c ** 2).mean() ** 1.5,
    "top_share": sum(top) / post.sum(),
}
print("key,value")
for k, v in out.items():
    print(f"{k},{float(v)!r}")
