# 2SLS references on Wooldridge's mroz (inlf == 1, n = 428) and on Fixtures/rct/trial.csv.
# R 4.2.2, AER 1.2-10 (ivreg, summary diagnostics), sandwich 3.0-2, estimatr 1.0.0 (iv_robust).
# Produced with: Rscript Fixtures/reference/iv/ivreg.R > Fixtures/reference/iv/ivreg.csv
# Columns: model, term, estimate, se (classical), se_hc0, se_hc1, and for model-level rows the statistic.
suppressPackageStartupMessages({ library(AER); library(sandwich); library(estimatr) })
d <- subset(read.csv("Fixtures/iv/mroz.csv"), inlf == 1)
cat("model,term,estimate,se,se_hc0,se_hc1\n")
row <- function(model, term, estimate, se = NA, hc0 = NA, hc1 = NA)
  cat(sprintf("%s,%s,%.12g,%s,%s,%s\n", model, term, estimate,
              ifelse(is.na(se), "", sprintf("%.12g", se)), ifelse(is.na(hc0), "", sprintf("%.12g", hc0)),
              ifelse(is.na(hc1), "", sprintf("%.12g", hc1))))
models <- list(
  simple = ivreg(lwage ~ educ | fatheduc, data = d),
  overid = ivreg(lwage ~ educ + exper + expersq | exper + expersq + fatheduc + motheduc, data = d))
for (name in names(models)) {
  fit <- models[[name]]
  se <- sqrt(diag(vcov(fit))); hc0 <- sqrt(diag(vcovHC(fit, type = "HC0"))); hc1 <- sqrt(diag(vcovHC(fit, type = "HC1")))
  for (term in names(coef(fit))) row(name, term, coef(fit)[[term]], se[[term]], hc0[[term]], hc1[[term]])
  diag <- summary(fit, diagnostics = TRUE)$diagnostics
  row(name, "weak_instruments_F", diag["Weak instruments", "statistic"])
  row(name, "wu_hausman", diag["Wu-Hausman", "statistic"])
  if (!is.na(diag["Sargan", "statistic"])) row(name, "sargan", diag["Sargan", "statistic"])
}
# Cluster-robust 2SLS (Stata's small-sample factor), clusters = the strata (segment x support) of the trial fixture.
t <- read.csv("Fixtures/rct/trial.csv")
t$z <- as.integer(t$arm == "g3"); t$stratum <- paste(t$sub_segment, t$max_aws_support_level, sep = " / ")
fit <- iv_robust(ttl_security_rev ~ engaged + baseline_security_rev | z + baseline_security_rev, data = t,
                 clusters = stratum, se_type = "stata")
for (term in names(coef(fit))) row("trial_cluster", term, coef(fit)[[term]], fit$std.error[[term]])
