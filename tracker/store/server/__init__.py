"""The PostgreSQL store: the same records as the file, in tables of a shared server."""
