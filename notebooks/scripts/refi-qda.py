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
# # The coded fieldwork for QDA tools (REFI-QDA)
#
# The codebook, every excerpt of chapters 4–9 and our coding, as a REFI-QDA project (`.qdpx`) and
# codebook (`.qdc`) that ATLAS.ti, MAXQDA, NVivo or QualCoder can open: one plain-text source per
# chapter, each excerpt a selection with its codings, speakers, settings and cases as cases, and the
# evidence (section, lines, status) in notes. `python -m analysis import-qdpx` reads a project back
# into the tables; the tests prove the round trip exact.

# %% tags=["parameters"]
lang = "nb"
run = None  # the build passes this run's part of the registry

# %%
from analysis import refiqda, session

kvp = session.start("refi-qda", run, lang=lang)
session.show(kvp.save(refiqda.files))
