# 2SLS with two endogenous regressors whose first-stage residuals are exactly collinear: mroz
# (inlf == 1, n = 428), potexper = age - educ - 6, with age among the instruments, so the residual of
# potexper on Z is minus the residual of educ. AER's Wu-Hausman drops the aliased column (lm.fit) and
# reports df1 = 1. R 4.2.2, AER 1.2-10.
# Produced with: Rscript Fixtures/reference/iv/iv_aliased.R > Fixtures/reference/iv/iv_aliased.csv
suppressPackageStartupMessages(library(AER))
d <- subset(read.csv("Fixtures/iv/mroz.csv"), inlf == 1)
d$potexper <- d$age - d$educ - 6
fit <- ivreg(lwage ~ educ + potexper | age + fatheduc + motheduc, data = d)
diag <- summary(fit, diagnostics = TRUE)$diagnostics
cat("term,estimate,se,df1,df2\n")
se <- sqrt(diag(vcov(fit)))
for (term in names(coef(fit))) cat(sprintf("%s,%.12g,%.12g,,\n", term, coef(fit)[[term]], se[[term]]))
for (test in c("Wu-Hausman", "Sargan"))
  cat(sprintf("%s,%.12g,,%d,%s\n", test, diag[test, "statistic"], as.integer(diag[test, "df1"]),
              ifelse(is.na(diag[test, "df2"]), "", as.character(diag[test, "df2"]))))
