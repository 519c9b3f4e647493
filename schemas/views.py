"""The BI contract's views: SQL that runs unchanged on SQLite and PostgreSQL, with documented columns.

A view's column descriptions default to the description of the same column in the table it reads,
so a column means one thing everywhere; only derived columns are described here.

Every view carries `data_synthetic` and `dataset_note` from spbe_dataset (the synthetic build if any,
else the latest), so a chart built on demo data says so on every row it reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas.common import INDEX_POINTS, RANK
from spbe.domain.methods import methods


@dataclass(frozen=True)
class View:
    name: str
    description: str
    sql: str
    base_table: str
    derived_columns: dict[str, str] = field(default_factory=dict)
    # Types of the derived columns (pandera dtype names), so exports type them without guessing from data.
    derived_types: dict[str, str] = field(default_factory=dict)
    # Units of derived numbers (schemas.common's unit names), as a base column declares its own.
    derived_units: dict[str, str] = field(default_factory=dict)
    requires: tuple[str, ...] = ()


# The note is worded for a dashboard: it is what a BI user sees beside every figure.
SYNTHETIC_NOTE = "SYNTHETIC demo data from the local mirror: not official Indeks SPBE results"
REAL_NOTE = "Data fetched from the publishers (KemenPAN-RB decrees, local news)"
# What `spbe summary` says of a warehouse with no recorded build (the views then show nulls).
NO_BUILD_NOTE = "No build recorded in spbe_dataset: provenance unknown"

# Derived columns every view gets from spbe_dataset.
DATASET_COLUMNS = {
    "data_synthetic": "True when any run that wrote this warehouse used synthetic (demo mirror) data; null before the first run.",
    "dataset_note": "What the data is, in words: synthetic demo data or data from the publishers; null before the first run.",
}
DATASET_TYPES = {"data_synthetic": "boolean", "dataset_note": "str"}
# Joined to each view: the synthetic build if there is any (else the latest), as plain columns of
# spbe_dataset, so SQLite declares their types (BOOLEAN, TEXT) in every view as PostgreSQL does.
# At most one row, joined on a true condition: it never multiplies or drops rows.
_WITH_DATASET = (
    "LEFT JOIN (SELECT synthetic AS data_synthetic, note AS dataset_note FROM spbe_dataset "
    "ORDER BY synthetic DESC, built_at DESC LIMIT 1) d ON 1 = 1"
)



def _index_name_sql(column: str) -> str:
    """SQL naming the index of a method_version ('SPBE', 'PemDI'), from spbe/data/methods.toml."""
    whens = " ".join(f"WHEN '{m.id}' THEN '{m.index_code}'" for m in methods())
    return f"CASE {column} {whens} END"


INDEX_NAME = "The index the value is on, by the year's method (spbe/data/methods.toml): 'SPBE' (Indeks SPBE, to 2025) or 'PemDI' (Indeks Pemerintah Digital, from 2026)."

VIEWS: tuple[View, ...] = (
    View(
        name="v_spbe_dataset",
        description="What built this warehouse: whether any of it is synthetic, the latest build and the code version that wrote it.",
        base_table="spbe_dataset",
        sql=f"""
SELECT d.data_synthetic, d.dataset_note, a.builds, a.first_built_at, a.last_built_at, a.last_code_version, a.last_source_mode
FROM (SELECT COUNT(*) AS builds,
             MIN(built_at) AS first_built_at,
             MAX(built_at) AS last_built_at,
             (SELECT code_version FROM spbe_dataset ORDER BY built_at DESC LIMIT 1) AS last_code_version,
             (SELECT source_mode FROM spbe_dataset ORDER BY built_at DESC LIMIT 1) AS last_source_mode
      FROM spbe_dataset) a
{_WITH_DATASET}
""",
        derived_columns={
            **DATASET_COLUMNS,
            "builds": "Writes recorded in spbe_dataset.",
            "first_built_at": "The first recorded write (UTC).",
            "last_built_at": "The latest recorded write (UTC).",
            "last_code_version": "Code version of the latest write.",
            "last_source_mode": "Source mode of the latest write ('live' or 'mirror').",
        },
        derived_types={
            **DATASET_TYPES,
            "builds": "int64",
            "first_built_at": "datetime64[ns, UTC]",
            "last_built_at": "datetime64[ns, UTC]",
            "last_code_version": "str",
            "last_source_mode": "str",
        },
    ),
    View(
        name="v_spbe_latest",
        description="The latest result for each instansi (its most recent evaluation year in spbe_index).",
        base_table="spbe_index",
        sql=f"""
SELECT i.*, {_index_name_sql("i.method_version")} AS index_name, d.data_synthetic, d.dataset_note
FROM spbe_index i
JOIN (SELECT instansi_id, MAX(year) AS latest_year FROM spbe_index GROUP BY instansi_id) l
  ON l.instansi_id = i.instansi_id AND l.latest_year = i.year
{_WITH_DATASET}
""",
        derived_columns={**DATASET_COLUMNS, "index_name": INDEX_NAME},
        derived_types={**DATASET_TYPES, "index_name": "str"},
    ),
    View(
        name="v_spbe_yoy",
        description="Year-over-year movement per instansi and year, with the previous value and why a delta needs care.",
        base_table="spbe_index",
        sql=f"""
SELECT i.instansi_id, i.instansi_name, i.instansi_type, i.province_code, i.province_name, i.year,
       i.index_value, i.method_version, {_index_name_sql("i.method_version")} AS index_name, i.prev_year,
       ROUND(CAST(i.index_value - i.delta_since_prev AS NUMERIC), 2) AS prev_value,
       p.method_version AS prev_method_version,
       CASE WHEN p.method_version IS NULL THEN NULL ELSE p.method_version <> i.method_version END AS method_change,
       i.yoy_delta, i.delta_since_prev, i.yoy_note,
       CASE WHEN i.yoy_delta IS NULL THEN NULL
            WHEN i.yoy_delta > 0 THEN 'up' WHEN i.yoy_delta < 0 THEN 'down' ELSE 'flat' END AS direction,
       i.source, d.data_synthetic, d.dataset_note
FROM spbe_index i
LEFT JOIN spbe_index p ON p.instansi_id = i.instansi_id AND p.year = i.prev_year
{_WITH_DATASET}
""",
        derived_columns={
            **DATASET_COLUMNS,
            "index_name": INDEX_NAME,
            "prev_value": "Index value in prev_year.",
            "prev_method_version": "method_version of prev_year; differs from method_version across a method change.",
            "method_change": "True when prev_year was rated under another method (2020->2021, 2025->2026): the delta is not like for like; null without a previous result.",
            "direction": "'up', 'down' or 'flat' for a one-year delta (see method_change before comparing); null when there is none.",
        },
        derived_types={**DATASET_TYPES, "index_name": "str", "prev_value": "float64", "prev_method_version": "str",
                       "method_change": "boolean", "direction": "str"},
        derived_units={"prev_value": INDEX_POINTS},
    ),
    View(
        name="v_spbe_province_rank",
        description="Kabupaten and kota ranked within their province each year, beside the province government's own result.",
        base_table="spbe_index",
        sql=f"""
SELECT k.year, k.province_code, k.province_name, k.instansi_id, k.instansi_name, k.instansi_type,
       k.index_value, k.predikat, k.method_version, {_index_name_sql("k.method_version")} AS index_name, k.rank_in_province,
       p.index_value AS province_index_value, p.rank_among_provinces AS province_rank_among_provinces,
       d.data_synthetic, d.dataset_note
FROM spbe_index k
LEFT JOIN spbe_index p
  ON p.instansi_type = 'provinsi' AND p.province_code = k.province_code AND p.year = k.year
{_WITH_DATASET}
WHERE k.instansi_type IN ('kabupaten', 'kota')
""",
        derived_columns={
            **DATASET_COLUMNS,
            "index_name": INDEX_NAME,
            "province_index_value": "The province government's own index that year.",
            "province_rank_among_provinces": "The province government's rank among provinces that year.",
        },
        derived_types={**DATASET_TYPES, "index_name": "str", "province_index_value": "float64", "province_rank_among_provinces": "Int64"},
        derived_units={"province_index_value": INDEX_POINTS, "province_rank_among_provinces": RANK},
    ),
    View(
        name="v_spbe_targets",
        description="Targets announced in the news, beside the result for that year once it is known.",
        base_table="spbe_target",
        sql=f"""
SELECT instansi_id, instansi_name, instansi_type, province_code, province_name, year, target_index_value,
       result_index_value, result_source, attained, gap, article_url, published, evidence,
       d.data_synthetic, d.dataset_note
FROM spbe_target
{_WITH_DATASET}
""",
        derived_columns=DATASET_COLUMNS,
        derived_types=DATASET_TYPES,
    ),
    View(
        name="v_rank_claims",
        description="Rank claims in the news (\"masuk 3 besar di Lampung\") checked against the ranks spbe_index computes: "
        "holds, contradicted (with the computed rank) or cannot be checked (no value for that body, year or scope).",
        base_table="spbe_news_rank_claim",
        sql=f"""
SELECT y.instansi_id, y.instansi_name, y.instansi_type, y.province_code, y.province_name, y.year, y.scope, y.scope_code,
       y.claimed_rank, y.bound, y.computed_rank, y.last_rank,
       CASE WHEN y.computed_rank IS NULL THEN 'cannot be checked'
            WHEN y.bound = 'exact' AND y.computed_rank = y.claimed_rank THEN 'holds'
            WHEN y.bound = 'at_most' AND y.computed_rank <= y.claimed_rank THEN 'holds'
            WHEN y.bound = 'lowest' AND y.computed_rank = y.last_rank THEN 'holds'
            ELSE 'contradicted' END AS verdict,
       y.article_url, y.published, y.evidence,
       d.data_synthetic, d.dataset_note
FROM (
    SELECT c.*,
           CASE WHEN c.scope = 'province' AND x.province_code = c.scope_code THEN x.province_rank
                WHEN c.scope = 'national' THEN x.national_rank END AS computed_rank,
           CASE WHEN c.scope = 'province' AND x.province_code = c.scope_code THEN x.last_in_province
                WHEN c.scope = 'national' THEN x.last_national END AS last_rank
    FROM spbe_news_rank_claim c
    LEFT JOIN (
        SELECT i.instansi_id, i.year, i.province_code,
               i.rank_in_province AS province_rank,
               COALESCE(i.rank_among_provinces, i.rank_in_type) AS national_rank,
               (SELECT MAX(p.rank_in_province) FROM spbe_index p
                 WHERE p.year = i.year AND p.province_code = i.province_code) AS last_in_province,
               (SELECT MAX(COALESCE(n.rank_among_provinces, n.rank_in_type)) FROM spbe_index n
                 WHERE n.year = i.year AND n.instansi_type = i.instansi_type) AS last_national
        FROM spbe_index i
    ) x ON x.instansi_id = c.instansi_id AND x.year = c.year
) y
{_WITH_DATASET}
""",
        derived_columns={
            **DATASET_COLUMNS,
            "computed_rank": "The body's rank in the claim's scope that year, from spbe_index (rank_in_province, or "
            "rank_among_provinces / rank_in_type for a national scope); null when it cannot be checked.",
            "last_rank": "The last rank in that scope and year (what 'terendah' must match).",
            "verdict": "holds, contradicted (see computed_rank) or cannot be checked.",
        },
        derived_types={**DATASET_TYPES, "computed_rank": "Int64", "last_rank": "Int64", "verdict": "str"},
    ),
    View(
        name="v_spbe_level_peers",
        description="Each body's index, domain and aspect indices from the indicator levels it supplied, beside the other bodies of its province with levels for the same year and method.",
        base_table="spbe_indicator_level",
        sql=f"""
WITH areas AS (
  SELECT instansi_id, instansi_name, instansi_type, province_code, province_name, year, method_version,
         'index' AS area_kind, 'index' AS area, SUM(weight) AS area_weight, SUM(weight * level) / SUM(weight) AS area_index
  FROM spbe_indicator_level
  GROUP BY instansi_id, instansi_name, instansi_type, province_code, province_name, year, method_version
  UNION ALL
  SELECT instansi_id, instansi_name, instansi_type, province_code, province_name, year, method_version,
         'domain', domain, SUM(weight), SUM(weight * level) / SUM(weight)
  FROM spbe_indicator_level WHERE domain IS NOT NULL
  GROUP BY instansi_id, instansi_name, instansi_type, province_code, province_name, year, method_version, domain
  UNION ALL
  SELECT instansi_id, instansi_name, instansi_type, province_code, province_name, year, method_version,
         'aspect', aspect, SUM(weight), SUM(weight * level) / SUM(weight)
  FROM spbe_indicator_level
  GROUP BY instansi_id, instansi_name, instansi_type, province_code, province_name, year, method_version, aspect
), peers AS (
  SELECT a.*,
         COUNT(*) OVER (PARTITION BY province_code, year, method_version, area_kind, area) - 1 AS province_peers,
         (SUM(area_index) OVER (PARTITION BY province_code, year, method_version, area_kind, area) - area_index)
           / NULLIF(COUNT(*) OVER (PARTITION BY province_code, year, method_version, area_kind, area) - 1, 0) AS peers_mean,
         RANK() OVER (PARTITION BY province_code, year, method_version, area_kind, area ORDER BY area_index DESC) AS rank_in_province
  FROM areas a
  WHERE province_code IS NOT NULL
)
SELECT p.instansi_id, p.instansi_name, p.instansi_type, p.province_code, p.province_name, p.year, p.method_version,
       p.area_kind, p.area, p.area_weight,
       ROUND(CAST(p.area_index AS NUMERIC), 4) AS area_index,
       p.province_peers,
       ROUND(CAST(p.peers_mean AS NUMERIC), 4) AS province_peers_mean,
       ROUND(CAST(p.area_index - p.peers_mean AS NUMERIC), 4) AS difference_from_peers,
       p.rank_in_province,
       d.data_synthetic, d.dataset_note
FROM peers p
{_WITH_DATASET}
""",
        derived_columns={
            **DATASET_COLUMNS,
            "area_kind": "'index' (the whole index), 'domain' (SPBE 59/2020) or 'aspect'.",
            "area": "The domain's or aspect's name; 'index' for the whole index.",
            "area_weight": "The area's weight: the sum of its indicators' weights (100 for the index).",
            "area_index": "The body's index of the area: its indicators' levels weighted by their weights.",
            "province_peers": "Other bodies of the province with levels for the same year and method.",
            "province_peers_mean": "Their mean index of the area; null when there are none.",
            "difference_from_peers": "area_index minus province_peers_mean.",
            "rank_in_province": "Competition rank of the body's area index among the province's bodies with levels.",
        },
        derived_types={
            **DATASET_TYPES, "area_kind": "str", "area": "str", "area_weight": "float64", "area_index": "float64",
            "province_peers": "int64", "province_peers_mean": "float64", "difference_from_peers": "float64", "rank_in_province": "int64",
        },
    ),
)
