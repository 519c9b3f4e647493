"""The source registry: strict schema, per-source sections, overlays, loopback-only mirror."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mirror.registry import OVERLAY
from spbe.infra.registry import RegistryError, discover_sections, load_registry
from spbe.sources.news.section import news_sites
from spbe.sources.official.section import official_source, official_sources

GOOD = '''[http]
user_agent = "test-agent/1.0"

[[official]]
evaluation_year = 2024
format = "pdf"
search_url = "https://jdih.menpan.go.id/dokumen-hukum/hasil-pencarian?jenis=keputusan%20menteri"
attachment_host = "data-jdih.menpan.go.id"
decree = "663/2024"
signed = 2024-12-31
stated_count = 615
checked = 2026-12-05
decree_source = "news quoting the decree"
signed_source = "the decree"
stated_count_source = "news quoting the decree"
verified = false

[[news_site]]
name = "Kabar"
home = "https://www.kabar.example.id/"
feeds = ["https://www.kabar.example.id/rss.xml"]
'''


def load(tmp_path: Path, text: str, **kwargs):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return load_registry(path, mode=kwargs.pop("mode", "live"), **kwargs)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_a_good_registry_loads_with_exact_types(tmp_path):
    registry = load(tmp_path, GOOD, overlays=[])
    source = official_source(registry, 2024)
    assert source.stated_count == 615 and source.signed.isoformat() == "2024-12-31" and source.verified is False
    assert registry.user_agent == "test-agent/1.0"
    assert registry.allowed_hosts() == {"jdih.menpan.go.id", "data-jdih.menpan.go.id", "www.kabar.example.id"}


@pytest.mark.parametrize(
    "mutate, needle, message",
    [
        (lambda t: t.replace("[[official]]", "[[oficial]]"), "[[oficial]]", r"unknown table 'oficial'"),
        (lambda t: t.replace('feeds = [', 'mirror_onyl = true\nfeeds = ['), "mirror_onyl", r"unknown key 'mirror_onyl'"),
        (lambda t: t.replace("evaluation_year = 2024", "evaluation_year = 2024.9"), "evaluation_year", r"evaluation_year: .*integer.*2024\.9"),
        (lambda t: t.replace("verified = false", 'verified = "no"'), "verified", r"verified: .*boolean"),
        (lambda t: t.replace('feeds = ["https://www.kabar.example.id/rss.xml"]', "feeds = []"), "[[news_site]]", r"at least one of feeds"),
        (lambda t: t.replace('feeds = ["https://www.kabar.example.id/rss.xml"]', 'feeds = [""]'), "feeds =", r"feeds: .*not an absolute http"),
        (lambda t: t.replace("stated_count = 615", 'stated_count = "615"'), "stated_count", r"stated_count: .*integer"),
        (lambda t: t.replace('format = "pdf"', 'format = "zip"'), "format =", r"format: .*'pdf', 'html' or 'manual'"),
        (lambda t: t.replace('attachment_host = "data-jdih.menpan.go.id"\n', ""), "[[official]]", r"needs search_url .* and attachment_host"),
        (lambda t: t.replace("[http]", "[htp]"), "[htp]", r"unknown table 'htp'"),
        (lambda t: t.replace('user_agent =', 'useragent ='), "useragent", r"unknown key 'useragent'"),
        (lambda t: t + '\n[overlay]\nreplace = ["news_site"]\n', "[overlay]", r"unknown table 'overlay'"),  # only overlays may
    ],
    ids=["table-typo", "key-typo", "float-year", "string-bool", "empty-feeds", "empty-url", "string-count",
         "unknown-format", "pdf-without-host", "http-typo", "http-key-typo", "overlay-in-product"],
)
def test_mistakes_are_errors_naming_the_key_and_its_line(tmp_path, mutate, needle, message):
    text = mutate(GOOD)
    with pytest.raises(RegistryError) as info:
        load(tmp_path, text, overlays=[])
    assert re.search(message, str(info.value)), str(info.value)
    assert f"line {line_of(text, needle)}:" in str(info.value), str(info.value)


def test_a_toml_syntax_error_names_the_file_and_line(tmp_path):
    with pytest.raises(RegistryError, match=rf"sources\.toml: .*line {len(GOOD.splitlines()) + 1}"):
        load(tmp_path, GOOD + "feed =\n", overlays=[])


def test_duplicate_years_are_refused(tmp_path):
    text = GOOD + GOOD[GOOD.index("[[official]]"):GOOD.index("[[news_site]]")]
    with pytest.raises(RegistryError, match=r"evaluation_year = 2024 is listed twice"):
        load(tmp_path, text, overlays=[])


@pytest.mark.parametrize("url", ["http://10.0.0.1:8765", "http://192.168.1.5:8765", "http://mirror.example.com:8765",
                                 "https://127.0.0.1:8765", "http://127.0.0.1:8765/some/path", "file:///tmp/mirror"])
def test_mirror_mode_accepts_only_loopback_urls(tmp_path, url):
    with pytest.raises(RegistryError, match="loopback"):
        load(tmp_path, GOOD, mode="mirror", mirror_url=url, overlays=[])


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765", "http://localhost:1/", "http://[::1]:8765", "http://127.0.0.2:9"])
def test_loopback_mirrors_are_accepted_and_only_they_are_allowed(tmp_path, url):
    registry = load(tmp_path, GOOD, mode="mirror", mirror_url=url, overlays=[])
    assert registry.allowed_hosts() == {url.split("://", 1)[1].rstrip("/")}


def test_the_mirror_url_from_the_environment_is_checked_too(tmp_path, monkeypatch):
    monkeypatch.setenv("SPBE_SOURCE_MODE", "mirror")
    monkeypatch.setenv("SPBE_MIRROR_URL", "http://10.0.0.1:8765")
    with pytest.raises(RegistryError, match=r"SPBE_MIRROR_URL='http://10\.0\.0\.1:8765' is refused"):
        load_registry()


def test_sections_are_discovered_from_the_source_packages():
    sections = discover_sections()
    assert {"official", "news_site"} <= set(sections)
    assert sections["official"].model.__module__ == "spbe.sources.official.section"


def test_an_overlay_amends_by_key_and_replaces_whole_sections(tmp_path):
    overlay = tmp_path / "overlay.toml"
    overlay.write_text('[overlay]\nreplace = ["news_site"]\n\n[[official]]\nevaluation_year = 2024\nstated_count = 600\n\n'
                       '[[news_site]]\nname = "Fiktif"\nhome = "https://www.fiktif.example.id/"\n'
                       'feeds = ["https://www.fiktif.example.id/rss.xml"]\nmirror_only = true\n', encoding="utf-8")
    registry = load(tmp_path, GOOD, mode="mirror", mirror_url="http://127.0.0.1:9", overlays=[overlay])
    assert official_source(registry, 2024).stated_count == 600 and official_source(registry, 2024).decree == "663/2024"
    assert [s.name for s in news_sites(registry)] == ["Fiktif"]
    assert news_sites(load(tmp_path, GOOD, overlays=[overlay])) == ()  # mirror_only: not in a live night
    overlay.write_text('[[official]]\nevaluation_year = 2024\nstated_cuont = 600\n', encoding="utf-8")
    with pytest.raises(RegistryError, match=rf"{re.escape(str(overlay))} line 3: .*unknown key 'stated_cuont'"):
        load(tmp_path, GOOD, overlays=[overlay])


def test_the_product_registry_names_real_publishers_only():
    registry = load_registry(mode="live", overlays=[])
    sites = news_sites(registry)
    assert len(sites) >= 15
    assert not any(s.host.endswith(".example.id") or s.mirror_only for s in sites)
    assert {s.host for s in sites if s.host.endswith("antaranews.com")} >= {"www.antaranews.com", "jatim.antaranews.com"}
    antara = [s for s in sites if s.host.endswith("antaranews.com")]
    assert all(s.feed_only and "forbid" in s.feed_only and not s.sitemaps and not s.listings for s in antara)
    assert any(s.host.endswith(".go.id") and s.listings for s in sites)  # regional government news pages
    official = official_sources(registry)
    assert set(official) == set(range(2018, 2027))
    # 2026 (the first PemDI round): results not out yet, so no decree, no count, nothing verified.
    assert official[2026].decree is None and official[2026].stated_count is None and official[2026].format == "pdf"
    for source in official.values():
        assert source.verified is False  # nothing could be checked live when it was written
        if source.format == "pdf":  # found by number and year through the portal's search: no guessed slug
            assert source.search_url.startswith("https://jdih.menpan.go.id/dokumen-hukum/hasil-pencarian?jenis=")
            assert source.attachment_host == "data-jdih.menpan.go.id" and source.index_url is None
    assert official[2025].format == "manual"


def test_the_product_registry_states_the_public_record_and_nothing_else():
    """The table of ../shared/sources.md, "Checked against stored public pages" (2026-12-05)."""
    official = official_sources(load_registry(mode="live", overlays=[]))
    assert {y: s.decree for y, s in official.items() if s.decree} == {2021: "1503/2021", 2022: "108/2023", 2023: "13/2024",
                                                                      2024: "663/2024"}
    assert {y: s.stated_count for y, s in official.items() if s.stated_count} == {2018: 616, 2021: 517, 2022: 451, 2023: 621,
                                                                                  2024: 615}
    assert official[2023].title == "Hasil Evaluasi SPBE pada Instansi Pusat dan Pemerintah Daerah Tahun 2023"
    assert all(s.title is None for y, s in official.items() if y != 2023)  # no published wording for the others
    for source in official.values():
        assert source.checked is not None
        for fact in ("decree", "title", "signed", "stated_count"):
            assert getattr(source, fact) is None or getattr(source, f"{fact}_source")


def test_a_fact_without_its_source_is_refused(tmp_path):
    text = GOOD.replace('stated_count_source = "news quoting the decree"\n', "")
    with pytest.raises(RegistryError, match=r"line \d+: \[\[official\]\] #1: .*stated_count without stated_count_source"):
        load(tmp_path, text, overlays=[])


def test_the_news_feeds_known_dead_are_gone():
    sites = {s.name: s for s in news_sites(load_registry(mode="live", overlays=[]))}
    assert "Pikiran Rakyat" not in sites
    tribun = sites["Tribunnews"]
    assert not tribun.feeds and "https://www.tribunnews.com/sitemap-news.xml" in tribun.sitemaps
    assert not any(f.rstrip("/").endswith("tribunnews.com/rss") or "pikiran-rakyat" in f for s in sites.values() for f in s.feeds)


def test_the_mirror_overlay_holds_the_fictional_sites():
    registry = load_registry(mode="mirror", mirror_url="http://127.0.0.1:9", overlays=[OVERLAY])
    sites = news_sites(registry)
    assert len(sites) == 6 and all(s.mirror_only and s.host.endswith(".example.id") for s in sites)
