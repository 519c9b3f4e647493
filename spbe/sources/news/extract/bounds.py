"""Targets: R-KIND-BOUND (a lower bound stated as an aim is a target, recorded at the bound) and
the cues that date a target the text does not date (R-YEAR-TARGET-*, R-YEAR-PLAN in decide.py).

"menargetkan indeks SPBE di atas 4", "ingin indeksnya naik di atas v poin", "target v lebih",
"minimal 4 pada tahun depan": the number is the target's floor (the gold convention records a
lower bound at the bound). Without an aim in the clause the same words quote a band floor or a
threshold ("nilai di atas 2,6 masuk predikat Baik") and the candidate rules refuse it.

Integers are index values only here: "di atas 4" in an aim clause; "minimal 4 domain" and "4 tahun"
stay plain numbers.
"""

from __future__ import annotations

import re

from spbe.sources.news.extract.cues import CLAUSE_BREAK_RE, IC

_BOUND_WORDS = (
    r"(?:\bdi\s*atas|\bdiatas|\blebih\s+dari|\bmelebihi|\bminimal|\bminimum|\bsetidaknya|\bsetidak-tidaknya|"
    r"\bpaling\s+tidak|\bsekurang-kurangnya|\bsekurangnya)"
)
_FILLER = r"(?:\s+(?:angka|nilai|indeks|skor|level|sebesar|pada|di|kisaran))*"
LOWER_BOUND_BEFORE_RE = re.compile(_BOUND_WORDS + _FILLER + r"\s*[:(]?\s*$", IC)
LOWER_BOUND_AFTER_RE = re.compile(
    r"^\s*(?:poin\s+|point\s+)?(?:lebih\b(?!\s+(?:rendah|kecil|tinggi|dari))|ke\s*atas\b|keatas\b|paling\s+tidak\b)", IC
)
# An aim: a target, a plan, a wish. "target" also covers "targetnya", "ditargetkan", "menargetkan".
AIM_RE = re.compile(
    r"\b(?:\w*target\w*|menargetkan|sasaran\w*|dipatok|mematok|\w*ingin\w*|berharap|diharapkan|harapan\w*|mengharapkan|"
    r"bertekad|membidik|dibidik|optimis\w*|mengupayakan|diupayakan|berupaya|berusaha|mengejar|bidik|incar|mengincar|diincar|kejar|rpjmd|renstra|rpd)\b",
    IC,
)
AIM_WINDOW = 150  # characters of the clause before the value that may hold the aim
# "di atas 4" / "minimal 4": an integer right after a bound word, ending the phrase (not "4 domain").
_INT_BOUND_RE = re.compile(
    _BOUND_WORDS + _FILLER + r"\s+([1-5])(?![\d.,]\d|\d)"
    r"(?=\s*(?:[.,;:)\"”’]|$|poin\b|point\b|pada\b|di\b|dan\b|untuk\b|atau\b|lebih\b|ke\s*atas\b|"
    r"tahun\s+(?:ini|depan|20[1-3]\d)\b))",
    IC,
)


def aim_before(text: str, a: int) -> bool:
    """Does the clause that ends at position `a` state an aim?"""
    before = text[max(0, a - AIM_WINDOW) : a]
    start = 0
    for m in CLAUSE_BREAK_RE.finditer(before):
        start = m.end()
    return AIM_RE.search(before, start) is not None


def aimed_bound(text: str, a: int, b: int) -> bool:
    """Is the value at [a, b) a lower bound ("di atas 4", "3,5 lebih") inside an aim clause?"""
    bounded = LOWER_BOUND_BEFORE_RE.search(text, max(0, a - 60), a) or LOWER_BOUND_AFTER_RE.match(text[b : b + 30])
    return bool(bounded) and aim_before(text, a)


def bound_integers(text: str) -> list[tuple[int, int, float]]:
    """Integer lower bounds inside an aim clause, as (start, end, value) like `find_values`."""
    out = []
    for m in _INT_BOUND_RE.finditer(text):
        if aim_before(text, m.start(1)):
            out.append((m.start(1), m.end(1), float(m.group(1))))
    return out


# A result said to exceed a target ("melampaui target", "lebih tinggi dari target ... 3,5").
TARGET_BEATEN_RE = re.compile(
    r"\b(?:melampaui\w*|melebihi|lebih\s+tinggi\s+dari(?:pada)?|mengungguli|terlampaui|dilampaui)\b", IC
)
# "menargetkan indeks SPBE 3,5", "target 3,5", but not "di atas target 2,7" (a comparison).
TARGET_STATED_RE = re.compile(
    r"(?<!atas\s)(?<!bawah\s)(?<!dari\s)\b(?:menargetkan|ditargetkan|targetkan|targetnya|target|dipatok|mematok|sasaran)"
    r"(?:\s+(?:nilai|indeks|skor|angka|spbe|sebesar|di|pada|yakni|yaitu|adalah|poin))*\s*[:(]?\s*$",
    IC,
)
# "RPJMD 2021-2026", "Renstra 2019-2024", "periode 2021-26": the captured group is the end year.
PLAN_PERIOD_RE = re.compile(
    r"\b(?:RPJMD|RPJMN|RPJPD|RPD|RKPD|Renstra|rencana\s+(?:pembangunan|strategis)|periode|masa\s+jabatan)\b"
    r"[^.;]{0,80}?\b20[1-3]\d\s*[-–—/]\s*(?:20)?([1-3]\d)\b",
    IC,
)
