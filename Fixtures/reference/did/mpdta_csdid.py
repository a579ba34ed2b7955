# Callaway & Sant'Anna (2021) on did::mpdta (Fixtures/did/mpdta.csv) with csdid 0.4.3 (PyPI, the Python
# port of R's did; its ATT(g,t) equal did's published mpdta example). Never-treated controls (and, in
# mpdta_csdid_notyet.csv, not-yet-treated ones: control_group = "notyettreated"), no covariates,
# base period "varying", analytic (influence-function) SEs: bstrap = False. Produced with:
#   python3 Fixtures/reference/did/mpdta_csdid.py > Fixtures/reference/did/mpdta_csdid.csv
#   python3 Fixtures/reference/did/mpdta_csdid.py notyettreated > Fixtures/reference/did/mpdta_csdid_notyet.csv
# kind: attgt (group, time), simple, dynamic (time = event time e), group (group), calendar (time),
# *_overall, and pretest (estimate = Wald statistic W of the pre-period ATT(g,t), se column = its
# chi-square p-value as csdid rounds it).
import contextlib
import io
import sys

import pandas as pd
from csdid.att_gt import ATTgt

d = pd.read_csv("Fixtures/did/mpdta.csv")
m = ATTgt(yname="lemp", gname="first.treat", idname="countyreal", tname="year", data=d,
          control_group=sys.argv[1] if len(sys.argv) > 1 else "nevertreated").fit(est_method="dr", bstrap=False)
print("kind,group,time,estimate,se")
r = m.results
for g, t, att, se in zip(r["group"], r["year"], r["att"], r["se"]):
    print(f"attgt,{int(g)},{int(t)},{att:.12g},{se:.12g}")
for kind in ["simple", "dynamic", "group", "calendar"]:
    with contextlib.redirect_stdout(io.StringIO()):
        m.aggte(typec=kind, bstrap=False)
    a = m.atte
    if a["egt"] is not None:
        for e, att, se in zip(a["egt"], a["att_egt"], a["se_egt"]):
            g, t = (int(e), "") if kind == "group" else ("", int(e))
            print(f"{kind},{g},{t},{att:.12g},{se:.12g}")
    print(f"{kind if kind == 'simple' else kind + '_overall'},,,{a['overall_att']:.12g},{a['overall_se']:.12g}")
print(f"pretest,,,{m.MP['W']:.12g},{m.MP['Wpval']}")
