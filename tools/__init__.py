"""Tools for developers of tracker (not shipped): the message catalogs."""
