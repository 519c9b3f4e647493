"""Which column is which: a lampiran header read by meaning, not by position.

Decrees name their columns differently ("Nama Instansi", "NAMA K/L/PEMDA",
"Kementerian/Lembaga/Pemerintah Daerah"; "Indeks", "NILAI", "Skor Indeks", "Indeks SPBE 2024",
"Indeks Pemerintah Digital"), put them in another order and add columns of their own ("Provinsi",
"Keterangan"). A header cell is a *label* only when every word in it belongs to a header vocabulary,
so a body cell such as "Pemerintah Kabupaten Bogor" or "3,12" never passes for one.

The names of the index come from the evaluation methods (spbe/data/methods.toml): a header that
names an index ("Indeks SPBE", "Indeks PemDI") must name the index of the evaluation year's method;
an SPBE table offered as a 2026 (PemDI) result is refused, not loaded under PemDI's bands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spbe.domain.methods import method_for_year, methods

ROLES = ("number", "name", "index", "predikat")
_YEAR = re.compile(r"^(19|20)\d\d$")
# Words a header label is made of, per role; `_KEY` are the words that decide the role.
_WORDS = {
    "number": {"no", "nomor", "urut", "#"},
    "name": {"nama", "instansi", "pemerintah", "k", "l", "kl", "pd", "pemda", "kementerian", "lembaga", "daerah"},
    "index": {"indeks", "index", "nilai", "skor", "score", "spbe", "tahun", "akhir"},
    "predikat": {"predikat", "kategori", "spbe", "tahun"},
}
_KEY = {
    "number": {"no", "nomor", "#"},
    "name": {"nama", "instansi", "pemda", "kementerian", "k", "kl"},
    "index": {"indeks", "index", "nilai", "skor", "score"},
    "predikat": {"predikat", "kategori"},
}
_GENERIC = {"indeks", "index"}


_NAME_WORDS: dict[int, tuple[tuple, dict[str, list[set[str]]]]] = {}  # per loaded methods file


def _index_name_words() -> dict[str, list[set[str]]]:
    """index_code -> the distinctive words of each name the press gives it ({'pemerintah', 'digital'})."""
    loaded = methods()  # the loader caches per file, so the same tuple comes back until the file changes
    cached = _NAME_WORDS.get(id(loaded))
    if cached is not None and cached[0] is loaded:
        return cached[1]
    named: dict[str, list[set[str]]] = {}
    for m in loaded:
        for name in (*m.index_names, m.index_code):
            words = set(_words(name)) - _GENERIC
            if words:
                named.setdefault(m.index_code, []).append(words)
    _NAME_WORDS[id(loaded)] = (loaded, named)
    return named


def named_indices(text: str) -> set[str]:
    """The index codes ('SPBE', 'PemDI') a header names: 'Indeks Pemerintah Digital 2026' -> {'PemDI'}."""
    words = set(_words(text))
    return {code for code, names in _index_name_words().items() if any(n <= words for n in names)}


# An "other" column header is short text that cannot be a value: no index, no band, no number.
_VALUE_LIKE = re.compile(r"\d[.,]\d|^\d+\.?$|\b(memuaskan|baik|cukup|kurang)\b", re.I)


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s/.,:()\-]+", text.lower()) if w]


def _vocabulary(role: str) -> set[str]:
    """A role's header words; the index and predikat columns may also name the index, in any of
    the methods' names ("Indeks Pemerintah Digital", "Predikat PemDI")."""
    if role not in ("index", "predikat"):
        return _WORDS[role]
    return _WORDS[role] | {w for names in _index_name_words().values() for n in names for w in n}


def label_role(text: str) -> str | None:
    """'number', 'name', 'index' or 'predikat' when the cell is a header label; None otherwise."""
    words = _words(text)
    if not words or len(words) > 8:
        return None
    plain = [w for w in words if not _YEAR.match(w)]
    for role in ROLES:
        if plain and set(plain) <= _vocabulary(role) and set(plain) & _KEY[role]:
            return role
    return None


def header_year(text: str) -> int | None:
    years = [int(w) for w in _words(text) if _YEAR.match(w)]
    return years[0] if len(years) == 1 else None


def _other_label(text: str) -> bool:
    return 0 < len(text.split()) <= 5 and not _VALUE_LIKE.search(text)


def header_roles(cells: list[str]) -> list[str | None] | None:
    """Each cell's role ('other' for an extra column) when the cells form a header line; else None."""
    roles: list[str | None] = []
    for cell in cells:
        if not cell:
            roles.append(None)
            continue
        role = label_role(cell)
        if role is None and not _other_label(cell):
            return None
        roles.append(role or "other")
    if "name" in roles and "index" in roles:
        return roles
    return None


class ColumnError(ValueError):
    """The header does not say unambiguously where the values are."""


@dataclass
class ColumnMap:
    """Positions of the columns the interpreter needs, and what else the header held."""

    positions: dict[str, int]  # role -> cell position
    header: list[str]
    others: list[str] = field(default_factory=list)  # extra columns, reported in metadata
    index_choice: str = ""  # why this index column, when there was a choice

    def cell(self, cells: list[str], role: str) -> str:
        pos = self.positions.get(role)
        return cells[pos] if pos is not None and pos < len(cells) else ""

    def describe(self) -> str:
        named = ", ".join(f"{role}={self.header[pos]!r}" for role, pos in self.positions.items())
        extra = f"; extra columns {', '.join(map(repr, self.others))}" if self.others else ""
        choice = f"; {self.index_choice}" if self.index_choice else ""
        return f"{named}{extra}{choice}"


def column_map(cells: list[str], roles: list[str | None], year: int | None) -> ColumnMap:
    """Map a header line to column positions; two index (or predikat) columns need the year to decide."""
    positions: dict[str, int] = {}
    choice = ""
    for role in ROLES:
        found = [i for i, r in enumerate(roles) if r == role]
        if len(found) == 1:
            positions[role] = found[0]
        elif len(found) > 1:
            named = [i for i in found if header_year(cells[i]) == year] if year else []
            seen = ", ".join(repr(cells[i]) for i in found)
            if len(named) != 1:
                raise ColumnError(
                    f"{len(found)} {role} columns ({seen}) and none names evaluation year {year} alone;"
                    f" header seen: {' | '.join(cells)}"
                )
            positions[role] = named[0]
            choice += f"{role} column {cells[named[0]]!r} chosen from {seen} because it names {year}; "
    others = [cells[i] for i, r in enumerate(roles) if r == "other" or (r in ROLES and positions.get(r) != i)]
    if year is not None:
        _check_index_named(cells, positions, year)
    return ColumnMap(positions, list(cells), others, choice.strip("; "))


def _check_index_named(cells: list[str], positions: dict[str, int], year: int) -> None:
    """The index the value columns name must be the index of the year's method."""
    method = method_for_year(year)
    for role in ("index", "predikat"):
        if role not in positions:
            continue
        named = named_indices(cells[positions[role]])
        if named and method.index_code not in named:
            raise ColumnError(
                f"the {role} column {cells[positions[role]]!r} names the {'/'.join(sorted(named))} index, but evaluation"
                f" year {year} is rated by the {method.index_names[0]} ({method.id}): a table of another"
                f" index or another year; header seen: {' | '.join(cells)}"
            )
