"""Levels bodies drop in the levels folder: validated rows of spbe_indicator_level, files that do not
fit refused whole with one line each, and the view that sets each body's domain and aspect indices
beside the other bodies of its province (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import dagster as dg
import pandas as pd
import pytest
import sqlalchemy as sa

from assets.levels.indicator_levels import indicator_levels
from assets.resources import SourcesResource, WarehouseResource
from schemas import IndicatorLevel, validate
from spbe.planner.levels import Levels, areas, method_for_count, read_levels
from spbe.sources.levels.ingest import read_levels_drop

LOADED = dt.datetime(2026, 12, 6, tzinfo=dt.UTC)
SPBE = method_for_count(47, "test")


def _write(root, year, name, levels: dict[int, object]):
    folder = root / "levels" / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.csv"
    path.write_text("indicator,level\n" + "".join(f"{n},{v}\n" for n, v in levels.items()), encoding="utf-8")
    return path


def _drop(root):
    good = {
        "18.09": {n: 2 + n % 3 for n in range(1, 48)},  # Kabupaten Pesawaran
        "18.71": {n: 1 + n % 4 for n in range(1, 48)},  # Kota Bandar Lampung
        "18.01": {n: 3 for n in range(1, 48)},  # Kabupaten Lampung Selatan
    }
    for iid, levels in good.items():
        _write(root, 2024, iid, levels)
    refused = {
        _write(root, 2024, "99.99", good["18.09"]): "'99.99' is not an instansi id",
        _write(root, 2026, "18.09", good["18.09"]): "2026 was evaluated under PermenPANRB 8/2026 (20 indicators); the file has 47",
        _write(root, 2030, "18.09", good["18.09"]): "evaluation year 2030 is in the future",
        _write(root, 2023, "18.09", {**good["18.09"], 5: 7}): "row 6: level 7 is outside 1-5",
    }
    return good, refused


def test_the_drop_becomes_validated_rows_and_bad_files_are_refused_whole(tmp_path):
    good, refused = _drop(tmp_path)
    drop = read_levels_drop(tmp_path / "levels", LOADED)
    assert drop.files == 7
    assert len(drop.problems) == len(refused)
    for path, problem in refused.items():
        assert any(p.startswith(str(path)) and problem in p for p in drop.problems), (path, drop.problems)
    check = validate(IndicatorLevel, drop.rows)
    assert check.ok, check.failure_cases
    assert len(check.frame) == 3 * 47 and set(check.frame["year"]) == {2024}
    pesawaran = check.frame[check.frame["instansi_id"] == "18.09"]
    assert set(pesawaran["instansi_name"]) == {"Kabupaten Pesawaran"} and set(pesawaran["province_name"]) == {"Lampung"}
    assert pesawaran.set_index("indicator")["level"].to_dict() == good["18.09"]
    assert pesawaran["weight"].sum() == pytest.approx(100)


def test_a_level_outside_the_scale_fails_the_model():
    rows = read_levels_drop_rows_with(level=6)
    failures = validate(IndicatorLevel, rows).failure_cases
    assert "level" in set(failures["column"])


def read_levels_drop_rows_with(level: int) -> pd.DataFrame:
    from spbe.domain.instansi import gazetteer
    from spbe.sources.levels.ingest import level_rows

    rows = level_rows(gazetteer().get("18.09"), Levels(SPBE, {i.number: 3 for i in SPBE.indicators}), 2024, "2024/18.09.csv", LOADED)
    rows.loc[0, "level"] = level
    return rows


def test_the_asset_loads_the_drop_and_the_view_compares_each_body_with_its_province(tmp_path, warehouse_url):
    good, _ = _drop(tmp_path)
    resources = {
        "warehouse": WarehouseResource(url=warehouse_url),
        "sources": SourcesResource(manual_drop_dir=str(tmp_path), cache_dir=str(tmp_path / "cache")),
    }
    result = dg.materialize([indicator_levels], resources=resources, instance=dg.DagsterInstance.ephemeral())
    assert result.success
    checks = {c.check_name: c for c in result.get_asset_check_evaluations()}
    assert checks["levels_valid"].passed and not checks["files_valid"].passed
    assert checks["files_valid"].metadata["refused_files_count"].value == 4
    again = dg.materialize([indicator_levels], resources=resources, instance=dg.DagsterInstance.ephemeral())
    materialization = again.asset_materializations_for_node("indicator_levels")[0]
    assert materialization.metadata["written"].value is False  # nothing new in the folder: nothing written

    engine = sa.create_engine(warehouse_url)
    with engine.connect() as conn:
        view = pd.read_sql(sa.text("SELECT * FROM v_spbe_level_peers"), conn)
    engine.dispose()
    assert set(view["area_kind"]) == {"index", "domain", "aspect"}
    assert len(view) == 3 * (1 + 4 + 8)
    index = {iid: float(Levels(SPBE, levels).index()) for iid, levels in good.items()}
    rows = view[view["area_kind"] == "index"].set_index("instansi_id")
    for iid, value in index.items():
        others = [v for other, v in index.items() if other != iid]
        assert float(rows.loc[iid, "area_index"]) == pytest.approx(value, abs=1e-4)
        assert int(rows.loc[iid, "province_peers"]) == 2
        assert float(rows.loc[iid, "province_peers_mean"]) == pytest.approx(sum(others) / 2, abs=1e-4)
        assert int(rows.loc[iid, "rank_in_province"]) == 1 + sum(v > value for v in others)
    domain = view[(view["instansi_id"] == "18.09") & (view["area_kind"] == "domain")].set_index("area")["area_index"]
    expected = {a.name: float(a.index) for a in areas(Levels(SPBE, good["18.09"])) if a.kind == "domain"}
    assert {k: round(float(v), 4) for k, v in domain.items()} == {k: round(v, 4) for k, v in expected.items()}


def test_the_planner_reads_a_dropped_file_the_same_way(tmp_path):
    good, _ = _drop(tmp_path)
    levels = read_levels(tmp_path / "levels" / "2024" / "18.09.csv")
    assert levels.method.id == SPBE.id and dict(levels.levels) == good["18.09"]
