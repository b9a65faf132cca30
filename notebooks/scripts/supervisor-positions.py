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
# # Veilederposisjoner (sections 7.3 and 7.4.2)
#
# From three examples of user participation in 7.3 (participation pockets, informed choices,
# ordering programme content) the thesis draws three supervisor positions: **formynderen**,
# **tilretteleggeren** and **den abdiserte**, along a continuum from the participant having
# influence only on areas the supervisor has defined to the participant setting all the guidelines
# for their own programme. Every value below has its own evidence and status in
# `data/supervisor_position_values.csv`. There are no counts or frequencies: the thesis gives none.

# %% tags=["parameters"]
lang = "nb"
run = None  # the build passes this run's part of the registry

# %%
from analysis import session
from analysis.artifacts import positions

kvp = session.start("supervisor-positions", run, lang=lang)
session.show(kvp.save(positions.continuum))

# %%
session.show(kvp.save(positions.dimensions_table))
