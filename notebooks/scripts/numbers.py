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
# # The thesis's numbers, for the running text
#
# Every number the thesis states about the field office, the fieldwork and the programme is in
# `data/numbers.csv`. This notebook writes them, in one language, as LaTeX macros (`\\input{numbers.tex}`
# from `figures/nb/` or `figures/en/`, then e.g. `\\KVPcaseloadMin`), as JSON and as a Markdown table, so
# that a text quoting them cannot drift from the data. Each macro reads as the text hedges the number
# ("over halvparten" becomes "mer enn 50 prosent" / "more than 50 per cent"), and carries † or ? where
# the row is inferred or uncertain. Derived and figurative numbers are left out: they are not the
# thesis's figures.

# %% tags=["parameters"]
lang = "nb"
run = None  # the build passes this run's part of the registry

# %%
from IPython.display import Markdown

from analysis import session
from analysis.artifacts import numbers_macros

kvp = session.start("numbers", run, lang=lang)
Markdown(kvp.save(numbers_macros.files)["md"])
