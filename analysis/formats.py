"""The output formats, kept apart from the writers so that planning a build imports no plotting code."""

FIGURE_FORMATS = ("svg", "pdf", "png")
TABLE_FORMATS = ("html", "tex", "md", "csv")
DATA_FORMATS = ("json", "qdpx", "qdc")  # machine-readable exports
ALL_FORMATS = FIGURE_FORMATS + TABLE_FORMATS + DATA_FORMATS
