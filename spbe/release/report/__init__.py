"""The release's static HTML report: a national overview and one page per province.

Plain files under report/: plotly.min.js (written from the installed plotly package) is loaded by
a relative path, so the report works offline from a file:// URL and fetches nothing. Pages carry
no build time and fixed element ids, so the same data gives the same bytes.
"""

from __future__ import annotations

from html import escape
from importlib import resources
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from spbe.release.meta import ReleaseMeta
from spbe.release.report import charts, peers
from spbe.release.report.html import page, section, table_html
from spbe.release.tables import ReleaseTable

PLOTLY_JS = "plotly.min.js"


def press_figures() -> pd.DataFrame:
    """National averages published in the press, for reference beside our own mean (source named per row)."""
    with resources.files("spbe.release.report").joinpath("press_figures.csv").open(encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype={"note": str, "source": str})


def province_file(code: str) -> str:
    return f"province-{code}.html"


def chart_html(fig: go.Figure, div_id: str) -> str:
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id, config={"displaylogo": False, "responsive": True})


def held_count(tables: dict[str, ReleaseTable]) -> int | None:
    """News figures held for review (after corroboration and review decisions), or None when the
    release carries no news figures."""
    from spbe.index.settle import HELD, settle

    if "spbe_news_figure" not in tables:
        return None
    official = tables["spbe_official_result"].frame if "spbe_official_result" in tables else pd.DataFrame()
    reviews = tables["spbe_news_review"].frame if "spbe_news_review" in tables else None
    settled = settle(tables["spbe_news_figure"].frame, official, reviews)
    return int((settled["status"] == HELD).sum()) if not settled.empty else 0


def _held_note(held: int | None) -> str:
    if held is None:
        return ""
    return (
        f"<p id='held'><strong>{held}</strong> news figure(s) are held for review: read from an article but not "
        "loaded, because their year, body or kind rests on weak evidence (`spbe review` lists them with the reason).</p>"
    )


def _news_and_conflicts(index: pd.DataFrame, conflicts: pd.DataFrame, held: int | None = None) -> str:
    news = index[index["source"] == "news"].sort_values(["year", "province_name", "instansi_name"])
    news_table = table_html(
        news, {"year": "year", "instansi_name": "instansi", "province_name": "province", "index_value": "value", "predikat": "predikat", "source_url": "article"},
        empty="No value in this release comes from the news.", row_class="news",
    )
    conflict_table = table_html(
        conflicts.sort_values(["year", "instansi_name"]),
        {"year": "year", "instansi_name": "instansi", "reference_source": "reference source", "reference_index_value": "reference",
         "other_source": "other source", "other_index_value": "other", "difference": "difference", "kept_source": "kept",
         "reference_url": "reference document", "other_url": "other document", "other_evidence": "the article's sentence"},
        empty="No two sources disagree.", row_class="conflict",
    )
    return (
        section("news", "Values filled from the news",
                "<p>Years the decree lacks, filled with an evaluation figure a news article reported "
                "(<span class='badge news'>news</span>, source = news in the data). Treat them as provisional.</p>"
                + _held_note(held) + news_table)
        + section("conflicts", "Conflicts between sources",
                  "<p>Where two sources state different values beyond rounding, the higher one is kept (the decree, "
                  "then a body's own result, then the news) and the other is shown beside it; two articles that "
                  "disagree with no higher source keep neither (kept is empty) "
                  "(<span class='badge conflict'>conflict</span>).</p>" + conflict_table)
    )


def _methods_section(index: pd.DataFrame) -> str:
    """Which method rated which years of the release, with its index and bands (spbe/data/methods.toml)."""
    rows = []
    for years, method in charts.method_spans(index["year"]):
        bands = "; ".join(f"{b.predikat} from {b.lower:.2f}" for b in sorted(method.bands, key=lambda b: -b.lower))
        rows.append({"years": years, "method": method.id, "index": " / ".join(method.index_names), "bands": bands})
    text = ("<p>Each year is rated under the method in force (the regulation). Values and predikat under different "
            "methods are not like for like: the charts break their lines where the method changes, shade each year "
            "with its own method's bands, and a delta across the change is marked in the data (yoy_note, "
            "v_spbe_yoy.method_change).</p>")
    return section("methods", "Evaluation methods", text + table_html(pd.DataFrame(rows), {c: c for c in ("years", "method", "index", "bands")}))


def national_page(index: pd.DataFrame, conflicts: pd.DataFrame, meta: ReleaseMeta, held: int | None = None) -> str:
    press = press_figures()
    provinces = index[index["province_code"].notna()].groupby("province_code")["province_name"].first().sort_index()
    links = "".join(f"<li><a href='{province_file(c)}'>{escape(str(n))}</a></li>" for c, n in provinces.items())
    counts = index.groupby(["year", "source"]).size().unstack(fill_value=0).reset_index()
    counts.columns = [str(c) for c in counts.columns]
    body = (
        _methods_section(index)
        + section("distribution", "Distribution per year", chart_html(charts.distribution_by_year(index), "chart-distribution"))
        + section("average", "National average and the press",
                  chart_html(charts.national_average(index, press), "chart-average")
                  + "<p>The press figures are published national averages, copied as reference data with their source: "
                  + "; ".join(sorted(set(press["source"]))) + ". The release's mean covers every instansi in it.</p>")
        + section("predikat", "Predikat per year", chart_html(charts.predikat_shares(index), "chart-predikat"))
        + section("rows", "Rows per year and source", table_html(counts, {c: c for c in counts.columns}))
        + _news_and_conflicts(index, conflicts, held)
        + section("provinces", "Provinces", f"<ul class='provinces'>{links}</ul>")
    )
    return page("National overview", body, meta)


def ranking_year(kabkota: pd.DataFrame) -> int:
    """The latest year with at least half the province's usual kab/kota count: a year where the
    news fills one body before the decree is out would rank that body alone."""
    per_year = kabkota.groupby("year").size()
    return int(per_year[per_year >= per_year.max() / 2].index.max())


def province_page(code: str, index: pd.DataFrame, conflicts: pd.DataFrame, meta: ReleaseMeta) -> str:
    rows = index[index["province_code"] == code]
    name = rows["province_name"].dropna().iloc[0]
    in_province = conflicts[conflicts["instansi_id"].isin(set(rows["instansi_id"]))]
    kabkota = rows[rows["instansi_type"].isin(["kabupaten", "kota"])]
    parts = []
    if not kabkota.empty:
        year = ranking_year(kabkota)
        own = rows[(rows["instansi_type"] == "provinsi") & (rows["year"] == year)]["index_value"]
        ranking = charts.province_ranking(kabkota[kabkota["year"] == year], in_province, year, float(own.iloc[0]) if len(own) else None)
        parts.append(section("ranking", f"Ranking {year}", chart_html(ranking, "chart-ranking") + peers.ranking_table(rows, year, province_file(code))))
    trends = peers.peer_trends(rows, in_province, charts.method_changes(index))
    parts.append(section("trends", "Trend per body among its peers", chart_html(trends, "chart-trends") + peers.body_picker(rows, "chart-trends")))
    parts.append(_news_and_conflicts(rows, in_province))
    return page(f"Provinsi {name}", "".join(parts), meta)


def write_report(tables: dict[str, ReleaseTable], meta: ReleaseMeta, out: Path) -> list[Path]:
    """Write report/index.html, one report/province-<code>.html per province, and plotly.min.js."""
    out.mkdir(parents=True, exist_ok=True)
    (out / PLOTLY_JS).write_text(get_plotlyjs(), encoding="utf-8")
    index = tables["spbe_index"].frame
    conflicts = tables["spbe_source_conflict"].frame
    written = [out / "index.html"]
    written[0].write_text(national_page(index, conflicts, meta, held_count(tables)), encoding="utf-8")
    for code in sorted(index["province_code"].dropna().unique()):
        path = out / province_file(code)
        path.write_text(province_page(code, index, conflicts, meta), encoding="utf-8")
        written.append(path)
    return written
