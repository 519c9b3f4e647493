"""The models are the whole truth: keys, indexes, vocabularies and uniqueness come from them."""

import pandas as pd
import pandera.errors
import pytest

import schemas
from schemas import (
    TABLE_MODELS,
    NewsFigure,
    OfficialResult,
    SpbeIndex,
    Target,
    conform,
    empty_frame,
    primary_key,
    table_columns,
    validate,
    vocab,
)
from spbe.domain.calendar import FIRST_EVALUATION_YEAR
from spbe.infra.fact_sources import declared_names
from spbe.sources.news.extract import FIGURE_KINDS as EXTRACTOR_FIGURE_KINDS
from tests.unit.test_index_table import fact


def official(*rows) -> pd.DataFrame:
    return pd.DataFrame([fact(*r) for r in rows]).assign(predikat_expected=lambda d: d["predikat"].fillna("Baik"))


def test_every_table_is_declared_by_its_model_and_keys_are_columns():
    assert set(TABLE_MODELS) == {
        "spbe_official_result", "spbe_index", "spbe_reject", "spbe_news_article",
        "spbe_news_figure", "spbe_news_review", "spbe_news_rank_claim", "spbe_source_conflict", "spbe_target", "spbe_dataset",
        "spbe_indicator_level", "spbe_build_state", "spbe_source_result",
    }
    for name, model in TABLE_MODELS.items():
        columns = {c.name: c for c in table_columns(model)}
        assert schemas.table_name(model) == name
        assert set(primary_key(model)) <= set(columns), name
        assert all(columns[k].key and not columns[k].nullable for k in primary_key(model))
        for index in schemas.table_indexes(model):
            assert set(index) <= set(columns), (name, index)
    assert primary_key(SpbeIndex) == ("instansi_id", "year")
    assert primary_key(Target) == ()


def test_table_columns_carry_types_descriptions_and_vocabularies():
    columns = {c.name: c for c in table_columns(SpbeIndex)}
    assert columns["year"].type == "integer" and columns["index_value"].type == "number"
    assert columns["loaded_at"].type == "datetime" and columns["predikat_mismatch"].type == "boolean"
    assert columns["prev_year"].type == "integer" and columns["prev_year"].nullable
    assert columns["instansi_type"].vocabulary == vocab.INSTANSI_TYPES
    assert columns["source"].vocabulary == declared_names()
    assert {"official", "published_by_body", "news"} <= set(declared_names())
    assert columns["method_version"].vocabulary == vocab.METHOD_VERSIONS
    assert all(c.description for model in TABLE_MODELS.values() for c in table_columns(model))


def test_shared_vocabularies_are_the_same_objects_everywhere():
    assert vocab.FIRST_EVALUATION_YEAR == FIRST_EVALUATION_YEAR
    assert tuple(EXTRACTOR_FIGURE_KINDS) == vocab.FIGURE_KINDS
    for model in TABLE_MODELS.values():
        for column in table_columns(model):
            if column.name in ("source", "reference_source", "other_source", "kept_source", "result_source"):
                assert column.vocabulary == declared_names(), (model, column.name)
            if column.name == "instansi_type":
                assert column.vocabulary == vocab.INSTANSI_TYPES


@pytest.mark.parametrize("model", [m for m in TABLE_MODELS.values() if primary_key(m)], ids=lambda m: m.__name__)
def test_a_duplicate_key_fails_validation_for_every_keyed_table(model):
    assert model.to_schema().unique == list(primary_key(model))


def test_duplicate_instansi_year_is_reported_row_by_row():
    rows = official((2024, "18.09", "Kabupaten Pesawaran", "kabupaten", 3.49), (2024, "18.09", "Kabupaten Pesawaran", "kabupaten", 3.50))
    result = validate(OfficialResult, rows)
    assert not result.ok
    dupes = result.failure_cases[result.failure_cases["check"] == "multiple_fields_uniqueness"]
    assert sorted(dupes["index"].unique()) == [0, 1]


def test_validate_is_lazy_and_returns_every_failure():
    rows = official((2017, "18.09", "Kabupaten Pesawaran", "kabupaten", 3.49), (2024, "18.10", "Kabupaten X", "kota", 7.0))
    result = validate(OfficialResult, rows)
    assert {"greater_than_or_equal_to(2018)", "less_than_or_equal_to(5.0)"} <= set(result.failure_cases["check"])
    ok = validate(OfficialResult, rows.iloc[:0])
    # Every column but the optional synthetic flag, which the write stamps from the run's build.
    assert ok.ok and set(ok.frame.columns) == set(schemas.column_names(OfficialResult)) - {"synthetic"}


def test_validate_catches_schema_error_too():
    class Eager:
        @staticmethod
        def validate(df, lazy):
            raise pandera.errors.SchemaError(OfficialResult.to_schema(), df, "boom", failure_cases="x", check="a check")

    result = validate(Eager, pd.DataFrame({"a": [1]}))
    assert not result.ok and result.failure_cases.iloc[0]["check"] == "a check"


def test_empty_frame_and_conform_follow_the_model():
    empty = empty_frame(NewsFigure)
    assert list(empty.columns) == schemas.column_names(NewsFigure) and str(empty["year"].dtype) == "int64"
    conformed = conform(Target, pd.DataFrame({"year": [2024.0], "attained": [None]}))
    assert list(conformed.columns) == schemas.column_names(Target)
    assert str(conformed["year"].dtype) == "int64" and conformed["instansi_id"].isna().all()


def _source_results(*sources) -> pd.DataFrame:
    rows = [{**fact(2025, f"18.{10 + i}", "Kabupaten X", "kabupaten", 3.0), "source": s, "file_name": "own.csv",
             "file_sha256": "b" * 64, "source_url": "own.csv"} for i, s in enumerate(sources)]
    return pd.DataFrame(rows).drop(columns=["predikat_expected", "page"])


def test_a_source_column_refuses_a_source_no_folder_declares():
    result = validate(schemas.SourceResult, _source_results("published_by_body", "rumour"))
    assert result.failure_cases["check"].tolist() == ["declared_source"]
    assert result.failure_cases["failure_case"].tolist() == ["rumour"]
    assert validate(schemas.SourceResult, _source_results("published_by_body", "official")).ok


def test_the_declared_sources_are_handed_to_the_schemas_and_an_unprovided_check_raises_rather_than_passes(monkeypatch):
    from schemas.common import DECLARED_SOURCES, DeclaredSources, SourcesNotDeclared

    with pytest.raises(SourcesNotDeclared, match="import spbe.infra.fact_sources"):
        DeclaredSources().names()
    # The lookup is read at each validation: a source declared later is accepted without an edit of schemas/.
    monkeypatch.setattr(DECLARED_SOURCES, "_lookup", lambda: (*declared_names(), "rumour"))
    assert validate(schemas.SourceResult, _source_results("rumour")).ok


def test_the_schemas_import_nothing_above_them():
    """schemas/ sits under spbe.infra, spbe.index and the sources: it may use the domain (spbe.domain), nothing else of spbe."""
    import ast
    from pathlib import Path

    found = []
    for path in Path(schemas.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [f"{path.name}: {n}" for n in names if n.split(".")[0] in ("spbe", "assets", "pipelines") and not n.startswith("spbe.domain")]
    assert found == []
