"""F quantiles at large denominator df (issue 14, item 3), exact: scipy 1.17.1 stats.f.ppf (Boost's
inverse incomplete beta). R's qf approximates by qchisq(p, df1)/df1 for df2 > 4e5, so these are the
reference there.
Run: python3 Fixtures/reference/distributions/qf_scipy.py > Fixtures/reference/distributions/qf_scipy.csv"""
from scipy.stats import f

print("p,df1,df2,quantile")
for df2 in (10, 3998, 5000, 100000, 999997):
    for df1 in (1, 3):
        for p in (0.9, 0.95, 0.99):
            print(f"{p},{df1},{df2},{float(f.ppf(p, df1, df2))!r}")
