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
# # The fieldwork as the thesis publishes it
#
# The thesis rests on about two years of participant observation in one NAV office's KVP team.
# What it prints of that fieldwork (the supervisors' and leaders' quoted talk, the meeting types,
# the informants) is extracted into `data/`, each row with its section, lines, a verbatim snippet
# and an evidence status. This notebook publishes an overview of that material: who speaks, where,
# in which chapters, and how we coded it.
#
# The counts describe **the excerpts printed in the thesis**, not the field: the thesis reports
# no frequencies of its own. The coding is ours (`codes.csv`, `origin=analyst`) except where a code
# is one of the thesis's own concepts (`origin=thesis`).

# %% tags=["parameters"]
lang = "nb"
top = 20  # how many of the most frequent codes the co-occurrence figure shows
unit = "excerpt"  # co-occurrence within an "excerpt" or a "conversation"
run = None  # the build passes this run's part of the registry

# %%
from analysis import session
from analysis.artifacts import fieldwork

kvp = session.start("fieldwork-overview", run, lang=lang)

# %% [markdown]
# ## Informants and settings
#
# Pseudonyms only, as in the thesis; no gender; background only where the thesis states it.

# %%
session.show(kvp.save(fieldwork.informants))

# %%
session.show(kvp.save(fieldwork.settings))

# %% [markdown]
# ## Where the excerpts come from

# %%
session.show(kvp.save(fieldwork.excerpts_by_chapter_and_setting))

# %% [markdown]
# ## Codes
#
# Each count can be traced to its excerpts: the CSV form lists the excerpt ids behind every row,
# and `analysis.qda` has a `*_ids` function for every count.

# %%
kvp.save(fieldwork.code_frequencies).tidy.head(15)

# %%
session.show(kvp.save(fieldwork.cooccurrence_heatmap, top=top, unit=unit))

# %% [markdown]
# ## Every excerpt
#
# The full list, one row per speaker turn; other tables link to its rows by excerpt id.

# %%
kvp.save(fieldwork.excerpts_table).tidy.head(10)
