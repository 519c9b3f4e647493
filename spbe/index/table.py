"""Build the `spbe_index` table from facts: deltas, method-change notes, competition ranks.

Plain DataFrames in and out: nothing here validates. The asset validates the result against
`schemas.SpbeIndex` (lazily, reporting every failure) before anything is written.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from schemas import SpbeIndex, column_names, conform, empty_frame
from spbe.domain.calendar import method_version
from spbe.domain.instansi import gazetteer
from spbe.domain.predikat import predikat_for
from spbe.infra.fact_sources import discover_fact_sources

INDEX_COLUMNS = column_names(SpbeIndex)
# Columns whose change means the row changed; loaded_at is carried over when none did.
CONTENT_COLUMNS = [c for c in INDEX_COLUMNS if c != "loaded_at"]


def competition_rank(values: pd.Series) -> pd.Series:
    """1, 2, 2, 4: ties share the best rank. Rounded first so float noise never splits a tie."""
    return values.round(2).rank(method="min", ascending=False).astype("Int64")


def _delta_columns(df: pd.DataFrame) -> pd.DataFrame:
    df = df.sort_values(["instansi_id", "year"]).copy()
    prev = df.groupby("instansi_id")[["year", "index_value"]].shift(1)
    df["prev_year"] = prev["year"].astype("Int64")
    df["delta_since_prev"] = (df["index_value"] - prev["index_value"]).round(2)
    consecutive = df["prev_year"] == df["year"] - 1
    df["yoy_delta"] = df["delta_since_prev"].where(consecutive.fillna(False))

    def note(row: pd.Series) -> str | None:
        if pd.isna(row.prev_year):
            return "first result"
        parts = []
        if row.prev_year < row.year - 1:
            missing = ", ".join(str(y) for y in range(int(row.prev_year) + 1, int(row.year)))
            parts.append(f"gap: no result for {missing}; delta_since_prev spans {int(row.prev_year)}->{row.year}")
        if method_version(int(row.prev_year)) != method_version(int(row.year)):
            parts.append(
                f"method change {int(row.prev_year)}->{row.year} "
                f"({method_version(int(row.prev_year))} -> {method_version(int(row.year))}): not like for like"
            )
        return "; ".join(parts) or None

    df["yoy_note"] = df.apply(note, axis=1)
    return df


def _province_of_the_year(df: pd.DataFrame) -> pd.DataFrame:
    """Each region's province as it stood in the row's year (a regency moved by the 2022 Papua
    split ranks in Papua up to 2021). Rows the gazetteer does not know keep the province they carry."""
    gaz = gazetteer()
    df = df.copy()
    for pos, (iid, year, code) in enumerate(zip(df["instansi_id"], df["year"], df["province_code"], strict=True)):
        then = gaz.province_in(iid, int(year)) if isinstance(code, str) else None
        if then is not None and then[0] != code:
            df.iloc[pos, df.columns.get_loc("province_code")] = then[0]
            df.iloc[pos, df.columns.get_loc("province_name")] = then[1]
    return df


def _rank_columns(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    kabkota = df["instansi_type"].isin(["kabupaten", "kota"])
    df["rank_in_province"] = pd.Series(pd.NA, index=df.index, dtype="Int64")
    df.loc[kabkota, "rank_in_province"] = (
        df[kabkota].groupby(["year", "province_code"])["index_value"].transform(competition_rank)
    )
    provinces = df["instansi_type"] == "provinsi"
    df["rank_among_provinces"] = pd.Series(pd.NA, index=df.index, dtype="Int64")
    df.loc[provinces, "rank_among_provinces"] = df[provinces].groupby("year")["index_value"].transform(competition_rank)
    df["rank_in_type"] = df.groupby(["year", "instansi_type"])["index_value"].transform(competition_rank).astype("Int64")
    return df


def build_spbe_index(
    facts: pd.DataFrame,
    *,
    loaded_at: dt.datetime,
    previous: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per instansi and year from official facts (columns of OfficialResult + source).

    `previous` is the table as it stands; rows whose content is unchanged keep their loaded_at,
    so a rerun on the same inputs writes back exactly the same rows.
    """
    if facts.empty:
        # An empty warehouse (a first run whose years had no document yet) builds an empty table.
        return empty_frame(SpbeIndex)
    df = _province_of_the_year(facts)
    if "source" not in df:
        # Facts without a source column are a result source's rows as read (callers pass decree
        # rows): the top declared tier's, named by the declarations rather than here.
        df["source"] = discover_fact_sources()[0].name
    df["predikat_expected"] = [predikat_for(v, int(y)) for v, y in zip(df["index_value"], df["year"], strict=True)]
    df["predikat_mismatch"] = df["predikat"].notna() & (df["predikat"] != df["predikat_expected"])
    df["method_version"] = df["year"].map(lambda y: method_version(int(y)))
    df = _rank_columns(_delta_columns(df))
    df["loaded_at"] = pd.Timestamp(loaded_at).tz_convert("UTC") if pd.Timestamp(loaded_at).tzinfo else pd.Timestamp(loaded_at, tz="UTC")
    df = conform(SpbeIndex, df.sort_values(["year", "instansi_id"]).reset_index(drop=True))
    if previous is not None and not previous.empty:
        df = _keep_unchanged_loaded_at(df, conform(SpbeIndex, previous))
    return df


def _row_fingerprints(frame: pd.DataFrame) -> pd.Series:
    return frame[CONTENT_COLUMNS].astype(str).agg("|".join, axis=1)


def _keep_unchanged_loaded_at(new: pd.DataFrame, old: pd.DataFrame) -> pd.DataFrame:
    fingerprint = _row_fingerprints
    old_stamp = dict(zip(fingerprint(old), old["loaded_at"], strict=True))
    new = new.copy()
    carried = fingerprint(new).map(old_stamp)
    new["loaded_at"] = pd.to_datetime(carried.where(carried.notna(), new["loaded_at"]), utc=True).astype(new["loaded_at"].dtype)
    return new


def row_changes(previous: pd.DataFrame, new: pd.DataFrame, loaded_at: dt.datetime) -> dict[str, int]:
    """Rows added, changed and removed by a rebuild stamped `loaded_at`.

    `build_spbe_index` keeps the old loaded_at on every row whose content did not change, so a row
    carrying this build's stamp is new or changed; a key that is gone was removed.
    """
    key = ["instansi_id", "year"]
    stamp = pd.Timestamp(loaded_at)
    stamp = stamp.tz_convert("UTC") if stamp.tzinfo else stamp.tz_localize("UTC")
    old_keys = set(map(tuple, previous[key].astype(str).values)) if not previous.empty else set()
    new_keys = set(map(tuple, new[key].astype(str).values)) if not new.empty else set()
    stamped = int((new["loaded_at"] == stamp).sum()) if not new.empty else 0
    added = len(new_keys - old_keys)
    return {"added": added, "changed": stamped - added, "removed": len(old_keys - new_keys)}


def index_digest(table: pd.DataFrame) -> str:
    """sha256 of spbe_index's content, rows sorted by instansi and year, loaded_at left out: two
    warehouses (SQLite and PostgreSQL, one run or many) hold the same index exactly when this agrees.
    Values are cast to the schema's dtypes first and numbers written with six decimals, so a
    backend's own types (0/1 against false/true, 2.0 against 2) do not change the digest."""
    import hashlib

    frame = conform(SpbeIndex, table)[CONTENT_COLUMNS].sort_values(["instansi_id", "year"])

    def cell(value) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and value != value):
            return ""
        if isinstance(value, bool) or type(value).__name__ == "bool_":
            return "true" if value else "false"
        if isinstance(value, int | float) or hasattr(value, "dtype"):
            return f"{float(value):.6f}"
        return str(value)

    digest = hashlib.sha256()
    for row in frame.itertuples(index=False):
        digest.update(("\x1f".join(cell(v) for v in row) + "\n").encode())
    return digest.hexdigest()
