# Reference values for the noncentral t CDF: R's pt(q, df, ncp) (AS 243 in R's nmath).
# Produced with: Rscript Fixtures/reference/noncentral_t/pt_grid.R > Fixtures/reference/noncentral_t/pt_grid.csv
# R version 4.2.2 Patched (2022-11-10 r83330), Debian bookworm r-base-core.
# The grid covers small df (1, 2, 3.5), large df, negative and positive q, and large ncp (up to 37).
qs   <- c(-40, -5, -1.96, -0.5, 0, 0.3, 1, 1.96, 2.5, 5, 12, 40)
dfs  <- c(1, 2, 3.5, 10, 30, 98, 500, 30660)
ncps <- c(-6, -1, 0.2, 1, 2.8, 5, 10, 20, 37)
grid <- expand.grid(q = qs, df = dfs, ncp = ncps)
grid$lower <- pt(grid$q, grid$df, ncp = grid$ncp)
grid$upper <- pt(grid$q, grid$df, ncp = grid$ncp, lower.tail = FALSE)
cat("q,df,ncp,lower,upper\n")
for (i in seq_len(nrow(grid))) {
  cat(sprintf("%.17g,%.17g,%.17g,%.17g,%.17g\n", grid$q[i], grid$df[i], grid$ncp[i], grid$lower[i], grid$upper[i]))
}
