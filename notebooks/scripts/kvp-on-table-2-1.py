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
# # KVP on Tabell 2.1 (chapter 5)
#
# Chapter 5 reads the Qualification Programme's formal features (the activity requirement, the
# timesheets, deductions, stopping the programme, the duration rules, the stipend, close follow-up,
# the tailored programme, user participation, the range of measures) against the demand and support
# elements of Tabell 2.1, and finds some on both sides. `data/kvp_activation_mapping.csv` records
# each placement with its legal basis and evidence. The thesis places features on a **side**; the
# **group** within the side is always our reading.

# %% tags=["parameters"]
lang = "nb"
run = None  # the build passes this run's part of the registry

# %%
from analysis import session
from analysis.artifacts import kvp_mapping

kvp = session.start("kvp-on-table-2-1", run, lang=lang)
session.show(kvp.save(kvp_mapping.table))

# %%
session.show(kvp.save(kvp_mapping.draw))
