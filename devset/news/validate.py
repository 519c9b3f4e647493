"""Consistency checks for the news dev set (stdlib only).

    python devset/news/validate.py [path/to/wilayah_kabkota.csv]

Checks: every article has a gold file and a manifest row; gold header, names (Kemendagri names from
the reference file, "Provinsi <name>", or a known central body), types, provinces, years 2018-2025,
two-decimal values in 1.00-5.00, kinds, predikat values and bands (evaluation rows must agree with
the band unless the note says the article is inconsistent); every gold value is written in the
article; every negatives.csv snippet occurs verbatim in its article; article length 300-700 words
for the synthetic articles (005+); manifest dates, hosts and titles.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ART = HERE / "articles"
GOLD_HEADER = ["normalized_name", "instansi_type", "province", "year", "value", "kind", "predikat", "note"]
KINDS = {"evaluation", "self_assessment", "target"}
# The bands come from the project's one methods file (read with tomllib: this script stays stdlib only).
METHODS = tomllib.loads((HERE.parents[1] / "spbe" / "data" / "methods.toml").read_text(encoding="utf-8"))["method"]
PREDIKATS = {b["predikat"] for m in METHODS for b in m["bands"]}
CENTRAL = {
    "Kementerian Keuangan": "kementerian",
    "Kementerian Agama": "kementerian",
    "Kementerian Kelautan dan Perikanan": "kementerian",
    "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi": "kementerian",
    "Badan Pusat Statistik": "lembaga",
    "Badan Kepegawaian Negara": "lembaga",
    "Badan Siber dan Sandi Negara": "lembaga",
}


def band(v: float, year: int) -> str:
    """The predikat of v under the bands of the method that covers evaluation year `year`."""
    method = next(m for m in METHODS if m["first_year"] <= year <= m.get("last_year", year))
    for b in method["bands"]:
        above = v >= b["from"] if b["from_inclusive"] else v > b["from"]
        below = v <= b["to"] if b["to_inclusive"] else v < b["to"]
        if above and below:
            return b["predikat"]
    raise ValueError(v)


def value_forms(v: str) -> list[str]:
    a, b = v.split(".")
    forms = [f"{a},{b}", f"{a}.{b}"]
    if b.endswith("0"):
        forms += [f"{a},{b[0]}", f"{a}.{b[0]}"]
    return forms


def in_text(v: str, text: str) -> bool:
    return any(re.search(r"(?<![\d.,])" + re.escape(f) + r"(?![\d])(?![.,]\d)", text) for f in value_forms(v))


def main() -> int:
    ref = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/reference/wilayah_kabkota.csv")
    wil = list(csv.DictReader(ref.open(encoding="utf-8")))
    kabkota = {r["name"]: r for r in wil if r["type"] != "provinsi"}
    provinces = {r["name"] for r in wil if r["type"] == "provinsi"}
    errors: list[str] = []
    counts = {k: 0 for k in KINDS}

    arts = sorted(p for p in ART.glob("*.txt"))
    manifest = {r["path"]: r for r in csv.DictReader((HERE / "manifest.csv").open(encoding="utf-8"))}
    if set(manifest) != {p.name for p in arts}:
        errors.append(f"manifest/article mismatch: {set(manifest) ^ {p.name for p in arts}}")
    for path in arts:
        text = path.read_text(encoding="utf-8")
        num = int(path.name[:3])
        m = manifest.get(path.name)
        if m:
            dt.date.fromisoformat(m["published"])
            host = m["url"].split("/")[2]
            if host != m["site"] or not host.endswith(".example.id"):
                errors.append(f"{path.name}: bad url/site")
            if num >= 5 and m["title"] != text.splitlines()[0].strip():
                errors.append(f"{path.name}: title is not the first line")
        if num >= 5 and not 300 <= len(text.split()) <= 700:
            errors.append(f"{path.name}: {len(text.split())} words")
        gpath = path.with_suffix(".gold.csv")
        if not gpath.exists():
            errors.append(f"{path.name}: no gold file")
            continue
        rows = list(csv.reader(gpath.open(encoding="utf-8")))
        if rows[0] != GOLD_HEADER:
            errors.append(f"{gpath.name}: bad header")
        for r in rows[1:]:
            if len(r) != 8:
                errors.append(f"{gpath.name}: {len(r)} columns: {r}")
                continue
            name, typ, prov, year, value, kind, pred, note = r
            where = f"{gpath.name}: {name} {year} {kind}"
            if typ in ("kabupaten", "kota"):
                ref_row = kabkota.get(name)
                if not ref_row or ref_row["type"] != typ or ref_row["province_name"] != prov:
                    errors.append(f"{where}: not a Kemendagri {typ} of {prov}")
            elif typ == "provinsi":
                if not name.startswith("Provinsi ") or name[9:] not in provinces or name[9:] != prov:
                    errors.append(f"{where}: bad province name")
            elif typ in ("kementerian", "lembaga"):
                if CENTRAL.get(name) != typ or prov:
                    errors.append(f"{where}: unknown central body or province set")
            else:
                errors.append(f"{where}: bad instansi_type {typ}")
            if not 2018 <= int(year) <= 2025:
                errors.append(f"{where}: year out of range")
            if not re.fullmatch(r"[1-5]\.\d\d", value) or not 1.0 <= float(value) <= 5.0:
                errors.append(f"{where}: bad value {value}")
            if kind not in KINDS:
                errors.append(f"{where}: bad kind")
            counts[kind] = counts.get(kind, 0) + 1
            if pred and pred not in PREDIKATS:
                errors.append(f"{where}: bad predikat {pred}")
            if pred and pred != band(float(value), int(year)) and "inconsistent" not in note:
                errors.append(f"{where}: predikat {pred} disagrees with band {band(float(value), int(year))}")
            if not in_text(value, text) and "spelled out" not in note:
                errors.append(f"{where}: value {value} not found in text")

    negs = list(csv.DictReader((HERE / "negatives.csv").open(encoding="utf-8")))
    for n in negs:
        p = ART / n["path"]
        if not p.exists() or n["snippet"] not in p.read_text(encoding="utf-8"):
            errors.append(f"negatives: snippet not found in {n['path']}: {n['snippet']}")

    for e in errors:
        print("ERROR", e)
    print(f"articles={len(arts)} gold rows={sum(counts.values())} {counts} negatives={len(negs)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
