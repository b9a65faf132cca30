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
# # Figur 6.1 Tilstrømming og avvikling av saker i KVP i feltkommunen
#
# The thesis's Figure 6.1 was lost when the PDF was turned into text: only its caption (line 7074)
# and the paragraphs around it survive. They say that the **large square boxes** stood for the
# active participant cases, whose number was to equal the **måltall**, and that **round figures**
# marked the sources of inflow and the exits. The rest of chapter 6 names the categories that were
# registered and reported.
#
# This notebook redraws the figure from `data/intake_flow_nodes.csv` and `data/intake_flow_edges.csv`,
# where every node and arrow carries its lines, a verbatim snippet and a status. What the text
# states is drawn solid; what we infer (an arrow's direction, whether a category was a flow or a
# state) dashed; what is uncertain dotted. `view="extended"` adds the intake process that chapter 6
# describes around the figure: recruitment sources, screening, assessment, short decisions.

# %% tags=["parameters"]
lang = "nb"
view = "core"
run = None  # the build passes this run's part of the registry

# %%
from analysis import session
from analysis.artifacts import intake_flow

kvp = session.start("figure-6-1", run, lang=lang, view=view)

# %%
drawing = kvp.save(intake_flow.draw)
session.show(drawing)

# %% [markdown]
# The arrows and what supports each of them:

# %%
kvp.tables["intake_flow_edges"][["edge_id", "source", "target", f"label_{lang}", "view", "lines", "status"]]
