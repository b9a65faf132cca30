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
# # The policy documents behind KVP (chapters 2 and 5)
#
# The thesis traces the programme's making through acts, white papers, bills and the Storting's
# treatment of them. `data/policy_documents.csv` lists them as the thesis cites them; where a
# citation looks wrong, the row says why in its note and is not corrected. Chapter 5 also quotes the
# white paper's four purposes of the activity requirement.

# %% tags=["parameters"]
lang = "nb"
run = None  # the build passes this run's part of the registry

# %%
from analysis import session
from analysis.artifacts import policy

kvp = session.start("policy-timeline", run, lang=lang)

# %%
session.show(kvp.save(policy.timeline))

# %%
session.show(kvp.save(policy.documents_table))

# %%
session.show(kvp.save(policy.purposes_table))
