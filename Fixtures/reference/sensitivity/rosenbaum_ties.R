# Rosenbaum bounds on tied differences (0/1 outcomes): Fixtures/sensitivity/rosenbaum_tied_pairs.csv.
# R 4.2.2. rbounds is not packaged for Debian; the loop below is rbounds 2.2's psens() body without
# its round(digits = 4), so the values keep full precision. At Gamma = 1 the upper bound must equal
# wilcox.test(d, alternative = "greater", exact = FALSE, correct = FALSE), whose variance carries
# the same tie correction; the script stops unless it does.
# Run: Rscript rosenbaum_ties.R > rosenbaum_ties.csv
d <- read.csv("../../sensitivity/rosenbaum_tied_pairs.csv")
diff <- d$treated - d$control
diff <- diff[diff != 0]
ranks <- rank(abs(diff), ties.method = "average")
T <- sum(as.numeric(diff > 0) * ranks)
rows <- lapply(c(1, 1.25, 1.5, 2, 3), function(g) {
  p.plus <- g / (1 + g); p.minus <- 1 / (1 + g)
  V <- sum(ranks^2 * p.plus * (1 - p.plus))
  c(gamma = g, upper = 1 - pnorm((T - sum(ranks * p.plus)) / sqrt(V)),
    lower = 1 - pnorm((T - sum(ranks * p.minus)) / sqrt(V)))
})
out <- do.call(rbind, rows)
w <- wilcox.test(diff, alternative = "greater", exact = FALSE, correct = FALSE)$p.value
stopifnot(abs(out[1, "upper"] - w) < 1e-12)
cat(sprintf("# pairs with a non-zero difference %d, T+ = %s\n", length(diff), format(T)))
write.csv(format(as.data.frame(out), digits = 15), stdout(), row.names = FALSE, quote = FALSE)
