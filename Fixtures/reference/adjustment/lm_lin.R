# Covariate-adjusted estimates of the arms for `rct analyze --adjust/--pre-period` on Fixtures/rct/trial.csv.
# Produced with: Rscript Fixtures/reference/adjustment/lm_lin.R > Fixtures/reference/adjustment/lm_lin.csv
# R 4.2.2, estimatr 1.0.0 (Debian r-cran-estimatr 1.0.0-3). Lin (2013): y on the arm, the centred
# covariates and their interactions with the arm, HC2 standard errors, t(n - k).
suppressPackageStartupMessages(library(estimatr))
d <- read.csv("Fixtures/rct/trial.csv")
d$z <- as.integer(d$arm == "g3")
d$stratum <- paste(d$sub_segment, d$max_aws_support_level, sep = " / ")
out <- data.frame()
add <- function(method, fit) {
  s <- as.data.frame(tidy(fit))
  r <- s[s$term == "z", ]
  out <<- rbind(out, data.frame(method = method, estimate = r$estimate, std_error = r$std.error,
    statistic = r$statistic, p_value = r$p.value, conf_low = r$conf.low, conf_high = r$conf.high, df = r$df))
}
# lm_lin(ttl_security_rev ~ z, covariates = ~ baseline_security_rev, data = d)
add("lin_baseline", lm_lin(ttl_security_rev ~ z, covariates = ~ baseline_security_rev, data = d))
# lm_lin(ttl_security_rev ~ z, covariates = ~ baseline_security_rev + stratum, data = d): the blocks'
# indicators (first level in sorted order dropped) enter as covariates, centred and interacted.
add("lin_baseline_blocks", lm_lin(ttl_security_rev ~ z, covariates = ~ baseline_security_rev + stratum, data = d))
# lm_lin(ttl_security_rev ~ z, covariates = ~ stratum, data = d)
add("lin_blocks", lm_lin(ttl_security_rev ~ z, covariates = ~ stratum, data = d))
write.csv(out, row.names = FALSE, quote = FALSE)
