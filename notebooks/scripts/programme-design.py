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
# # Designing individual programmes (section 7.2)
#
# Chapter 7 analyses how programmes were designed (7.2.1–7.2.7) through a handful of participant
# cases, and follows one of them, Mona's, over several meetings. `data/programme_elements.csv`
# holds each case's situation as stated and the elements of its programme; `data/design_steps.csv`
# the meetings in order. Mona's weekly programme came through the PDF extraction garbled and cut
# off: `data/weekly_schedule.csv` keeps what survives and marks what is lost. Stances that resemble
# a supervisor position but that the thesis does not classify stay unclassified.

# %% tags=["parameters"]
lang = "nb"
run = None  # the build passes this run's part of the registry

# %%
from analysis import session
from analysis.artifacts import positions

kvp = session.start("programme-design", run, lang=lang)
session.show(kvp.save(positions.programme_matrix))

# %%
session.show(kvp.save(positions.design_timeline))

# %%
schedule = kvp.save(positions.schedule_table)
stances = kvp.save(positions.stances_table)
session.show(schedule, stances)
