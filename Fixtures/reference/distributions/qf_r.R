# F quantiles at large denominator df, where GSL 2.7's gsl_cdf_fdist_Pinv returns NaN (issue 14, item 3).
# R 4.2.2 qf(); Produced with: Rscript Fixtures/reference/distributions/qf_r.R > Fixtures/reference/distributions/qf_r.csv
# R switches to qchisq(p, df1)/df1 for df2 > 4e5 (its qf.c), 2e-6 relative off there: qf_scipy.csv has the exact values.
cat("p,df1,df2,quantile\n")
for (df2 in c(10, 3998, 5000, 1e5, 999997)) for (df1 in c(1, 3)) for (p in c(0.9, 0.95, 0.99))
  cat(sprintf("%s,%s,%s,%.15g\n", p, df1, format(df2, scientific = FALSE), qf(p, df1, df2)))
