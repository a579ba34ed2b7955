"""Simulated G3 opportunity records with a known win rate per engagement type (truth.json).

The shapes of the original data (30,567 opportunities, 2,719 accounts, 25 engagement types, a few
large types and a long tail, "Security Reviews" winning about 85%) at a fifth of the size: 6,000
opportunities over 900 accounts, then 40 rows duplicated (the original's extracts repeated rows).
Won opportunities carry ARR drawn from a log-normal whose median depends on the type.
Run: python3 make_opportunities.py (from this folder; numpy's default_rng, seed 20261124).
"""
import csv
import json

import numpy as np

rng = np.random.default_rng(20261124)
types = ["Security Review", "Well-Architected Review", "Threat Modeling", "Incident Response Readiness",
         "IAM Deep Dive", "Data Protection Workshop", "Compliance Mapping", "Detection Engineering",
         "Network Security Design", "Container Security", "Cloud Security Posture", "Pen Test Scoping",
         "Security Roadmap", "Logging and Monitoring", "Key Management", "DDoS Resilience",
         "Secrets Management", "Zero Trust Workshop", "Vulnerability Management", "Security Training",
         "Landing Zone Review", "Ransomware Readiness", "Supply Chain Security", "Red Team Exercise",
         "Executive Briefing"]
weights = 1 / np.arange(1, len(types) + 1) ** 1.1
weights /= weights.sum()
win = np.round(np.concatenate([[0.848], rng.uniform(0.25, 0.8, len(types) - 1)]), 3)
median_arr = np.round(rng.uniform(8_000, 60_000, len(types)), -2)
leaders = [f"L9-{c}" for c in "ABCDEF"]
accounts = [f"001B{i:06d}" for i in range(900)]
account_leader = {a: leaders[int(rng.integers(len(leaders)))] for a in accounts}

rows = []
for i in range(6000):
    t = int(rng.choice(len(types), p=weights))
    account = accounts[int(rng.integers(len(accounts)))]
    won = rng.random() < win[t]
    created = np.datetime64("2024-01-01") + int(rng.integers(0, 600))
    closed = created + int(rng.integers(14, 200))
    arr = round(float(median_arr[t] * np.exp(rng.normal(0, 0.8))), 2) if won else 0.0
    rows.append([f"OPP-{i + 1:06d}", account, types[t], int(won), f"{arr:.2f}", str(created), str(closed), account_leader[account]])
for j in rng.choice(len(rows), 40, replace=False):
    rows.append(list(rows[int(j)]))

with open("opportunities.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["opportunity_id", "sfdc_customer_id", "engagement_type", "is_won", "arr", "created_date", "closed_date", "level_9"])
    w.writerows(rows)
with open("truth.json", "w") as f:
    json.dump({"opportunities": 6000, "duplicates": 40, "accounts": 900, "seed": 20261124,
               "win_rate": {t: float(p) for t, p in zip(types, win)},
               "median_arr_when_won": {t: float(m) for t, m in zip(types, median_arr)}}, f, indent=2)
