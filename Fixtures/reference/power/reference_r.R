# Power reference values from R: pwr 1.3-0 and stats (power.t.test, power.prop.test).
# Produced with: Rscript Fixtures/reference/power/reference_r.R > Fixtures/reference/power/reference_r.csv
# R version 4.2.2 Patched (2022-11-10 r83330); Debian bookworm r-base-core, r-cran-pwr 1.3-0.
#
# Columns: the call; the inputs in g3-design's terms (test, sides, alpha, ratio = n_control/n_treatment,
# effect_d or p_control/p_treatment, n_treatment, power); `solve` names the unknown and `expected`
# holds R's answer. Where R solves with uniroot at its default tolerance (.Machine$double.eps^0.25),
# the call is repeated with the same power function and tol = 1e-12 (`tight` rows): pwr's own n and d
# are only good to about 1e-4 (pwr.t.test(n=100, power=.8) reports d = 0.3981407, whose power is
# 0.800005; the root is 0.3981381). Rows solved at R's default tolerance carry it in `tolerance`;
# an empty `tolerance` means the test's default (1e-6 on power and effects, 1e-4 on n).
suppressPackageStartupMessages(library(pwr))
rows <- list()
add <- function(call, test, sides, alpha, ratio, solve, expected, d = NA, p0 = NA, p1 = NA, n = NA, power = NA, tolerance = NA) {
  rows[[length(rows) + 1]] <<- data.frame(call = call, test = test, sides = sides, alpha = alpha, ratio = ratio,
    effect_d = d, p_control = p0, p_treatment = p1, n_treatment = n, power = power, solve = solve, expected = expected,
    tolerance = tolerance)
}
uniroot_tol <- .Machine$double.eps^0.25
q <- function(x) gsub(",", ";", x)   # calls are stored in a CSV field without quoting

# Two-sample t, power
add(q('pwr.t.test(n=64, d=.5)'), "t", 2, .05, 1, "power", pwr.t.test(n=64, d=.5)$power, d=.5, n=64)
add(q('pwr.t.test(n=20, d=.8)'), "t", 2, .05, 1, "power", pwr.t.test(n=20, d=.8)$power, d=.8, n=20)
add(q('pwr.t.test(n=3, d=2)'), "t", 2, .05, 1, "power", pwr.t.test(n=3, d=2)$power, d=2, n=3)
add(q('pwr.t.test(n=2.5, d=4)'), "t", 2, .05, 1, "power", pwr.t.test(n=2.5, d=4)$power, d=4, n=2.5)
add(q('pwr.t.test(n=100, d=.2, sig.level=.01)'), "t", 2, .01, 1, "power", pwr.t.test(n=100, d=.2, sig.level=.01)$power, d=.2, n=100)
add(q('pwr.t.test(n=50, d=.5, alternative="greater")'), "t", 1, .05, 1, "power", pwr.t.test(n=50, d=.5, alternative="greater")$power, d=.5, n=50)
add(q('pwr.t.test(n=234, d=.032)'), "t", 2, .05, 1, "power", pwr.t.test(n=234, d=.032)$power, d=.032, n=234)
add(q('pwr.t2n.test(n1=50, n2=100, d=.5)'), "t", 2, .05, 2, "power", pwr.t2n.test(n1=50, n2=100, d=.5)$power, d=.5, n=50)
add(q('pwr.t2n.test(n1=30, n2=90, d=.4, alternative="greater")'), "t", 1, .05, 3, "power", pwr.t2n.test(n1=30, n2=90, d=.4, alternative="greater")$power, d=.4, n=30)
add(q('pwr.t2n.test(n1=200, n2=100, d=.3, sig.level=.1)'), "t", 2, .1, .5, "power", pwr.t2n.test(n1=200, n2=100, d=.3, sig.level=.1)$power, d=.3, n=200)

# Two-sample t, n per arm (pwr's default tolerance, then tight)
tpow <- function(n, d, alpha = .05, sides = 2) {
  nu <- 2 * n - 2; ncp <- sqrt(n / 2) * d
  if (sides == 2) { qu <- qt(alpha / 2, nu, lower = FALSE); pt(qu, nu, ncp, lower = FALSE) + pt(-qu, nu, ncp, lower = TRUE) }
  else pt(qt(alpha, nu, lower = FALSE), nu, ncp, lower = FALSE)
}
tight_n <- function(d, power, alpha = .05, sides = 2) uniroot(function(n) tpow(n, d, alpha, sides) - power, c(2 + 1e-10, 1e9), tol = 1e-12)$root
add(q('pwr.t.test(d=.5, power=.8)'), "t", 2, .05, 1, "n", pwr.t.test(d=.5, power=.8)$n, d=.5, power=.8, tolerance=uniroot_tol)
add(q('tight: pwr.t.test(d=.5, power=.8) with uniroot tol=1e-12'), "t", 2, .05, 1, "n", tight_n(.5, .8), d=.5, power=.8)
add(q('pwr.t.test(d=.2, power=.9)'), "t", 2, .05, 1, "n", pwr.t.test(d=.2, power=.9)$n, d=.2, power=.9, tolerance=uniroot_tol)
add(q('tight: pwr.t.test(d=.8, power=.95, sig.level=.01)'), "t", 2, .01, 1, "n", tight_n(.8, .95, .01), d=.8, power=.95)
add(q('pwr.t.test(d=.5, power=.8, alternative="greater")'), "t", 1, .05, 1, "n", pwr.t.test(d=.5, power=.8, alternative="greater")$n, d=.5, power=.8, tolerance=uniroot_tol)
add(q('tight: pwr.t.test(d=.032, power=.8)'), "t", 2, .05, 1, "n", tight_n(.032, .8), d=.032, power=.8)
add(q('tight: pwr.t.test(d=.064, power=.8)'), "t", 2, .05, 1, "n", tight_n(.064, .8), d=.064, power=.8)
add(q('tight: pwr.t.test(d=2.5, power=.8)'), "t", 2, .05, 1, "n", tight_n(2.5, .8), d=2.5, power=.8)

# Two-sample t, minimum detectable d
add(q('pwr.t.test(n=100, power=.8)'), "t", 2, .05, 1, "effect", pwr.t.test(n=100, power=.8)$d, n=100, power=.8, tolerance=uniroot_tol)
tight_d <- function(n, power, alpha = .05, sides = 2) uniroot(function(d) tpow(n, d, alpha, sides) - power, c(1e-7, 10), tol = 1e-12)$root
add(q('tight: pwr.t.test(n=100, power=.8)'), "t", 2, .05, 1, "effect", tight_d(100, .8), n=100, power=.8)
add(q('tight: pwr.t.test(n=234, power=.8)'), "t", 2, .05, 1, "effect", tight_d(234, .8), n=234, power=.8)
add(q('tight: pwr.t.test(n=20, power=.9, sig.level=.01)'), "t", 2, .01, 1, "effect", tight_d(20, .9, .01), n=20, power=.9)
add(q('tight: pwr.t.test(n=50, power=.8, alternative="greater")'), "t", 1, .05, 1, "effect", tight_d(50, .8, .05, 1), n=50, power=.8)

# stats::power.t.test with strict = TRUE (both rejection regions, as g3-design)
add(q('power.t.test(n=20, delta=1, sd=1, strict=TRUE)'), "t", 2, .05, 1, "power", power.t.test(n=20, delta=1, sd=1, strict=TRUE)$power, d=1, n=20)
add(q('power.t.test(delta=5, sd=10, power=.9, strict=TRUE, tol=1e-12)'), "t", 2, .05, 1, "n", power.t.test(delta=5, sd=10, power=.9, strict=TRUE, tol=1e-12)$n, d=.5, power=.9)
add(q('power.t.test(n=30, sd=2, power=.8, strict=TRUE, tol=1e-12) delta/sd'), "t", 2, .05, 1, "effect", power.t.test(n=30, sd=2, power=.8, strict=TRUE, tol=1e-12)$delta / 2, n=30, power=.8)

# Two proportions, arcsine (Cohen's h): pwr.2p.test and pwr.2p2n.test
add(q('pwr.2p.test(h=ES.h(.5,.4), power=.8)'), "proportions-arcsine", 2, .05, 1, "n", pwr.2p.test(h=ES.h(.5,.4), power=.8)$n, p0=.4, p1=.5, power=.8, tolerance=uniroot_tol)
add(q('pwr.2p.test(h=ES.h(.65,.45), n=50)'), "proportions-arcsine", 2, .05, 1, "power", pwr.2p.test(h=ES.h(.65,.45), n=50)$power, p0=.45, p1=.65, n=50)
add(q('pwr.2p2n.test(h=ES.h(.3,.2), n1=200, n2=300)'), "proportions-arcsine", 2, .05, 1.5, "power", pwr.2p2n.test(h=ES.h(.3,.2), n1=200, n2=300)$power, p0=.2, p1=.3, n=200)
add(q('pwr.2p.test(h=ES.h(.12,.1), n=1000, alternative="greater")'), "proportions-arcsine", 1, .05, 1, "power", pwr.2p.test(h=ES.h(.12,.1), n=1000, alternative="greater")$power, p0=.1, p1=.12, n=1000)
h200 <- uniroot(function(h) pwr.2p.test(h=h, n=200)$power - .8, c(1e-6, 3), tol = 1e-12)$root
add(q('pwr.2p.test(n=200, power=.8) h with uniroot tol=1e-12; p_treatment = sin(h/2 + asin(sqrt(.3)))^2'), "proportions-arcsine", 2, .05, 1, "effect", sin(h200 / 2 + asin(sqrt(.3)))^2, p0=.3, n=200, power=.8)

# Two proportions, pooled z: power.prop.test with strict = TRUE
add(q('power.prop.test(p1=.4, p2=.5, power=.8, strict=TRUE, tol=1e-12)'), "proportions-pooled", 2, .05, 1, "n", power.prop.test(p1=.4, p2=.5, power=.8, strict=TRUE, tol=1e-12)$n, p0=.4, p1=.5, power=.8)
add(q('power.prop.test(p1=.1, p2=.15, n=500, strict=TRUE)'), "proportions-pooled", 2, .05, 1, "power", power.prop.test(p1=.1, p2=.15, n=500, strict=TRUE)$power, p0=.1, p1=.15, n=500)
add(q('power.prop.test(p1=.02, p2=.03, power=.9, strict=TRUE, tol=1e-12)'), "proportions-pooled", 2, .05, 1, "n", power.prop.test(p1=.02, p2=.03, power=.9, strict=TRUE, tol=1e-12)$n, p0=.02, p1=.03, power=.9)
add(q('power.prop.test(p1=.5, n=300, power=.8, strict=TRUE, tol=1e-12)'), "proportions-pooled", 2, .05, 1, "effect", power.prop.test(p1=.5, n=300, power=.8, strict=TRUE, tol=1e-12)$p2, p0=.5, n=300, power=.8)
add(q('power.prop.test(p1=.2, p2=.25, n=400, alternative="one.sided")'), "proportions-pooled", 1, .05, 1, "power", power.prop.test(p1=.2, p2=.25, n=400, alternative="one.sided")$power, p0=.2, p1=.25, n=400)

out <- do.call(rbind, rows)
cat("# pwr", as.character(packageVersion("pwr")), "/", R.version.string, "\n")
write.csv(out, stdout(), row.names = FALSE, quote = FALSE, na = "")
