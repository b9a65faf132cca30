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
# # The LaTeX preamble of the outputs
#
# Every `.tex` table and every `<stem>.figure.tex` in `figures/nb/` and `figures/en/` assumes the
# packages listed in `kvp-analysis.sty`: UTF-8 input with T1 fonts under pdflatex (or lualatex and
# xelatex), `booktabs` and `longtable` for tables that break across pages, `graphicx` and `rotating`
# for the figures. The build publishes it as `figures/kvp-analysis.sty`; put it beside your document
# and write `\usepackage{kvp-analysis}`.

# %% tags=["parameters"]
run = None  # the build passes this run's part of the registry

# %%
from IPython.display import Markdown

from analysis import latex, session

kvp = session.start("latex-preamble", run)
Markdown("```latex\n" + kvp.save(latex.style_file)["sty"] + "```")
