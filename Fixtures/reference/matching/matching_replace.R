# Matching with replacement and Abadie-Imbens SEs: R Matching 4.10-8 (Debian r-cran-matching), R 4.2.2,
# on MatchIt's lalonde (Fixtures/lalonde/lalonde.csv) and the logit of the glm propensity score.
# Produced with: Rscript Fixtures/reference/matching/matching_replace.R > Fixtures/reference/matching/matching_replace.csv
# Match(Y = re78, Tr = treat, X = logit PS, estimand = "ATT", M = ratio, replace = TRUE, ties = TRUE,
#       Var.calc = var_matches, caliper = caliper (SDs of X over all units), distance.tolerance = 0)
# dropped_treated: treated units without a control inside the caliper. Matching keeps them in N1 with an
# imputed effect of 0 in its variance (Rmatch: SN = sum(Tr), YCAUS = 0); g3-design's SE is for the matched
# treated only, so the test converts before comparing (see LalondeMatchingTests).
suppressMessages(library(Matching))
d <- read.csv("Fixtures/lalonde/lalonde.csv")
d$race <- factor(d$race, levels = c("black", "hispan", "white"))
fit <- glm(treat ~ age + educ + race + married + nodegree + re74 + re75, family = binomial, data = d,
           control = glm.control(epsilon = 1e-12, maxit = 100))
lp <- predict(fit)
cat("ratio,var_matches,caliper,matched_treated,dropped_treated,att,se\n")
for (M in 1:2) for (vc in c(0, 2)) for (cal in c(NA, 0.2)) {
  m <- Match(Y = d$re78, Tr = d$treat, X = lp, estimand = "ATT", M = M, replace = TRUE, ties = TRUE,
             Var.calc = vc, caliper = if (is.na(cal)) NULL else cal, distance.tolerance = 0)
  matched <- length(unique(m$index.treated))
  cat(sprintf("%d,%d,%s,%d,%d,%.10f,%.10f\n", M, vc, if (is.na(cal)) "" else cal, matched, sum(d$treat) - matched, m$est, m$se))
}
