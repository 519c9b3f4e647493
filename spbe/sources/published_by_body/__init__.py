"""A body's own published result: files a user drops (`spbe ingest-file`, the nightly's drop folder)."""
