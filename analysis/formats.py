"""The output formats, kept apart from the writers so that planning a build imports no plotting code."""

IMAGE_FORMATS = ("svg", "pdf", "png")
# What a document needs beside the image: the caption as a LaTeX figure, an HTML figure and Markdown
# (``figure-6-1.figure.tex`` and so on); and the figure's print measurements (``metrics.json``).
FIGURE_SIDECARS = ("figure.tex", "figure.html", "figure.md", "metrics.json")
FIGURE_FORMATS = IMAGE_FORMATS + FIGURE_SIDECARS
TABLE_FORMATS = ("html", "tex", "md", "csv")
DATA_FORMATS = ("json", "qdpx", "qdc", "sty")  # machine-readable exports, and the LaTeX preamble
ALL_FORMATS = FIGURE_FORMATS + TABLE_FORMATS + DATA_FORMATS
