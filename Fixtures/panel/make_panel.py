"""Writes Fixtures/panel/g3-panel-small.csv: a simulated customer-month panel in the seed schema with
a known effect, and truth.json. Run: python3 Fixtures/panel/make_panel.py (numpy PCG64, seed 7).

600 accounts x 13 months (2025-01 to 2026-01); 60 engage, the larger accounts far more often
(selection on size, as in the original G3 data), each in its own month between 2025-05 and 2025-11.
After its engagement month an engaged account gains exactly +1,500 security revenue and +3,000 total
revenue per month, so the ATT over post-engagement months is 1,500 and 3,000. A few revenue values
are "", "NULL" or "nan"; never-engaged accounts have an empty firstactivitydate.
"""
import csv
import json
import pathlib

import numpy as np

rng = np.random.default_rng(7)
n, months = 600, 13
segment = rng.choice(["ENT", "MM", "SMB"], size=n, p=[0.2, 0.4, 0.4])
support = rng.choice(["Basic", "Business", "Enterprise"], size=n, p=[0.3, 0.5, 0.2])
scale = np.array([{"ENT": 12000, "MM": 5000, "SMB": 1500}[s] for s in segment])
base = scale * rng.lognormal(0, 0.6, size=n)
weight = base ** 1.2
engaged_ids = rng.choice(n, size=60, replace=False, p=weight / weight.sum())
engagement = {int(i): int(rng.integers(4, 11)) for i in engaged_ids}  # month index 4..10 = 2025-05..2025-11
path = pathlib.Path(__file__).parent
with (path / "g3-panel-small.csv").open("w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["sfdc_customer_id", "ar_date", "firstactivitydate", "first_engagement_type", "ttl_sls_rev", "ttl_security_rev",
                "security_services_count", "sub_segment", "max_aws_support_level"])
    for i in rng.permutation(n):
        m = engagement.get(int(i))
        first = f"2025-{m + 1:02d}-{int(rng.integers(1, 28)):02d}" if m is not None else ""
        kind = ("Security Review" if rng.random() < 0.6 else "Threat Modeling") if m is not None else ""
        for t in range(months):
            year, month = 2025 + (t // 12), t % 12 + 1
            security = base[i] * (1 + 0.01 * t) * rng.lognormal(0, 0.1)
            total = 8 * base[i] * (1 + 0.008 * t) * rng.lognormal(0, 0.1)
            if m is not None and t > m:
                security += 1500
                total += 3000
            services = rng.poisson(1 + security / 4000)
            total_text = f"{total:.2f}"
            if rng.random() < 0.01:
                total_text = rng.choice(["", "NULL", "nan"])
            w.writerow([f"001B{i:05d}", f"{year}-{month:02d}-01", first, kind, total_text, f"{security:.2f}", services, segment[i], support[i]])
truth = {"att": {"ttl_security_rev": 1500, "ttl_sls_rev": 3000}, "engaged": 60, "accounts": n, "months": months, "seed": 7}
(path / "truth.json").write_text(json.dumps(truth, indent=2) + "\n")
