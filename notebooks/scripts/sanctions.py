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
# # Håndtering av sanksjonsregimet (chapter 8)
#
# When participants broke the activity requirements, the supervisors mostly looked for the causes
# and weighed the consequences instead of sanctioning. Chapter 8 shows this through the regime's
# three systems (information, warning, sanction), the cases discussed in team meetings, and the
# considerations raised in them. The data are in `data/sanction_*.csv`; every row carries its
# lines, a verbatim snippet and a status. Outcomes are `unknown` wherever the thesis reports none,
# and any classification of ours is marked as ours.

# %% tags=["parameters"]
lang = "nb"
run = None  # the build passes this run's part of the registry

# %%
from analysis import session
from analysis.artifacts import sanction_regime, sanctions

kvp = session.start("sanctions", run, lang=lang)

# %% [markdown]
# ## The regime as a flow
#
# Loops back to the (adjusted) programme are drawn as arrows against the flow.

# %%
session.show(kvp.save(sanction_regime.draw))

# %%
session.show(kvp.save(sanction_regime.table))

# %% [markdown]
# ## Considerations by reasoning form and direction

# %%
session.show(kvp.save(sanctions.considerations_figure))

# %% [markdown]
# ## Cases against considerations
#
# Each consideration links to the excerpts it rests on, in `excerpts.html` beside this table.

# %%
session.show(kvp.save(sanctions.case_matrix))

# %% [markdown]
# ## The alternative functions of sanctions (8.3.5) and the regime's tensions (8.4.2)

# %%
functions = kvp.save(sanctions.functions_table)
tensions = kvp.save(sanctions.tensions_table)
session.show(functions, tensions)
