"""One body among its peers, on a province page: the trend chart and the full ranking.

A province has up to 40 bodies; a line each in a 10-colour palette repeats colours and truncates
the legend. Instead every body is a grey line, the province government's line and the median of
its kabupaten/kota stand out, and one body is highlighted on demand: picked from a list, or named
in the link (`province-18.html#body=18.09`, which the ranking's names link to). The ranking lists
every body the release knows in the province; those without a value in the ranked year come last,
each with the reason.
"""

from __future__ import annotations

from html import escape

import pandas as pd
import plotly.graph_objects as go

from spbe.release.report.charts import (
    CONFLICT_COLOUR,
    LAYOUT,
    NEWS_COLOUR,
    _mark_method_changes,
    broken_at_method_changes,
    index_label,
    new_figure,
    predikat_of,
)

GREY, HIGHLIGHT, PROVINCE, MEDIAN = "#c4c4c4", "#d95f02", "#000000", "#3288bd"
KABKOTA = ("kabupaten", "kota")


def body_link(file: str, instansi_id: str) -> str:
    return f"{file}#body={instansi_id}"


def peer_trends(rows: pd.DataFrame, conflicts: pd.DataFrame, changes: list[tuple[int, str, str]]) -> go.Figure:
    """Every body grey, the province government black, the kabupaten/kota median blue; the page's
    script colours the body picked. Each body's trace carries meta {role, id} for that script."""
    years = list(range(int(rows["year"].min()), int(rows["year"].max()) + 1))
    fig = new_figure()
    is_prov = rows["instansi_type"] == "provinsi"
    for (iid, name), body in rows[~is_prov].sort_values("instansi_name").groupby(["instansi_id", "instansi_name"], sort=False):
        x, y = _line(years, body.set_index("year")["index_value"])
        fig.add_trace(go.Scatter(
            x=x, y=y, mode="lines+markers", name=name, connectgaps=False,
            line=dict(width=1.2, color=GREY), marker=dict(size=4, color=GREY), showlegend=False, meta={"role": "body", "id": iid},
            hovertemplate=f"{escape(name)}<br>%{{x}}: %{{y:.2f}}<extra></extra>",
        ))
    peers = rows[rows["instansi_type"].isin(KABKOTA)]
    if not peers.empty:
        x, y = _line(years, peers.groupby("year")["index_value"].median().round(2))
        _, counts = _line(years, peers.groupby("year").size())
        fig.add_trace(go.Scatter(
            x=x, y=y, mode="lines+markers", name="median of the kabupaten/kota", connectgaps=False,
            line=dict(width=3, color=MEDIAN, dash="dash"), customdata=counts,
            hovertemplate="median %{x}: %{y:.2f} over %{customdata} kabupaten/kota<extra></extra>",
        ))
    for (iid, name), body in rows[is_prov].groupby(["instansi_id", "instansi_name"]):
        x, y = _line(years, body.set_index("year")["index_value"])
        fig.add_trace(go.Scatter(
            x=x, y=y, mode="lines+markers", name=f"{name} (province government)",
            connectgaps=False, line=dict(width=4, color=PROVINCE), meta={"role": "province", "id": iid},
            hovertemplate=f"{escape(name)}<br>%{{x}}: %{{y:.2f}}<extra></extra>",
        ))
    _markers(fig, rows, conflicts)
    _mark_method_changes(fig, changes)
    label = index_label(years)
    fig.update_layout(title=f"{label} per body and year: every body in grey, pick one to highlight it (lines break where the method changes)",
                      height=560, **LAYOUT)
    fig.update_xaxes(title="evaluation year", dtick=1)
    fig.update_yaxes(title=label, range=[1, 5])
    return fig


def _line(years: list[int], by_year: pd.Series) -> tuple[list, list]:
    """The values over every year (gaps stay gaps), broken where the evaluation method changes."""
    values = [None if pd.isna(v) else float(v) for v in by_year.reindex(years)]
    return broken_at_method_changes(years, values)


def _markers(fig: go.Figure, rows: pd.DataFrame, conflicts: pd.DataFrame) -> None:
    news = rows[rows["source"] == "news"]
    if not news.empty:
        fig.add_trace(go.Scatter(
            x=news["year"], y=news["index_value"], mode="markers", name="value from the news (no decree value)",
            marker=dict(symbol="diamond-open", size=14, color=NEWS_COLOUR, line=dict(width=2)),
            hovertext=news["instansi_name"], hovertemplate="%{hovertext} %{x}: %{y:.2f} (news)<extra></extra>",
        ))
    if not conflicts.empty:
        fig.add_trace(go.Scatter(
            x=conflicts["year"], y=conflicts["other_index_value"], mode="markers", name="conflict: a value a higher source contradicts",
            marker=dict(symbol="x", size=12, color=CONFLICT_COLOUR), hovertext=conflicts["instansi_name"],
            customdata=conflicts[["reference_index_value", "other_source"]],
            hovertemplate="%{hovertext} %{x}: %{customdata[1]} %{y:.2f}, reference %{customdata[0]:.2f}<extra></extra>",
        ))


def body_picker(rows: pd.DataFrame, chart_id: str) -> str:
    """The list to pick a body from, and the script that highlights it (also from the link's #body=)."""
    bodies = rows[rows["instansi_type"] != "provinsi"].drop_duplicates("instansi_id").sort_values("instansi_name")
    options = "".join(f"<option value='{escape(i, quote=True)}'>{escape(n)}</option>" for i, n in zip(bodies["instansi_id"], bodies["instansi_name"], strict=True))
    return (
        "<p class='picker'><label for='body-pick'>Highlight a body: </label>"
        f"<select id='body-pick'><option value=''>(none)</option>{options}</select> "
        "<span class='hint'>or follow a link from the ranking below; the address then names the body, to share it.</span></p>"
        f"<script>{_PICK_SCRIPT.replace('CHART_ID', chart_id)}</script>"
    )


# Restyles the grey body traces: the picked one orange, wide, in the legend. Waits for Plotly to
# have drawn the chart (newPlot is asynchronous).
_PICK_SCRIPT = """
(function () {
  var pick = document.getElementById('body-pick');
  function wanted() { var m = location.hash.match(/body=([^&]+)/); return m ? decodeURIComponent(m[1]) : ''; }
  function show(id) {
    var chart = document.getElementById('CHART_ID');
    if (!chart || !chart.data) { return setTimeout(function () { show(id); }, 50); }
    var idx = [], colour = [], width = [], legend = [];
    chart.data.forEach(function (t, i) {
      if (!t.meta || t.meta.role !== 'body') { return; }
      var on = t.meta.id === id;
      idx.push(i); colour.push(on ? 'HIGHLIGHT' : 'GREY'); width.push(on ? 4 : 1.2); legend.push(on);
    });
    Plotly.restyle(chart, {'line.color': colour, 'marker.color': colour, 'line.width': width, 'showlegend': legend}, idx);
    pick.value = id;
    chart.setAttribute('data-highlighted', id);
  }
  pick.addEventListener('change', function () { location.hash = pick.value ? 'body=' + encodeURIComponent(pick.value) : ''; });
  window.addEventListener('hashchange', function () { show(wanted()); });
  show(wanted());
})();
""".replace("HIGHLIGHT", HIGHLIGHT).replace("GREY", GREY)


def ranking_rows(rows: pd.DataFrame, year: int) -> list[dict]:
    """Every kabupaten/kota the release knows in the province: the ranked ones of `year` first, by
    rank, then those without a value that year, by name, each with the reason."""
    kabkota = rows[rows["instansi_type"].isin(KABKOTA)]
    ranked = kabkota[kabkota["year"] == year].sort_values(["rank_in_province", "instansi_name"])
    out = [
        {"instansi_id": r.instansi_id, "instansi_name": r.instansi_name, "rank": int(r.rank_in_province) if pd.notna(r.rank_in_province) else None,
         "value": float(r.index_value), "source": r.source, "predikat": p, "reason": ""}
        for r, p in zip(ranked.itertuples(index=False), predikat_of(ranked), strict=True)
    ]
    missing = kabkota[~kabkota["instansi_id"].isin(set(ranked["instansi_id"]))]
    for (iid, name), body in missing.sort_values("instansi_name").groupby(["instansi_id", "instansi_name"], sort=False):
        last = body.sort_values("year").iloc[-1]
        when = f"latest result {int(last['year'])}: {last['index_value']:.2f}"
        out.append({"instansi_id": iid, "instansi_name": name, "rank": None, "value": None, "source": None, "predikat": None,
                    "reason": f"no {year} value: not in the {year} decree and no news figure ({when})"})
    return out


def ranking_table(rows: pd.DataFrame, year: int, file: str) -> str:
    table = ranking_rows(rows, year)
    body = []
    for r in table:
        rank = "" if r["rank"] is None else str(r["rank"])
        value = "" if r["value"] is None else f"{r['value']:.2f}"
        link = f"<a href='{escape(body_link(file, r['instansi_id']), quote=True)}'>{escape(r['instansi_name'])}</a>"
        cls = " class='missing'" if r["reason"] else (" class='news'" if r["source"] == "news" else "")
        body.append(f"<tr{cls}><td class='num'>{rank}</td><td>{link}</td><td class='num'>{value}</td>"
                    f"<td>{escape(r['predikat'] or '')}</td><td>{escape(r['source'] or '')}</td><td>{escape(r['reason'])}</td></tr>")
    missing = sum(1 for r in table if r["reason"])
    note = (f"<p>{len(table)} kabupaten/kota in this release; {missing} without a {year} value, named last with the reason.</p>"
            if missing else f"<p>All {len(table)} kabupaten/kota of this release have a {year} value.</p>")
    return (note + "<div class='table-wrap'><table id='ranking-table'><thead><tr><th>rank</th><th>kabupaten/kota</th>"
            "<th>value</th><th>predikat</th><th>source</th><th>why no value</th></tr></thead><tbody>" + "".join(body) + "</tbody></table></div>")
