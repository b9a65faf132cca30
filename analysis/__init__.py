"""kvp-analysis: structured extracts of Brodtkorb (2017), and the code that regenerates its
figures and tables from them."""

__version__ = "0.1.0"
