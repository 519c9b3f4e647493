"""The report's charts (Plotly): national distribution and average, per-province ranking and trends.

SVG traces only (no WebGL), so every chart renders in a headless browser without a GPU. News-filled
values and conflicts get their own marker symbols and legend entries, and every time axis marks
the years where the evaluation method changed (read from the data's method_version). Lines break at
a method change (Indeks SPBE to 2025, Indeks PemDI from 2026 are not one series), and the band
colours behind them are each year's method's bands (spbe/data/methods.toml).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from spbe.domain.methods import Method, method_for_year

# Predikat colours, best to worst (colour-blind safe: a green-to-red ramp through blue, never red/green alone).
PREDIKAT_COLOURS = {
    "Memuaskan": "#1a9850",
    "Sangat Baik": "#66bd63",
    "Baik": "#3288bd",
    "Cukup": "#fdae61",
    "Kurang": "#d73027",
}
NEWS_COLOUR, CONFLICT_COLOUR, PRESS_COLOUR = "#7b3294", "#d7191c", "#000000"
# A small template of our own: Plotly's stock templates are large, and copying one into each of the
# ~80 figures of a release dominated its build time (about 25 s of 37 s on the demo data).
_AXIS = dict(gridcolor="#e5e5e5", zerolinecolor="#e5e5e5", linecolor="#999", ticks="outside")
TEMPLATE = dict(layout=dict(
    plot_bgcolor="white", paper_bgcolor="white", xaxis=_AXIS, yaxis=_AXIS, hovermode="closest",
    colorway=["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"],
))
LAYOUT = dict(margin=dict(l=60, r=20, t=60, b=50), font=dict(size=13), legend=dict(orientation="h", y=-0.18))


def new_figure(data=None) -> go.Figure:
    return go.Figure(data, layout=dict(template=TEMPLATE))


def predikat_of(frame: pd.DataFrame) -> pd.Series:
    """The published predikat, or the band the value implies when none was published."""
    return frame["predikat"].fillna(frame["predikat_expected"])


def method_changes(index: pd.DataFrame) -> list[tuple[int, str, str]]:
    """(first year of the new method, old, new) wherever method_version changes from one year to the next."""
    items = list(index.groupby("year")["method_version"].first().sort_index().items())
    return [(int(year), str(old), str(new)) for (_, old), (year, new) in zip(items, items[1:], strict=False) if new != old]


def _mark_method_changes(fig: go.Figure, changes: list[tuple[int, str, str]]) -> None:
    for year, old, new in changes:
        fig.add_vline(x=year - 0.5, line=dict(color="#555", dash="dash", width=1))
        fig.add_annotation(
            x=year - 0.5, y=1.0, yref="paper", text=f"method change → {new}", showarrow=False,
            xanchor="left", yanchor="bottom", font=dict(size=11, color="#555"), hovertext=f"{old} → {new}: deltas across this line are not like for like",
        )


def _method_spans(years) -> list[tuple[Method, int, int]]:
    """(method, first, last year) for each run of consecutive years under one method."""
    spans: list[tuple[Method, int, int]] = []
    for year in sorted({int(y) for y in years}):
        method = method_for_year(year)
        if spans and spans[-1][0].id == method.id:
            spans[-1] = (method, spans[-1][1], year)
        else:
            spans.append((method, year, year))
    return spans


def method_spans(years) -> list[tuple[str, Method]]:
    """('2021-2025', method) for each run of years under one method: the report's methods table."""
    return [(f"{first}-{last}" if last != first else str(first), m) for m, first, last in _method_spans(years)]


def index_label(years) -> str:
    """'Indeks SPBE', or 'Indeks SPBE / Indeks Pemerintah Digital' when the years span both."""
    names = dict.fromkeys(m.index_names[0] for m, _, _ in _method_spans(years))
    return " / ".join(names) or "Index"


def _band_background(fig: go.Figure, years) -> None:
    """Each method's bands behind the years it covers: PemDI's floors are not SPBE's."""
    for method, first, last in _method_spans(years):
        ceiling = method.scale.max
        for name, floor in method.floors():
            fig.add_shape(type="rect", xref="x", yref="y", x0=first - 0.5, x1=last + 0.5, y0=floor, y1=ceiling,
                          fillcolor=PREDIKAT_COLOURS[name], opacity=0.08, line_width=0, layer="below")
            ceiling = floor


def broken_at_method_changes(x: list[int], y: list) -> tuple[list[float], list]:
    """The series with a gap (None) between the last year of one method and the first of the next,
    so a line with connectgaps=False is not drawn across the change."""
    xs: list[float] = []
    ys: list = []
    for i, (year, value) in enumerate(zip(x, y, strict=True)):
        if i and method_for_year(int(x[i - 1])).id != method_for_year(int(year)).id:
            xs.append(int(year) - 0.5)
            ys.append(None)
        xs.append(int(year))
        ys.append(value)
    return xs, ys


def distribution_by_year(index: pd.DataFrame) -> go.Figure:
    fig = new_figure()
    for year, rows in index.groupby("year"):
        fig.add_trace(go.Box(
            x=[int(year)] * len(rows), y=rows["index_value"], name=str(year), boxmean=True,
            marker_color="#3288bd", showlegend=False, hovertext=rows["instansi_name"], boxpoints="outliers",
        ))
    _band_background(fig, index["year"])
    _mark_method_changes(fig, method_changes(index))
    label = index_label(index["year"])
    fig.update_layout(title=f"Distribution of the {label} per evaluation year (all instansi; each method's band colours in the background)", **LAYOUT)
    fig.update_xaxes(title="evaluation year", dtick=1)
    fig.update_yaxes(title=label, range=[1, 5])
    return fig


def national_average(index: pd.DataFrame, press: pd.DataFrame) -> go.Figure:
    means = index.groupby("year")["index_value"].agg(["mean", "size"]).reset_index()
    x, y = broken_at_method_changes(means["year"].tolist(), means["mean"].round(2).tolist())
    _, size = broken_at_method_changes(means["year"].tolist(), means["size"].tolist())
    fig = new_figure(go.Scatter(
        x=x, y=y, mode="lines+markers", name="mean of this release (all instansi)", connectgaps=False,
        line=dict(color="#3288bd", width=3), customdata=size, hovertemplate="%{x}: %{y:.2f} over %{customdata} instansi<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        x=press["year"], y=press["national_average"], mode="markers", name="national average in the press (reference)",
        marker=dict(symbol="diamond", size=12, color=PRESS_COLOUR), customdata=press[["note", "source"]].fillna("").values,
        hovertemplate="%{x}: %{y:.2f}<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
    ))
    _mark_method_changes(fig, method_changes(index))
    fig.update_layout(title="National average: this release against the figures published in the press", **LAYOUT)
    fig.update_xaxes(title="evaluation year", dtick=1)
    fig.update_yaxes(title=index_label(index["year"]), range=[1, 5])
    return fig


def predikat_shares(index: pd.DataFrame) -> go.Figure:
    counts = index.assign(p=predikat_of(index)).groupby(["year", "p"]).size().unstack(fill_value=0)
    fig = new_figure()
    for name in reversed(PREDIKAT_COLOURS):
        if name in counts.columns:
            fig.add_trace(go.Bar(x=counts.index, y=counts[name], name=name, marker_color=PREDIKAT_COLOURS[name]))
    _mark_method_changes(fig, method_changes(index))
    fig.update_layout(barmode="stack", title="Instansi per predikat and evaluation year (each year under its method's bands)", **LAYOUT)
    fig.update_xaxes(title="evaluation year", dtick=1)
    fig.update_yaxes(title="instansi")
    return fig


def province_ranking(rows: pd.DataFrame, conflicts: pd.DataFrame, year: int, province_value: float | None) -> go.Figure:
    """Kabupaten/kota of one province in one year, best at the top, coloured by predikat."""
    rows = rows.sort_values(["index_value", "instansi_name"], ascending=[True, False])
    conflicted = set(conflicts.loc[conflicts["year"] == year, "instansi_id"])
    labels = [
        f"{r.instansi_name}{' [news]' if r.source == 'news' else ''}{' [conflict]' if r.instansi_id in conflicted else ''}"
        for r in rows.itertuples()
    ]
    colours = [PREDIKAT_COLOURS.get(p, "#999") for p in predikat_of(rows)]
    patterns = ["/" if s == "news" else "" for s in rows["source"]]
    fig = new_figure(go.Bar(
        x=rows["index_value"], y=labels, orientation="h", marker=dict(color=colours, pattern=dict(shape=patterns, fgcolor="#222", bgcolor="rgba(0,0,0,0)", fillmode="overlay")),
        text=[f"{int(r)}. {v:.2f} {p}" for r, v, p in zip(rows["rank_in_province"], rows["index_value"], predikat_of(rows), strict=True)],
        textposition="inside", insidetextanchor="end", showlegend=False,
        hovertemplate="%{y}: %{x:.2f}<extra></extra>",
    ))
    method = method_for_year(year)
    for name in method.predikats:  # legend entries for the predikat colours
        fig.add_trace(go.Bar(x=[None], y=[None], name=name, marker_color=PREDIKAT_COLOURS[name], orientation="h"))
    if province_value is not None:
        fig.add_vline(x=province_value, line=dict(color="#333", dash="dot"), annotation_text=f"province government {province_value:.2f}",
                      annotation_position="bottom right")
    fig.update_layout(
        title=f"{method.index_names[0]} of the kabupaten and kota, ranked, {year} (hatched = value from the news; [conflict] = two sources disagree)",
        height=max(320, 26 * len(rows) + 160), barmode="overlay", **LAYOUT,
    )
    fig.update_xaxes(range=[method.scale.min, method.scale.max])  # no axis title: the legend sits where it would be, and the chart title says it
    fig.update_yaxes(automargin=True)  # long kabupaten names get the room they need
    return fig
