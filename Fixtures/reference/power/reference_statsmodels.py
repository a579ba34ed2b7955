"""Power reference values from statsmodels.stats.power (TTestIndPower, NormalIndPower).

Produced with: python3 Fixtures/reference/power/reference_statsmodels.py > Fixtures/reference/power/reference_statsmodels.csv
statsmodels 0.15.0, scipy 1.17.1, Python 3.11. Columns as in reference_r.csv; statsmodels' `ratio`
is nobs2/nobs1 = n_control/n_treatment, as g3-design's. Two-sided power counts both rejection regions.
The MDE_ITT row is METHODS.md's: N = 1000, P = .5, sigma = 1, alpha = .05, power .8 (normal).
"""
import csv
import sys

import statsmodels
from statsmodels.stats.power import NormalIndPower, TTestIndPower
from statsmodels.stats.proportion import proportion_effectsize

t, z = TTestIndPower(), NormalIndPower()
rows = []


def add(call, test, sides, alpha, ratio, solve, expected, d="", p0="", p1="", n="", power=""):
    rows.append(dict(call=call.replace(",", ";"), test=test, sides=sides, alpha=alpha, ratio=ratio, effect_d=d,
                     p_control=p0, p_treatment=p1, n_treatment=n, power=power, solve=solve, expected=repr(float(expected)), tolerance=""))


add("TTestIndPower().solve_power(effect_size=.5, nobs1=None, alpha=.05, power=.8, ratio=2)", "t", 2, .05, 2, "n",
    t.solve_power(effect_size=.5, nobs1=None, alpha=.05, power=.8, ratio=2), d=.5, power=.8)
add("TTestIndPower().power(effect_size=.3, nobs1=80, ratio=.5, alpha=.05)", "t", 2, .05, .5, "power",
    t.power(effect_size=.3, nobs1=80, ratio=.5, alpha=.05), d=.3, n=80)
add("TTestIndPower().solve_power(effect_size=None, nobs1=60, alpha=.05, ratio=1.5, power=.85)", "t", 2, .05, 1.5, "effect",
    t.solve_power(effect_size=None, nobs1=60, alpha=.05, ratio=1.5, power=.85), n=60, power=.85)
add("TTestIndPower().power(effect_size=.4, nobs1=40, alpha=.05, alternative='larger')", "t", 1, .05, 1, "power",
    t.power(effect_size=.4, nobs1=40, alpha=.05, alternative="larger"), d=.4, n=40)
add("NormalIndPower().solve_power(effect_size=.3, nobs1=None, alpha=.05, power=.8, ratio=1)", "z", 2, .05, 1, "n",
    z.solve_power(effect_size=.3, nobs1=None, alpha=.05, power=.8, ratio=1), d=.3, power=.8)
add("NormalIndPower().power(effect_size=.25, nobs1=100, alpha=.05, ratio=1)", "z", 2, .05, 1, "power",
    z.power(effect_size=.25, nobs1=100, alpha=.05, ratio=1), d=.25, n=100)
add("NormalIndPower().power(effect_size=.2, nobs1=150, alpha=.025, ratio=3, alternative='larger')", "z", 1, .025, 3, "power",
    z.power(effect_size=.2, nobs1=150, alpha=.025, ratio=3, alternative="larger"), d=.2, n=150)
add("NormalIndPower().solve_power(effect_size=None, nobs1=500, alpha=.05, power=.8, ratio=1) [METHODS.md MDE_ITT]", "z", 2, .05, 1, "effect",
    z.solve_power(effect_size=None, nobs1=500, alpha=.05, power=.8, ratio=1), n=500, power=.8)
add("NormalIndPower().solve_power(effect_size=proportion_effectsize(.5, .4), nobs1=None, alpha=.05, power=.8, ratio=1)", "proportions-arcsine", 2, .05, 1, "n",
    z.solve_power(effect_size=proportion_effectsize(.5, .4), nobs1=None, alpha=.05, power=.8, ratio=1), p0=.4, p1=.5, power=.8)
add("NormalIndPower().power(effect_size=proportion_effectsize(.08, .05), nobs1=600, alpha=.05, ratio=2)", "proportions-arcsine", 2, .05, 2, "power",
    z.power(effect_size=proportion_effectsize(.08, .05), nobs1=600, alpha=.05, ratio=2), p0=.05, p1=.08, n=600)

writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
sys.stdout.write(f"# statsmodels {statsmodels.__version__}\n")
writer.writeheader()
writer.writerows(rows)
