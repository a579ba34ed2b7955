"""Simulated outcomes of the G3 rollout (designs/g3-rollout-2026.yaml) for `make demo` and the tests.

For every account that `g3-design randomize designs/g3-rollout-2026.yaml --units g3-accounts.csv`
assigned, the mean monthly revenue over the six months after the rollout (period 2026-H2):

  ttl_security_rev = baseline security revenue x (1 + g) + e + 1,500 x [arm = g3]
  ttl_sls_rev      = baseline total revenue    x (1 + h) + u + 3,000 x [arm = g3]

with g, h ~ N(0.03, 0.15) account growth and e ~ N(0, 300), u ~ N(0, 1,500) noise; the true effects
(1,500 and 3,000 a month) are those of the simulated observational panel (../panel/truth.json).
Full take-up: the randomized estimate is the effect of the engagement itself.

With --pre-period it writes the period before the rollout instead (2026-H1): each account's baseline
columns of g3-accounts.csv, its mean monthly revenue over the six months before, which the formulas
above grow into 2026-H2. `rct analyze --pre-period 2026-H1` adjusts with them (CUPED).

Run: g3-design randomize designs/g3-rollout-2026.yaml --units Fixtures/units/g3-accounts.csv --dry-run --out /tmp/a.csv
     python3 Fixtures/units/make_rollout_outcomes.py /tmp/a.csv > Fixtures/units/g3-rollout-outcomes.csv
     python3 Fixtures/units/make_rollout_outcomes.py /tmp/a.csv --pre-period > Fixtures/units/g3-rollout-pre-outcomes.csv
"""
import csv
import sys

import numpy as np

rng = np.random.default_rng(20260701)
with open("Fixtures/units/g3-accounts.csv") as f:
    accounts = {r["sfdc_customer_id"]: r for r in csv.DictReader(f)}
with open(sys.argv[1]) as f:
    assignment = list(csv.DictReader(f))

w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["sfdc_customer_id", "period", "ttl_security_rev", "ttl_sls_rev"])
for row in assignment:
    a = accounts[row["unit_id"]]
    if "--pre-period" in sys.argv[2:]:
        w.writerow([row["unit_id"], "2026-H1", a["ttl_security_rev"], a["ttl_sls_rev"]])
        continue
    g3 = row["arm"] == "g3"
    security = float(a["ttl_security_rev"]) * (1 + rng.normal(0.03, 0.15)) + rng.normal(0, 300) + (1500 if g3 else 0)
    total = float(a["ttl_sls_rev"]) * (1 + rng.normal(0.03, 0.15)) + rng.normal(0, 1500) + (3000 if g3 else 0)
    w.writerow([row["unit_id"], "2026-H2", f"{security:.2f}", f"{total:.2f}"])
