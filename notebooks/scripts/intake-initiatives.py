# ---
# jupyter:
#   jupytext:
#     formats: ipynb,scripts//py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Intake initiatives (sections 6.3–6.4)
#
# To reach the måltall, the NAV office's management took a series of initiatives: proactive
# recruitment and list work, routine changes, the threat of staff cuts, a strong call to take in
# participants with poor Norwegian, and, once the target was reached, a turn to the programme's
# purpose. `data/intake_initiatives.csv` holds them in the order the text gives, each with who was
# behind it (where named), its effect on intake (only where the text states one) and evidence.

# %% tags=["parameters"]
lang = "nb"
run = None  # the build passes this run's part of the registry

# %%
from analysis import session
from analysis.artifacts import intake_flow

kvp = session.start("intake-initiatives", run, lang=lang)
session.show(kvp.save(intake_flow.initiatives))
