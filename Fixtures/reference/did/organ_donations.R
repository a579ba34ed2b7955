# TWFE on causaldata's organ_donations (Fixtures/did/organ_donations.csv), R 4.2.2, sandwich 3.0-2.
# Produced with: Rscript Fixtures/reference/did/organ_donations.R > Fixtures/reference/did/organ_donations_r.csv
# lm with a dummy per state and quarter; CR1 by state: vcovCL(type = "HC1"), K = 1 + 26 + 5 + 1 = 33.
suppressMessages(library(sandwich))
d <- read.csv("Fixtures/did/organ_donations.csv")
fit <- lm(Rate ~ Treated + factor(State) + factor(Quarter_Num), data = d)
v <- vcovCL(fit, cluster = ~State, type = "HC1")
cat("term,estimate,se,convention\n")
cat(sprintf("Treated,%.12g,%.12g,lm\n", coef(fit)[["Treated"]], sqrt(v["Treated", "Treated"])))
