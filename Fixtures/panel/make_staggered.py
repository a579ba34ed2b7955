"""Writes Fixtures/panel/g3-panel-staggered.csv and truth-staggered.json: a panel in the seed schema with
engagement staggered over the whole year, for the test that keeps the original analysis' mistake 4 in view
(a DiD split at one global median date). Run: python3 Fixtures/panel/make_staggered.py (numpy PCG64, seed 11).

800 accounts x 13 months (2025-01 to 2026-01); 160 engage, larger accounts more often, each in a month
between 2025-02 and 2025-12. Revenue follows a common additive trend plus account level and noise, so
parallel trends hold; after its engagement month an engaged account gains +1,500 security revenue and
+3,000 total revenue per month. A global median split counts months before an account's engagement as
"post" and months after it as "pre", so it dilutes the effect; each account's own month does not.
"""
import csv
import json
import pathlib

import numpy as np

rng = np.random.default_rng(11)
n, months, engaged_n = 800, 13, 160
segment = rng.choice(["ENT", "MM", "SMB"], size=n, p=[0.2, 0.4, 0.4])
support = rng.choice(["Basic", "Business", "Enterprise"], size=n, p=[0.3, 0.5, 0.2])
level = np.array([{"ENT": 9000, "MM": 5000, "SMB": 2500}[s] for s in segment]) * rng.lognormal(0, 0.3, size=n)
weight = level ** 1.5
engaged_ids = rng.choice(n, size=engaged_n, replace=False, p=weight / weight.sum())
engagement = {int(i): int(rng.integers(1, 12)) for i in engaged_ids}  # month index 1..11 = 2025-02..2025-12
path = pathlib.Path(__file__).parent
with (path / "g3-panel-staggered.csv").open("w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["sfdc_customer_id", "ar_date", "firstactivitydate", "first_engagement_type", "ttl_sls_rev", "ttl_security_rev",
                "security_services_count", "sub_segment", "max_aws_support_level"])
    for i in range(n):
        m = engagement.get(i)
        first = f"2025-{m + 1:02d}-{int(rng.integers(1, 28)):02d}" if m is not None else ""
        kind = ("Security Review" if rng.random() < 0.6 else "Threat Modeling") if m is not None else ""
        for t in range(months):
            year, month = 2025 + (t // 12), t % 12 + 1
            security = level[i] + 40 * t + rng.normal(0, 300)
            total = 6 * level[i] + 120 * t + rng.normal(0, 1500)
            if m is not None and t > m:
                security += 1500
                total += 3000
            services = rng.poisson(1 + max(security, 0) / 4000)
            w.writerow([f"001S{i:05d}", f"{year}-{month:02d}-01", first, kind, f"{total:.2f}", f"{security:.2f}", services, segment[i], support[i]])
truth = {"att": {"ttl_security_rev": 1500, "ttl_sls_rev": 3000}, "engaged": engaged_n, "accounts": n, "months": months, "seed": 11}
(path / "truth-staggered.json").write_text(json.dumps(truth, indent=2) + "\n")
