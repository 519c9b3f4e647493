"""Versioned data releases of the warehouse: CSV and Parquet, a Frictionless Data Package generated
from `schemas/`, CHANGES.md, citation metadata, checksums and a static HTML report (`build.py`)."""

# The opt-in that includes the columns spbe.release.tables.WITHHELD names. Here, not in tables.py,
# so the CLI can build its parser without importing the schemas.
ARTICLE_TEXT_FLAG = "--with-article-text"
