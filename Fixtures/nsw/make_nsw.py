"""Writes the NSW within-study fixtures from the PyPI package causaldata 0.1.5 and MatchIt's lalonde.

nsw.csv             causaldata.nsw_mixtape: the Dehejia-Wahba subsample of the NSW experiment,
                    185 treated and 260 randomized controls (LaLonde 1986; Dehejia & Wahba 1999).
cps_controls.csv    causaldata.cps_mixtape: 15,992 CPS-1 men, the non-experimental comparison group.
psid_controls.csv   the 429 PSID men of MatchIt's lalonde (../lalonde/lalonde.csv, treat == 0).

The .dta files store earnings as float32; each value is written as the exact double of its float32
(repr of float(np.float32)), so that sums in double equal R's and Stata's on the same files.
Run: python3 make_nsw.py (from this folder).
"""
import csv
import numpy as np
from causaldata import nsw_mixtape, cps_mixtape

COLUMNS = ["id", "treat", "age", "educ", "black", "hisp", "marr", "nodegree", "re74", "re75", "re78"]


def exact(x):
    return repr(float(np.float32(x)))


def write(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(rows)


def from_causaldata(frame, prefix):
    return [[f"{prefix}{i + 1}", int(r.treat), int(r.age), int(r.educ), int(r.black), int(r.hisp), int(r.marr),
             int(r.nodegree), exact(r.re74), exact(r.re75), exact(r.re78)] for i, r in enumerate(frame.itertuples())]


nsw = nsw_mixtape.load_pandas().data
write("nsw.csv", [[("nsw-t" if r[1] == 1 else "nsw-c") + r[0][len("nsw-"):]] + r[1:]
                  for r in from_causaldata(nsw, "nsw-")])
write("cps_controls.csv", from_causaldata(cps_mixtape.load_pandas().data, "cps-"))

psid = []
with open("../lalonde/lalonde.csv") as f:
    for r in csv.DictReader(f):
        if r["treat"] == "0":
            psid.append([f"psid-{r['id']}", 0, r["age"], r["educ"], int(r["race"] == "black"), int(r["race"] == "hispan"),
                         r["married"], r["nodegree"], r["re74"], r["re75"], r["re78"]])
write("psid_controls.csv", psid)
