"""A small warehouse for the release tests: two provinces over 2019-2025 (the 2020->2021 method
change, a body missing in 2020), a central ministry, one news fill, one conflict, a target, a reject.
Built with the same core functions the asset runs (reconcile, build_spbe_index, build_targets)."""

from __future__ import annotations

import json

import pandas as pd

from spbe.domain.predikat import predikat_for
from spbe.index.reconcile import build_targets, reconcile
from spbe.index.settle import review_key
from spbe.index.table import build_spbe_index
from spbe.infra.provenance import Build, with_provenance
from tests.unit.test_index_table import LOADED, fact
from tests.unit.test_reconcile import figure

BODIES = [
    ("18", "Provinsi Lampung", "provinsi", ("18", "Lampung")),
    ("18.01", "Kabupaten Lampung Selatan", "kabupaten", ("18", "Lampung")),
    ("18.09", "Kabupaten Pesawaran", "kabupaten", ("18", "Lampung")),
    ("18.71", "Kota Bandar Lampung", "kota", ("18", "Lampung")),
    ("19", "Provinsi Kepulauan Bangka Belitung", "provinsi", ("19", "Kepulauan Bangka Belitung")),
    ("19.71", "Kota Pangkalpinang", "kota", ("19", "Kepulauan Bangka Belitung")),
    ("19.01", "Kabupaten Bangka", "kabupaten", ("19", "Kepulauan Bangka Belitung")),
    ("kemenkeu", "Kementerian Keuangan", "kementerian", ("", "")),
]
YEARS = range(2019, 2025)
ARTICLES = {
    "https://news.example.id/pesawaran-2025": "Indeks SPBE Pesawaran 2025 3,61.",
    "https://news.example.id/pesawaran-2024": "Indeks SPBE Pesawaran 2024 3,80.",
    "https://news.example.id/pangkalpinang-target": "Target indeks SPBE 2024 3,00.",
}


def official_rows() -> pd.DataFrame:
    rows = []
    for n, (iid, name, itype, province) in enumerate(BODIES):
        for year in YEARS:
            if year == 2020 and iid in ("18.01", "19.01"):  # the limited 2020 round skipped them
                continue
            value = round(1.6 + 0.31 * (year - 2019) + 0.17 * n, 2)
            row = fact(year, iid, name, itype, value, province=province, predikat=predikat_for(value, year))
            row |= {"predikat_expected": predikat_for(value, year), "row_number": n + 1,
                    "source_url": f"https://jdih.menpan.go.id/storage/keputusan/{year + 1}/lampiran.pdf"}
            rows.append(row)
    return pd.DataFrame(rows)


def news_rows(fetched_at=LOADED) -> tuple[pd.DataFrame, pd.DataFrame]:
    figures = pd.DataFrame([
        figure("18.09", "Kabupaten Pesawaran", 2025, 3.61, url="https://news.example.id/pesawaran-2025", published="2026-01-09"),
        figure("18.09", "Kabupaten Pesawaran", 2024, 3.80, url="https://news.example.id/pesawaran-2024", published="2025-01-05"),
        figure("19.71", "Kota Pangkalpinang", 2024, 3.00, kind="target", url="https://news.example.id/pangkalpinang-target", published="2024-03-01"),
    ])
    figures.loc[figures["instansi_id"] == "19.71", ["province_code", "province_name", "instansi_type"]] = ["19", "Kepulauan Bangka Belitung", "kota"]
    articles = pd.DataFrame([
        {"url": url, "discovered_url": url + "?utm_source=feed", "site": "news.example.id", "title": text[:30],
         "published": pd.Timestamp("2025-01-05", tz="UTC"), "fetched_at": fetched_at, "text": text,
         "content_sha256": "0" * 64, "figure_count": 1}
        for url, text in ARTICLES.items()
    ])
    return figures, articles


def level_rows(loaded_at=LOADED) -> pd.DataFrame:
    """Indicator levels two Lampung bodies supplied for 2024 (SPBE, 47 indicators), one central body."""
    from spbe.domain.instansi import gazetteer
    from spbe.planner.levels import Levels, method_for_count
    from spbe.sources.levels.ingest import level_rows as rows_of

    spbe = method_for_count(47, "release fixture")
    bodies = {"18.09": lambda n: 2 + n % 3, "18.71": lambda n: 1 + n % 4, "kemenkeu": lambda n: 4}
    return pd.concat([
        rows_of(gazetteer().get(iid), Levels(spbe, {i.number: level(i.number) for i in spbe.indicators}), 2024, f"2024/{iid}.csv", loaded_at)
        for iid, level in bodies.items()
    ], ignore_index=True)


def body_rows(official: pd.DataFrame) -> pd.DataFrame:
    """A body's own published result for a year the decree also has: stored, outranked in spbe_index."""
    row = official[(official["instansi_id"] == "18.09") & (official["year"] == 2023)].iloc[0].to_dict()
    row |= {"source": "published_by_body", "source_url": "lhe-pesawaran-2023.pdf", "file_name": "hasil-lampung.csv",
            "file_sha256": "d" * 64, "row_number": 3}
    return pd.DataFrame([row]).drop(columns=["predikat_expected", "page"], errors="ignore")


def populate(warehouse, official: pd.DataFrame | None = None, loaded_at=LOADED, build_id: str = "release-fixture") -> None:
    """Fill every table the way the pipeline would, in one transaction. loaded_at stamps the run
    (rows' load time, articles' fetch time, the build's time), which a rebuild of the same data changes."""
    official = official_rows() if official is None else official
    figures, articles = news_rows(loaded_at)
    reconciled = reconcile({"spbe_official_result": official, "spbe_news_figure": figures})
    index = build_spbe_index(reconciled.facts, loaded_at=loaded_at, previous=warehouse.read("spbe_index"))
    reject = pd.DataFrame([{
        "source": "official", "year": 2023, "source_url": "https://jdih.menpan.go.id/storage/keputusan/2024/lampiran.pdf",
        "page": 3, "row_number": 40, "published_name": "Pemerintah Kabupaten Entah", "raw": json.dumps({"name": "Entah"}),
        "reason": "unknown instansi name", "action": "rejected",
    }])
    # A fixed build (id and time) by default, so populating again with the same data writes the same rows.
    build = Build(build_id, "mirror", True, "test", loaded_at)
    # A person's decision and an article's date are data, not stamps of this run: fixed whatever loaded_at is.
    reviews = review_rows(figures, LOADED)
    warehouse.replace_slices(with_provenance([
        ("spbe_official_result", official.drop(columns=[c for c in official.columns if c not in warehouse.table("spbe_official_result").c]), None),
        ("spbe_news_article", articles, None),
        ("spbe_news_figure", figures, None),
        ("spbe_index", index, None),
        ("spbe_source_conflict", reconciled.conflicts, None),
        ("spbe_target", build_targets(figures, index), None),
        ("spbe_reject", reject, None),
        ("spbe_indicator_level", level_rows(loaded_at), None),
        ("spbe_source_result", body_rows(official), None),
        # Only its own decision: a person's decisions are not the fixture's to replace.
        ("spbe_news_review", reviews, {"review_key": reviews["review_key"].iloc[0]}),
        ("spbe_news_rank_claim", claim_rows_fixture(pd.Timestamp("2025-01-05", tz="UTC")), None),
    ], build))


def review_rows(figures: pd.DataFrame, decided_at) -> pd.DataFrame:
    """A person's decision about the first article's figure (spbe review accept)."""
    fig = figures.iloc[0]
    return pd.DataFrame([{
        "review_key": review_key(fig["article_url"], fig["evidence"], fig["index_value"]), "article_url": fig["article_url"],
        "evidence": fig["evidence"], "index_value": float(fig["index_value"]), "decision": "accept", "year": pd.NA, "kind": None,
        "instansi_id": None, "reason": None, "decided_at": pd.Timestamp(decided_at),
    }]).astype({"year": "Int64"})


def claim_rows_fixture(published) -> pd.DataFrame:
    """The seed article's claim: Pesawaran among the three best of Lampung in 2024."""
    return pd.DataFrame([{
        "claim_key": "c" * 32, "article_url": "https://news.example.id/pesawaran-2024", "published": pd.Timestamp(published),
        "instansi_id": "18.09", "instansi_name": "Kabupaten Pesawaran", "instansi_type": "kabupaten", "province_code": "18",
        "province_name": "Lampung", "year": 2024, "scope": "province", "scope_code": "18", "claimed_rank": 3, "bound": "at_most",
        "evidence": "Pesawaran masuk tiga besar indeks SPBE tertinggi di Provinsi Lampung.",
    }])
