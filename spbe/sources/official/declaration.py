"""The decree's results in spbe_index: the highest tier, one row per body and year as published."""

from spbe.infra.fact_sources import DECREE, FactSource

FACTS = FactSource(
    name="official",
    table="spbe_official_result",
    kind="result",
    precedence=DECREE,
    candidates=lambda frame: frame,  # spbe_official_result already has the candidate columns
    description="KemenPAN-RB's decree lampiran (or the full table placed in the manual drop)",
)
