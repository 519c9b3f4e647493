"""Two sources that state different values for one body and year (table spbe_source_conflict).

Whatever the sources are (the decree, a body's own published result, the news, any later one),
when two of them disagree beyond rounding the warehouse records both values, both documents, which
one spbe_index kept, and why: the declared precedence (spbe.infra.fact_sources), or no value at all
when two statements of one source disagree and no higher source holds the year.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from schemas import common as c
from schemas import vocab
from schemas.common import InstansiTable, Table


class SourceConflict(InstansiTable):
    """Two sources that disagree beyond rounding about one instansi and year (table spbe_source_conflict).

    The reference side (reference_*) is the source that outranks the other (the decree over a body's
    own result, either over the news), or, when no higher source holds the year, the newest statement
    of the source whose statements disagree; the other side (other_*) is the value that disagrees.
    """

    _table = Table("spbe_source_conflict", indexes=(("instansi_id", "year"),))

    year: Series[int] = c.year("Evaluation year.")
    reference_source: Series[str] = c.source("The source compared against: the higher of the two by precedence "
                                             "(e.g. 'official', the decree), else the source whose statements disagree.")
    reference_index_value: Series[float] = c.index_value("The reference source's index value.")
    reference_url: Series[str] = pa.Field(description="The reference document (decree lampiran, a body's own result, or article).")
    other_source: Series[str] = c.source("The source whose value disagrees with the reference (e.g. 'published_by_body', 'news').")
    other_index_value: Series[float] = c.index_value("The index value the other source states.")
    other_url: Series[str] = pa.Field(description="The other source's document (a body's own result, or article).")
    other_evidence: Series[str] = pa.Field(nullable=True, description="The sentence other_index_value was read from "
                                           "(a news article); null when the other source is a result document.")
    difference: Series[float] = pa.Field(description="other_index_value minus reference_index_value.", metadata=c.unit(c.INDEX_DIFFERENCE))
    kept_source: Series[str] = c.source("The source whose value spbe_index holds for this body and year (the reference's, "
                                        "by precedence); null when neither value was kept.", nullable=True)
    resolution: Series[str] = pa.Field(
        isin=list(vocab.CONFLICT_RESOLUTIONS),
        description="Why kept_source: precedence (the reference's source outranks the other's by the declared tiers: "
        "decree, then a body's own result, then the news; ties by name), or unsettled (two statements of one source "
        "disagree and no higher source holds the year: neither value is kept).",
    )
