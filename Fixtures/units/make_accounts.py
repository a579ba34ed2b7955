"""Writes Fixtures/units/g3-accounts.csv: 2,400 simulated accounts in the seed schema's shapes (one row
per account, baseline values), the unit list for designs/g3-rollout-2026.yaml and
designs/g3-encouragement-2026.yaml. Run: python3 Fixtures/units/make_accounts.py (numpy PCG64, seed 2026).
A few accounts have no revenue (excluded by the rollout's eligibility rule) or are churned.
"""
import csv
import pathlib

import numpy as np

rng = np.random.default_rng(2026)
n = 2400
segment = rng.choice(["ENT", "MM", "SMB", "STRAT"], size=n, p=[0.25, 0.35, 0.3, 0.1])
support = rng.choice(["Basic", "Business", "Enterprise"], size=n, p=[0.3, 0.5, 0.2])
phase = rng.choice(["Active", "Growth", "Churned"], size=n, p=[0.6, 0.35, 0.05])
scale = {"ENT": 80000, "MM": 30000, "SMB": 8000, "STRAT": 250000}
revenue = np.array([rng.lognormal(np.log(scale[s]), 1.0) for s in segment])
revenue[rng.random(n) < 0.02] = 0.0
security = revenue * rng.beta(2, 12, size=n)
services = rng.poisson(1 + 2 * security / (security.mean() + 1))
path = pathlib.Path(__file__).with_name("g3-accounts.csv")
with path.open("w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["sfdc_customer_id", "sub_segment", "max_aws_support_level", "account_phase__c", "ttl_sls_rev",
                "ttl_security_rev", "security_services_count"])
    for i in rng.permutation(n):  # rows in no particular order
        w.writerow([f"001A{i:06d}", segment[i], support[i], phase[i], f"{revenue[i]:.2f}", f"{security[i]:.2f}", services[i]])
