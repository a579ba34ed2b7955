"""CUPED (Deng, Xu, Kohavi & Walker 2013) on Fixtures/rct/trial.csv, in closed form.

Produced with: python3 Fixtures/reference/adjustment/cuped.py > Fixtures/reference/adjustment/cuped.csv
Python 3.13, pandas 3.1.1, numpy 2.4.6, scipy 1.17.1 (Fixtures/reference/requirements.txt).
theta = cov(Y, X) / var(X) over both arms; Y* = Y - theta (X - mean X); the estimate is the difference
in means of Y* with the Neyman SE sqrt(s1^2/n1 + s0^2/n0) and Welch-Satterthwaite df.
"""
import numpy as np
import pandas as pd
from scipy import stats

d = pd.read_csv("Fixtures/rct/trial.csv")
y = d["ttl_security_rev"].to_numpy()
x = d["baseline_security_rev"].to_numpy()
z = (d["arm"] == "g3").to_numpy()
theta = np.cov(y, x, ddof=1)[0, 1] / np.var(x, ddof=1)
adjusted = y - theta * (x - x.mean())
a1, a0 = adjusted[z], adjusted[~z]
v1, v0 = a1.var(ddof=1) / len(a1), a0.var(ddof=1) / len(a0)
estimate = a1.mean() - a0.mean()
se = np.sqrt(v1 + v0)
df = (v1 + v0) ** 2 / (v1 ** 2 / (len(a1) - 1) + v0 ** 2 / (len(a0) - 1))
t = stats.t.ppf(0.975, df)
print("method,theta,estimate,std_error,df,p_value,conf_low,conf_high")
values = [theta, estimate, se, df, 2 * stats.t.sf(abs(estimate / se), df), estimate - t * se, estimate + t * se]
print("cuped," + ",".join(repr(float(v)) for v in values))
