# Reference values for `g3-design example nsw` (Tests/CLITests/ExampleNSWTests.swift).
# R 4.2.2; estimatr 1.0.x, sandwich 3.0-2, lmtest, Matching 4.10-8 (Debian r-cran-*).
# Run from the repository root: Rscript Fixtures/reference/nsw/nsw.R > Fixtures/reference/nsw/nsw.csv
suppressMessages({ library(estimatr); library(sandwich); library(lmtest); library(Matching) })
nsw  <- read.csv("Fixtures/nsw/nsw.csv")
out <- data.frame(group = character(), method = character(), estimate = numeric(), se = numeric())
add <- function(group, method, estimate, se) out[nrow(out) + 1, ] <<- list(group, method, estimate, se)

# The experiment: lm(re78 ~ treat) (pooled SE) and difference_in_means (Neyman = HC2).
ols <- lm(re78 ~ treat, data = nsw)
add("experiment", "difference_in_means_pooled", coef(ols)[["treat"]], sqrt(vcov(ols)["treat", "treat"]))
dim <- difference_in_means(re78 ~ treat, data = nsw)
add("experiment", "difference_in_means", dim$coefficients[["treat"]], dim$std.error[["treat"]])

treated <- nsw[nsw$treat == 1, ]
for (group in c("cps", "psid")) {
  d <- rbind(treated, read.csv(sprintf("Fixtures/nsw/%s_controls.csv", group)))
  # naive: the difference in means, Welch / Neyman SE
  naive <- difference_in_means(re78 ~ treat, data = d)
  add(group, "naive", naive$coefficients[["treat"]], naive$std.error[["treat"]])
  # regression adjustment: OLS on the covariates, HC1
  fit <- lm(re78 ~ treat + age + I(age^2) + educ + I(educ^2) + black + hisp + marr + nodegree + re74 + re75 +
              I(re74 == 0) + I(re75 == 0), data = d)
  add(group, "ols", coef(fit)[["treat"]], sqrt(vcovHC(fit, type = "HC1")["treat", "treat"]))
  # propensity score (Dehejia & Wahba 1999's terms), matching with replacement on its logit:
  # 1 nearest neighbour with ties, ATT, Abadie-Imbens SE with constant variance (Var.calc = 0).
  # distance.tolerance = 1e-10 is g3-design's tie rule (distances within 1e-10 of each other tie).
  # Matching's default 1e-5 also ties logits that differ by up to 1e-5, which here moves the ATT:
  # CPS 1966.47 (SE 990.82), PSID 541.72 (SE 1443.50) with the default.
  ps <- glm(treat ~ age + I(age^2) + educ + I(educ^2) + black + hisp + marr + nodegree + re74 + re75 +
              I(re74 == 0) + I(re75 == 0), family = binomial, data = d)
  m <- Match(Y = d$re78, Tr = d$treat, X = predict(ps), M = 1, estimand = "ATT", ties = TRUE, Var.calc = 0,
             distance.tolerance = 1e-10)
  add(group, "psm-replace", m$est[1, 1], m$se)
}
write.csv(out, row.names = FALSE, quote = FALSE)
