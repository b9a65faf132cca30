# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
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
# # The thesis's numbers, for the running text
#
# Every number the thesis states about the field office, the fieldwork and the programme is in
# `data/numbers.csv`. This notebook writes them as LaTeX macros (`\\input{numbers.tex}`, then e.g.
# `\\KVPcaseloadMin`), as JSON and as a Markdown table, so that a text quoting them cannot drift
# from the data. Derived and figurative numbers are left out: they are not the thesis's figures.

# %% tags=["parameters"]
run = None  # the build passes this run's part of the registry

# %%
from IPython.display import Markdown

from analysis import session
from analysis.artifacts import numbers_macros

kvp = session.start("numbers", run)
Markdown(kvp.save(numbers_macros.files)["md"])
