"""A third source is a new folder and nothing else: a package under spbe/sources/ declaring its facts
(declaration.py) and one under assets/sources/ holding its asset, both created here in a temporary
directory; no file of spbe/index/, schemas/ or any other shared module is edited. Its facts reach
spbe_index with their precedence."""

from __future__ import annotations

import sys
import textwrap

import dagster as dg
import pandas as pd
import pytest

import assets.sources
import spbe.sources
from assets.resources import SourcesResource, WarehouseResource
from assets.warehouse.spbe_index import spbe_index
from spbe.infra.fact_sources import declared_names, discover_fact_sources
from spbe.infra.warehouse import Warehouse
from tests.unit.test_index_table import fact

DECLARATION = '''
from spbe.infra.fact_sources import BODY_OWN, DECREE, FactSource, rows_of

# Between the decree and a body's own report: a provincial inspectorate's audited result.
FACTS = FactSource(name="audit_office", table="spbe_source_result", kind="result",
                   precedence=(DECREE + BODY_OWN) // 2, candidates=rows_of("audit_office"))
'''
ASSET = '''
import dagster as dg
import pandas as pd

from assets.resources import WarehouseResource


def row(iid, name, year, value):
    return {"source": "audit_office", "year": year, "instansi_id": iid, "instansi_name": name,
            "instansi_type": "kabupaten", "province_code": "18", "province_name": "Lampung", "published_name": name,
            "index_value": value, "predikat": None, "source_url": "audit-2025.csv", "file_name": "audit-2025.csv",
            "file_sha256": "a" * 64, "row_number": 2}


@dg.asset(group_name="audit_office")
def audit_results(warehouse: WarehouseResource):
    rows = pd.DataFrame([row("18.09", "Kabupaten Pesawaran", 2025, 2.75), row("18.10", "Kabupaten Pringsewu", 2024, 2.10)])
    warehouse.get().replace_slices([("spbe_source_result", rows, {"source": "audit_office"})])
'''


@pytest.fixture
def third_source(tmp_path, monkeypatch):
    for package, body in ((tmp_path / "spbe_sources" / "audit_office", {"declaration.py": DECLARATION}),
                          (tmp_path / "asset_sources" / "audit_office", {"results.py": ASSET})):
        package.mkdir(parents=True)
        (package / "__init__.py").write_text('"""The audit office (a test source)."""\n')
        for name, text in body.items():
            (package / name).write_text(textwrap.dedent(text))
    monkeypatch.setattr(spbe.sources, "__path__", [*spbe.sources.__path__, str(tmp_path / "spbe_sources")])
    monkeypatch.setattr(assets.sources, "__path__", [*assets.sources.__path__, str(tmp_path / "asset_sources")])
    assets.sources.source_assets.cache_clear()
    yield
    assets.sources.source_assets.cache_clear()
    for name in [m for m in sys.modules if m.startswith(("spbe.sources.audit_office", "assets.sources.audit_office"))]:
        del sys.modules[name]


def test_a_new_folder_is_a_new_source_whose_facts_reach_spbe_index_by_precedence(tmp_path, third_source):
    assert "audit_office" in declared_names()
    ranks = [s.name for s in discover_fact_sources()]
    assert ranks.index("official") < ranks.index("audit_office") < ranks.index("published_by_body") < ranks.index("news")
    found = {a.key.to_user_string(): a for a in assets.sources.source_assets()}
    assert "audit_results" in found  # the Definitions find its asset by walking assets/sources

    url = f"sqlite:///{tmp_path / 'wh.sqlite'}"
    warehouse = Warehouse(url)
    warehouse.ensure_schema()
    official = {**fact(2024, "18.10", "Kabupaten Pringsewu", "kabupaten", 2.40), "predikat_expected": "Cukup"}  # the decree
    body = {**fact(2025, "18.09", "Kabupaten Pesawaran", "kabupaten", 3.00), "source": "published_by_body", "predikat_expected": "x",
            "file_name": "own.csv", "file_sha256": "b" * 64, "row_number": 2, "source_url": "own.csv"}
    warehouse.replace_rows("spbe_official_result", pd.DataFrame([official]))
    warehouse.replace_slices([("spbe_source_result", pd.DataFrame([body]).drop(columns=["predikat_expected", "page"]),
                               {"source": "published_by_body"})])
    resources = {"warehouse": WarehouseResource(url=url), "sources": SourcesResource(source_mode="live", cache_dir=str(tmp_path / "c"))}
    assert dg.materialize([found["audit_results"]], resources=resources).success
    assert dg.materialize([spbe_index], resources=resources).success
    index = warehouse.read("spbe_index").set_index(["instansi_id", "year"])
    # Above a body's own result: the audit office's 2.75 wins Pesawaran 2025 ...
    assert (index.loc[("18.09", 2025), "source"], index.loc[("18.09", 2025), "index_value"]) == ("audit_office", 2.75)
    # ... below the decree: Pringsewu 2024 stays the decree's 2.40.
    assert (index.loc[("18.10", 2024), "source"], index.loc[("18.10", 2024), "index_value"]) == ("official", 2.40)
    # Both disagreements are recorded, whatever the sources: the audit office over the body's own 3.00,
    # the decree's 2.40 over the audit office's 2.10.
    conflicts = warehouse.read("spbe_source_conflict").sort_values("year")
    assert conflicts[["year", "reference_source", "other_source", "other_index_value", "kept_source", "resolution"]].values.tolist() == [
        [2024, "official", "audit_office", 2.10, "official", "precedence"],
        [2025, "audit_office", "published_by_body", 3.00, "audit_office", "precedence"]]
    warehouse.dispose()
