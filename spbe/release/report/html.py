"""HTML scaffolding of the report pages: one stylesheet, the synthetic banner, tables of rows.

Every value from the data is escaped: names and evidence sentences come from scraped pages.
"""

from __future__ import annotations

import numbers
from html import escape

import pandas as pd

from spbe.release.meta import ReleaseMeta

STYLE = """
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 0 16px 40px; color: #222; }
.banner { background: #b30000; color: #fff; padding: 10px 16px; font-weight: bold; margin: 0 -16px 12px; }
nav { margin: 8px 0 16px; } nav a { margin-right: 12px; }
section { margin: 28px 0; }
table { border-collapse: collapse; font-size: 13px; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
td.num, th.num { white-space: nowrap; text-align: right; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; } tr.missing td { color: #666; background: #f5f5f5; }
.picker { margin: 8px 0; } .picker .hint { color: #666; font-size: 12px; }
tr.news td { background: #f3e8f7; } tr.conflict td { background: #fde4e4; }
.badge { border-radius: 3px; padding: 0 5px; font-size: 12px; color: #fff; }
.badge.news { background: #7b3294; } .badge.conflict { background: #d7191c; }
ul.provinces { columns: 3; }
footer { margin-top: 40px; font-size: 12px; color: #555; }
"""


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool) and not pd.isna(value)


def _cell(column: str, value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    text = str(value)
    if text.startswith(("http://", "https://")):
        return f"<a href='{escape(text, quote=True)}' rel='noreferrer'>{escape(text)}</a>"
    return escape(text)


def table_html(frame: pd.DataFrame, columns: dict[str, str], empty: str = "No rows.", row_class: str = "") -> str:
    if frame.empty:
        return f"<p>{escape(empty)}</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in columns.values())
    cls = f" class='{row_class}'" if row_class else ""
    rows = "".join(
        f"<tr{cls}>" + "".join(f"<td{_num_class(v)}>{_cell(c, v)}</td>" for c, v in zip(columns, values, strict=True)) + "</tr>"
        for values in frame[list(columns)].itertuples(index=False, name=None)
    )
    # A wide table scrolls sideways rather than squeezing its numbers until they wrap.
    return f"<div class='table-wrap'><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"


def _num_class(value: object) -> str:
    """Numbers never wrap ('1.74' broken into '1.7' and '4' reads as two values)."""
    return " class='num'" if _is_number(value) else ""


def section(anchor: str, title: str, body: str) -> str:
    return f"<section id='{anchor}'><h2>{escape(title)}</h2>{body}</section>"


def banner(meta: ReleaseMeta) -> str:
    if not meta.synthetic:
        return ""
    return f"<div class='banner' id='synthetic-banner'>SYNTHETIC DATA: not real SPBE results. {escape(meta.synthetic_reason)}</div>"


def page(title: str, body: str, meta: ReleaseMeta) -> str:
    prefix = "[SYNTHETIC] " if meta.synthetic else ""
    return (
        "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(prefix + title)}: Indeks SPBE {escape(meta.version)}</title>"
        f"<script src='plotly.min.js'></script><style>{STYLE}</style></head><body>"
        f"{banner(meta)}<nav><a href='index.html'>National overview</a>"
        "<a href='index.html#news'>News-filled values</a><a href='index.html#conflicts'>Conflicts</a>"
        "<a href='index.html#provinces'>Provinces</a></nav>"
        f"<h1>{escape(prefix + title)}</h1>{body}"
        f"<footer>{escape(meta.title)}. Release {escape(meta.release_name)}, {escape(meta.data_as_of)}. "
        f"Licence {escape(meta.licence['name'])}. Method changes are marked on every time axis; deltas across them are not like for like."
        f"{' ' + escape('SYNTHETIC DATA.') if meta.synthetic else ''}</footer>"
        "</body></html>\n"
    )
