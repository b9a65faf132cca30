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
# # Findings (chapter 9)
#
# Chapter 9 draws the findings of chapters 5–8 together. `data/findings.csv` ties each finding to
# its lines in chapter 9 and to the lines of the chapter it summarises, each with a verbatim snippet.

# %% tags=["parameters"]
lang = "nb"
run = None  # the build passes this run's part of the registry

# %%
from analysis import session
from analysis.artifacts import findings

kvp = session.start("findings", run, lang=lang)
session.show(kvp.save(findings.table))
