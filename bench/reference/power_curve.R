# The reference pipeline for the power-curve benchmark: the same 1,000-point curve with R's pwr
# (pwr.t.test at each n from 2 to 2.5 x 63.77 at d = 0.5), timed over repetitions.
# Prints: case,repetitions,median_ms,min_ms,p90_ms
suppressPackageStartupMessages(library(pwr))
args <- commandArgs(trailingOnly = TRUE)
reps <- if (length(args) > 0) as.integer(args[1]) else 30
ns <- seq(2, 2.5 * 63.76561, length.out = 1000)
curve <- function() vapply(ns, function(n) pwr.t.test(n = n, d = 0.5)$power, numeric(1))
invisible(curve())
times <- sort(vapply(seq_len(reps), function(i) system.time(curve())[["elapsed"]] * 1000, numeric(1)))
cat("case,repetitions,median_ms,min_ms,p90_ms\n")
cat(sprintf("R_pwr_power_curve_1000_t,%d,%.3f,%.3f,%.3f\n", reps, median(times), times[1], times[ceiling(0.9 * reps)]))
