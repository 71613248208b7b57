"""The store: the only code that touches the database file, its lock and its schema."""
