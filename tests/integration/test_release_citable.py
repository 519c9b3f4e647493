"""A release you can cite: its version and every byte are a function of the data alone.

Two builds of the same data differ in their run stamps (rows' load time, articles' fetch time, the
build's id and time) and in the shell they are released from (SPBE_SOURCE_MODE set or not, the
asset or `spbe release`, SQLite or PostgreSQL). None of that may reach the release.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import dagster as dg
import pytest

from spbe.infra.warehouse import Warehouse
from spbe.release.build import build_release
from tests.release_warehouse import official_rows, populate

SECOND_RUN = dt.datetime(2026, 12, 6, 21, 30, 5, 123456, tzinfo=dt.UTC)


def _tree(root: Path) -> dict[str, str]:
    """Every file of a release by relative path, with its SHA-256."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def _fill(url: str, loaded_at, build_id: str) -> Warehouse:
    wh = Warehouse(url)
    wh.ensure_schema()
    populate(wh, loaded_at=loaded_at, build_id=build_id)
    return wh


def _by_cli(url: str, out: Path, monkeypatch, source_mode: str | None) -> Path:
    from spbe.cli import main

    monkeypatch.setenv("SPBE_WAREHOUSE_URL", url)
    if source_mode is None:
        monkeypatch.delenv("SPBE_SOURCE_MODE", raising=False)
    else:
        monkeypatch.setenv("SPBE_SOURCE_MODE", source_mode)
    assert main(["release", "--out", str(out)]) == 0
    return out / (out / "LATEST").read_text().strip()


def _by_asset(url: str, out: Path, monkeypatch, source_mode: str | None) -> Path:
    from assets.release.data_release import data_release
    from assets.resources import WarehouseResource

    if source_mode is None:
        monkeypatch.delenv("SPBE_SOURCE_MODE", raising=False)
    else:
        monkeypatch.setenv("SPBE_SOURCE_MODE", source_mode)
    result = dg.materialize(
        [data_release], resources={"warehouse": WarehouseResource(url=url)},
        run_config={"ops": {"data_release": {"config": {"out_dir": str(out)}}}},
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert result.success
    return out / (out / "LATEST").read_text().strip()


def _releases(url: str, tmp_path: Path, monkeypatch, tag: str) -> dict[str, dict[str, str]]:
    out = {}
    for how, make in (("cli", _by_cli), ("asset", _by_asset)):
        for mode in (None, "mirror"):
            path = make(url, tmp_path / f"{tag}-{how}-{mode}", monkeypatch, mode)
            out[f"{tag} {how} SPBE_SOURCE_MODE={mode}"] = {"name": path.name, **_tree(path)}
    return out


def _assert_all_identical(releases: dict[str, dict[str, str]]) -> None:
    (first_label, first), *rest = releases.items()
    for label, tree in rest:
        differ = sorted(k for k in first.keys() | tree.keys() if first.get(k) != tree.get(k))
        assert not differ, f"{label} differs from {first_label} in {differ[:8]}"


def test_a_rebuild_with_other_run_stamps_and_another_shell_gives_the_same_release(tmp_path, monkeypatch):
    first = _fill(f"sqlite:///{tmp_path / 'a.sqlite'}", dt.datetime(2026, 1, 8, tzinfo=dt.UTC), "run-one")
    second = _fill(f"sqlite:///{tmp_path / 'b.sqlite'}", SECOND_RUN, "run-two")
    releases = _releases(first.url, tmp_path, monkeypatch, "first") | _releases(second.url, tmp_path, monkeypatch, "second")
    first.dispose()
    second.dispose()
    _assert_all_identical(releases)
    name = next(iter(releases.values()))["name"]
    assert name.startswith("spbe-synthetic-2019-2025-"), name  # the years and the hash of the data, no clock


def test_sqlite_and_postgresql_rebuilds_give_the_same_bytes(postgres_url, tmp_path, monkeypatch):
    lite = _fill(f"sqlite:///{tmp_path / 'wh.sqlite'}", dt.datetime(2026, 1, 8, tzinfo=dt.UTC), "sqlite-run")
    pg = _fill(postgres_url, SECOND_RUN, "postgresql-run")
    releases = _releases(lite.url, tmp_path, monkeypatch, "sqlite") | _releases(pg.url, tmp_path, monkeypatch, "postgresql")
    lite.dispose()
    pg.dispose()
    _assert_all_identical(releases)


def test_a_release_holds_no_run_stamp(warehouse, tmp_path):
    populate(warehouse, loaded_at=SECOND_RUN)
    result = build_release(warehouse, tmp_path)
    for path in result.path.rglob("*"):
        if path.is_file() and path.suffix in (".csv", ".md", ".json", ".cff", ".html"):
            text = path.read_text(encoding="utf-8")
            assert "2026-12-06T21:30:05" not in text and "loaded_at" not in text.split("\n")[0], path.name


def test_a_reload_that_only_stamps_rows_again_is_not_a_change(warehouse, tmp_path):
    first = build_release(warehouse_with(warehouse), tmp_path)
    official = official_rows()
    official.loc[0, "index_value"] = 4.01  # one real change, in the same reload that restamps every row
    populate(warehouse, official, loaded_at=SECOND_RUN, build_id="run-two")
    second = build_release(warehouse, tmp_path)
    assert second.created and second.previous == first.path.name
    changed = {c.name: c.changed for c in second.changes}
    # Only the rows whose data changed, never every row because loaded_at moved.
    assert 0 < len(changed["spbe_index"]) <= 3, changed["spbe_index"]
    assert len(changed["spbe_official_result"]) == 1
    assert "loaded_at" not in (second.path / "CHANGES.md").read_text(encoding="utf-8")


def warehouse_with(wh):
    populate(wh)
    return wh


@pytest.mark.parametrize("env", [None, "mirror", "live"])
def test_the_synthetic_status_comes_from_the_warehouse_not_the_shell(warehouse, tmp_path, monkeypatch, env):
    from spbe.index.table import build_spbe_index
    from spbe.infra.provenance import Build, with_provenance
    from tests.unit.test_index_table import LOADED

    if env is None:
        monkeypatch.delenv("SPBE_SOURCE_MODE", raising=False)
    else:
        monkeypatch.setenv("SPBE_SOURCE_MODE", env)
    official = official_rows()
    warehouse.replace_slices(with_provenance([
        ("spbe_official_result", official, None),
        ("spbe_index", build_spbe_index(official, loaded_at=LOADED), None),
    ], Build("live-run", "live", False, "test", LOADED)))
    result = build_release(warehouse, tmp_path)
    assert not result.meta.synthetic and result.path.name.startswith("spbe-2019-2024-")
    assert "SYNTHETIC" not in (result.path / "README.md").read_text(encoding="utf-8")
