"""Versioned data releases of the warehouse: CSV and Parquet, a Frictionless Data Package generated
from `schemas/`, CHANGES.md, citation metadata, checksums and a static HTML report (`build.py`)."""
