"""A body's own published result (a year without a decree: 2025's bodies downloaded theirs) in
spbe_index: below the decree, above the news."""

from spbe.infra.fact_sources import BODY_OWN, FactSource, rows_of

NAME = "published_by_body"

FACTS = FactSource(
    name=NAME,
    table="spbe_source_result",
    kind="result",
    precedence=BODY_OWN,
    candidates=rows_of(NAME),
    description="result documents the bodies published themselves, loaded with `spbe ingest-file`",
)
