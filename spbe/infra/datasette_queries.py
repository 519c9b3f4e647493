"""The canned queries `spbe serve` offers: the questions a regional analyst asks, in SQLite SQL.

They read only tables and views that a release's SQLite database holds as well as the warehouse
(never the write log), so the same queries work on both. A parameter left empty means "the latest
year" for a year and "all" for a filter, so each query answers something on first open.
"""

from __future__ import annotations

from dataclasses import dataclass

# The year a query is about: the one asked for, else the latest evaluation year in spbe_index.
_YEAR = "COALESCE(CAST(NULLIF(:year, '') AS INTEGER), (SELECT MAX(year) FROM spbe_index))"


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    sql: str
    needs: tuple[str, ...]  # tables/views it reads: offered only where they exist

    def metadata(self) -> dict:
        # The SQL stays one click away ("show"): the page opens on the question and its answer.
        return {"title": self.title, "description": self.description, "sql": self.sql.strip(), "hide_sql": True}


CANNED_QUERIES: tuple[CannedQuery, ...] = (
    CannedQuery(
        "body_history",
        "My body's history: index, predikat and deltas by year",
        "Every result of one body (its Kemendagri code such as 18.09, or part of its name such as Pesawaran), "
        "oldest first, with the year-over-year delta and why a delta needs care (a gap, the 2020->2021 method "
        "change). Ranks are competition ranks (1 = highest).",
        """
SELECT instansi_id, instansi_name, province_name, year, index_value, predikat, predikat_mismatch,
       yoy_delta, prev_year, delta_since_prev, yoy_note, rank_in_province, rank_in_type, source, source_url
FROM spbe_index
WHERE :body <> '' AND (instansi_id = :body OR instansi_name LIKE '%' || :body || '%')
ORDER BY instansi_name, year
""",
        ("spbe_index",),
    ),
    CannedQuery(
        "province_ranking",
        "My province's ranking in a year, every kabupaten and kota",
        "The kabupaten and kota of one province (its name, e.g. Lampung) ranked in one year (empty: the latest). "
        "Bodies of the province without a result that year are listed at the end, with a note giving their latest "
        "earlier result: they are not left out. Membership is the province a body belonged to that year (or at its "
        "nearest result), so bodies moved by a split rank where they were.",
        f"""
WITH asked AS (SELECT {_YEAR} AS y),
member AS (
  SELECT i.instansi_id, i.instansi_name, i.instansi_type, i.province_name,
         ROW_NUMBER() OVER (PARTITION BY i.instansi_id
                            ORDER BY CASE WHEN i.year <= a.y THEN 0 ELSE 1 END, ABS(i.year - a.y)) AS pick
  FROM spbe_index i CROSS JOIN asked a
  WHERE i.instansi_type IN ('kabupaten', 'kota')
)
SELECT r.rank_in_province, m.instansi_name, m.instansi_type, a.y AS year, r.index_value, r.predikat, r.yoy_delta,
       r.source,
       CASE WHEN r.instansi_id IS NOT NULL THEN ''
            ELSE 'no result for ' || a.y || COALESCE(
                 (SELECT '; latest earlier: ' || p.year || ' (' || printf('%.2f', p.index_value) || ')'
                  FROM spbe_index p WHERE p.instansi_id = m.instansi_id AND p.year < a.y ORDER BY p.year DESC LIMIT 1),
                 '; no earlier result') END AS note
FROM member m CROSS JOIN asked a
LEFT JOIN spbe_index r ON r.instansi_id = m.instansi_id AND r.year = a.y
WHERE m.pick = 1 AND m.province_name = :province
ORDER BY r.rank_in_province IS NULL, r.rank_in_province, m.instansi_name
""",
        ("spbe_index",),
    ),
    CannedQuery(
        "provinces_ranking",
        "Every province's government ranked in a year",
        "The provincial governments ranked among provinces in one year (empty: the latest). A province without a "
        "result that year is listed at the end with a note, not left out.",
        f"""
WITH asked AS (SELECT {_YEAR} AS y),
province AS (SELECT DISTINCT instansi_id, instansi_name FROM spbe_index WHERE instansi_type = 'provinsi')
SELECT r.rank_among_provinces, p.instansi_name, a.y AS year, r.index_value, r.predikat, r.yoy_delta, r.source,
       CASE WHEN r.instansi_id IS NOT NULL THEN '' ELSE 'no result for ' || a.y END AS note
FROM province p CROSS JOIN asked a
LEFT JOIN spbe_index r ON r.instansi_id = p.instansi_id AND r.year = a.y
ORDER BY r.rank_among_provinces IS NULL, r.rank_among_provinces, p.instansi_name
""",
        ("spbe_index",),
    ),
    CannedQuery(
        "risers_and_fallers",
        "Biggest risers and fallers in a year",
        "The ten largest rises and the ten largest falls against the year before (empty: the latest year), "
        "optionally in one province. Only one-year deltas count: a delta over a gap or across the 2020->2021 "
        "method change is not like for like (see yoy_note).",
        f"""
WITH asked AS (SELECT {_YEAR} AS y),
moves AS (
  SELECT instansi_name, instansi_type, province_name, year, index_value, yoy_delta, predikat, yoy_note
  FROM spbe_index CROSS JOIN asked a
  WHERE year = a.y AND yoy_delta IS NOT NULL AND (:province = '' OR province_name = :province)
)
SELECT * FROM (SELECT 'riser' AS movement, * FROM moves ORDER BY yoy_delta DESC, instansi_name LIMIT 10)
UNION ALL
SELECT * FROM (SELECT 'faller' AS movement, * FROM moves ORDER BY yoy_delta ASC, instansi_name LIMIT 10)
""",
        ("spbe_index",),
    ),
    CannedQuery(
        "targets_and_attainment",
        "Targets announced in the news, and whether they were attained",
        "Each distinct target (body, year, value) once, however many articles reported it, with the result once "
        "known, whether it was attained and the gap; optionally in one province.",
        """
SELECT instansi_name, province_name, year, target_index_value, result_index_value, result_source, attained, gap,
       COUNT(*) AS articles, MIN(article_url) AS first_article_url
FROM spbe_target
WHERE :province = '' OR province_name = :province
GROUP BY instansi_id, instansi_name, province_name, year, target_index_value, result_index_value, result_source, attained, gap
ORDER BY year DESC, instansi_name
""",
        ("spbe_target",),
    ),
    CannedQuery(
        "source_conflicts",
        "Conflicts between sources",
        "Where two sources state different values for a body and year beyond rounding (the decree and a body's own "
        "result, either and an article, two articles): both sources and values, the difference, both documents, the "
        "article's sentence where the other side is news, and which value spbe_index kept and why (precedence, or "
        "unsettled: neither).",
        """
SELECT instansi_name, province_name, year, reference_source, reference_index_value, other_source, other_index_value,
       difference, kept_source, resolution, reference_url, other_url, other_evidence
FROM spbe_source_conflict
ORDER BY ABS(difference) DESC, year DESC, instansi_name
""",
        ("spbe_source_conflict",),
    ),
    CannedQuery(
        "held_for_review",
        "Figures held for review: news figures held, decree rows rejected or flagged",
        "What a person should look at: news figures the extractor held (status 'review', never in spbe_index unless "
        "corroborated or accepted with `spbe review`) with the hold reason and any decision taken, and decree rows "
        "not loaded (rejected) or loaded with a finding (flagged), with the reason and where they are.",
        """
SELECT 'news figure held' AS what, f.instansi_name AS body, f.year, f.index_value, f.kind, f.hold_reason AS reason,
       COALESCE(r.decision, 'awaiting review') AS decision, f.article_url AS document, NULL AS page, f.evidence AS detail
FROM spbe_news_figure f
LEFT JOIN spbe_news_review r ON r.article_url = f.article_url AND r.evidence = f.evidence AND r.index_value = f.index_value
WHERE f.status = 'review'
UNION ALL
SELECT 'decree row ' || action, published_name, year, NULL, NULL, reason, action, source_url, page, 'row ' || row_number
FROM spbe_reject
ORDER BY what, year DESC, body
""",
        ("spbe_news_figure", "spbe_news_review", "spbe_reject"),
    ),
)
