"""The BI contract's views: SQL that runs unchanged on SQLite and PostgreSQL, with documented columns.

A view's column descriptions default to the description of the same column in the table it reads,
so a column means one thing everywhere; only derived columns are described here.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class View:
    name: str
    description: str
    sql: str
    base_table: str
    derived_columns: dict[str, str] = field(default_factory=dict)
    # Types of the derived columns (pandera dtype names), so exports type them without guessing from data.
    derived_types: dict[str, str] = field(default_factory=dict)
    requires: tuple[str, ...] = ()


VIEWS: tuple[View, ...] = (
    View(
        name="v_spbe_latest",
        description="The latest result for each instansi (its most recent evaluation year in spbe_index).",
        base_table="spbe_index",
        sql="""
SELECT i.*
FROM spbe_index i
JOIN (SELECT instansi_id, MAX(year) AS latest_year FROM spbe_index GROUP BY instansi_id) l
  ON l.instansi_id = i.instansi_id AND l.latest_year = i.year
""",
    ),
    View(
        name="v_spbe_yoy",
        description="Year-over-year movement per instansi and year, with the previous value and why a delta needs care.",
        base_table="spbe_index",
        sql="""
SELECT instansi_id, instansi_name, instansi_type, province_code, province_name, year,
       index_value, prev_year,
       ROUND(CAST(index_value - delta_since_prev AS NUMERIC), 2) AS prev_value,
       yoy_delta, delta_since_prev, yoy_note,
       CASE WHEN yoy_delta IS NULL THEN NULL
            WHEN yoy_delta > 0 THEN 'up' WHEN yoy_delta < 0 THEN 'down' ELSE 'flat' END AS direction,
       source
FROM spbe_index
""",
        derived_columns={
            "prev_value": "Index value in prev_year.",
            "direction": "'up', 'down' or 'flat' for a one-year delta; null when there is none.",
        },
        derived_types={"prev_value": "float64", "direction": "str"},
    ),
    View(
        name="v_spbe_province_rank",
        description="Kabupaten and kota ranked within their province each year, beside the province government's own result.",
        base_table="spbe_index",
        sql="""
SELECT k.year, k.province_code, k.province_name, k.instansi_id, k.instansi_name, k.instansi_type,
       k.index_value, k.predikat, k.rank_in_province,
       p.index_value AS province_index_value, p.rank_among_provinces AS province_rank_among_provinces
FROM spbe_index k
LEFT JOIN spbe_index p
  ON p.instansi_type = 'provinsi' AND p.province_code = k.province_code AND p.year = k.year
WHERE k.instansi_type IN ('kabupaten', 'kota')
""",
        derived_columns={
            "province_index_value": "The province government's own index that year.",
            "province_rank_among_provinces": "The province government's rank among provinces that year.",
        },
        derived_types={"province_index_value": "float64", "province_rank_among_provinces": "Int64"},
    ),
    View(
        name="v_spbe_targets",
        description="Targets announced in the news, beside the result for that year once it is known.",
        base_table="spbe_target",
        sql="""
SELECT instansi_id, instansi_name, instansi_type, province_code, province_name, year, target_index_value,
       result_index_value, result_source, attained, gap, article_url, published, evidence
FROM spbe_target
""",
    ),
)
