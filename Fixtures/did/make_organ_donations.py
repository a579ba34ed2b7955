# causaldata 0.1.5 (PyPI) organ_donations: 27 states x 6 quarters of organ-donor registration rates.
# California switched to active choice in Q3 2011 (Quarter_Num 4). Written with:
#   python3 Fixtures/did/make_organ_donations.py
# Adds Treated (California from Quarter_Num 4) and first_treated (4 for California, 0 = never).
import pathlib
import causaldata

d = causaldata.organ_donations.load_pandas().data
d["Treated"] = ((d["State"] == "California") & (d["Quarter_Num"] >= 4)).astype(int)
d["first_treated"] = (d["State"] == "California").astype(int) * 4
d.to_csv(pathlib.Path(__file__).parent / "organ_donations.csv", index=False)
