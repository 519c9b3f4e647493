"""Baseline: the warehouse as the last release before migrations wrote it (main at 9a3190a).

Revision ID: 0001
Revises:
Created: 2026-12-06

Frozen here, not derived from schemas/: later revisions change the tables from this starting
point, and a warehouse written before migrations existed is adopted when it matches these
tables (spbe.infra.migrations). Never edit it; add a revision instead (docs/migrations.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def baseline_metadata() -> sa.MetaData:
    """The nine tables with their columns, keys, indexes and comments."""
    metadata = sa.MetaData()
    sa.Table(
        "spbe_build_state",
        metadata,
        sa.Column("table_name", sa.Text(), nullable=False, comment="The derived table, e.g. 'spbe_index'."),
        sa.Column(
            "inputs_sha256",
            sa.Text(),
            nullable=False,
            comment="SHA-256 of the input rows (spbe_official_result and spbe_news_figure) the table was built from.",
        ),
        sa.Column("input_rows", sa.Integer(), nullable=False, comment="Number of input rows the table was built from."),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False, comment="When the table was built (UTC)."),
        sa.PrimaryKeyConstraint("table_name"),
        comment="One row per derived table: the fingerprint of the inputs it was built from, written in the same transaction as the table (table spbe_build_state).",
    )
    sa.Table(
        "spbe_dataset",
        metadata,
        sa.Column(
            "build_id", sa.Text(), nullable=False, comment="Dagster run id of the run that wrote (a random id outside Dagster)."
        ),
        sa.Column("tables", sa.Text(), nullable=False, comment="The tables this write replaced or upserted, comma-separated."),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False, comment="When the write was committed (UTC)."),
        sa.Column(
            "source_mode",
            sa.Text(),
            nullable=False,
            comment="'live': the publishers themselves; 'mirror': the local mirror (python -m mirror).",
        ),
        sa.Column(
            "synthetic",
            sa.Boolean(),
            nullable=False,
            comment="True when the data is synthetic (the demo mirror): NOT official results.",
        ),
        sa.Column(
            "code_version",
            sa.Text(),
            nullable=False,
            comment="spbe-warehouse package version, plus `git describe` of the checkout when there is one.",
        ),
        sa.PrimaryKeyConstraint("build_id", "tables"),
        comment="One row per write to the warehouse: which run, from which sources, by which code (table spbe_dataset).\n\n    Written in the same transaction as the rows it describes, so it never claims a write that did not land.",
    )
    spbe_index = sa.Table(
        "spbe_index",
        metadata,
        sa.Column(
            "instansi_id",
            sa.Text(),
            nullable=False,
            comment="Kemendagri code for regions ('18.09'), slug for central bodies ('kemenkeu').",
        ),
        sa.Column("instansi_name", sa.Text(), nullable=False, comment="Canonical name (Kemendagri spelling for regions)."),
        sa.Column("instansi_type", sa.Text(), nullable=False, comment="kementerian, lembaga, provinsi, kabupaten or kota."),
        sa.Column("province_code", sa.Text(), nullable=True, comment="Province code; null for central bodies."),
        sa.Column("province_name", sa.Text(), nullable=True, comment="Province name; null for central bodies."),
        sa.Column("year", sa.Integer(), nullable=False, comment="Evaluation year."),
        sa.Column("index_value", sa.Float(), nullable=False, comment="Indeks SPBE, 1.00-5.00."),
        sa.Column(
            "predikat",
            sa.Text(),
            nullable=True,
            comment="Predikat as published (canonical spelling); null when the source gave none.",
        ),
        sa.Column("predikat_expected", sa.Text(), nullable=False, comment="Predikat implied by index_value and the bands."),
        sa.Column(
            "predikat_mismatch",
            sa.Boolean(),
            nullable=False,
            comment="True when a published predikat contradicts the bands (a data-quality finding).",
        ),
        sa.Column(
            "method_version",
            sa.Text(),
            nullable=False,
            comment="Evaluation rule in force that year (PermenPANRB 5/2018 or 59/2020).",
        ),
        sa.Column(
            "yoy_delta",
            sa.Float(),
            nullable=True,
            comment="index_value minus the previous year's; null when the previous year is missing.",
        ),
        sa.Column(
            "prev_year",
            sa.Integer(),
            nullable=True,
            comment="Year of the instansi's previous result, which may be more than one year back.",
        ),
        sa.Column(
            "delta_since_prev",
            sa.Float(),
            nullable=True,
            comment="index_value minus the result of prev_year (spans a gap when prev_year < year-1).",
        ),
        sa.Column(
            "yoy_note",
            sa.Text(),
            nullable=True,
            comment="Why a delta needs care: 'first result', 'gap: no result for YEARS ...', 'method change 2020->2021 ...'; null when the delta is like for like.",
        ),
        sa.Column(
            "rank_in_province",
            sa.Integer(),
            nullable=True,
            comment="Competition rank among the kabupaten/kota of the province that year.",
        ),
        sa.Column(
            "rank_among_provinces",
            sa.Integer(),
            nullable=True,
            comment="Competition rank among provinces that year (provinces only).",
        ),
        sa.Column(
            "rank_in_type", sa.Integer(), nullable=False, comment="Competition rank nationally within instansi_type that year."
        ),
        sa.Column(
            "source",
            sa.Text(),
            nullable=False,
            comment="'official' (decree) or 'news' (a news figure filling a year the decree lacks).",
        ),
        sa.Column("source_url", sa.Text(), nullable=False, comment="Document the value came from."),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False, comment="When this row was written (UTC)."),
        sa.PrimaryKeyConstraint("instansi_id", "year"),
        comment="Every Indeks SPBE result, one row per instansi and evaluation year, with deltas and ranks (table spbe_index).",
    )
    sa.Index("ix_spbe_index_year_province_code", spbe_index.c.year, spbe_index.c.province_code)

    sa.Table(
        "spbe_news_article",
        metadata,
        sa.Column(
            "url", sa.Text(), nullable=False, comment="Canonical article URL (rel=canonical, tracking parameters stripped)."
        ),
        sa.Column("discovered_url", sa.Text(), nullable=False, comment="URL as found in a feed, sitemap or listing."),
        sa.Column("site", sa.Text(), nullable=False, comment="Host of the news site."),
        sa.Column("title", sa.Text(), nullable=True, comment="Headline."),
        sa.Column(
            "published",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="Publication date (from page metadata or the Indonesian dateline).",
        ),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False, comment="When the body was fetched."),
        sa.Column("text", sa.Text(), nullable=False, comment="Main text without boilerplate, verbatim."),
        sa.Column("content_sha256", sa.Text(), nullable=False, comment="SHA-256 of the fetched body."),
        sa.Column("figure_count", sa.Integer(), nullable=False, comment="SPBE figures extracted from the article."),
        sa.PrimaryKeyConstraint("url"),
        comment="Every news article fetched, keyed by canonical URL, text stored verbatim (table spbe_news_article).",
    )
    spbe_news_figure = sa.Table(
        "spbe_news_figure",
        metadata,
        sa.Column(
            "instansi_id",
            sa.Text(),
            nullable=False,
            comment="Kemendagri code for regions ('18.09'), slug for central bodies ('kemenkeu').",
        ),
        sa.Column("instansi_name", sa.Text(), nullable=False, comment="Canonical name (Kemendagri spelling for regions)."),
        sa.Column("instansi_type", sa.Text(), nullable=False, comment="kementerian, lembaga, provinsi, kabupaten or kota."),
        sa.Column("province_code", sa.Text(), nullable=True, comment="Province code; null for central bodies."),
        sa.Column("province_name", sa.Text(), nullable=True, comment="Province name; null for central bodies."),
        sa.Column(
            "figure_key", sa.Text(), nullable=False, comment="Stable key: hash of article URL, instansi, year, kind and value."
        ),
        sa.Column("article_url", sa.Text(), nullable=False, comment="Canonical URL of the article."),
        sa.Column("article_title", sa.Text(), nullable=True, comment="Headline of the article."),
        sa.Column("published", sa.DateTime(timezone=True), nullable=True, comment="Publication date of the article."),
        sa.Column(
            "year", sa.Integer(), nullable=False, comment="Evaluation year the figure is about (a target's year for targets)."
        ),
        sa.Column("index_value", sa.Float(), nullable=False, comment="The figure, 1.00-5.00."),
        sa.Column(
            "kind",
            sa.Text(),
            nullable=False,
            comment="evaluation (an official result as reported), self_assessment (penilaian mandiri or provisional), or target.",
        ),
        sa.Column("predikat", sa.Text(), nullable=True, comment="Predikat stated with the figure, if any."),
        sa.Column("evidence", sa.Text(), nullable=False, comment="The sentence the figure was read from."),
        sa.PrimaryKeyConstraint("figure_key"),
        comment="One SPBE figure stated in a news article, with its evidence (table spbe_news_figure).",
    )
    sa.Index("ix_spbe_news_figure_instansi_id_year", spbe_news_figure.c.instansi_id, spbe_news_figure.c.year)

    sa.Table(
        "spbe_official_result",
        metadata,
        sa.Column(
            "instansi_id",
            sa.Text(),
            nullable=False,
            comment="Kemendagri code for regions ('18.09'), slug for central bodies ('kemenkeu').",
        ),
        sa.Column("instansi_name", sa.Text(), nullable=False, comment="Canonical name (Kemendagri spelling for regions)."),
        sa.Column("instansi_type", sa.Text(), nullable=False, comment="kementerian, lembaga, provinsi, kabupaten or kota."),
        sa.Column("province_code", sa.Text(), nullable=True, comment="Province code; null for central bodies."),
        sa.Column("province_name", sa.Text(), nullable=True, comment="Province name; null for central bodies."),
        sa.Column("year", sa.Integer(), nullable=False, comment="Evaluation year (not the decree's year)."),
        sa.Column("published_name", sa.Text(), nullable=False, comment="Name as the source printed it."),
        sa.Column("index_value", sa.Float(), nullable=False, comment="Indeks SPBE, 1.00-5.00, two decimals."),
        sa.Column(
            "predikat",
            sa.Text(),
            nullable=True,
            comment="Predikat as published (canonical spelling); null when the source gave none.",
        ),
        sa.Column("predikat_expected", sa.Text(), nullable=False, comment="Predikat implied by index_value and the bands."),
        sa.Column("source_url", sa.Text(), nullable=False, comment="Document the value was read from."),
        sa.Column("page", sa.Integer(), nullable=True, comment="PDF page (1-based); null for HTML."),
        sa.Column("row_number", sa.Integer(), nullable=False, comment="Row position in the source table."),
        sa.PrimaryKeyConstraint("instansi_id", "year"),
        comment="Validated official result: one row per instansi and evaluation year (table spbe_official_result).",
    )
    spbe_reject = sa.Table(
        "spbe_reject",
        metadata,
        sa.Column("source", sa.Text(), nullable=False, comment="Which pipeline met the row."),
        sa.Column("year", sa.Integer(), nullable=True, comment="Evaluation year of the run that met the row."),
        sa.Column("source_url", sa.Text(), nullable=False, comment="Document URL."),
        sa.Column("page", sa.Integer(), nullable=True, comment="PDF page (1-based); null for HTML."),
        sa.Column("row_number", sa.Integer(), nullable=True, comment="Row in the source table."),
        sa.Column("published_name", sa.Text(), nullable=True, comment="Name as printed."),
        sa.Column("raw", sa.Text(), nullable=False, comment="The row as read, JSON, stored verbatim."),
        sa.Column("reason", sa.Text(), nullable=False, comment="Why the row was rejected or flagged."),
        sa.Column(
            "action",
            sa.Text(),
            nullable=False,
            comment="'rejected': not loaded; 'flagged': loaded, with a data-quality finding (e.g. predikat contradicts index).",
        ),
        comment="Rows not loaded as published (rejected) or loaded with a finding (flagged), with reason and location (table spbe_reject).",
    )
    sa.Index("ix_spbe_reject_source_year", spbe_reject.c.source, spbe_reject.c.year)

    spbe_source_conflict = sa.Table(
        "spbe_source_conflict",
        metadata,
        sa.Column(
            "instansi_id",
            sa.Text(),
            nullable=False,
            comment="Kemendagri code for regions ('18.09'), slug for central bodies ('kemenkeu').",
        ),
        sa.Column("instansi_name", sa.Text(), nullable=False, comment="Canonical name (Kemendagri spelling for regions)."),
        sa.Column("instansi_type", sa.Text(), nullable=False, comment="kementerian, lembaga, provinsi, kabupaten or kota."),
        sa.Column("province_code", sa.Text(), nullable=True, comment="Province code; null for central bodies."),
        sa.Column("province_name", sa.Text(), nullable=True, comment="Province name; null for central bodies."),
        sa.Column("year", sa.Integer(), nullable=False, comment="Evaluation year."),
        sa.Column(
            "reference_source",
            sa.Text(),
            nullable=False,
            comment="'official' (the decree) where there is one, else 'news' (the newest article).",
        ),
        sa.Column("reference_index_value", sa.Float(), nullable=False, comment="The reference source's index value."),
        sa.Column("reference_url", sa.Text(), nullable=False, comment="The reference document (decree lampiran or article)."),
        sa.Column("news_index_value", sa.Float(), nullable=False, comment="The index value the disagreeing article states."),
        sa.Column("news_url", sa.Text(), nullable=False, comment="The disagreeing article."),
        sa.Column("news_evidence", sa.Text(), nullable=False, comment="The sentence news_index_value was read from."),
        sa.Column("difference", sa.Float(), nullable=False, comment="news_index_value minus reference_index_value."),
        comment="Two sources that disagree beyond rounding about one instansi and year (table spbe_source_conflict).\n\n    The disagreeing side is always a news figure (news_*); the reference side (reference_*) is the\n    decree where there is one, else the newest article about that instansi and year.",
    )
    sa.Index("ix_spbe_source_conflict_instansi_id_year", spbe_source_conflict.c.instansi_id, spbe_source_conflict.c.year)

    spbe_target = sa.Table(
        "spbe_target",
        metadata,
        sa.Column(
            "instansi_id",
            sa.Text(),
            nullable=False,
            comment="Kemendagri code for regions ('18.09'), slug for central bodies ('kemenkeu').",
        ),
        sa.Column("instansi_name", sa.Text(), nullable=False, comment="Canonical name (Kemendagri spelling for regions)."),
        sa.Column("instansi_type", sa.Text(), nullable=False, comment="kementerian, lembaga, provinsi, kabupaten or kota."),
        sa.Column("province_code", sa.Text(), nullable=True, comment="Province code; null for central bodies."),
        sa.Column("province_name", sa.Text(), nullable=True, comment="Province name; null for central bodies."),
        sa.Column("year", sa.Integer(), nullable=False, comment="Evaluation year the target is for."),
        sa.Column("target_index_value", sa.Float(), nullable=False, comment="Target index value."),
        sa.Column("article_url", sa.Text(), nullable=False, comment="Article that states the target."),
        sa.Column("published", sa.DateTime(timezone=True), nullable=True, comment="When the article was published."),
        sa.Column("evidence", sa.Text(), nullable=False, comment="The sentence stating the target."),
        sa.Column(
            "result_index_value",
            sa.Float(),
            nullable=True,
            comment="The result for that year from spbe_index (its index_value), once known.",
        ),
        sa.Column(
            "result_source",
            sa.Text(),
            nullable=True,
            comment="'official' or 'news': where result_index_value comes from (spbe_index.source).",
        ),
        sa.Column(
            "attained",
            sa.Boolean(),
            nullable=True,
            comment="result_index_value >= target_index_value; null until the result is known.",
        ),
        sa.Column("gap", sa.Float(), nullable=True, comment="result_index_value minus target_index_value."),
        comment="Targets announced in the news, with attainment once that year's result is known (table spbe_target).",
    )
    sa.Index("ix_spbe_target_instansi_id_year", spbe_target.c.instansi_id, spbe_target.c.year)
    return metadata


def upgrade() -> None:
    baseline_metadata().create_all(op.get_bind())


def downgrade() -> None:
    baseline_metadata().drop_all(op.get_bind())
