"""The G3 rollout's pre-period outcomes (period 2026-H1) for `make demo` and the tests: each assigned
account's mean monthly revenue over the six months before the rollout, the baseline columns of
g3-accounts.csv that make_rollout_outcomes.py grows into 2026-H2. `rct analyze --pre-period 2026-H1`
adjusts with them (CUPED).

Run: g3-design randomize designs/g3-rollout-2026.yaml --units Fixtures/units/g3-accounts.csv --dry-run --out /tmp/a.csv
     python3 Fixtures/units/make_rollout_pre_outcomes.py /tmp/a.csv > Fixtures/units/g3-rollout-pre-outcomes.csv
"""
import csv
import sys

with open("Fixtures/units/g3-accounts.csv") as f:
    accounts = {r["sfdc_customer_id"]: r for r in csv.DictReader(f)}
with open(sys.argv[1]) as f:
    assignment = list(csv.DictReader(f))

w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["sfdc_customer_id", "period", "ttl_security_rev", "ttl_sls_rev"])
for row in assignment:
    a = accounts[row["unit_id"]]
    w.writerow([row["unit_id"], "2026-H1", a["ttl_security_rev"], a["ttl_sls_rev"]])
