"""Markdown tables for Dagster metadata, with scraped text escaped.

Scraped names can hold HTML, pipes or newlines; escaping here keeps a hostile string from
breaking out of its cell or being rendered as markup in the Dagster UI.
"""

from __future__ import annotations

import html

import pandas as pd

_MAX_CELL = 120


def escape_cell(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = str(value)
    if len(text) > _MAX_CELL:
        text = text[: _MAX_CELL - 1] + "…"
    text = html.escape(text, quote=False)
    for ch in "\\`*_[]|":
        text = text.replace(ch, "\\" + ch)
    return " ".join(text.split())  # newlines and control whitespace would end the row


def markdown_table(df: pd.DataFrame, limit: int = 10) -> str:
    if df.empty:
        return "_(no rows)_"
    head = df.head(limit)
    lines = [
        "| " + " | ".join(escape_cell(c) for c in head.columns) + " |",
        "|" + "---|" * len(head.columns),
    ]
    lines += ["| " + " | ".join(escape_cell(v) for v in row) + " |" for row in head.itertuples(index=False)]
    if len(df) > limit:
        lines.append(f"\n_{len(df) - limit} more rows_")
    return "\n".join(lines)
