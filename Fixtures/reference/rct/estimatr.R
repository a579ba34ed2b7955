# Reference values for `rct analyze` on Fixtures/rct/trial.csv.
# Produced with: Rscript Fixtures/reference/rct/estimatr.R > Fixtures/reference/rct/estimatr.csv
# R 4.2.2, estimatr 1.0.x (Debian r-cran-estimatr), AER (Debian r-cran-aer), sandwich.
suppressPackageStartupMessages({ library(estimatr); library(AER); library(sandwich) })
d <- read.csv("Fixtures/rct/trial.csv")
d$z <- as.integer(d$arm == "g3")
d$stratum <- paste(d$sub_segment, d$max_aws_support_level, sep = " / ")
out <- data.frame()
add <- function(method, fit, term) {
  s <- as.data.frame(tidy(fit))
  r <- s[s$term == term, ]
  out <<- rbind(out, data.frame(method = method, estimate = r$estimate, std_error = r$std.error, statistic = r$statistic,
    p_value = r$p.value, conf_low = r$conf.low, conf_high = r$conf.high, df = r$df))
}
# difference_in_means(ttl_security_rev ~ z, data = d)
add("difference_in_means", difference_in_means(ttl_security_rev ~ z, data = d), "z")
# lm_robust(ttl_security_rev ~ z, data = d, se_type = "HC2")
add("lm_robust_HC2", lm_robust(ttl_security_rev ~ z, data = d, se_type = "HC2"), "z")
# difference_in_means(ttl_security_rev ~ z, blocks = stratum, data = d)
add("blocked", difference_in_means(ttl_security_rev ~ z, blocks = stratum, data = d), "z")
# first stage: difference_in_means(engaged ~ z, data = d)
add("itt_takeup", difference_in_means(engaged ~ z, data = d), "z")
# iv_robust(ttl_security_rev ~ engaged | z, data = d, se_type = "HC1")
add("late_HC1", iv_robust(ttl_security_rev ~ engaged | z, data = d, se_type = "HC1"), "engaged")
# first-stage F, classical: summary(lm(engaged ~ z))$fstatistic; robust: waldtest with vcovHC HC1
fs <- lm(engaged ~ z, data = d)
f_classical <- unname(summary(fs)$fstatistic["value"])
f_hc1 <- unname(coef(fs)["z"]^2 / vcovHC(fs, type = "HC1")["z", "z"])
out <- rbind(out, data.frame(method = "first_stage_F", estimate = f_classical, std_error = NA, statistic = f_hc1,
  p_value = NA, conf_low = NA, conf_high = NA, df = NA))
cat("# estimatr", as.character(packageVersion("estimatr")), "/ AER", as.character(packageVersion("AER")),
    "/ sandwich", as.character(packageVersion("sandwich")), "/", R.version.string, "\n")
cat("# first_stage_F row: estimate = classical F, statistic = HC1 robust F (z^2 / vcovHC HC1)\n")
out[] <- lapply(out, function(x) if (is.numeric(x)) ifelse(is.na(x), "", sprintf("%.17g", x)) else x)
write.csv(out, stdout(), row.names = FALSE, quote = FALSE)
