"""CHANGES.md: rows added, changed and removed per table since the previous release, by primary key.

Both sides are compared as the canonical CSV text the releases hold, so "changed" means a cell a
user reading the CSV would see differ. Tables without a key are compared as multisets of whole
rows (a row that changed shows as one removed and one added).
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from schemas.views import VIEWS
from spbe.release import ARTICLE_TEXT_FLAG
from spbe.release.tables import ReleaseTable, primary_key


@dataclass
class TableChange:
    name: str
    key: tuple[str, ...]
    rows: int
    added: list[tuple[str, ...]] = field(default_factory=list)
    removed: list[tuple[str, ...]] = field(default_factory=list)
    changed: list[tuple[tuple[str, ...], list[str]]] = field(default_factory=list)
    new_table: bool = False
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.new_table or self.columns_added or self.columns_removed)


def read_csv_text(data: bytes | Path) -> pd.DataFrame:
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    return pd.read_csv(source, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")


def diff_key(table: ReleaseTable, current: pd.DataFrame, previous: pd.DataFrame) -> tuple[str, ...]:
    """The table's key; a view borrows its base table's key when it has those columns and they are unique."""
    if table.primary_key:
        return table.primary_key
    base = next((v.base_table for v in VIEWS if v.name == table.name), None)
    key = primary_key(base) if base else ()
    usable = key and all(k in current.columns and k in previous.columns for k in key)
    if usable and not current.duplicated(list(key)).any() and not previous.duplicated(list(key)).any():
        return key
    return ()


def _as_tuple(key) -> tuple:
    return key if isinstance(key, tuple) else (key,)


def diff_table(table: ReleaseTable, current: pd.DataFrame, previous: pd.DataFrame | None) -> TableChange:
    change = TableChange(table.name, (), len(current))
    if previous is None:
        change.new_table = True
        return change
    change.columns_added = [c for c in current.columns if c not in previous.columns]
    change.columns_removed = [c for c in previous.columns if c not in current.columns]
    common = [c for c in current.columns if c in previous.columns]
    key = diff_key(table, current, previous)
    change.key = key
    if not key:
        cur, prev = Counter(current[common].itertuples(index=False, name=None)), Counter(previous[common].itertuples(index=False, name=None))
        change.added = sorted((cur - prev).elements())
        change.removed = sorted((prev - cur).elements())
        return change
    value_cols = [c for c in common if c not in key]
    cur, prev = current.set_index(list(key))[value_cols], previous.set_index(list(key))[value_cols]
    cur_keys, prev_keys = set(cur.index), set(prev.index)
    change.added = sorted(_as_tuple(k) for k in cur_keys - prev_keys)
    change.removed = sorted(_as_tuple(k) for k in prev_keys - cur_keys)
    both = sorted(cur_keys & prev_keys)
    if both:
        left, right = cur.loc[both, value_cols], prev.loc[both, value_cols]
        differs = left.ne(right)
        for k, row in differs[differs.any(axis=1)].iterrows():
            change.changed.append((_as_tuple(k), [c for c in value_cols if row[c]]))
    return change


def _fmt_key(key: tuple[str, ...], values: tuple[str, ...]) -> str:
    cells = zip(key, values, strict=True) if key else enumerate(values)
    text = ", ".join(f"{k}={v}" if key else str(v) for k, v in cells)
    return text.replace("|", "\\|").replace("\n", " ")[:200]


def _section(change: TableChange) -> list[str]:
    lines = [f"## `{change.name}`", ""]
    if change.new_table:
        return lines + [f"New in this release ({change.rows} rows).", ""]
    if change.columns_added or change.columns_removed:
        lines += [f"Columns added: {', '.join(change.columns_added) or '-'}; removed: {', '.join(change.columns_removed) or '-'}.", ""]
    key_note = f"by ({', '.join(change.key)})" if change.key else "whole rows (no primary key)"
    lines += [f"Compared {key_note}.", ""]
    for title, keys in (("Added", change.added), ("Removed", change.removed)):
        if keys:
            lines += [f"### {title} ({len(keys)})", ""] + [f"- {_fmt_key(change.key, k)}" for k in keys] + [""]
    if change.changed:
        lines += [f"### Changed ({len(change.changed)})", ""]
        lines += [f"- {_fmt_key(change.key, k)}: {', '.join(cols)}" for k, cols in change.changed] + [""]
    return lines


def _column_set_note(changes: list[TableChange]) -> list[str]:
    """A column-set change said up front: rows compare on the common columns only, so it shows nowhere else."""
    reshaped = [c for c in changes if c.columns_added or c.columns_removed]
    if not reshaped:
        return []
    parts = [f"`{c.name}` (added: {', '.join(c.columns_added) or '-'}; removed: {', '.join(c.columns_removed) or '-'})" for c in reshaped]
    return [
        "**The column set changed** in " + "; ".join(parts) + ". Rows are compared on the columns both releases have. "
        f"A column withheld in one release and included in the other (`spbe release {ARTICLE_TEXT_FLAG}`) shows here.",
        "",
    ]


def render_changes(release_name: str, previous_name: str | None, changes: list[TableChange]) -> str:
    if previous_name is None:
        lines = [f"# Changes in {release_name}", "", "First release in this directory: there is no previous release to compare with.", ""]
        lines += ["| table | rows |", "|---|---|"] + [f"| `{c.name}` | {c.rows} |" for c in changes]
        return "\n".join(lines) + "\n"
    lines = [f"# Changes in {release_name}", "", f"Since the previous release, {previous_name}.", ""]
    lines += ["| table | rows | added | changed | removed |", "|---|---|---|---|---|"]
    for c in changes:
        lines.append(f"| `{c.name}` | {c.rows} | {len(c.added)} | {len(c.changed)} | {len(c.removed)} |")
    lines.append("")
    lines += _column_set_note(changes)
    touched = [c for c in changes if c.any]
    if not touched:
        lines += ["No rows were added, changed or removed.", ""]
    for change in touched:
        lines += _section(change)
    return "\n".join(lines).rstrip() + "\n"


def compare_with_previous(tables: list[ReleaseTable], csvs: dict[str, bytes], previous: Path | None) -> list[TableChange]:
    changes = []
    for table in tables:
        current = read_csv_text(csvs[table.name])
        prior_path = previous / "csv" / f"{table.name}.csv" if previous else None
        prior = read_csv_text(prior_path) if prior_path and prior_path.exists() else None
        if previous is None:
            changes.append(TableChange(table.name, (), len(current)))
        else:
            changes.append(diff_table(table, current, prior))
    return changes
