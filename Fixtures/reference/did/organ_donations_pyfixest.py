# The same TWFE with fixest's small-sample convention, from pyfixest 0.60.0 (PyPI; it follows R fixest):
# feols("Rate ~ Treated | State + Quarter_Num", vcov = {"CRV1": "State"}). Fixed effects nested in the
# cluster (State) are left out of K. Produced with:
#   python3 Fixtures/reference/did/organ_donations_pyfixest.py > Fixtures/reference/did/organ_donations_pyfixest.csv
import pandas as pd
import pyfixest as pf

d = pd.read_csv("Fixtures/did/organ_donations.csv")
fit = pf.feols("Rate ~ Treated | State + Quarter_Num", data=d, vcov={"CRV1": "State"})
print("term,estimate,se,convention")
print(f"Treated,{fit.coef()['Treated']:.12g},{fit.se()['Treated']:.12g},fixest")
