# Propensity model reference: R's glm on MatchIt's lalonde (Fixtures/lalonde/lalonde.csv).
# Produced with: Rscript Fixtures/reference/matching/glm.R > Fixtures/reference/matching/glm.csv
# R version 4.2.2 Patched (2022-11-10 r83330), stats::glm (IRLS, epsilon 1e-12 so the reference is
# the converged maximum-likelihood estimate; the default 1e-8 agrees to about 1e-7).
d <- read.csv("Fixtures/lalonde/lalonde.csv")
d$race <- factor(d$race, levels = c("black", "hispan", "white"))
fit <- glm(treat ~ age + educ + race + married + nodegree + re74 + re75, family = binomial, data = d,
           control = glm.control(epsilon = 1e-12, maxit = 100))
ps <- fitted(fit)
cat("term,estimate\n")
for (n in names(coef(fit))) cat(sprintf("%s,%.17g\n", n, coef(fit)[[n]]))
cat(sprintf("sd_logit_ps_all_units,%.17g\n", sd(qlogis(ps))))
cat(sprintf("deviance,%.17g\n", deviance(fit)))
