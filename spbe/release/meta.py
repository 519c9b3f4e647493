"""What a release says about itself: version, synthetic or real, date, sources, licence, citation.

Everything here is derived from the data, never from the clock, so the same warehouse content
gives the same metadata byte for byte.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pandas as pd
import yaml

from spbe.release import ARTICLE_TEXT_FLAG
from spbe.release.tables import WITHHELD, ReleaseTable, Withheld, withheld_columns

TITLE = "Indeks SPBE results of Indonesian government bodies"
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
# Quoted article text (evidence sentences, article bodies) stays its publishers' work.
LICENCE_NOTE = (
    "The compiled tables are CC-BY-4.0. Official values come from public ministerial decrees; article text "
    "and evidence sentences quoted from news remain the copyright of their publishers."
)


# Kemendagri codes look like numbers and are not: pandas reads '72.10' (Kota Palu) as 72.1 unless told.
CODE_COLUMNS = ("instansi_id", "province_code")
PANDAS_HINT = (
    "Kemendagri codes ('72.10', '18.09') are text: read them as text, or pandas and spreadsheets turn '72.10' "
    "into 72.1. In pandas: pd.read_csv(path, dtype={" + ", ".join(f"'{c}': str" for c in CODE_COLUMNS) + "})."
)


def withheld_note(withheld: tuple[Withheld, ...]) -> str:
    """One paragraph on what this release leaves out and why, or on what it includes by its maker's choice."""
    if withheld:
        reasons = "; ".join(f"{w.table}.{w.column} ({w.reason})" for w in withheld)
        return (
            f"Withheld from this release: {reasons}. A release that includes it is made with "
            f"`spbe release {ARTICLE_TEXT_FLAG}` (asset config with_article_text), only with the publishers' permission."
        )
    return (
        f"This release includes {', '.join(f'{w.table}.{w.column}' for w in WITHHELD)}, which a default release withholds: its maker chose "
        f"`{ARTICLE_TEXT_FLAG}`, stating they have the publishers' permission. That text remains the publishers' copyright."
    )


@dataclass
class ReleaseMeta:
    version: str
    synthetic: bool
    synthetic_reason: str
    data_updated: str | None  # the newest publication date the data states (ISO 8601), None when none
    years: tuple[int, int]
    sources: list[dict] = field(default_factory=list)
    licence: dict = field(default_factory=lambda: dict(LICENCE))
    withheld: tuple[Withheld, ...] = ()

    @property
    def data_date(self) -> str | None:
        return self.data_updated

    @property
    def data_as_of(self) -> str:
        """In words, for the README and the report footer."""
        years = f"evaluation years {self.years[0]}-{self.years[1]}"
        return f"{years}, newest article published {self.data_updated}" if self.data_updated else years

    @property
    def package_name(self) -> str:
        return "spbe-index-synthetic" if self.synthetic else "spbe-index"

    @property
    def release_name(self) -> str:
        return f"spbe-synthetic-{self.version}" if self.synthetic else f"spbe-{self.version}"

    @property
    def title(self) -> str:
        years = f"{self.years[0]}-{self.years[1]}"
        return f"{TITLE}, {years}" + (" (SYNTHETIC demo data, not real results)" if self.synthetic else "")

    @property
    def description(self) -> str:
        text = (
            "One row per instansi and evaluation year with predikat, year-over-year deltas (marked across the "
            "2020->2021 method change and over gaps) and ranks, the official decree values and the news figures "
            "behind them, conflicts between sources, targets, and rejected rows. " + PANDAS_HINT + " " + LICENCE_NOTE + " " + withheld_note(self.withheld)
        )
        if self.synthetic:
            text = f"SYNTHETIC DATA: {self.synthetic_reason} The values are not real SPBE results. " + text
        return text


def content_version(csvs: dict[str, bytes], years: tuple[int, int]) -> str:
    """'<first>-<last evaluation year>-<12 hex of the SHA-256 over every canonical CSV>': a function of
    the data alone (the CSVs hold no run stamps, tables.run_stamps), so the same data has one version."""
    digest = hashlib.sha256()
    for name in sorted(csvs):
        digest.update(f"{name} {hashlib.sha256(csvs[name]).hexdigest()}\n".encode())
    return f"{years[0]}-{years[1]}-{digest.hexdigest()[:12]}"


# The dates the data itself states: when the newest article was published. Load and fetch times
# (spbe_index.loaded_at, spbe_news_article.fetched_at) say when a run happened, not what the data is.
DATED_SOURCES = (("spbe_news_article", "published"), ("spbe_news_figure", "published"))


def data_updated(tables: list[ReleaseTable]) -> str | None:
    """The newest publication date in the data (ISO 8601 date), or None when the data states none."""
    by_name = {t.name: t.frame for t in tables}
    stamps = [by_name[t][c].max() for t, c in DATED_SOURCES if t in by_name and by_name[t][c].notna().any()]
    if not stamps:
        return None
    return pd.Timestamp(max(stamps)).tz_convert("UTC").strftime("%Y-%m-%d")


def _fictional_host(host: str) -> bool:
    """Hosts no real publisher has: loopback, reserved TLDs, and example domains (RFC 2606/6761)."""
    host = (host or "").split(":")[0].lower()
    try:
        return ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_private
    except ValueError:
        pass
    labels = host.split(".")
    return host == "localhost" or labels[-1] in ("test", "example", "invalid", "localhost") or "example" in labels


def _urls(tables: dict[str, ReleaseTable]) -> list[str]:
    urls = []
    for name, column in (("spbe_index", "source_url"), ("spbe_official_result", "source_url"), ("spbe_news_article", "url")):
        if name in tables:
            urls += tables[name].frame[column].dropna().unique().tolist()
    return urls


def detect_synthetic(tables: dict[str, ReleaseTable], provenance: pd.DataFrame | None = None) -> tuple[bool, str]:
    """Synthetic when the warehouse's write log (spbe_dataset) says so or a source host is fictional: either
    is enough, since a warehouse with some mirror data in it is not official data. Only the warehouse is
    read, never the shell (SPBE_SOURCE_MODE): the same data gives the same text whoever releases it."""
    reasons = []
    if provenance is not None and "synthetic" in provenance.columns and provenance["synthetic"].fillna(True).astype(bool).any():
        modes = ", ".join(sorted(provenance.loc[provenance["synthetic"].fillna(True).astype(bool), "source_mode"].dropna().unique()))
        reasons.append(f"The warehouse's spbe_dataset says it was written from synthetic sources (source mode: {modes or 'unknown'}).")
    fictional = sorted({urlsplit(u).netloc for u in _urls(tables) if _fictional_host(urlsplit(u).netloc)})
    if fictional:
        reasons.append(f"Source documents on fictional hosts ({', '.join(fictional[:5])}): the project's synthetic mirror.")
    return bool(reasons), " ".join(reasons)


def sources(tables: dict[str, ReleaseTable], synthetic: bool) -> list[dict]:
    """The sources, as the data records them. Synthetic data names no real publisher and links nowhere:
    its decrees are the mirror's, laid out like KemenPAN-RB's but made up."""
    official = tables["spbe_official_result"].frame["source_url"].dropna()
    hosts = sorted({urlsplit(u).netloc for u in official})
    if synthetic:
        out = [{"title": "SYNTHETIC: the project's seeded mirror (python -m mirror generate), not real results; "
                         f"its made-up decrees were read from {', '.join(hosts) or 'no host'}"}]
    else:
        out = [{"title": f"KemenPAN-RB decrees on the SPBE evaluation results (lampiran), {host}", "path": f"https://{host}/"} for host in hosts]
    articles = tables["spbe_news_article"].frame
    if not articles.empty:
        sites = sorted(articles["site"].dropna().unique())
        kind = "Synthetic news articles" if synthetic else "News articles"
        out.append({"title": f"{kind} from {len(sites)} site(s): {', '.join(sites)}"})
    return out


def build_meta(tables: list[ReleaseTable], csvs: dict[str, bytes], provenance: pd.DataFrame | None = None) -> ReleaseMeta:
    by_name = {t.name: t for t in tables}
    index = by_name["spbe_index"].frame
    if index.empty:
        raise ValueError("spbe_index is empty: nothing to release (run the pipeline first)")
    synthetic, reason = detect_synthetic(by_name, provenance)
    years = (int(index["year"].min()), int(index["year"].max()))
    return ReleaseMeta(
        content_version(csvs, years), synthetic, reason, data_updated(tables), years, sources(by_name, synthetic),
        withheld=tuple(withheld_columns(tables)),
    )


def _source_author(source: dict, meta: ReleaseMeta) -> str:
    if meta.synthetic:
        return "SPBE index warehouse project (synthetic mirror)"
    return "KemenPAN-RB" if "KemenPAN" in source["title"] else "various"


def citation_cff(meta: ReleaseMeta) -> bytes:
    """CITATION.cff (Citation File Format 1.2.0) for the data set."""
    doc = {
        "cff-version": "1.2.0",
        "message": "If you use this data, cite it with its version." + (" It is SYNTHETIC demo data." if meta.synthetic else ""),
        "type": "dataset",
        "title": meta.title,
        "version": meta.version,
        **({"date-released": meta.data_date} if meta.data_date else {}),
        "license": meta.licence["name"],
        "authors": [{"name": "SPBE index warehouse project"}],
        "abstract": meta.description,
        "keywords": ["Indeks SPBE", "e-government", "Indonesia"] + (["synthetic"] if meta.synthetic else []),
        "references": [{"type": "data", "title": s["title"], "authors": [{"name": _source_author(s, meta)}]} for s in meta.sources],
    }
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100).encode("utf-8")
