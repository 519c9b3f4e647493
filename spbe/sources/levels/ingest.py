"""Read the levels folder into spbe_indicator_level rows; refuse a file whole, with one line why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from schemas import IndicatorLevel, conform, empty_frame
from spbe.domain.instansi import Instansi, gazetteer
from spbe.domain.methods import method_for_year
from spbe.planner.levels import Levels, LevelsError, read_levels
from spbe.sources.official.fetch import manual_drop_dir

LEVELS_FOLDER = "levels"


@dataclass
class LevelsDrop:
    rows: pd.DataFrame
    files: int = 0
    problems: list[str] = field(default_factory=list)  # one line per refused file


def levels_dir(manual_dir: Path | None = None) -> Path:
    return manual_drop_dir(manual_dir) / LEVELS_FOLDER


def _year(folder: Path, where: str, this_year: int) -> int:
    if not folder.name.isdigit():
        raise LevelsError(f"{where}: the folder {folder.name!r} is not an evaluation year (expected {LEVELS_FOLDER}/<year>/<instansi id>.csv)")
    year = int(folder.name)
    if year > this_year:
        raise LevelsError(f"{where}: evaluation year {year} is in the future")
    return year


def read_file(path: Path, root: Path, loaded_at: dt.datetime, this_year: int) -> pd.DataFrame:
    """One body's levels for one year as table rows; LevelsError naming the file otherwise."""
    where = str(path)
    year = _year(path.parent, where, this_year)
    try:
        body = gazetteer().get(path.stem)
    except KeyError:
        raise LevelsError(f"{where}: {path.stem!r} is not an instansi id (a Kemendagri code such as 32.04, or a central body's slug)") from None
    try:
        method = method_for_year(year)
    except ValueError as exc:
        raise LevelsError(f"{where}: {exc}") from None
    levels = read_levels(path)
    if levels.method.id != method.id:
        raise LevelsError(
            f"{where}: {year} was evaluated under {method.id} ({method.indicator_count} indicators); "
            f"the file has {len(levels.levels)}, the count of {levels.method.id}"
        )
    return level_rows(body, levels, year, path.relative_to(root).as_posix(), loaded_at)


def level_rows(body: Instansi, levels: Levels, year: int, source_file: str, loaded_at: dt.datetime) -> pd.DataFrame:
    """spbe_indicator_level rows: every indicator of the method with its level, aspect, domain and weight."""
    return pd.DataFrame([
        {"instansi_id": body.id, "instansi_name": gazetteer().name_in(body.id, year), "instansi_type": body.type,
         "province_code": body.province_code, "province_name": body.province_name, "year": year,
         "method_version": levels.method.id, "indicator": i.number, "indicator_name": i.name, "domain": i.domain,
         "aspect": i.aspect, "weight": float(i.weight), "level": levels.levels[i.number],
         "source_file": source_file, "loaded_at": loaded_at}
        for i in levels.method.indicators
    ])


def read_levels_drop(root: Path, loaded_at: dt.datetime, this_year: int | None = None) -> LevelsDrop:
    """Every `<year>/<instansi id>.csv` under `root`; a file that does not fit is left out and named."""
    this_year = this_year or loaded_at.year
    frames, problems = [], []
    files = sorted(root.glob("*/*.csv")) if root.is_dir() else []
    for path in files:
        try:
            frames.append(read_file(path, root, loaded_at, this_year))
        except LevelsError as exc:
            problems.append(str(exc))
    rows = pd.concat(frames, ignore_index=True) if frames else empty_frame(IndicatorLevel)
    return LevelsDrop(conform(IndicatorLevel, rows), len(files), problems)


def same_levels(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """The same levels, ignoring when they were loaded."""
    key = ["instansi_id", "year", "indicator"]
    cols = [c for c in a.columns if c != "loaded_at"]
    left = a[cols].sort_values(key).reset_index(drop=True).astype(object)
    right = b[cols].sort_values(key).reset_index(drop=True).astype(object)
    return left.where(left.notna(), None).equals(right.where(right.notna(), None))
