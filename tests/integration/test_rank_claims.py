"""Rank claims in the news, extracted and checked against the ranks spbe_index computes (v_rank_claims)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from spbe.index.rebuild import rebuild_index
from spbe.infra.ddl import ensure_views
from spbe.infra.warehouse import Warehouse
from spbe.sources.news.extract import extract_rank_claims
from spbe.sources.news.ingest import claim_rows
from spbe.sources.news.parse import Article
from tests.paths import FIXTURES
from tests.release_warehouse import populate

PUB = dt.date(2025, 3, 1)


def claims(text: str, published: dt.date = PUB) -> set[tuple]:
    return {(c.instansi_id, c.year, c.scope, c.scope_code, c.claimed_rank, c.bound) for c in extract_rank_claims(text, published)}


def test_the_seed_claim_top_three_in_lampung_2024_is_extracted():
    text = (FIXTURES / "seeds" / "000_9bead8e0ef31f3d1.txt").read_text(encoding="utf-8")
    assert claims(text, dt.date(2025, 1, 21)) == {("18.09", 2024, "province", "18", 3, "at_most")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pada evaluasi SPBE 2023 Kota Bandung meraih peringkat pertama se-Jawa Barat.", ("32.73", 2023, "province", "32", 1, "exact")),
        ("Kabupaten Sigi berada di posisi terendah di provinsi pada evaluasi SPBE 2023.", ("72.10", 2023, "province", "72", 0, "lowest")),
        ("Provinsi Jawa Barat menempati peringkat ke-2 nasional dalam evaluasi SPBE 2023.", ("32", 2023, "national", None, 2, "exact")),
        ("Kota Palu masuk lima besar se-Sulawesi Tengah pada evaluasi SPBE 2023.", ("72.71", 2023, "province", "72", 5, "at_most")),
    ],
)
def test_rank_claims_give_body_year_scope_and_bound(text, expected):
    assert claims(text) == {expected}


@pytest.mark.parametrize(
    "text",
    [
        "Kota Palu tidak masuk lima besar se-Sulawesi Tengah pada evaluasi SPBE 2023.",  # denied
        "Kota Palu masuk lima besar pada evaluasi SPBE 2023.",  # no scope: nothing to check against
    ],
)
def test_no_claim_without_a_scope_or_when_denied(text):
    assert claims(text) == set()


def test_the_view_says_holds_contradicted_or_cannot_be_checked(tmp_path):
    wh = Warehouse(f"sqlite:///{tmp_path / 'wh.sqlite'}")
    wh.ensure_schema()
    populate(wh)
    rebuild_index(wh)
    index = wh.read("spbe_index").set_index(["instansi_id", "year"])
    lampung_2024 = index.xs(2024, level="year")
    lampung_2024 = lampung_2024[lampung_2024["province_code"] == "18"]
    worst = lampung_2024["rank_in_province"].max()
    not_first = lampung_2024[lampung_2024["rank_in_province"] > 1].index[0]
    text = (
        f"Pada evaluasi SPBE 2024 {lampung_2024.loc[not_first, 'instansi_name']} meraih peringkat pertama se-Lampung. "
        "Kabupaten Pesawaran pada evaluasi SPBE 2018 berada di peringkat pertama se-Lampung."
    )
    article = Article(url="https://kabar.example.id/klaim", canonical_url=None, title="t", published=PUB, text=text)
    rows = pd.DataFrame(claim_rows("https://kabar.example.id/klaim", article, extract_rank_claims(text, PUB)))
    wh.upsert_slices([("spbe_news_rank_claim", rows)])
    with wh.engine.begin() as conn:
        ensure_views(conn)
        view = pd.read_sql("SELECT instansi_id, year, claimed_rank, computed_rank, last_rank, verdict FROM v_rank_claims", conn)
    got = {(r.instansi_id, int(r.year)): r for r in view.itertuples()}
    contradicted = got[(not_first, 2024)]
    assert contradicted.verdict == "contradicted" and int(contradicted.computed_rank) == int(lampung_2024.loc[not_first, "rank_in_province"])
    assert got[("18.09", 2018)].verdict == "cannot be checked"  # no values for 2018 in this warehouse
    seed = got[("18.09", 2024)]  # the fixture's seed claim, 3 besar
    expected = "holds" if int(index.loc[("18.09", 2024), "rank_in_province"]) <= 3 else "contradicted"
    assert seed.verdict == expected and int(seed.last_rank) == int(worst)
    wh.dispose()
