"""Writes Fixtures/rct/trial.csv: a simulated randomized G3 rollout with the seed schema's shapes,
for the reference tests of `rct analyze` (estimatr values in Fixtures/reference/rct/).

Run: python3 Fixtures/rct/make_fixture.py  (numpy's PCG64 with seed 20261124; numpy 2.4.6)

480 accounts in 6 strata (sub_segment x max_aws_support_level), complete randomization within
strata, 50:50 control vs g3; offered accounts take up a G3 engagement with probability 0.6,
controls with 0.05; security revenue is log-normal with a true effect of +1,500 on those who take up.
"""
import csv
import pathlib

import numpy as np

rng = np.random.default_rng(20261124)
segments = ["ENT", "MM", "SMB"]
support = ["Business", "Enterprise"]
sizes = {("ENT", "Business"): 60, ("ENT", "Enterprise"): 96, ("MM", "Business"): 110,
         ("MM", "Enterprise"): 70, ("SMB", "Business"): 107, ("SMB", "Enterprise"): 37}
rows = []
unit = 0
for (seg, sup), n in sizes.items():
    offer = np.zeros(n, dtype=int)
    offer[rng.permutation(n)[: n // 2 + (n % 2) * rng.integers(0, 2)]] = 1
    scale = {"ENT": 9000, "MM": 4000, "SMB": 1500}[seg] * (1.5 if sup == "Enterprise" else 1)
    baseline = rng.lognormal(mean=np.log(scale), sigma=0.9, size=n)
    engaged = np.where(offer == 1, rng.random(n) < 0.6, rng.random(n) < 0.05).astype(int)
    revenue = baseline * rng.lognormal(0, 0.2, size=n) + 1500 * engaged
    for i in range(n):
        unit += 1
        rows.append(dict(sfdc_customer_id=f"A{unit:05d}", sub_segment=seg, max_aws_support_level=sup,
                         arm="g3" if offer[i] else "control", engaged=engaged[i],
                         ttl_security_rev=f"{revenue[i]:.2f}", baseline_security_rev=f"{baseline[i]:.2f}"))
path = pathlib.Path(__file__).with_name("trial.csv")
with path.open("w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
