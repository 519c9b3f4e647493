"""Which column is which: a lampiran header read by meaning, not by position.

Decrees name their columns differently ("Nama Instansi", "NAMA K/L/PEMDA",
"Kementerian/Lembaga/Pemerintah Daerah"; "Indeks", "NILAI", "Skor Indeks", "Indeks SPBE 2024"), put
them in another order and add columns of their own ("Provinsi", "Keterangan"). A header cell is a
*label* only when every word in it belongs to a header vocabulary, so a body cell such as
"Pemerintah Kabupaten Bogor" or "3,12" never passes for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
# An "other" column header is short text that cannot be a value: no index, no band, no number.
_VALUE_LIKE = re.compile(r"\d[.,]\d|^\d+\.?$|\b(memuaskan|baik|cukup|kurang)\b", re.I)


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s/.,:()\-]+", text.lower()) if w]


def label_role(text: str) -> str | None:
    """'number', 'name', 'index' or 'predikat' when the cell is a header label; None otherwise."""
    words = _words(text)
    if not words or len(words) > 8:
        return None
    plain = [w for w in words if not _YEAR.match(w)]
    for role in ROLES:
        if plain and set(plain) <= _WORDS[role] and set(plain) & _KEY[role]:
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

    def header_of(self, role: str) -> str:
        pos = self.positions.get(role)
        return self.header[pos] if pos is not None and pos < len(self.header) else ""

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
    return ColumnMap(positions, list(cells), others, choice.strip("; "))
