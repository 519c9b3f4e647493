"""Stage 3a (mentions): the instansi lexicon the scanner walks, built once from the project gazetteer.

Names, prefixes, aliases, acronyms and central bodies all come from `spbe.instansi` (one lexicon);
this module only adds what running text needs on top: which names are ordinary words, which
preceding words make a mention a different organisation, and a stem set so a scan stops early.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spbe.domain.instansi import EXPANSIONS, PREFIXES, Instansi, compact, gazetteer, split_prefix
from spbe.sources.news.extract.typos import NearNames

# The gazetteer's prefix table as token sequences, for the token scanner.
PREFIX_SEQS: dict[tuple[str, ...], str | None] = {tuple(k.split()): v for k, v in PREFIXES.items()}
PREFIX_MAX = max(len(k) for k in PREFIX_SEQS)
PREFIX_FIRST = {k[0] for k in PREFIX_SEQS}
# Prefixes that name the government or the region itself ("Kabupaten", "Pemkot", "Pemerintah
# Provinsi"): only after these is a misspelt name corrected (R-NAME-TYPO). An office title
# ("Bupati", "Wali Kota", "Gubernur") is as often followed by the holder's personal name.
TYPO_PREFIX_FIRST = {"kabupaten", "kota", "provinsi", "propinsi", "pemkab", "pemkot", "pemko", "pemprov", "pemprop", "pemerintah", "pemda"}
# The group of near names for a misspelt name in a list slot (no type word): kabupaten and kota.
LOCAL_GROUP = "kabupaten/kota"

# R-ORDINARY: region names that are ordinary Indonesian words or common personal names. Without a
# "Kabupaten"/"Kota"/"Pemkab" cue they count only when the same body is named unambiguously
# elsewhere in the article (reference README: "match them only with a prefix or region context").
ORDINARY_WORDS = {
    "pati",
    "batu",
    "metro",
    "puncak",
    "buru",
    "agam",
    "bone",
    "toba",
    "siak",
    "banjar",
    "lebak",
    "kaur",
    "ende",
    "alor",
    "sigi",
    "muna",
    "buton",
    "malang",
    "tuban",
    "demak",
    "kudus",
    "batang",
    "serang",
    "solo",
    "mitra",
    "madina",
    "palu",
    "seribu",
    "meranti",
    "landak",
    "bima",
    "karo",
    "lingga",
    "kuningan",
    "kapuas",
    "sula",
    "aru",
    "basel",
    "mura",
    "tuba",
    "bangka",
    "belitung",
}
# Names a province shares with a kota of another spelling family (README "Matching pitfalls").
EXTRA_BARE_AMBIGUITY = {"yogyakarta": {"34"}, "jogja": {"34", "34.71"}, "yogya": {"34", "34.71"}, "jogjakarta": {"34", "34.71"}}

# The evaluator: KemenPAN-RB appears in nearly every article as the body that evaluates, so it is an
# attachment candidate only when an SPBE label names it directly ("Indeks SPBE KemenPANRB").
EVALUATOR_IDS = {"kemenpanrb"}

# Tokens before a mention that make it a different organisation or a geographic feature, not the
# government ("Universitas Lampung", "BPS Kabupaten Paser", "DPRD Kota Bogor", "Pulau Bangka").
ORG_WORDS = {
    "universitas",
    "univ",
    "bank",
    "polda",
    "polres",
    "polresta",
    "polsek",
    "kejati",
    "kejari",
    "kodim",
    "korem",
    "kodam",
    "pengadilan",
    "rsud",
    "bandara",
    "pelabuhan",
    "stasiun",
    "hotel",
    "jalan",
    "jl",
    "pt",
    "cv",
    "kanwil",
    "balai",
    "bps",
    "kpu",
    "kpud",
    "bawaslu",
    "dprd",
    "kemenag",
    "pulau",
    "selat",
    "teluk",
    "gunung",
    "sungai",
    "danau",
    "kampus",
    "uin",
    "iain",
    "politeknik",
    "smk",
    "sma",
    "smp",
    "stadion",
    "pasar",
    "terminal",
    "desa",
    "kecamatan",
    "kelurahan",
    "dusun",
    "kampung",
    "lapas",
    "rutan",
    "persatuan",
    "klub",
    "fc",
    "unit",
    "cabang",
    "koran",
    "harian",
    "radio",
    "tv",
}
PLACE_WORDS = {
    "jalan",
    "jl",
    "pulau",
    "selat",
    "teluk",
    "gunung",
    "sungai",
    "danau",
    "bandara",
    "pelabuhan",
    "stasiun",
    "pasar",
    "terminal",
    "stadion",
    "desa",
    "kecamatan",
    "kelurahan",
    "dusun",
    "kampung",
    "kampus",
    "hotel",
}
# Before a central-body acronym: the regional office of the same name ("Dinas Kominfo", "Kadis Kominfo").
REGIONAL_OFFICE_WORDS = {"dinas", "dis", "kadis", "kabid", "bidang", "kepala", "seksi", "kasi", "kasubag", "sekretaris", "kantor"}

TOKEN_RE = re.compile(r"[^\W_]+")


def norm_token(tok: str) -> str:
    t = tok.lower()
    return EXPANSIONS.get(t, t)


def all_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


@dataclass(frozen=True)
class Entry:
    ids: frozenset[str]
    strength: str  # "bare" (a region name), "alias" (press spelling/acronym), "central"
    needs_upper: bool = False  # acronyms like NTB, BPS must be written in capitals
    ordinary: bool = False


class Lexicon:
    """Dict-based trie over compact keys; built once per process (~0.1 s)."""

    MAX_TOKENS = 8

    def __init__(self) -> None:
        g = gazetteer()
        self.gaz = g
        self.typed: dict[tuple[str, str], frozenset[str]] = {k: frozenset(v) for k, v in g.regional_keys().items()}
        bare: dict[str, set[str]] = {}
        for (_kind, key), ids in g.regional_keys().items():
            bare.setdefault(key, set()).update(ids)
        self.bare: dict[str, Entry] = {
            key: Entry(frozenset(ids), "bare", False, key in ORDINARY_WORDS) for key, ids in bare.items()
        }
        for key, extra in EXTRA_BARE_AMBIGUITY.items():
            ids = set(self.bare[key].ids) if key in self.bare else set()
            self.bare[key] = Entry(frozenset(ids | extra), "bare", False, False)
        for alias, target in g.alias_forms():
            kind, rest = split_prefix(alias)
            key = rest.replace(" ", "")
            if kind is not None:
                self.typed[(kind, key)] = frozenset(set(self.typed.get((kind, key), ())) | {target})
            else:
                old = self.bare.get(key)
                ids = frozenset((set(old.ids) if old else set()) | {target})
                self.bare[key] = Entry(ids, "alias", all_upper(alias) and len(key) <= 5, key in ORDINARY_WORDS)
        self.central: dict[str, Entry] = {}
        for form, cid in g.central_forms():
            key = compact(form)
            if key and key not in self.central:
                self.central[key] = Entry(frozenset({cid}), "central", all_upper(form))
        # Every prefix of every key, so a scan stops extending as soon as no key can match.
        self.stems: set[str] = set()
        for key in [k for _, k in self.typed] + list(self.bare) + list(self.central):
            for i in range(1, len(key) + 1):
                self.stems.add(key[:i])
        self.typed_names = {k for _, k in self.typed}
        # R-NAME-TYPO: official names only (not press acronyms), and every known spelling of any
        # body, which is never "corrected" into another one.
        self.near = NearNames()
        for kind, key in g.regional_keys():
            self.near.add(kind, key)
            if kind in ("kabupaten", "kota"):
                self.near.add(LOCAL_GROUP, key)
        self.known = self.typed_names | set(self.bare) | set(self.central)

    def instansi(self, instansi_id: str) -> Instansi:
        return self.gaz.get(instansi_id)


@functools.cache
def lexicon() -> Lexicon:
    return Lexicon()
