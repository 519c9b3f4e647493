"""Stage 6 (decide), modality: statements about a value that are not evaluations.

One rule per case, each in one place (issue "Never silently wrong"):

    R-MOD-NEGATED     "belum pernah mendapat indeks 4,00", "tidak meraih 3,5", "bukan 3,2"
    R-MOD-FAILED      "gagal mencapai 3,50", "tidak berhasil meraih", "meleset dari 3,5"
    R-MOD-ALMOST      "hampir meraih 3,5", "nyaris menyentuh 4,2"
    R-MOD-PREDICTED   "diprediksi 3,4", "diperkirakan mencapai", "diproyeksikan"
    R-MOD-CONDITIONAL "Jika berhasil, ... akan memperoleh 3,6", "seandainya", "apabila"
    R-MOD-DENIED      "disebut-sebut meraih 3,8, kemudian dibantah", "kabar ... tidak benar"
    R-MOD-HOPED       "berharap meraih 3,5" (unless the sentence says it is a target)

A hope is a target only where the text says so ("target", "ditargetkan"); then the kind rules
take it. The windows are bounded: the cue must be in the value's own clause, at most
`_WINDOW` characters before it (or, for a denial, after it in the same sentence).
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
_WINDOW = 90

# A clause boundary: the cue must not be separated from the value by one of these.
_CLAUSE_END_RE = re.compile(
    r"[;.!?]|\b(?:sedangkan|sementara\s+itu|namun|tetapi|adapun|kemudian\s+(?:naik|turun|meningkat))\b", _I
)

_NEGATED_RE = re.compile(
    r"\b(?:belum\s+pernah|tidak\s+pernah|tak\s+pernah|belum|tidak|tak|bukan(?:lah)?|tanpa)\s+"
    r"(?:(?:juga|lagi|sampai|sempat|bisa|dapat|mampu|berhasil|pernah)\s+)*"
    r"(?:mendapat\w*|meraih|memperoleh|mencapai|menyentuh|menembus|mencatat\w*|mengantongi|diberi|dinilai|sebesar|"
    r"di\s+angka|pada\s+angka|berada|menjadi|setinggi)\b[^;.!?]*$",
    _I,
)
_FAILED_RE = re.compile(
    r"\b(?:gagal|tidak\s+berhasil|tak\s+berhasil|belum\s+berhasil|meleset|luput)\b[^;.!?]*$",
    _I,
)
_ALMOST_RE = re.compile(r"\b(?:hampir|nyaris|sedikit\s+lagi)\b[^;.!?]*$", _I)
_PREDICTED_RE = re.compile(
    r"\b(?:diprediksi|diprediksikan|memprediksi|prediksi\w*|diperkirakan|memperkirakan|perkiraan|diproyeksikan|"
    r"proyeksi|diramalkan|meramalkan|berpotensi|kemungkinan\s+(?:besar\s+)?(?:akan\s+)?|diestimasi\w*|estimasi)\b[^;.!?]*$",
    _I,
)
# "bila dibandingkan dengan tahun lalu (3,1)", "kalau melihat capaian 2020, posisi kami 2,3": "if compared
# with", "if we look at" introduce a reference point, a fact, not a condition (grammar).
_CONDITIONAL_RE = re.compile(
    r"(?:^|[\s,(\"“])(?:jika|jikalau|apabila|bila|kalau|seandainya|andai|andaikan|andaikata|sekiranya|manakala)\b"
    r"(?!\s+(?:di)?banding\w*|\s+(?:melihat|dilihat|menilik|ditilik|merujuk|mengacu)\b)[^;.!?]*$",
    _I,
)
_DENIED_AFTER_RE = re.compile(
    r"^[^.!?]{0,160}?\b(?:dibantah|membantah|bantahan|ditepis|menepis|tidak\s+benar|hoaks|hoax|keliru|diralat|meralat|ralat)\b",
    _I,
)
_CLAIMED_BEFORE_RE = re.compile(
    r"\b(?:disebut-sebut|disebut\s+sebut|kabarnya|dikabarkan|diisukan|rumor|isu|klaim|diklaim)\b[^;.!?]*$", _I
)
_HOPED_RE = re.compile(
    r"\b(?:berharap|harapan(?:nya)?|diharapkan|mengharapkan|semoga|mudah-mudahan|bermimpi|cita-cita|ingin|berkeinginan|bertekad)\b[^;.!?]*$",
    _I,
)
_TARGET_WORD_RE = re.compile(r"\b(?:target\w*|ditargetkan|menargetkan|sasaran|dipatok|mematok|rpjmd|renstra)\b", _I)


def _clause_before(text: str, a: int) -> str:
    """The value's own clause, up to `_WINDOW` characters back."""
    window = text[max(0, a - _WINDOW) : a]
    cut = 0
    for m in _CLAUSE_END_RE.finditer(window):
        cut = m.end()
    return window[cut:]


def modality_refusal(text: str, a: int, b: int) -> str | None:
    """The modality rule that makes the value at text[a:b] a non-evaluation, or None."""
    clause = _clause_before(text, a)
    if _FAILED_RE.search(clause):
        return "R-MOD-FAILED"
    if _ALMOST_RE.search(clause):
        return "R-MOD-ALMOST"
    if _NEGATED_RE.search(clause):
        return "R-MOD-NEGATED"
    if _CONDITIONAL_RE.search(clause) and not _TARGET_WORD_RE.search(clause):
        return "R-MOD-CONDITIONAL"
    if _PREDICTED_RE.search(clause) and not _TARGET_WORD_RE.search(clause):
        return "R-MOD-PREDICTED"
    if _CLAIMED_BEFORE_RE.search(clause) or _DENIED_AFTER_RE.match(text[b : b + 170]):
        return "R-MOD-DENIED"
    if _HOPED_RE.search(clause) and not _TARGET_WORD_RE.search(text[max(0, a - 200) : b + 60]):
        return "R-MOD-HOPED"
    return None
