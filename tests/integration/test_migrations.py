"""Schema migrations: a warehouse written by the release before migrations (its DDL and rows frozen
in tests/fixtures/warehouse_schema/r0001) upgrades in place and keeps every row, on SQLite and
PostgreSQL; the head of the migrations equals the DDL the models derive; drift that no revision
explains is still refused, and a refused upgrade changes nothing."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from schemas import VIEWS
from spbe.infra.ddl import METADATA, SchemaDriftError, schema_drift
from spbe.infra.migrations import BASELINE, alembic_config, current_revision, head_revision, script_directory
from spbe.infra.warehouse import Warehouse

FROZEN = Path(__file__).resolve().parents[1] / "fixtures" / "warehouse_schema" / "r0001"


def _build_frozen(url: str) -> dict[str, list[dict]]:
    """The r0001 warehouse on `url`: its DDL (tables, indexes, comments, views) and its rows."""
    engine = sa.create_engine(url)
    dialect = engine.dialect.name
    statements = [s for s in (FROZEN / f"{dialect}.sql").read_text(encoding="utf-8").split(";\n\n") if s.strip()]
    rows = json.loads((FROZEN / "rows.json").read_text(encoding="utf-8"))
    with engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement.strip().removesuffix(";"))
        for name, records in rows.items():
            table = sa.Table(name, sa.MetaData(), autoload_with=conn)
            if records:
                conn.execute(table.insert(), [_typed(table, r) for r in records])
    engine.dispose()
    return rows


def _typed(table: sa.Table, record: dict) -> dict:
    return {k: dt.datetime.fromisoformat(v) if v is not None and isinstance(table.c[k].type, sa.DateTime) else v for k, v in record.items()}


def _normal(value):
    if isinstance(value, str) and len(value) >= 19 and value[10:11] == "T" and value[:4].isdigit():
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime):  # SQLite gives back no offset; every stored time is UTC
        return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).isoformat()
    if isinstance(value, float):
        return round(value, 9)
    return value


def _rows(records, columns=None, renamed=None) -> list[str]:
    """The rows as sorted, comparable strings, over the frozen columns (a revision may add others),
    read under the names later revisions gave them (`renamed`: frozen name -> name at the head)."""
    renamed = renamed or {}
    return sorted(repr([(c, _normal(r[renamed.get(c, c)])) for c in (columns or r.keys())]) for r in records)


# Columns a revision renamed since r0001, by table: the frozen name -> the name at the head.
RENAMED_SINCE_R0001 = {
    "spbe_source_conflict": {"news_index_value": "other_index_value", "news_url": "other_url", "news_evidence": "other_evidence"},  # 0008
}


def test_a_warehouse_of_the_release_before_migrations_upgrades_in_place_and_keeps_every_row(warehouse_url, caplog):
    frozen = _build_frozen(warehouse_url)
    wh = Warehouse(warehouse_url)
    with caplog.at_level(logging.INFO, logger="spbe.warehouse"):
        change = wh.ensure_schema()
    assert change.adopted and change.before == BASELINE and change.after == head_revision()
    lines = [r.getMessage() for r in caplog.records if r.name == "spbe.warehouse"]
    assert len(lines) == 1 and "no migration record: its tables matched revision 0001" in lines[0] and (change.migrated == ("migrated in place" in lines[0])), lines
    with wh.engine.connect() as conn:
        assert current_revision(conn) == head_revision()
        assert schema_drift(conn) == []
        for name, records in frozen.items():
            live = conn.execute(sa.select(METADATA.tables[name])).mappings().all()
            assert _rows(live, records[0].keys() if records else (), RENAMED_SINCE_R0001.get(name)) == _rows(records), name
    assert set(v.name for v in VIEWS) <= set(sa.inspect(wh.engine).get_view_names())
    # A second start finds the head and says nothing.
    assert not wh.ensure_schema().migrated
    wh.dispose()


def test_the_head_of_the_migrations_equals_the_ddl_of_the_models(warehouse_url):
    engine = sa.create_engine(warehouse_url)
    with engine.begin() as conn:
        from alembic import command

        command.upgrade(alembic_config(conn), head_revision())
    with engine.connect() as conn:
        assert schema_drift(conn) == []
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), METADATA)
        # Comments are documentation: refresh_comments keeps them equal to the models at every start.
        diff = [d for d in diff if not _is_comment(d)]
        assert diff == [], f"the models in schemas/ changed without a revision (docs/migrations.md): {diff}"
    engine.dispose()


def _is_comment(diff) -> bool:
    ops = diff if isinstance(diff, list) else [diff]
    return all(op[0] in ("modify_comment", "add_table_comment", "remove_table_comment") for op in ops)


def test_comments_follow_the_models_without_a_revision(postgres_url):
    wh = Warehouse(postgres_url)
    wh.ensure_schema()
    with wh.engine.begin() as conn:
        conn.execute(sa.text("COMMENT ON COLUMN spbe_index.index_value IS 'an old description'"))
        conn.execute(sa.text("COMMENT ON TABLE spbe_reject IS NULL"))
    wh.ensure_schema()
    inspector = sa.inspect(wh.engine)
    column = next(c for c in inspector.get_columns("spbe_index") if c["name"] == "index_value")
    assert column["comment"] == METADATA.tables["spbe_index"].c.index_value.comment
    assert inspector.get_table_comment("spbe_reject")["text"] == METADATA.tables["spbe_reject"].comment
    wh.dispose()


def test_one_line_of_revisions():
    scripts = script_directory()
    assert len(scripts.get_heads()) == 1, "two revisions share a parent: chain them (docs/migrations.md)"
    assert [s.revision for s in scripts.walk_revisions()][-1] == BASELINE


def test_a_fresh_warehouse_is_created_at_the_head(warehouse_url):
    wh = Warehouse(warehouse_url)
    change = wh.ensure_schema()
    assert change.created and not change.migrated
    with wh.engine.connect() as conn:
        assert current_revision(conn) == head_revision()
    wh.dispose()


def _alter_behind_the_models(url: str, statement: str) -> None:
    """Change a table as no revision does (the views read the tables, so they go first)."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for view in reversed(VIEWS):
            conn.execute(sa.text(f"DROP VIEW IF EXISTS {view.name}"))
        conn.execute(sa.text(statement))
    engine.dispose()


def test_drift_no_revision_explains_is_refused_and_nothing_changes(warehouse_url):
    _build_frozen(warehouse_url)
    _alter_behind_the_models(warehouse_url, "ALTER TABLE spbe_reject ADD COLUMN unexplained_extra TEXT")
    wh = Warehouse(warehouse_url)
    with pytest.raises(SchemaDriftError, match=r"spbe_reject\.unexplained_extra: in the database but not in the model.*") as err:
        wh.ensure_schema()
    assert "no migration record and matches no revision" in str(err.value) and "nothing was written" in str(err.value)
    inspector = sa.inspect(wh.engine)
    assert "alembic_version" not in inspector.get_table_names()  # the refused adoption was rolled back
    wh.dispose()


def test_drift_after_the_head_is_refused(warehouse_url):
    wh = Warehouse(warehouse_url)
    wh.ensure_schema()
    _alter_behind_the_models(warehouse_url, "ALTER TABLE spbe_target ADD COLUMN note TEXT")
    with pytest.raises(SchemaDriftError, match=rf"revision {head_revision()} does not explain them.*spbe_target\.note"):
        wh.ensure_schema()
    wh.dispose()


def test_a_revision_this_code_does_not_know_is_refused(warehouse_url):
    wh = Warehouse(warehouse_url)
    wh.ensure_schema()
    with wh.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SchemaDriftError, match="schema revision 9999, which this code does not know"):
        wh.ensure_schema()
    wh.dispose()


def test_spbe_migrate_upgrades_then_finds_nothing_to_do_and_refuses_drift_in_one_line(tmp_path, monkeypatch, capsys):
    from spbe.cli import main

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    _build_frozen(url)
    monkeypatch.setenv("SPBE_WAREHOUSE_URL", url)
    assert main(["migrate"]) == 0
    first = capsys.readouterr().out.strip()
    assert first.startswith(f"warehouse {url}: ") and "no migration record" in first
    assert main(["migrate"]) == 0
    assert capsys.readouterr().out.strip() == f"warehouse {url}: schema at revision {head_revision()}, nothing to migrate"
    _alter_behind_the_models(url, "ALTER TABLE spbe_target ADD COLUMN note TEXT")
    assert main(["migrate"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("spbe migrate: the warehouse at") and "spbe_target.note" in err


def test_spbe_migrate_never_creates_a_warehouse(tmp_path, monkeypatch, capsys):
    from spbe.cli import main

    monkeypatch.setenv("SPBE_WAREHOUSE_URL", f"sqlite:///{tmp_path / 'none.sqlite'}")
    assert main(["migrate"]) == 2
    assert "no warehouse at" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite").exists()


def test_rows_stored_before_the_flag_get_the_synthetic_flag_of_the_builds_that_wrote_them(warehouse_url):
    """Revision 0007: every raw table carries the synthetic flag per row. The frozen warehouse's build
    (mirror, synthetic) wrote its raw tables, so their rows are flagged true; where a live build also
    wrote a table (here spbe_reject) the builds disagree and its rows hold null, never a guess."""
    frozen = _build_frozen(warehouse_url)
    assert [b["synthetic"] for b in frozen["spbe_dataset"]] == [True]
    engine = sa.create_engine(warehouse_url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO spbe_dataset (build_id, tables, built_at, source_mode, synthetic, code_version) "
                             "VALUES ('live', 'spbe_reject', :at, 'live', :f, 'test')"), {"f": False, "at": dt.datetime(2026, 2, 1)})
    engine.dispose()
    wh = Warehouse(warehouse_url)
    wh.ensure_schema()
    with wh.engine.connect() as conn:
        def flags(name):
            return [None if f is None else bool(f) for f in conn.execute(sa.text(f"SELECT synthetic FROM {name}")).scalars()]

        for name in ("spbe_official_result", "spbe_news_article", "spbe_news_figure"):
            assert len(flags(name)) == len(frozen[name]) > 0 and set(flags(name)) == {True}, (name, flags(name))
        assert flags("spbe_reject") == [None]
    wh.dispose()


def _conflict_row(reference_source: str, news_value: float, url: str) -> dict:
    return {"instansi_id": "18.09", "instansi_name": "Kabupaten Pesawaran", "instansi_type": "kabupaten", "province_code": "18",
            "province_name": "Lampung", "year": 2024, "reference_source": reference_source, "reference_index_value": 3.49,
            "reference_url": "https://jdih.example.test/lampiran.pdf", "news_index_value": news_value, "news_url": url,
            "news_evidence": f"indeks {news_value}", "difference": round(news_value - 3.49, 2)}


def _conflicts(conn) -> list[dict]:
    rows = conn.execute(sa.text("SELECT * FROM spbe_source_conflict")).mappings().all()
    return sorted(({k: _normal(v) for k, v in r.items()} for r in rows), key=repr)


def test_news_conflicts_keep_their_values_across_0008_up_and_down_and_other_sources_need_the_new_columns(warehouse_url):
    """Revision 0008 makes spbe_source_conflict hold any two sources: the news_* columns are renamed
    other_*, a news conflict against the decree says the decree was kept by precedence, one between
    two articles that neither was (unsettled). Downgrading keeps the news conflicts as they were and
    drops a decree-against-a-body's-own-result row, which the old columns cannot hold."""
    from alembic import command

    news = [_conflict_row("official", 3.8, "https://news.example.test/a"), _conflict_row("news", 3.1, "https://news.example.test/b")]
    engine = sa.create_engine(warehouse_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0007")
        conn.execute(sa.Table("spbe_source_conflict", sa.MetaData(), autoload_with=conn).insert(), news)
        before = _conflicts(conn)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0008")
        after = {r["other_url"]: r for r in _conflicts(conn)}
        assert after.keys() == {"https://news.example.test/a", "https://news.example.test/b"}
        for row in news:
            moved = after[row["news_url"]]
            assert (moved["other_index_value"], moved["other_evidence"], moved["other_source"]) == (row["news_index_value"], row["news_evidence"], "news")
            assert all(moved[k] == _normal(v) for k, v in row.items() if not k.startswith("news_")), moved
        assert [(after[u]["kept_source"], after[u]["resolution"]) for u in sorted(after)] == [("official", "precedence"), (None, "unsettled")]
        conn.execute(sa.text(
            "INSERT INTO spbe_source_conflict (instansi_id, instansi_name, instansi_type, province_code, province_name, year, "
            "reference_source, reference_index_value, reference_url, other_source, other_index_value, other_url, other_evidence, "
            "difference, kept_source, resolution) VALUES ('18.10', 'Kabupaten Pringsewu', 'kabupaten', '18', 'Lampung', 2024, "
            "'official', 2.4, 'https://jdih.example.test/lampiran.pdf', 'published_by_body', 2.1, 'hasil-2024.csv', NULL, -0.3, "
            "'official', 'precedence')"))
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0007")
        assert _conflicts(conn) == before  # the news conflicts as they were; the body's own result's row is gone
        columns = {c["name"]: c for c in sa.inspect(conn).get_columns("spbe_source_conflict")}
        assert not columns["news_evidence"]["nullable"] and "other_source" not in columns
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), head_revision())
        assert schema_drift(conn) == [] and len(_conflicts(conn)) == 2
    engine.dispose()
