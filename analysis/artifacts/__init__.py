"""One module per figure or table: pure functions from tables to a figure or a table object."""
