# After-matching balance on MatchIt's lalonde from an independent greedy matcher written here in plain R
# (Debian's MatchIt 4.5.1 ignores calipers, MatchIt issue #163, so it cannot produce these numbers).
# R 4.2.2, stats::glm, sandwich 3.0-2. Produced with:
#   Rscript Fixtures/reference/matching/greedy_after.R > Fixtures/reference/matching/smd_after.csv
# The matcher: treated units in decreasing logit PS (ties in data order) each take the nearest available
# control within 0.2 SD (over all units) of the logit; among equally near controls, from below the last in
# data order, from above the first, and between the two sides the earlier in the data. The script stops
# unless it reproduces MatchIt 4.7.2 (117 pairs, ATT 1770.602906, pair-cluster HC1 SE 924.234347; see
# matchit_4.7.2.csv), then prints the balance after matching: SMD over the treated SD of the unmatched
# sample (binary terms: sqrt(p(1-p))), and the variance ratio treated/control (n - 1 variances).
suppressMessages(library(sandwich))
d <- read.csv("Fixtures/lalonde/lalonde.csv")
d$race <- factor(d$race, levels = c("black", "hispan", "white"))
fit <- glm(treat ~ age + educ + race + married + nodegree + re74 + re75, family = binomial, data = d,
           control = glm.control(epsilon = 1e-12, maxit = 100))
lp <- predict(fit)
width <- 0.2 * sd(lp)
treated <- which(d$treat == 1); treated <- treated[order(-lp[treated], treated)]
available <- d$treat == 0
pair <- integer(0); partner <- integer(0)
for (t in treated) {
  cand <- which(available)
  gap <- abs(lp[cand] - lp[t]); best <- min(gap)
  if (best > width) next
  tied <- cand[gap == best]
  below <- tied[lp[tied] < lp[t]]; above <- tied[lp[tied] >= lp[t]]
  choice <- c(if (length(below)) max(below), if (length(above)) min(above))
  c <- min(choice)
  available[c] <- FALSE
  pair <- c(pair, t); partner <- c(partner, c)
}
m <- data.frame(y = d$re78[c(pair, partner)], treat = rep(1:0, each = length(pair)), subclass = rep(seq_along(pair), 2))
ols <- lm(y ~ treat, data = m)
se <- sqrt(vcovCL(ols, cluster = ~subclass, type = "HC1")["treat", "treat"])
stopifnot(length(pair) == 117, abs(coef(ols)[["treat"]] - 1770.602906) < 1e-5, abs(se - 924.234347) < 1e-5)
X <- model.matrix(~ age + educ + race + married + nodegree + re74 + re75, d)[, -1]
cat("term,smd_after,variance_ratio_after\n")
for (term in colnames(X)) {
  x <- X[, term]; binary <- all(x %in% c(0, 1))
  xt <- x[d$treat == 1]
  denominator <- if (binary) sqrt(mean(xt) * (1 - mean(xt))) else sd(xt)
  a <- x[pair]; b <- x[partner]
  cat(sprintf("%s,%.12g,%s\n", term, (mean(a) - mean(b)) / denominator, if (binary) "" else sprintf("%.12g", var(a) / var(b))))
}
