"""Data releases: complete, typed, valid, reproducible to the byte, with honest CHANGES and labels."""

import hashlib
import json
import shutil

import dagster as dg
import pandas as pd
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from schemas import Column
from spbe.release import build as release_build
from spbe.release.build import ReleaseError, build_release
from spbe.release.meta import detect_synthetic
from spbe.release.tables import PROVENANCE_TABLES, WITHHELD, withheld_from
from tests.release_warehouse import official_rows, populate


@pytest.fixture
def filled(warehouse):
    populate(warehouse)
    return warehouse


def _warehouse_counts(wh) -> dict[str, int]:
    from schemas import TABLE_MODELS
    from schemas.views import VIEWS

    counts = {name: wh.count(name) for name in TABLE_MODELS if name not in PROVENANCE_TABLES}
    with wh.engine.connect() as conn:
        counts |= {v.name: conn.execute(sa.text(f"SELECT count(*) FROM {v.name}")).scalar_one() for v in VIEWS if v.name not in PROVENANCE_TABLES}
    return counts


def test_csv_and_parquet_hold_every_row_of_every_table_and_view(filled, tmp_path):
    result = build_release(filled, tmp_path / "rel")
    counts = _warehouse_counts(filled)
    assert set(result.rows) == set(counts) and all(n > 0 for n in counts.values())
    for name, n in counts.items():
        csv = pd.read_csv(result.path / "csv" / f"{name}.csv")
        parquet = pq.read_table(result.path / "parquet" / f"{name}.parquet")
        assert len(csv) == n and parquet.num_rows == n, name
    index = pq.read_table(result.path / "parquet" / "spbe_index.parquet")
    # Typed: years and ranks are integers (nullable), timestamps UTC, flags boolean, not text.
    assert str(index.schema.field("year").type) == "int64" and str(index.schema.field("prev_year").type) == "int64"
    assert str(pq.read_table(result.path / "parquet" / "spbe_news_figure.parquet").schema.field("published").type) == "timestamp[us, tz=UTC]"
    assert str(index.schema.field("predikat_mismatch").type) == "bool"
    assert index.schema.field("index_value").metadata[b"description"].startswith(b"Indeks SPBE")
    text = (result.path / "csv" / "spbe_index.csv").read_text(encoding="utf-8")
    assert "2025-01-05T00:00:00Z" in (result.path / "csv" / "spbe_news_figure.csv").read_text(encoding="utf-8")
    assert ",2021," in text and ",2021.0," not in text


def test_datapackage_validates_with_frictionless_and_carries_the_schemas(filled, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    result = build_release(filled, tmp_path / "rel")
    report = frictionless.validate(result.path / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])[:10]
    package = frictionless.Package(result.path / "datapackage.json")
    index = package.get_resource("spbe_index")
    assert index.schema.primary_key == ["instansi_id", "year"]
    assert index.schema.get_field("rank_in_province").type == "integer"
    assert "Competition rank" in index.schema.get_field("rank_in_province").description
    assert package.get_resource("v_spbe_yoy").schema.get_field("direction").description.startswith("'up'")
    # The validation can fail: a text in an integer column is caught.
    broken = tmp_path / "broken"
    shutil.copytree(result.path, broken)
    csv = broken / "csv" / "spbe_index.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",2021,", ",twenty,", 1), encoding="utf-8")
    assert not frictionless.validate(broken / "datapackage.json").valid


def test_same_data_same_version_same_bytes(filled, tmp_path):
    first = build_release(filled, tmp_path / "a")
    again = build_release(filled, tmp_path / "a")
    elsewhere = build_release(filled, tmp_path / "b")
    assert first.created and not again.created and again.path == first.path
    assert elsewhere.version == first.version and elsewhere.path.name == first.path.name
    sums = (first.path / "SHA256SUMS").read_text()
    assert sums == (elsewhere.path / "SHA256SUMS").read_text()
    assert "report/index.html" in sums and "parquet/spbe_index.parquet" in sums
    for line in sums.splitlines():  # the listed checksums are the files' own
        digest, rel = line.split("  ")
        assert hashlib.sha256((first.path / rel).read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["LATEST", first.path.name]


def test_changes_lists_rows_added_changed_and_removed_by_key(filled, tmp_path):
    first = build_release(filled, tmp_path / "rel")
    official = official_rows()
    official.loc[(official.instansi_id == "18.01") & (official.year == 2024), "index_value"] = 3.95
    official = official[~((official.instansi_id == "19.01") & (official.year == 2019))]
    extra = official[(official.instansi_id == "18.71") & (official.year == 2024)].assign(year=2025, source_url="https://jdih.menpan.go.id/new.pdf")
    populate(filled, pd.concat([official, extra], ignore_index=True))
    second = build_release(filled, tmp_path / "rel")
    assert second.created and second.version != first.version and second.previous == first.path.name
    changes = (second.path / "CHANGES.md").read_text(encoding="utf-8")
    assert f"Since the previous release, {first.path.name}." in changes
    section = changes.split("## `spbe_official_result`")[1].split("## `")[0]
    assert "### Added (1)\n\n- year=2025, instansi_id=18.71" in section
    assert "### Removed (1)\n\n- year=2019, instansi_id=19.01" in section
    assert "- year=2024, instansi_id=18.01: index_value" in section
    assert "| `spbe_official_result` | 46 | 1 | 1 | 1 |" in changes
    assert (tmp_path / "rel" / "LATEST").read_text().strip() == second.path.name
    # Back to the first data: the first release is found again, unchanged, and becomes LATEST.
    populate(filled)
    back = build_release(filled, tmp_path / "rel")
    assert not back.created and back.path == first.path and (tmp_path / "rel" / "LATEST").read_text().strip() == first.path.name


def test_synthetic_data_says_so_in_name_metadata_and_every_page(filled, tmp_path):
    result = build_release(filled, tmp_path / "rel")
    assert result.path.name.startswith("spbe-synthetic-") and result.meta.synthetic
    package = (result.path / "datapackage.json").read_text(encoding="utf-8")
    assert '"synthetic": true' in package and "SYNTHETIC" in (result.path / "CITATION.cff").read_text(encoding="utf-8")
    pages = sorted((result.path / "report").glob("*.html"))
    assert len(pages) == 3  # national + two provinces
    for page in pages:
        assert "id='synthetic-banner'" in page.read_text(encoding="utf-8"), page.name


def test_real_sources_are_not_labelled_synthetic(warehouse, tmp_path, monkeypatch):
    monkeypatch.delenv("SPBE_SOURCE_MODE", raising=False)
    from spbe.index.table import build_spbe_index
    from tests.unit.test_index_table import LOADED

    official = official_rows()
    warehouse.replace_slices([
        ("spbe_official_result", official, None),
        ("spbe_index", build_spbe_index(official, loaded_at=LOADED), None),
    ])
    result = build_release(warehouse, tmp_path / "rel")
    assert result.path.name.startswith("spbe-2019-2024-") and not result.meta.synthetic
    assert "SYNTHETIC" not in (result.path / "report" / "index.html").read_text(encoding="utf-8")
    # The shell says nothing about the data: the warehouse does (test_release_citable.py).
    monkeypatch.setenv("SPBE_SOURCE_MODE", "mirror")
    assert not build_release(warehouse, tmp_path / "m").meta.synthetic


def test_the_warehouse_write_log_decides_synthetic_when_it_says_so(monkeypatch):
    monkeypatch.delenv("SPBE_SOURCE_MODE", raising=False)
    log = pd.DataFrame({"source_mode": ["live", "mirror"], "synthetic": [False, True]})
    assert detect_synthetic({}, log)[0] and "source mode: mirror" in detect_synthetic({}, log)[1]
    assert detect_synthetic({}, log.iloc[:1]) == (False, "")


def test_a_failed_build_leaves_the_directory_as_it_was(filled, tmp_path, monkeypatch):
    first = build_release(filled, tmp_path / "rel")
    populate(filled, official_rows().assign(index_value=lambda d: (d.index_value + 0.01).round(2)))

    def broken_report(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("spbe.release.report.write_report", broken_report)
    with pytest.raises(OSError, match="disk full"):
        build_release(filled, tmp_path / "rel")
    assert sorted(p.name for p in (tmp_path / "rel").iterdir()) == ["LATEST", first.path.name]
    assert (tmp_path / "rel" / "LATEST").read_text().strip() == first.path.name


def test_an_altered_release_is_refused_not_trusted(filled, tmp_path):
    result = build_release(filled, tmp_path / "rel")
    (result.path / "csv" / "spbe_index.csv").write_text("tampered\n", encoding="utf-8")
    with pytest.raises(ReleaseError, match="csv/spbe_index.csv does not match SHA256SUMS"):
        build_release(filled, tmp_path / "rel")


def test_empty_warehouse_is_an_error_not_an_empty_release(warehouse, tmp_path):
    with pytest.raises(ValueError, match="nothing to release"):
        build_release(warehouse, tmp_path / "rel")
    assert list((tmp_path / "rel").iterdir()) == []


def test_cli_release_and_its_errors(filled, tmp_path, monkeypatch, capsys):
    from spbe.cli import main

    monkeypatch.setenv("SPBE_WAREHOUSE_URL", filled.url)
    assert main(["release", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "new release" in out and "(SYNTHETIC data)" in out
    assert main(["release", "--out", str(tmp_path)]) == 0
    assert "unchanged" in capsys.readouterr().out
    monkeypatch.setenv("SPBE_WAREHOUSE_URL", f"sqlite:///{tmp_path / 'missing.sqlite'}")
    assert main(["release", "--out", str(tmp_path)]) == 2
    assert "no warehouse at" in capsys.readouterr().err and not (tmp_path / "missing.sqlite").exists()


def test_data_release_asset_materializes_downstream_of_spbe_index(filled, tmp_path):
    from assets.release.data_release import data_release
    from assets.resources import WarehouseResource

    result = dg.materialize(
        [data_release], resources={"warehouse": WarehouseResource(url=filled.url)},
        run_config={"ops": {"data_release": {"config": {"out_dir": str(tmp_path)}}}},
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert result.success
    event = result.asset_materializations_for_node("data_release")[0]
    assert event.metadata["synthetic"].value is True and event.metadata["new_release"].value is True
    assert event.metadata["withheld_columns"].value == ["spbe_news_article.text"]
    assert (tmp_path / event.metadata["version"].value.join(["spbe-synthetic-", ""])).is_dir()
    assert release_build.LATEST in {p.name for p in tmp_path.iterdir()}


def test_sqlite_and_postgresql_give_the_same_version_for_the_same_data(postgres_url, tmp_path):
    from spbe.infra.warehouse import Warehouse

    versions = {}
    for name, url in (("sqlite", f"sqlite:///{tmp_path / 'wh.sqlite'}"), ("postgresql", postgres_url)):
        wh = Warehouse(url)
        wh.ensure_schema()
        populate(wh)
        result = build_release(wh, tmp_path / name)
        versions[name] = (result.version, (result.path / "SHA256SUMS").read_text())
        wh.dispose()
    assert versions["sqlite"] == versions["postgresql"]


# A paragraph only the article bodies hold (the fixture's bodies are one sentence, which the titles
# and evidence sentences quote): if it shows up in a release file, the body went out.
BODY = " Paragraf kedua: isi lengkap artikel milik penerbit yang tidak boleh ikut dirilis."


def _with_bodies(wh):
    with wh.engine.begin() as conn:
        conn.execute(sa.text("UPDATE spbe_news_article SET text = text || :body"), {"body": BODY})
    return wh


def _articles(release_path):
    csv = pd.read_csv(release_path / "csv" / "spbe_news_article.csv", dtype=str, keep_default_na=False)
    return csv, pq.read_table(release_path / "parquet" / "spbe_news_article.parquet")


def test_a_default_release_withholds_the_article_text_everywhere(filled, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    result = build_release(_with_bodies(filled), tmp_path / "rel")
    csv, parquet = _articles(result.path)
    assert "text" not in csv.columns and "text" not in parquet.column_names
    assert len(csv) == parquet.num_rows == filled.count("spbe_news_article") == 3
    assert {"url", "title", "site", "published", "content_sha256", "figure_count"} <= set(csv.columns)
    assert pd.read_csv(result.path / "csv" / "spbe_news_figure.csv")["evidence"].notna().all()  # the evidence stays
    for path in result.path.rglob("*"):
        if path.is_file() and path.suffix != ".parquet":  # Parquet is compressed: its schema is checked above
            assert BODY.strip().encode() not in path.read_bytes(), path.relative_to(result.path)
    assert frictionless.validate(result.path / "datapackage.json").valid
    package = json.loads((result.path / "datapackage.json").read_text(encoding="utf-8"))
    article = next(r for r in package["resources"] if r["name"] == "spbe_news_article")
    assert "text" not in [f["name"] for f in article["schema"]["fields"]]
    assert article["withheldColumns"][0]["name"] == "text" and "--with-article-text" in article["withheldColumns"][0]["optIn"]
    assert package["withheldColumns"] == [{"resource": "spbe_news_article", "name": "text", "reason": WITHHELD[0].reason}]
    for name in ("README.md", "CITATION.cff", "data_dictionary.md"):
        page = (result.path / name).read_text(encoding="utf-8")
        assert "Withheld from this release: spbe_news_article.text" in page and "--with-article-text" in page, name
    assert "| `spbe_news_article` | table | 3 | `text` |" in (result.path / "README.md").read_text(encoding="utf-8")


def test_with_article_text_the_release_carries_the_warehouses_text(filled, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    _with_bodies(filled)
    default = build_release(filled, tmp_path / "default")
    result = build_release(filled, tmp_path / "rel", with_article_text=True)
    csv, parquet = _articles(result.path)
    stored = filled.read("spbe_news_article").set_index("url")["text"]
    assert csv.set_index("url")["text"].to_dict() == stored.to_dict()
    assert parquet.to_pandas().set_index("url")["text"].to_dict() == stored.to_dict()
    assert all(BODY in text for text in stored)
    report = frictionless.validate(result.path / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])[:10]
    package = json.loads((result.path / "datapackage.json").read_text(encoding="utf-8"))
    article = next(r for r in package["resources"] if r["name"] == "spbe_news_article")
    assert "text" in [f["name"] for f in article["schema"]["fields"]] and "withheldColumns" not in article
    assert package["withheldColumns"] == [] and "publishers' permission" in package["description"]
    assert "## Article text included" in (result.path / "README.md").read_text(encoding="utf-8")
    # The option changes the data, so the version; the same option again gives the same release, byte for byte.
    assert result.version != default.version
    again = build_release(filled, tmp_path / "again", with_article_text=True)
    assert again.version == result.version
    assert (again.path / "SHA256SUMS").read_text() == (result.path / "SHA256SUMS").read_text()


@pytest.mark.parametrize("first_with_text", [False, True])
def test_changes_between_releases_made_with_the_two_options(filled, tmp_path, first_with_text):
    build_release(filled, tmp_path / "rel", with_article_text=first_with_text)
    second = build_release(filled, tmp_path / "rel", with_article_text=not first_with_text)
    assert second.created and second.previous
    article = next(c for c in second.changes if c.name == "spbe_news_article")
    assert (article.columns_added, article.columns_removed) == ((["text"], []) if not first_with_text else ([], ["text"]))
    assert not (article.added or article.removed or article.changed)  # the rows compare on the common columns
    changes = (second.path / "CHANGES.md").read_text(encoding="utf-8")
    side = "added: text; removed: -" if not first_with_text else "added: -; removed: text"
    assert f"**The column set changed** in `spbe_news_article` ({side})" in changes
    assert "| `spbe_news_article` | 3 | 0 | 0 | 0 |" in changes


def test_cli_release_withholds_article_text_unless_asked(filled, tmp_path, monkeypatch, capsys):
    from spbe.cli import main

    monkeypatch.setenv("SPBE_WAREHOUSE_URL", filled.url)
    assert main(["release", "--out", str(tmp_path / "default")]) == 0
    assert "withheld: spbe_news_article.text" in capsys.readouterr().out
    assert main(["release", "--out", str(tmp_path / "with"), "--with-article-text"]) == 0
    assert "withheld:" not in capsys.readouterr().out
    for name, has_text in (("default", False), ("with", True)):
        release = next((tmp_path / name).glob("spbe-*"))
        assert ("text" in _articles(release)[0].columns) is has_text, name
    with pytest.raises(SystemExit):
        main(["release", "--help"])
    assert "publishers' permission" in " ".join(capsys.readouterr().out.split())


def test_data_release_asset_config_opts_in_to_article_text(filled, tmp_path):
    from assets.release.data_release import data_release
    from assets.resources import WarehouseResource

    result = dg.materialize(
        [data_release], resources={"warehouse": WarehouseResource(url=filled.url)},
        run_config={"ops": {"data_release": {"config": {"out_dir": str(tmp_path), "with_article_text": True}}}},
        instance=dg.DagsterInstance.ephemeral(),
    )
    event = result.asset_materializations_for_node("data_release")[0]
    assert result.success and event.metadata["withheld_columns"].value == []
    release = tmp_path / f"spbe-synthetic-{event.metadata['version'].value}"
    assert _articles(release)[0]["text"].tolist() == filled.read("spbe_news_article").sort_values("url")["text"].tolist()


def test_a_view_over_the_articles_loses_the_withheld_column_too():
    columns = [Column("url", "string", "str", "", False), Column("text", "string", "str", "", False)]
    kept, withheld = withheld_from("v_articles", "spbe_news_article", columns)
    assert [c.name for c in kept] == ["url"] and [(w.table, w.column) for w in withheld] == [("v_articles", "text")]
    # Only the article table's column: a column called text elsewhere stays.
    assert withheld_from("v_other", "spbe_target", columns) == (columns, ())


def test_the_release_tells_pandas_users_to_read_the_codes_as_text_and_the_hint_works(filled, tmp_path):
    """pandas reads a Kemendagri code column as numbers ('18' becomes 18.0, '72.10' 72.1): the
    release's README and datapackage say how to read it, and following the README's hint as printed
    gives back every code the warehouse holds."""
    import re

    result = build_release(filled, tmp_path / "rel")
    readme = (result.path / "README.md").read_text(encoding="utf-8")
    hint = re.search(r"pd\.read_csv\(path, dtype=\{([^}]*)\}\)", readme)
    assert hint, "the release README gives no pd.read_csv dtype hint"
    columns = re.findall(r"'(\w+)': str", hint.group(1))
    assert {"instansi_id", "province_code"} <= set(columns), columns
    package = json.loads((result.path / "datapackage.json").read_text(encoding="utf-8"))
    assert hint.group(0) in package["description"]
    path = result.path / "csv" / "spbe_index.csv"
    stored = filled.read("spbe_index")
    plain = pd.read_csv(path)
    assert str(plain["province_code"].dtype) == "float64"  # the trap is real here: '18' comes back 18.0
    read = pd.read_csv(path, dtype=dict.fromkeys(columns, str))
    for column in ("instansi_id", "province_code"):
        want = sorted(v for v in stored[column].unique() if v)  # an empty code is an empty cell, read as null
        assert sorted(read[column].dropna().unique()) == want, column
