# Wilson score intervals and two-proportion tests for `g3-design engagements` (Tests/G3StatsTests/ProportionTests.swift).
# R 4.2.2, stats::prop.test(correct = FALSE): its interval is Wilson's (1927), its test the pooled z test squared.
# Run from the repository root: Rscript Fixtures/reference/engagements/proportions.R > Fixtures/reference/engagements/proportions.csv
cases <- data.frame(x = c(0, 1, 5, 17, 50, 84, 848, 999, 1000, 3, 12),
                    n = c(10, 10, 40, 20, 100, 99, 1000, 1000, 1000, 7, 12),
                    level = c(.95, .95, .95, .9, .95, .99, .95, .95, .95, .8, .95),
                    x_rest = c(30, 50, 100, 300, 20, 500, 10000, 4000, 70, 1, 40),
                    n_rest = c(100, 200, 400, 1000, 80, 1000, 30000, 5000, 100, 9, 60))
out <- do.call(rbind, lapply(seq_len(nrow(cases)), function(i) {
  k <- cases[i, ]
  ci <- prop.test(k$x, k$n, conf.level = k$level, correct = FALSE)$conf.int
  p <- suppressWarnings(prop.test(c(k$x, k$x_rest), c(k$n, k$n_rest), correct = FALSE)$p.value)
  data.frame(k, wilson_low = ci[1], wilson_high = ci[2], p_two_proportion = p)
}))
write.csv(out, row.names = FALSE, quote = FALSE)
