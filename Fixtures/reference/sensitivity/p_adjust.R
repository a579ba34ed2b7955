# R 4.2.2 stats::p.adjust on a fixed family of p-values (ties and a value near 1 included).
# Produced with: Rscript Fixtures/reference/sensitivity/p_adjust.R > Fixtures/reference/sensitivity/p_adjust.csv
p <- c(0.01, 0.04, 0.03, 0.005, 0.5, 0.04, 0.9, 0.0001)
cat("p,holm,bh\n")
cat(sprintf("%.17g,%.17g,%.17g\n", p, p.adjust(p, "holm"), p.adjust(p, "BH")), sep = "")
