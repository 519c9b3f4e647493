"""`spbe parse-lampiran FILE.pdf|FILE.html [--year N]`: one saved decree lampiran as CSV on stdout (offline).

The same code as the `official_results` asset: `parse_document` (the shared line interpreter over
the PDF, OCR or HTML backend) and `build_official_facts`. Every row read is printed once, `ok` or
`rejected` with its reason; lines that make no row (a stray line, a gap in the `No.` sequence)
are printed as rejected too, so nothing the document holds is missing from the output.
Without --year the evaluation year is taken from the document's title.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

import pandas as pd

from spbe.domain.calendar import year_problem
from spbe.domain.instansi import gazetteer
from spbe.domain.numbers import ValueParseError, parse_index_value
from spbe.sources.official.facts import build_official_facts
from spbe.sources.official.parse import LampiranError, document_text, parse_document

HEADER = ["no", "name", "instansi_id", "index", "predikat", "page", "method", "confidence", "status", "reason"]
# "HASIL EVALUASI SPBE ... TAHUN 2020", "Hasil Pemantauan SPBE 2025"; not the decree's own "NOMOR 153 TAHUN 2021".
_YEAR_IN_TITLE = re.compile(r"(?:evaluasi|pemantauan)[\s\S]{0,200}?\b(?:tahun|spbe)\s+(20\d\d)\b", re.I)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a saved lampiran: PDF (text layer or scan) or HTML page")
    parser.add_argument("--year", type=int, help="evaluation year (default: from the document's title)")
    parser.add_argument("--allow-other-year", action="store_true",
                        help="read the document as --year even though its title, decree number or index header name another year")


def _index(text: object) -> str:
    try:
        return f"{parse_index_value(text):.2f}"
    except ValueParseError:
        return ""


def _cell(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _reasons_by_row(frame: pd.DataFrame) -> dict[int, str]:
    """Reasons keyed by the int row number: a Series keyed by float row numbers answered .get(n)
    by position when n was not a label (pandas' deprecated fallback)."""
    located = frame.dropna(subset=["row_number"])
    return {int(n): "; ".join(group["reason"]) for n, group in located.groupby("row_number")}


def _status(n: int, rejected: dict, flagged: dict) -> str:
    return "rejected" if n in rejected else "flagged" if n in flagged else "ok"


def _rows(parsed, result) -> list[list[str]]:
    """Every row read (ok, flagged or rejected), every reject no row stands for (gaps, lost pages,
    average rows, duplicates and out-of-sequence numbers the parser took out) and every line judged
    to be no row (headings, titles, the signature), each with its page and reason."""
    facts = result.facts.set_index("row_number")
    rejected, flagged = _reasons_by_row(result.rejected), _reasons_by_row(result.flagged)
    out = []
    read = set()
    for raw in parsed.rows.to_dict("records"):
        n = int(raw["row_number"])
        read.add(n)
        method = "ocr" if raw["method"] == "ocr" else "text"
        confidence = f"{raw['confidence']:.2f}" if pd.notna(raw["confidence"]) else ""
        common = [_cell(raw["page"]), method, confidence]
        if n in facts.index and n not in rejected:
            fact = facts.loc[n]
            out.append([_cell(raw["published_no"]), raw["published_name"], fact["instansi_id"], f"{fact['index_value']:.2f}",
                        _cell(fact["predikat"]), *common, _status(n, rejected, flagged), flagged.get(n, "")])
        else:
            out.append([_cell(raw["published_no"]), raw["published_name"], "", _index(raw["index_text"]),
                        _cell(raw["predikat_text"]), *common, "rejected", rejected.get(n, "not loaded")])
    for rec in result.rejected.to_dict("records"):
        n = rec["row_number"]
        if pd.notna(n) and int(n) in read:
            continue
        raw = _raw(rec["raw"])
        method = "ocr" if raw.get("method") == "ocr" else "text"
        out.append([_cell(raw.get("published_no")), _cell(rec["published_name"] or ""), "", _index(raw.get("index_text")),
                    _cell(raw.get("predikat_text")), _cell(rec["page"]), method, "", "rejected", rec["reason"]])
    for line in parsed.judged:
        if line["kind"] == "heading":
            out.append(["", line["text"], "", "", "", _cell(line["page"]), "", "", "heading", "section heading: not a row"])
    for note in parsed.skipped:
        out.append(["", "", "", "", "", "", "", "", "note", note])
    return out


def _raw(text: object) -> dict:
    try:
        found = json.loads(text) if isinstance(text, str) else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _year(content: bytes, path: Path) -> int:
    m = _YEAR_IN_TITLE.search(document_text(content, source_url=str(path), pages=2))
    if m is None:
        raise LampiranError(f"{path}: the evaluation year is not in the document's title; give --year")
    return int(m.group(1))


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        content = path.read_bytes()
        year = args.year or _year(content, path)
        problem = year_problem(year)
        if problem:
            print(f"spbe parse-lampiran: --year {year}: {problem}", file=sys.stderr)
            return 2
        parsed = parse_document(content, year=year, source_url=str(path), allow_other_year=args.allow_other_year)
    except OSError as exc:
        print(f"spbe parse-lampiran: {path}: cannot read the file: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except LampiranError as exc:
        print(f"spbe parse-lampiran: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    result = build_official_facts(parsed.rows, gazetteer(), parsed.rejects)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(_rows(parsed, result))
    sys.stdout.flush()
    print(
        f"{path}: {year}, {parsed.pages} page(s), {len(parsed.rows)} rows read, {len(result.facts)} ok,"
        f" {len(result.rejected)} rejected, {len(result.flagged)} flagged, {parsed.missing_rows} missing by 'No.'",
        file=sys.stderr,
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="spbe parse-lampiran", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
