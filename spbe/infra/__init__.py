"""Infrastructure: HTTP client, source registry, warehouse database, generated docs.

Importing it provides the declared sources to the schemas' `source` columns (spbe.infra.fact_sources
hands its lookup down to schemas.common.DECLARED_SOURCES): every reader of a table's columns (DDL,
docs, validation) comes through here, and the schemas import nothing above them.
"""

from spbe.infra import fact_sources as _fact_sources  # noqa: F401  (for the side effect above)
