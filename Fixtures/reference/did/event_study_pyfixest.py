# Event study on did::mpdta (Fixtures/did/mpdta.csv, 500 counties 2003-2007) with pyfixest 0.60.0 (PyPI),
# which follows R fixest: feols("lemp ~ i(rel, ref = -1) | countyreal + year", vcov = {"CRV1": "countyreal"}).
# rel = year - first.treat for treated counties; never-treated counties get rel = -1 (the reference), so
# they have no lead or lag dummy. Produced with:
#   python3 Fixtures/reference/did/event_study_pyfixest.py > Fixtures/reference/did/event_study_pyfixest.csv
# se_fixest is fixest's small-sample convention (county effects nested in the clusters leave K);
# se_lm rescales it to K = regressors + counties + years - 1 (R lm + sandwich::vcovCL HC1), and
# the last row is the joint Wald test of the leads (rel -4, -3, -2) in the fixest convention:
# W in the estimate column, its chi-square(3) p-value in se_fixest (pyfixest switches to chi2 here).
import numpy as np
import pandas as pd
import pyfixest as pf

d = pd.read_csv("Fixtures/did/mpdta.csv")
d["rel"] = np.where(d["first.treat"] > 0, d["year"] - d["first.treat"], -1)
fit = pf.feols("lemp ~ i(rel, ref = -1) | countyreal + year", data=d, vcov={"CRV1": "countyreal"})
n, units, years = len(d), d["countyreal"].nunique(), d["year"].nunique()
p = len(fit.coef())
scale = np.sqrt((n - 1) / (n - units - years + 1 - p) / ((n - 1) / (n - p - years)))
print("term,rel,estimate,se_fixest,se_lm")
for name in fit.coef().index:
    rel = int(name.split("::")[1].rstrip("]").rstrip(")"))
    print(f"{name},{rel},{fit.coef()[name]:.12g},{fit.se()[name]:.12g},{fit.se()[name] * scale:.12g}")
leads = [n for n in fit.coef().index if int(n.split("::")[1].rstrip("]").rstrip(")")) < -1]
w = fit.wald_test(R=np.array([[1.0 if c == l else 0.0 for c in fit.coef().index] for l in leads]))
print(f"wald_leads_chi2,,{float(w['statistic']):.12g},{float(w['pvalue']):.12g},")
