"""Sources: one folder per publisher kind, each with the same parts (fetch, parse, facts, ingest)."""
