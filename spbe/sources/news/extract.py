"""SPBE figures stated in Indonesian local news: who, which evaluation year, which value, what kind.

`extract_figures(text, published)` returns one `NewsFigure` per (instansi, year, value, kind) the
article states. The pipeline is rule based and deliberately conservative - a wrong figure in the
warehouse is worse than a missing one - so every doubt (no resolvable instansi, no SPBE context in
the clause, no evaluation year) drops the number instead of guessing.

    text ─► paragraphs ─► sentences
         └► instansi mentions (one scan over the tokens with a precompiled lexicon built from the
            project gazetteer; homonyms resolved against the whole article; the article's dominant
            body computed once)
    for each sentence, for each number shaped like an index value ("3,49", "2.87", "2,9"):
        surface filters   percentages, money, units, versions, times, ranges, thousands
        negative context  deltas, averages, thresholds/comparisons, other indices, SPBE domains
        SPBE context      an SPBE label in the sentence, an anaphor to the previous sentence, or
                          a result word while SPBE is the index the article last named
        kind              self-assessment cue > nearest target/evaluation cue > default evaluation
        instansi          "masing-masing" lists > nearest preceding mention > paragraph/article subject;
                          none when the nearest body is an unnamed one or another organisation
        year              post-value year > nearest year before > decree number > calendar;
                          "evaluasi yang sama" = the article's evaluation, "tidak dievaluasi 2020" = 2019
        predikat          "kategori/predikat <band>" next to the value, or said of the whole group
                          ("Keduanya ... predikat Baik", "sama-sama berpredikat", "masing-masing")
    then per article: de-duplicate, drop contradictory evaluation values for one body and year.

Rule names (R-...) in the comments are referenced by the tests.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources

from spbe.domain.calendar import (
    FIRST_EVALUATION_YEAR,
    LAST_SPBE_YEAR,
    evaluation_year_of_decree,
    latest_published_evaluation_year,
    release_of,
)
from spbe.domain.instansi import Instansi, compact, gazetteer, split_prefix
from spbe.domain.numbers import ValueParseError, parse_index_value
from spbe.domain.predikat import normalize_predikat

__all__ = ["NewsFigure", "extract_figures", "FIGURE_KINDS"]

FIGURE_KINDS = ("evaluation", "self_assessment", "target")


@dataclass(frozen=True)
class NewsFigure:
    """One SPBE figure an article states about one instansi."""

    instansi_id: str
    name: str  # canonical name from the gazetteer
    instansi_type: str
    province: str | None  # province name; None for central bodies
    year: int  # EVALUATION year (a target's year for targets)
    value: float  # 1.00-5.00, two decimals
    kind: str  # evaluation | self_assessment | target
    predikat: str | None  # canonical band, only when the text states it for this figure
    evidence: str  # the sentence the figure was read from


# =============================================================================================
# Lexicon: every surface form of an instansi, built once from the gazetteer
# =============================================================================================

_EXPAND = {"kep": "kepulauan", "kab": "kabupaten", "prov": "provinsi", "adm": "administrasi", "sumatra": "sumatera"}

# Words that announce the type of body that follows (normalised tokens). None = "pemerintah X":
# the name alone decides ("Pemerintah Aceh").
_PREFIX_SEQS: dict[tuple[str, ...], str | None] = {
    ("pemerintah", "daerah", "provinsi"): "provinsi",
    ("pemerintah", "provinsi"): "provinsi",
    ("pemda", "provinsi"): "provinsi",
    ("pemprov",): "provinsi",
    ("pemprop",): "provinsi",
    ("provinsi",): "provinsi",
    ("propinsi",): "provinsi",
    ("gubernur",): "provinsi",
    ("wakil", "gubernur"): "provinsi",
    ("wagub",): "provinsi",
    ("setdaprov",): "provinsi",
    ("pemerintah", "daerah", "kabupaten"): "kabupaten",
    ("pemerintah", "kabupaten"): "kabupaten",
    ("pemda", "kabupaten"): "kabupaten",
    ("pemkab",): "kabupaten",
    ("kabupaten", "administrasi"): "kabupaten",
    ("kabupaten",): "kabupaten",
    ("bupati",): "kabupaten",
    ("wakil", "bupati"): "kabupaten",
    ("wabup",): "kabupaten",
    ("setdakab",): "kabupaten",
    ("pemerintah", "daerah", "kota"): "kota",
    ("pemerintah", "kota"): "kota",
    ("pemda", "kota"): "kota",
    ("pemkot",): "kota",
    ("kota", "administrasi"): "kota",
    ("kota",): "kota",
    ("wali", "kota"): "kota",
    ("walikota",): "kota",
    ("wakil", "wali", "kota"): "kota",
    ("wakil", "walikota"): "kota",
    ("wawali",): "kota",
    ("wawalkot",): "kota",
    ("setdakot",): "kota",
    ("pemerintah", "daerah"): None,
    ("pemerintah",): None,
    ("pemda",): None,
}
_PREFIX_MAX = max(len(k) for k in _PREFIX_SEQS)
_PREFIX_FIRST = {k[0] for k in _PREFIX_SEQS}

# R-ORDINARY: region names that are ordinary Indonesian words or common personal names. Without a
# "Kabupaten"/"Kota"/"Pemkab" cue they count only when the same body is named unambiguously
# elsewhere in the article (reference README: "match them only with a prefix or region context").
_ORDINARY_WORDS = {
    "pati", "batu", "metro", "puncak", "buru", "agam", "bone", "toba", "siak", "banjar", "lebak", "kaur",
    "ende", "alor", "sigi", "muna", "buton", "malang", "tuban", "demak", "kudus", "batang", "serang",
    "solo", "mitra", "madina", "palu", "seribu", "meranti", "landak", "bima", "karo", "lingga", "kuningan",
    "kapuas", "sula", "aru", "basel", "mura", "tuba", "bangka", "belitung",
}
# Names a province shares with a kota of another spelling family (README "Matching pitfalls").
_EXTRA_BARE_AMBIGUITY = {"yogyakarta": {"34"}, "jogja": {"34", "34.71"}, "yogya": {"34", "34.71"}, "jogjakarta": {"34", "34.71"}}

# The evaluator: KemenPAN-RB appears in nearly every article as the body that evaluates, so it is an
# attachment candidate only when an SPBE label names it directly ("Indeks SPBE KemenPANRB").
_EVALUATOR_IDS = {"kemenpanrb"}

# Tokens before a mention that make it a different organisation or a geographic feature, not the
# government ("Universitas Lampung", "BPS Kabupaten Paser", "DPRD Kota Bogor", "Pulau Bangka").
_ORG_WORDS = {
    "universitas", "univ", "bank", "polda", "polres", "polresta", "polsek", "kejati", "kejari", "kodim",
    "korem", "kodam", "pengadilan", "rsud", "bandara", "pelabuhan", "stasiun", "hotel", "jalan", "jl",
    "pt", "cv", "kanwil", "balai", "bps", "kpu", "kpud", "bawaslu", "dprd", "kemenag", "pulau", "selat",
    "teluk", "gunung", "sungai", "danau", "kampus", "uin", "iain", "politeknik", "smk", "sma", "smp",
    "stadion", "pasar", "terminal", "desa", "kecamatan", "kelurahan", "dusun", "kampung", "lapas",
    "rutan", "persatuan", "klub", "fc", "unit", "cabang", "koran", "harian", "radio", "tv",
}
_PLACE_WORDS = {
    "jalan", "jl", "pulau", "selat", "teluk", "gunung", "sungai", "danau", "bandara", "pelabuhan", "stasiun",
    "pasar", "terminal", "stadion", "desa", "kecamatan", "kelurahan", "dusun", "kampung", "kampus", "hotel",
}
# Before a central-body acronym: the regional office of the same name ("Dinas Kominfo", "Kadis Kominfo").
_REGIONAL_OFFICE_WORDS = {"dinas", "dis", "kadis", "kabid", "bidang", "kepala", "seksi", "kasi", "kasubag", "sekretaris", "kantor"}

_TOKEN_RE = re.compile(r"[^\W_]+")


def _norm_token(tok: str) -> str:
    t = tok.lower()
    return _EXPAND.get(t, t)


def _all_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


@dataclass(frozen=True)
class _Entry:
    ids: frozenset[str]
    strength: str  # "bare" (a region name), "alias" (press spelling/acronym), "central"
    needs_upper: bool = False  # acronyms like NTB, BPS must be written in capitals
    ordinary: bool = False


class _Lexicon:
    """Dict-based trie over compact keys; built once per process (~0.1 s)."""

    MAX_TOKENS = 8

    def __init__(self) -> None:
        g = gazetteer()
        self.gaz = g
        self.typed: dict[tuple[str, str], frozenset[str]] = {k: frozenset(v) for k, v in g.regional_keys().items()}
        bare: dict[str, set[str]] = {}
        for (_kind, key), ids in g.regional_keys().items():
            bare.setdefault(key, set()).update(ids)
        self.bare: dict[str, _Entry] = {
            key: _Entry(frozenset(ids), "bare", False, key in _ORDINARY_WORDS) for key, ids in bare.items()
        }
        for key, extra in _EXTRA_BARE_AMBIGUITY.items():
            ids = set(self.bare[key].ids) if key in self.bare else set()
            self.bare[key] = _Entry(frozenset(ids | extra), "bare", False, False)
        alias_ids = g.alias_keys()
        with resources.files("spbe.data").joinpath("region_aliases.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                alias = row["alias"]
                target = alias_ids.get(compact(alias))
                if target is None:
                    continue
                kind, rest = split_prefix(alias)
                key = rest.replace(" ", "")
                if kind is not None:
                    self.typed[(kind, key)] = frozenset(set(self.typed.get((kind, key), ())) | {target})
                else:
                    old = self.bare.get(key)
                    ids = frozenset((set(old.ids) if old else set()) | {target})
                    self.bare[key] = _Entry(ids, "alias", _all_upper(alias) and len(key) <= 5, key in _ORDINARY_WORDS)
        self.central: dict[str, _Entry] = {}
        with resources.files("spbe.data").joinpath("central_bodies.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for form in [row["name"], *filter(None, row["aliases"].split("|"))]:
                    key = compact(form)
                    if key and key not in self.central:
                        self.central[key] = _Entry(frozenset({row["id"]}), "central", _all_upper(form))
        # Every prefix of every key, so a scan stops extending as soon as no key can match.
        self.stems: set[str] = set()
        for key in [k for _, k in self.typed] + list(self.bare) + list(self.central):
            for i in range(1, len(key) + 1):
                self.stems.add(key[:i])
        self.typed_names = {k for _, k in self.typed}

    def instansi(self, instansi_id: str) -> Instansi:
        return self.gaz.get(instansi_id)


@functools.cache
def _lexicon() -> _Lexicon:
    return _Lexicon()


# =============================================================================================
# Regular expressions (compiled once)
# =============================================================================================

_I = re.IGNORECASE

# An index value: one digit 1-5, a decimal comma or point, one or two digits. The look-arounds
# refuse "2.808" (thousands), "12,5", "Rp3,5", "v2.0", "1.5.3" and dates like "1.05.2024".
_VALUE_RE = re.compile(r"(?<![\w.,/])([1-5])[.,](\d{1,2})(?!\d)(?![.,]\d)")

# R-SURFACE: what follows/precedes a number and makes it something else than an index value.
_UNIT_AFTER_RE = re.compile(
    r"^\s*(?:%|persen\b|per\s*sen\b|juta\b|jt\b|miliar\b|milyar\b|triliun\b|ribu\b|rb\b|km\b|kilometer\b|meter\b|"
    r"m2\b|m²|ha\b|hektar\w*|ton\b|kg\b|kilogram\b|gram\b|liter\b|jam\b|menit\b|detik\b|hari\b|minggu\b|pekan\b|"
    r"bulan\b|tahun\b(?!\s*(?:anggaran\s+)?\d{4})|orang\b|jiwa\b|unit\b|kali\b|mbps\b|gbps\b|gb\b|mb\b|tb\b|ghz\b|derajat\b|°|wib\b|wita\b|"
    r"wit\b|sks\b|x\b|kw\b|mw\b|kwh\b|dolar\b|dollar\b|rupiah\b|m\b|cm\b|mm\b|inci\b)",
    _I,
)
_BEFORE_NOT_INDEX_RE = re.compile(
    r"(?:\brp\.?|us\$|\$|\busd|\bpukul|\bjam|\bpkl\.?|\bversi|\bversion|\bver\.?|\bv|\bindustri|\bindustry|"
    r"\bsociety|\bweb|\brevolusi|\bpasal|\bayat|\bbab|\bnomor|\bno\.?|\bbutir|\btabel|\bgambar|\blampiran|"
    r"\blevel|\bperingkat|\branking|\brangking|\burutan|\bposisi|\bskala|\brasio|\bipk|\bgpa)\s*[:.]?\s*$",
    _I,
)
# R-RANGE: "3,50 - 4,20", "3,5 s.d. 4,2", "4,2 ke atas": band definitions, not results.
# "2,60 hingga di bawah 3,50" only ever describes a band.
_RANGE_AFTER_RE = re.compile(
    r"^\s*(?:-|–|—|s\.?\s?d\.?|s/d|sampai\s+dengan|(?:hingga|sampai)\s+(?:di\s*bawah|dibawah|kurang\s+dari|<))\s*[1-5][.,]\d",
    _I,
)
_RANGE_SOFT_AFTER_RE = re.compile(r"^\s*(?:hingga|sampai)\s*[1-5][.,]\d", _I)
_UPWARD_AFTER_RE = re.compile(r"^\s*(?:ke\s*atas|keatas|ke\s*bawah|kebawah|atau\s+lebih|lebih)\b", _I)
_RANGE_BEFORE_RE = re.compile(r"(?:-|–|—|s\.?\s?d\.?|s/d|sampai\s+dengan)\s*$", _I)
_RANGE_CONTEXT_RE = re.compile(r"\b(?:antara|rentang|kisaran|skala|range|interval|nilai\s+indeks\s+antara)\b", _I)
_CHANGE_RE = re.compile(r"\b(?:naik|turun|meningkat|menurun|menjadi|peningkatan|kenaikan|penurunan|bertambah|berkurang)\b", _I)

# R-DELTA: "peningkatan senilai 0,68 poin", "naik 1,02", "selisih 1,2": a change, not an index.
_DELTA_TAIL_RE = re.compile(
    r"\b(?:naik|turun|meningkat|menurun|peningkatan|kenaikan|penurunan|selisih|selisihnya|bertambah|berkurang|"
    r"melonjak|lonjakan|tumbuh|pertumbuhan|merosot|anjlok|terkoreksi|surplus|defisit|perubahan|perbedaan|"
    r"beda|lebih\s+tinggi|lebih\s+rendah|unggul|tertinggal|terpaut|kenaikannya|peningkatannya|penurunannya)"
    r"(?:\s+(?:sebesar|senilai|sekitar|sebanyak|hingga|mencapai|kurang\s+lebih|lebih|signifikan|tipis|drastis|"
    r"cukup|sekira|sejumlah|yakni|yaitu|dengan|nilai|angka|skor|indeks|\(|:))*\s*$",
    _I,
)
_DIFFERENCE_RE = re.compile(r"\b(?:selisih\w*|perbedaan\w*|terpaut|ketimpangan|gap)\b", _I)
_POINT_AFTER_RE = re.compile(r"^\s*(?:poin|point|pts?)\b", _I)
_DELTA_ANYWHERE_RE = re.compile(r"\b(?:naik|turun|meningkat|menurun|peningkatan|kenaikan|penurunan|selisih|bertambah|berkurang)\b", _I)

# R-AVERAGE: "rata-rata nasional 2,79", "indeks SPBE nasional 3,12".
_AVERAGE_RE = re.compile(r"\b(?:rata-?\s?rata|rerata|average|median)\b", _I)
_NATIONAL_TAIL_RE = re.compile(
    r"\b(?:nasional|nasionalnya|provinsi\s+se|se-?indonesia)\s*(?:(?:yakni|yaitu|adalah|sebesar|senilai|di\s+angka|pada\s+angka|yang|hanya|baru|mencapai|berada|di|pada|tahun\s+\d{4}|\d{4})\s*)*[:(]?\s*$",
    _I,
)
_AVERAGE_AFTER_RE = re.compile(r"^\s*\)?\s*(?:\(|,)?\s*(?:rata-?\s?rata|rerata|nasional)\b", _I)

# R-THRESHOLD: comparisons and band floors ("di atas 2,6", "lebih dari 3,5", "maksimal 5").
_COMPARATIVE_TAIL_RE = re.compile(
    r"(?:\bdi\s*atas|\bdiatas|\bdi\s*bawah|\bdibawah|\blebih\s+dari|\blebih\s+tinggi\s+dari(?:pada)?|"
    r"\blebih\s+rendah\s+dari(?:pada)?|\bkurang\s+dari|\bmelebihi|\bmelampaui|\bmendekati|\bhampir|\bambang|"
    r"\bbatas|\bbatasan|>|<|≥|≤|\bmaksimal|\bmaksimum|\bmax|\bnilai\s+tertinggi|\bjika|\bapabila|\bbila|"
    r"\bkalau|\bhanya\s+jika|\bdari\s+skala|\bskala)"
    r"(?:\s+(?:angka|nilai|indeks|skor|sebesar|rata-?rata|target))*\s*[:(]?\s*$",
    _I,
)
_BOUND_TAIL_RE = re.compile(
    r"\b(?:minimal|minimum|setidaknya|setidak-tidaknya|paling\s+tidak|sekurang-kurangnya|sekurangnya|min\.?)"
    r"(?:\s+(?:angka|nilai|indeks|skor|sebesar|di|pada|level|kategori\s+\w+(?:\s+baik)?|dengan))*\s*[:(]?\s*$",
    _I,
)
# R-BAND-FLOOR: "di bawah batas predikat Baik 2,6", "batas predikat Memuaskan yang berada di angka
# 4,2", "Angka 2,6 itu batas bawah predikat Baik": a band boundary quoted next to a result.
_BAND_FLOOR_TAIL_RE = re.compile(
    r"\bbatas\s+(?:bawah\s+|atas\s+|minimal\s+|minimum\s+|terendah\s+)?(?:predikat|kategori|nilai)"
    r"(?:\s+[\"'‘“]?(?:sangat\s+baik|memuaskan|baik|cukup|kurang)[\"'’”]?)?"
    r"(?:\s+(?:yang|berada|ada|di|pada|angka|yakni|yaitu|adalah|sebesar|senilai|nilai|indeks))*\s*[,:(]?\s*$",
    _I,
)
_BAND_FLOOR_AFTER_RE = re.compile(r"^\s*\)?\s*(?:itu\s+|ini\s+|tersebut\s+)?(?:adalah\s+|merupakan\s+|ialah\s+|menjadi\s+)?batas\b", _I)
_BOUND_ANY_RE = re.compile(r"\b(?:minimal|minimum|setidaknya|setidak-tidaknya|paling\s+tidak|sekurang-kurangnya)\b", _I)

# R-LABEL: which index a number belongs to. SPBE, or one of the other indices that local news
# reports in the same breath. Acronyms are case-sensitive, phrases are not.
_SPBE_LABEL_RE = re.compile(r"\bSPBE\b|sistem\s+pemerintahan\s+berbasis\s+elektronik", _I)
# "Sering ada yang mengira 3,85 itu nilai SPBE": a sentence about mistaking a number for the
# SPBE index states that it is not one.
_MISATTRIBUTION_RE = re.compile(r"\b(?:mengira|dikira|menyangka|disangka|keliru\s+(?:membaca|menyebut)|tertukar|salah\s+kaprah)\b", _I)
_NEGATED_LABEL_RE = re.compile(r"\bbukan\s+(?:(?:nilai|indeks|skor|angka|untuk|milik)\s+){0,2}$", _I)
_OTHER_ACRONYM_RE = re.compile(
    r"\b(?:SAKIP|AKIP|LAKIP|LKjIP|LKJIP|IRB|PMPRB|IKM|SKM|SPI|MCP|MCSP|IID|IGA|IPP|IDM|IPM|IPG|IDG|IPKD|EPSS|"
    r"SPIP|APIP|IKK|IRH|IKIP|KIP|IDSD|PeGI|PEGI|EGDI|IKCI|WBK|WBBM|IPK|IPAK|MRI|IDI|IKP|IKLH|NTP|IKPA|LPPD|"
    r"EKPPD|IKPD|IPS|ISM|IKU|IP\s?ASN|IKPM|IEPK|ZI|PemDI|PEMDI)\b"
)
_OTHER_PHRASE_RE = re.compile(
    r"(?:indeks|nilai|evaluasi|hasil|predikat|penilaian)\s+(?:pelaksanaan\s+|implementasi\s+)?(?:reformasi\s+birokrasi|RB)\b|"
    r"\b(?:indeks|survei|survey)\s+kepuasan\b|\bkepuasan\s+masyarakat|survei\s+penilaian\s+integritas|"
    r"monitoring\s+cent(?:er|re)\s+(?:for|of)\s+prevention|indeks\s+inovasi|inovasi\s+daerah|"
    r"innovative\s+government\s+award|indeks\s+pelayanan\s+publik|pelayanan\s+publik\s+\(?ipp|"
    r"indeks\s+desa|desa\s+membangun|indeks\s+pembangunan|indeks\s+pengelolaan|"
    r"evaluasi\s+penyelenggaraan\s+statistik|statistik\s+sektoral|indeks\s+keamanan\s+informasi|indeks\s+kami\b|"
    r"pengendalian\s+intern|maturitas|kapabilitas|sistem\s+merit|indeks\s+profesionalitas|"
    r"indeks\s+kualitas|indeks\s+reformasi\s+hukum|keterbukaan\s+informasi|indeks\s+daya\s+saing|"
    r"pemeringkatan\s+e-?gov\w*|e-?government\s+development|indeks\s+kota\s+cerdas|smart\s+city|"
    r"zona\s+integritas|indeks\s+persepsi|indeks\s+perilaku|anti\s*korupsi|indeks\s+pencegahan|"
    r"indeks\s+integritas|indeks\s+kepatuhan|kepatuhan\s+(?:standar\s+)?pelayanan|\bombudsman|"
    r"indeks\s+manajemen\s+risiko|manajemen\s+risiko\s+indeks|indeks\s+literasi|indeks\s+demokrasi|"
    r"indeks\s+ketahanan|indeks\s+kesalehan|indeks\s+kerukunan|indeks\s+kebahagiaan|\bgini\b|\binflasi|"
    r"nilai\s+tukar|indeks\s+satu\s+data|indeks\s+kinerja|indikator\s+kinerja|indeks\s+pengawasan|"
    r"indeks\s+kesehatan|indeks\s+pendidikan|indeks\s+harga|indeks\s+kemahalan|indeks\s+kepemimpinan|"
    r"indeks\s+efektivitas|indeks\s+kemandirian|kemandirian\s+fiskal|indeks\s+keterbukaan|"
    r"\bopini\b|\bwtp\b|indeks\s+tata\s+kelola\s+(?:pengadaan|keuangan|kepegawaian)|indeks\s+pengadaan|"
    r"indeks\s+kapasitas|indeks\s+risiko|indeks\s+kerawanan|indeks\s+kualitas\s+lingkungan|"
    r"indeks\s+pembangunan\s+statistik|indeks\s+keselamatan|indeks\s+kepercayaan|indeks\s+persaingan|"
    r"indeks\s+ekonomi|indeks\s+kesejahteraan|indeks\s+kemiskinan|indeks\s+keluarga|indeks\s+kesiapan|"
    r"indeks\s+digital|indeks\s+masyarakat\s+digital|imdi\b|indeks\s+kemudahan|indeks\s+pemerintahan\s+digital|"
    r"\b(?:evaluasi|penilaian|pengukuran)\s+(?:akuntabilitas\s+)?kinerja|akuntabilitas\s+kinerja|kinerja\s+penyelenggaraan",
    _I,
)
# "Indeks <Capitalised word>" that is not SPBE and not a place: another named index.
_INDEKS_NAMED_RE = re.compile(r"\b[Ii]ndeks\s+(?!SPBE\b)([A-Z][\w-]*)")
_INDEKS_NAMED_OK = {
    "sistem", "kabupaten", "kota", "provinsi", "pemerintah", "pemkab", "pemkot", "pemprov", "pemda", "tahun",
    "spbe", "nasional", "kita", "kami", "tersebut", "ini", "itu", "capaian", "nilai", "hasil", "evaluasi",
    "spbe-nya", "daerah",
}

# R-DOMAIN: aspect/domain/indicator scores of the SPBE evaluation are not the index.
_DOMAIN_RE = re.compile(
    r"\b(?:domain|domainnya|aspek|aspeknya|indikator|sub-?domain|kematangan|area|tingkat\s+kematangan|"
    r"kebijakan\s+internal|tata\s+kelola\s+spbe|manajemen\s+spbe|layanan\s+spbe|layanan\s+publik\s+berbasis|"
    r"layanan\s+administrasi\s+pemerintahan|perencanaan\s+strategis|teknologi\s+informasi\s+dan\s+komunikasi|"
    r"penyelenggara\s+spbe|audit\s+tik|penerapan\s+manajemen)\b",
    _I,
)
_DOMAIN_AFTER_RE = re.compile(r"^\s*\)?\s*(?:,\s*)?(?:pada|untuk|di|dalam|dari)\s+(?:domain|aspek|indikator)\b", _I)

# R-KIND cues.
_SELF_RE = re.compile(
    r"\b(?:penilaian|evaluasi|asesmen|assessment|pengisian|pengukuran|hasil)\s+(?:\w+\s+){0,2}?mandiri(?:nya)?\b|"
    r"\bself[\s-]?assess?ment\b|\bswa-?\s?penilaian\b|\bswanilai\b|"
    r"\b(?:nilai|hasil|skor|indeks|angka|capaian|data|penilaian|perhitungan)\s+(?:\w+\s+){0,3}?sementara\b(?!\s+itu)|"
    r"\buntuk\s+sementara\b|\bsementara\s+ini\b|\bnilai\s+(?:awal|simulasi|prediksi|perkiraan|estimasi)\b|"
    r"\b(?:simulasi|simulasinya|prediksi|perkiraan|estimasi|proyeksi\s+nilai)\b|\bbelum\s+(?:final|resmi|ditetapkan)\b|"
    r"\bpra-?\s?evaluasi\b|\bdesk\s+evaluation\b",
    _I,
)
_TARGET_RE = re.compile(
    r"\b(?:target|targetnya|targetkan|ditargetkan|menargetkan|sasaran|mematok|dipatok|harapan|harapkan|"
    r"diharapkan|berharap|mengharapkan|ingin|berupaya|diupayakan|mengupayakan|bertekad|optimis|optimistis|"
    r"rencana|direncanakan|merencanakan|renstra|rpjmd|rkpd|diproyeksikan|akan|mampu|setidaknya|"
    r"minimal|sekurang-kurangnya|paling\s+tidak|mengejar|membidik|dibidik|ambisius|menuju|mendatang|"
    r"tahun\s+depan|bisa|dicanangkan|mencanangkan)\b",
    _I,
)
_EVAL_RE = re.compile(
    r"\b(?:meraih|meraup|memperoleh|diperoleh|mendapat|mendapatkan|berhasil|tercatat|mencatatkan|mencatat|"
    r"realisasi|raihan|diraih|memiliki|hasil\s+evaluasi|hasil\s+penilaian|penilaian\s+akhir|capaian|sebelumnya|"
    r"lalu|sempat|hanya|masih|saat\s+ini|kini|sekarang|terakhir|terbaru|resmi|keputusan|kepmen\w*|"
    r"ditetapkan|mengantongi|menyabet|menduduki|berada|bertengger|memperoleh|mencapai\s+angka)\b",
    _I,
)
_BASELINE_TAIL_RE = re.compile(r"\bdari\s+(?:(?:angka|nilai|indeks|skor|sebelumnya|semula|awalnya|hanya|yang)\s+)*$", _I)
_CLAUSE_BREAK_RE = re.compile(r";|\b(?:sedangkan|sementara\s+itu|adapun|namun|tetapi|akan\s+tetapi|sebaliknya)\b", _I)
_OFFICIAL_RE = re.compile(r"\b(?:hasil\s+evaluasi|kemenpan\w*|kementerian\s+pan|menpan\w*|keputusan|kepmen\w*|resmi)\b", _I)

# R-PREDIKAT: "kategori Baik", "predikat ‘Cukup’", "(Sangat Baik)".
_BAND = r"(sangat\s+baik|memuaskan|baik|cukup|kurang)"
_PREDIKAT_RE = re.compile(
    r"\b(?:predikat|berpredikat|kategori|katagori|berkategori|kriteria|klasifikasi|status)\s*(?:nilai\s*|indeks\s*|spbe\s*)?"
    r"[:\-]?\s*[\"'‘’“”]?\s*" + _BAND + r"\b",
    _I,
)
_PREDIKAT_VERB = (
    r"(?:juga\s+|masih\s+|sama-sama\s+|kompak\s+|sudah\s+)*(?:berpredikat|berkategori|masuk\s+(?:dalam\s+)?(?:predikat|kategori)|"
    r"(?:meraih|mendapat|mendapatkan|memperoleh|mengantongi|menyandang)\s+predikat|berada\s+(?:di|pada)\s+(?:predikat|kategori))"
    r"\s*[\"'‘“]?\s*"
)
_GROUP_SIZE = {"kedua": 2, "keduanya": 2, "ketiga": 3, "ketiganya": 3}
_PREDIKAT_BOTH_RE = re.compile(
    r"^\W*(keduanya|ketiganya|kedua\s+(?:daerah|pemda|pemerintah\s+daerah|instansi))\s+" + _PREDIKAT_VERB + _BAND + r"\b", _I
)
_PREDIKAT_SHARED_RE = re.compile(r"^\s*[,;]?\s*(?:dan\s+)?(?:keduanya\s+|ketiganya\s+)?sama-sama\s+" + _PREDIKAT_VERB + _BAND + r"\b", _I)
_PREDIKAT_EACH_RE = re.compile(
    r"^\s*,?\s*(?:dengan|dan)\s+(?:predikat|kategori)\s+masing-masing\s+((?:(?:sangat\s+baik|memuaskan|baik|cukup|kurang)(?:\s*,\s*|\s+dan\s+|\s*$|(?=\.)))+)",
    _I,
)
_BAND_LIST_SPLIT_RE = re.compile(r"\s*,\s*(?:dan\s+)?|\s+dan\s+", _I)
_PREDIKAT_PAREN_RE = re.compile(r"^\s*\(\s*(?:predikat\s+|kategori\s+)?" + _BAND + r"\s*\)", _I)

# R-YEAR: explicit years, and the spans whose years are NOT evaluation years (dates, regulations).
_YEAR_RE = re.compile(r"(?<![\d/.,-])(20[1-3]\d)(?![\d/])")
_MONTHS = (
    r"januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember|"
    r"jan|feb|mar|apr|jun|jul|agu|agt|aug|sep|sept|okt|oct|nov|nop|des|dec"
)
_DATE_MASK_RE = re.compile(
    r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}\b|"
    r"\b\d{1,2}\s+(?:" + _MONTHS + r")\.?\s+\d{4}\b|"
    r"\b(?:" + _MONTHS + r")\.?\s+\d{4}\b",
    _I,
)
_REGULATION_MASK_RE = re.compile(
    r"\b(?:nomor|no\.?)\s*:?\s*[\w./-]{1,20}\s+(?:tahun|thn\.?)\s+\d{4}\b|"
    r"\b(?:perpres|permen\w*|kepmen\w*|pp|uu|perda|perbup|perwali|pergub|inpres|se|keppres|sk)\s*(?:no\.?|nomor)?\s*\d{1,5}\s*/\s*\d{4}\b|"
    r"\b\d{4}\s*[-–/]\s*\d{4}\b",
    _I,
)
_DECREE_RE = re.compile(
    r"(?:keputusan\s+menteri|kepmen\s*-?\s*pan|kepmenpan|\bkmp\b|keputusan\s+menpan)[^.;\n]{0,70}?"
    r"(?:nomor|no\.?)\s*:?\s*(\d{1,5})\s+(?:tahun|thn\.?)\s+(\d{4})|"
    r"(?:kepmen\s*-?\s*pan\s*-?\s*rb|kepmenpan\s*-?\s*rb|keputusan\s+menteri\s+pan\s*-?\s*rb)\s*(?:nomor|no\.?)?\s*:?\s*(\d{1,5})\s*/\s*(\d{4})",
    _I,
)
_RELATIVE_YEAR_RE = re.compile(
    r"\b(?P<prev>tahun\s+lalu|tahun\s+kemarin|setahun\s+lalu|setahun\s+yang\s+lalu)\b|"
    r"\b(?P<before>tahun\s+sebelumnya|periode\s+sebelumnya|evaluasi\s+sebelumnya|sebelumnya)\b|"
    r"\b(?P<after>tahun\s+berikutnya|setahun\s+kemudian|tahun\s+selanjutnya)\b|"
    r"\b(?P<this>tahun\s+ini)\b|\b(?P<next>tahun\s+depan|tahun\s+mendatang)\b|"
    r"\b(?P<now>saat\s+ini|kini|sekarang|terbaru|terkini|terakhir)\b",
    _I,
)
# "3,49 pada tahun 2024", "3,49 (2024)", "3,49 di tahun 2024": a year bound to the value just before.
_POST_YEAR_RE = re.compile(
    r"^\s*(?:poin\s+)?(?:(?:pada|di|dalam|untuk|tahun|ta\.?|periode|evaluasi|pemantauan|penilaian)\s+){0,3}(20[1-3]\d)\b(?![/.,]\d)|^\s*\(\s*(?:tahun\s+)?(20[1-3]\d)\s*\)",
    _I,
)

_NOT_EVALUATED_RE = re.compile(
    r"\b(?:tidak|belum|tak)\s+(?:ikut\s+|turut\s+|masuk\s+|termasuk\s+)?(?:dalam\s+)?(?:daftar\s+)?"
    r"(?:dievaluasi|evaluasi|dinilai|penilaian)(?:\s+spbe)?\s+(?:pada\s+)?(?:tahun\s+)?(20[1-3]\d)\b",
    _I,
)
_LIMITED_ROUND_YEAR = 2020  # 128 instansi only (domain.md)
_SAME_EVALUATION_RE = re.compile(
    r"\b(?:evaluasi|pemantauan|penilaian|indeks|hasil|periode|daftar|keputusan)\s+(?:spbe\s+)?yang\s+sama\b", _I
)
_LIST_RE = re.compile(r"\b(?:masing-masing|masing\s+masing|berturut-turut|secara\s+berurutan)\b", _I)
_INDEX_NOUN_RE = re.compile(r"\b(?:indeks|indek|nilai|nilainya|skor|capaian|angka|predikat|kategori|hasil|hasilnya|target|peringkat)\b", _I)
# Words that make an unlabelled number a result, for R-TOPIC.
_TOPIC_CUE_RE = re.compile(
    r"\b(?:indeks|indeksnya|nilai|nilainya|skor|predikat|berpredikat|hasil|hasilnya|evaluasi|pemantauan|"
    r"penilaian|target\w*|ditargetkan|menargetkan|simulasi\w*|meraih|memperoleh|mencatat|mencatatkan|mengantongi)\b",
    _I,
)
# Awards, contests, surveys and accreditations score bodies too; a sentence about one of them is
# not an unlabelled SPBE result.
_TOPIC_BLOCK_RE = re.compile(
    r"\b(?:penghargaan|anugerah|award|awards|lomba|kompetisi|kejuaraan|juara|sayembara|survei|survey|"
    r"akreditasi|sertifikasi|layak\s+anak|adipura|swasti\s+saba|wtp|opini)\b",
    _I,
)
_ANAPHOR_START_RE = re.compile(r"^\W*(?:\w+\s+){0,2}?(?:capaian|hasil|nilai|angka|indeks|skor|prestasi|raihan)(?:\s+\w+)?\s+(?:tersebut|ini|itu)\b", _I)
_RESULT_ANAPHOR_RE = re.compile(r"^\W*(?:hasilnya|dari\s+hasil\s+(?:itu|tersebut|ini)|hasil\s+(?:itu|tersebut|ini)|alhasil|dengan\s+hasil)\b", _I)
_FIRST_PERSON_RE = re.compile(r"\b(?:kita|kami|daerah\s+ini|kabupaten\s+ini|kota\s+ini|provinsi\s+ini)\b", _I)
_SPEECH_BEFORE_NAME_RE = re.compile(
    r"[,.!?\"”’]\s*[\"”’]?\s*(?:kata|ujar|ungkap|tutur|jelas|sebut|tegas|papar|terang|imbuh|tambah|pungkas|katanya|ujarnya|ungkapnya)\w*\b",
    _I,
)
_NATIONWIDE_RE = re.compile(
    r"\b(?:indeks\s+)?spbe\s+(?:\w+\s+){0,2}?(?:nasional|indonesia)\b|\bsecara\s+nasional\b|\bse-?indonesia\b|"
    r"\b(?:instansi|pemerintah)\s+pusat\b|\bseluruh\s+(?:instansi|pemerintah\s+daerah|pemda|kabupaten|daerah)\b",
    _I,
)
_UNNAMED_BODY_RE = re.compile(
    r"\b(?:sebuah|suatu|satu|seorang\s+kepala)\s+(?:kabupaten|kota|daerah|pemda|pemkab|pemkot|provinsi|pemprov|"
    r"instansi|kementerian|lembaga|pemerintah\s+daerah)\b",
    _I,
)
_NEIGHBOUR_BEFORE_RE = re.compile(
    r"\b(?:tetangga|tetangganya|bertetangga\s+dengan|berbatasan(?:\s+langsung)?\s+dengan|bersebelahan\s+dengan|"
    r"tidak\s+jauh\s+dari|dekat\s+dengan|berdekatan\s+dengan)\s*$",
    _I,
)
_SUPERLATIVE_RE = re.compile(r"\b(?:tertinggi|terendah|teratas|terbaik|terbawah|terburuk)\b", _I)
_OWNER_AFTER_RE = re.compile(r"^\s*\)?\s*,?\s*(?:yang\s+)?(?:diraih|dicapai|diperoleh|milik|untuk|bagi|oleh|diraih\s+oleh|dicapai\s+oleh)\s*$", _I)

_BOILERPLATE_LINE_RE = re.compile(
    r"^\s*(?:baca\s+juga|baca\s+disini|baca\s+di\s+sini|bacaan\s+lainnya|baca\s+selengkapnya|simak\s+juga|"
    r"lihat\s+juga|berita\s+terkait|artikel\s+terkait)\b",
    _I,
)
_ABBREVIATIONS = {
    "kab", "kep", "prov", "adm", "no", "plt", "pj", "pjs", "hj", "h", "dr", "drs", "dra", "ir", "st", "se", "mm",
    "m", "s", "kom", "sos", "pd", "kec", "jl", "dkk", "tsb", "dll", "prof", "ak", "mh", "sh", "sp", "mt", "kh",
    "ny", "tn", "sdr", "bpk", "yth", "si", "ssi", "skom", "msi", "mpd", "spd", "ttd", "vol", "hlm", "ds", "kel",
    "rt", "rw", "a", "b", "c", "d", "e", "f", "g", "i", "j", "k", "l", "n", "o", "p", "r", "t", "u", "w", "y",
    "z", "kol", "let", "jend", "mayjen", "brigjen", "kombes", "akbp", "ipda", "iptu", "aiptu", "bripka", "mr",
    "mrs", "ms", "sekda", "kadis", "kabid", "sdm", "tbk",
}
_SENTENCE_END_RE = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")


# =============================================================================================
# Document model
# =============================================================================================


@dataclass
class _Mention:
    start: int
    end: int
    tok_start: int
    tok_end: int  # exclusive
    ids: frozenset[str]
    strength: str  # typed | alias | bare | central
    type_hint: str | None
    ordinary: bool = False
    org: bool = False  # a different organisation / geographic feature
    other_body: bool = False  # an organisation (not a place) that can own a number of its own
    qualifier: bool = False  # a location qualifier ("se-Jawa Barat", "Kabupaten X, Provinsi Y")
    dateline: bool = False
    resolved: str | None = None  # the one id, once homonyms are settled

    @property
    def candidate(self) -> bool:
        """Can this mention own a figure?"""
        return not (self.org or self.qualifier or self.dateline)


@dataclass
class _Sentence:
    start: int
    end: int
    para: int
    index: int  # position in the document
    text: str
    mentions: list[_Mention] = field(default_factory=list)
    _labels: list[tuple[int, int, str]] | None = None

    @property
    def labels(self) -> list[tuple[int, int, str]]:
        """(start, end, "spbe"|"other") index labels, relative to the sentence; computed on demand
        because only sentences with a number (and their neighbours) need them."""
        if self._labels is None:
            self._labels = _Document._labels(self.text)
        return self._labels


@dataclass
class _Candidate:
    """A figure in the making, before the article-level checks."""

    instansi_id: str
    year: int
    value: float
    kind: str
    predikat: str | None
    evidence: str
    year_source: str  # explicit | relative | decree | implicit


def _as_date(published) -> dt.date | None:
    if published is None:
        return None
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    try:
        return dt.date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def _clean_text(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).replace("\u00a0", " ").replace("\r\n", "\n").replace("\r", "\n")
    s = s.replace("\u200b", "")
    # R-BOILERPLATE: "Baca Juga: ..." lines are headlines of OTHER articles; their numbers are not ours.
    lines = ["" if _BOILERPLATE_LINE_RE.match(line) else line for line in s.split("\n")]
    return "\n".join(lines)


class _Document:
    def __init__(self, text: str, published: dt.date | None) -> None:
        self.lex = _lexicon()
        self.text = _clean_text(text)
        self.pub = published
        self.latest = latest_published_evaluation_year(published) if published else None
        self.tokens = [(m.start(), m.end(), m.group(), _norm_token(m.group())) for m in _TOKEN_RE.finditer(self.text)]
        self.sentences = self._split_sentences()
        self.mentions = self._scan_mentions()
        self._flag_mentions()
        self._resolve_mentions()
        self._assign_to_sentences()
        self.dominant = self._dominant()
        self._para_sizes = Counter(s.para for s in self.sentences)
        self._header_cache: dict[int, _Sentence | None] = {}
        self._eval_years: set[int] = set()  # evaluation years of the figures read so far
        decrees = {y for s in self.sentences for y in self._decree_years(s.text)}
        self.article_decree = next(iter(decrees)) if len(decrees) == 1 else None

    # -- structure ----------------------------------------------------------------------------
    def _split_sentences(self) -> list[_Sentence]:
        out: list[_Sentence] = []
        para = 0
        pos = 0
        for line in self.text.split("\n"):
            start_line = pos
            pos += len(line) + 1
            if not line.strip():
                continue
            cuts = [0]
            for m in _SENTENCE_END_RE.finditer(line):
                before = line[: m.start()]
                word = re.search(r"([A-Za-z]+)$", before)
                if word and word.group(1).lower() in _ABBREVIATIONS:
                    continue
                if re.fullmatch(r"\s*(?:\d{1,3}|[a-zA-Z])[.)]*\s*", line[cuts[-1] : m.end()]):
                    continue  # list numbering "1. Kota Balikpapan: 3,62"
                cuts.append(m.end())
            cuts.append(len(line))
            for a, b in zip(cuts, cuts[1:]):
                chunk = line[a:b]
                if not chunk.strip():
                    continue
                lead = len(chunk) - len(chunk.lstrip())
                text = chunk.strip()
                s_start = start_line + a + lead
                out.append(_Sentence(s_start, s_start + len(text), para, len(out), text))
            para += 1
        return out

    @staticmethod
    def _labels(text: str) -> list[tuple[int, int, str]]:
        # "3,62 itu untuk pelayanan publik, bukan SPBE": a denied SPBE label claims the number for
        # some other index, which is what precision needs.
        labels = [
            (m.start(), m.end(), "other" if _NEGATED_LABEL_RE.search(text, 0, m.start()) else "spbe")
            for m in _SPBE_LABEL_RE.finditer(text)
        ]
        spbe_spans = [(a, b) for a, b, _ in labels]
        other: list[tuple[int, int]] = [(m.start(), m.end()) for m in _OTHER_ACRONYM_RE.finditer(text)]
        other += [(m.start(), m.end()) for m in _OTHER_PHRASE_RE.finditer(text)]
        lex = _lexicon()
        for m in _INDEKS_NAMED_RE.finditer(text):
            word = m.group(1)
            key = compact(word)
            if word.lower() in _INDEKS_NAMED_OK or key in lex.bare or key in lex.typed_names or _SPBE_LABEL_RE.match(text, m.start(1)):
                continue
            other.append((m.start(), m.end()))
        for a, b in other:
            # "Sistem Pemerintahan Berbasis Elektronik" never contains another index name, but an
            # acronym inside an SPBE label span (none today) must not count twice.
            if not any(x <= a < y for x, y in spbe_spans):
                labels.append((a, b, "other"))
        labels.sort()
        return labels

    # -- mentions -----------------------------------------------------------------------------
    def _prefix_at(self, i: int) -> tuple[int, str | None] | None:
        toks = self.tokens
        if toks[i][3] not in _PREFIX_FIRST:
            return None
        for n in range(min(_PREFIX_MAX, len(toks) - i), 0, -1):
            seq = tuple(t[3] for t in toks[i : i + n])
            if seq in _PREFIX_SEQS:
                return n, _PREFIX_SEQS[seq]
        return None

    def _match_name(self, j: int, kind: str | None) -> tuple[int, frozenset[str]] | None:
        """Longest region name at token j for a body of the given type (None = any region)."""
        toks, lex = self.tokens, self.lex
        if j >= len(toks) or not (toks[j][2][0].isupper() or toks[j][2][0].isdigit()):
            return None
        best = None
        key = ""
        for k in range(j, min(j + lex.MAX_TOKENS, len(toks))):
            if k > j and toks[k][0] - toks[k - 1][1] > 2:  # a name does not jump over punctuation runs
                break
            key += toks[k][3]
            if key not in lex.stems:
                break
            if kind is None:
                entry = lex.bare.get(key)
                if entry is not None:
                    best = (k + 1, entry.ids)
            elif (kind, key) in lex.typed:
                best = (k + 1, lex.typed[(kind, key)])
        return best

    def _scan_mentions(self) -> list[_Mention]:
        toks = self.tokens
        mentions: list[_Mention] = []
        i = 0
        n = len(toks)
        while i < n:
            found: _Mention | None = None
            pref = self._prefix_at(i)
            if pref is not None:
                plen, kind = pref
                j = i + plen
                # "Pemerintah Kabupaten (Pemkab) Indramayu": a second prefix of the same type is skipped.
                again = self._prefix_at(j) if j < n else None
                # ... but "di tingkat kota, Kota Batam": a comma ends the generic word, and the
                # mention (with its qualifier checks) starts at the second prefix.
                if again is not None and re.search(r"[^\s()]", self.text[toks[j - 1][1] : toks[j][0]]):
                    again = None
                if again is not None and again[1] == kind and kind is not None:
                    j += again[0]
                hit = self._match_name(j, kind)
                if hit is not None:
                    end_tok, ids = hit
                    found = _Mention(toks[i][0], toks[end_tok - 1][1], i, end_tok, ids, "typed", kind)
            if found is None and toks[i][2][0].isupper():
                found = self._match_free(i)
            if found is not None:
                mentions.append(found)
                i = found.tok_end
            else:
                i += 1
        return mentions

    def _match_free(self, i: int) -> _Mention | None:
        """A name without a type word: a region name, a press alias, or a central body."""
        toks, lex = self.tokens, self.lex
        best: tuple[int, _Entry] | None = None
        key = ""
        for k in range(i, min(i + lex.MAX_TOKENS, len(toks))):
            if k > i and toks[k][0] - toks[k - 1][1] > 2:
                break
            key += toks[k][3]
            if key not in lex.stems:
                break
            for entry in (lex.central.get(key), lex.bare.get(key)):
                if entry is None:
                    continue
                raw = self.text[toks[i][0] : toks[k][1]]
                if entry.needs_upper and not _all_upper(raw):
                    continue
                best = (k + 1, entry)
                break
        if best is None:
            return None
        end_tok, entry = best
        if entry.strength == "central":
            prev = toks[i - 1][3] if i > 0 else ""
            nxt = self._prefix_at(end_tok) if end_tok < len(toks) else None
            # "Dinas Kominfo", "Kominfo Kabupaten X": the regional office, not the ministry.
            if prev in _REGIONAL_OFFICE_WORDS:
                return None
            if nxt is not None or (end_tok < len(toks) and self._match_name(end_tok, None) is not None and toks[end_tok][0] - toks[end_tok - 1][1] <= 2):
                return None
        return _Mention(toks[i][0], toks[end_tok - 1][1], i, end_tok, entry.ids, entry.strength, None, ordinary=entry.ordinary)

    def _flag_mentions(self) -> None:
        toks = self.tokens
        # R-DATELINE: "INDRAMAYU, (site) -", "Tana Paser –": the place the story was filed from.
        dateline_spans = []
        seen_paras = 0
        pos = 0
        for line in self.text.split("\n"):
            start = pos
            pos += len(line) + 1
            if not line.strip():
                continue
            seen_paras += 1
            if seen_paras > 2:
                break
            m = re.match(r"^\s*([^\n–—]{1,60}?)\s*(?:[–—]|\s-\s|,\s*\(|,\s*-|\.\w+\.\w+\s*[–—-])", line)
            if m and len(m.group(1).split()) <= 3:
                head = m.group(1)
                if re.search(r"[–—]|\s-\s", line[: m.end()]) or _all_upper(head.split(",")[0]):
                    dateline_spans.append((start, start + m.end()))
        for idx, m in enumerate(self.mentions):
            prev = toks[m.tok_start - 1][3] if m.tok_start > 0 else ""
            prev_gap = self.text[toks[m.tok_start - 1][1] : m.start] if m.tok_start > 0 else ""
            if any(a <= m.start < b for a, b in dateline_spans):
                m.dateline = True
            if prev in _ORG_WORDS and m.strength != "central" and "\n" not in prev_gap:
                m.org = True
                m.other_body = prev not in _PLACE_WORDS
            # R-NEIGHBOUR: "Kabupaten Gowa, tetangga Makassar, memperoleh ...", "Kabupaten X yang
            # berbatasan dengan Kota Y mencatat ...": the neighbour only describes the subject.
            if _NEIGHBOUR_BEFORE_RE.search(self.text, max(0, m.start - 40), m.start):
                m.qualifier = True
            # R-QUALIFIER (a): "se-Jawa Barat", "tingkat Provinsi Lampung", "wilayah Sulsel".
            if prev in {"se", "tingkat", "wilayah", "seluruh", "kawasan"} and "\n" not in prev_gap:
                m.qualifier = True
            is_province = all(self.lex.instansi(i).type == "provinsi" for i in m.ids)
            if is_province and idx > 0:
                before = self.mentions[idx - 1]
                gap = self.text[before.end : m.start]
                # R-QUALIFIER (b): "Kabupaten Pesawaran, Provinsi Lampung" / "Pesawaran di Lampung".
                after_p = self.text[m.end : m.end + 2]
                closed = not re.search(r"[,(]", gap) or re.match(r"\s*[,).]|\s*$", after_p)
                # "Kabupaten Jayawijaya, yang kini masuk Provinsi Papua Pegunungan": a relative
                # clause placing the body in its province.
                placed = len(gap) <= 40 and re.fullmatch(
                    r"\s*,?\s*yang\s+(?:kini\s+|sekarang\s+|telah\s+|sudah\s+|juga\s+)?(?:masuk|termasuk|berada\s+di|bagian\s+dari|di\s+bawah)"
                    r"\s+(?:wilayah\s+)?(?:provinsi\s+|prov\.?\s+)?",
                    gap,
                    _I,
                )
                if placed or (len(gap) <= 12 and closed and re.fullmatch(r"[\s,()]*(?:di\s+|provinsi\s+|prov\.?\s+)*[\s,()]*", gap, _I)):
                    provs = {self.lex.instansi(i).province_code for i in before.ids}
                    if provs & {self.lex.instansi(i).province_code for i in m.ids} and not all(
                        self.lex.instansi(i).type == "provinsi" for i in before.ids
                    ):
                        m.qualifier = True
            line_start = self.text.rfind("\n", 0, m.start) + 1
            earlier = self.text[line_start : m.start]
            if is_province and prev == "di":
                # R-QUALIFIER (c): "... kabupaten/kota di Jawa Barat": a province after "di" once a
                # kab/kota (named or generic) came earlier in the same line.
                if re.search(r"\b(?:kabupaten|kota|kabupaten/kota|kab/kota)\b", earlier, _I):
                    m.qualifier = True
            elif is_province and re.search(r"\b(?:sebuah|satu|salah\s+satu)\s+(?:kabupaten|kota|daerah|pemda)\s+(?:\w+\s+){0,3}?di\s+(?:[a-z]+\s+){1,2}$", earlier):
                # R-QUALIFIER (d): "sebuah kabupaten di pegunungan Papua": the province only locates
                # an unnamed body.
                m.qualifier = True

    def _resolve_mentions(self) -> None:
        lex = self.lex
        # Bodies named unambiguously somewhere in the article: the context that settles homonyms and
        # confirms ordinary-word names.
        strong: set[str] = set()
        for m in self.mentions:
            if len(m.ids) == 1 and not m.ordinary and m.strength in ("typed", "alias", "central"):
                strong |= m.ids
        unique_bare = {next(iter(m.ids)) for m in self.mentions if len(m.ids) == 1 and not m.ordinary}
        context = strong | unique_bare
        kept = []
        for m in self.mentions:
            if len(m.ids) == 1:
                only = next(iter(m.ids))
                if m.ordinary and m.strength != "typed" and only not in strong:
                    continue  # R-ORDINARY: "Batu", "Pati" without confirmation are words, not places
                m.resolved = only
            else:
                # R-HOMONYM: a bare "Bogor" is Kota or Kabupaten Bogor only when the article names
                # exactly one of them unambiguously; otherwise it stays unresolved (and blocks).
                hits = [i for i in m.ids if i in context]
                if m.ordinary and not hits:
                    continue
                m.resolved = hits[0] if len(hits) == 1 else None
            kept.append(m)
        self.mentions = kept
        for m in self.mentions:
            if m.resolved and m.resolved in _EVALUATOR_IDS:
                line_start = self.text.rfind("\n", 0, m.start) + 1
                before = self.text[max(line_start, m.start - 25) : m.start]
                # "KemenPAN-RB ... mencatat indeksnya sendiri sebesar 4,21": the evaluator's own result.
                own = re.match(r"[^.!?\n]{0,80}?\b(?:indeks|nilai|skor)(?:nya)?\s+(?:SPBE\s+)?(?:\w+\s+)?sendiri\b", self.text[m.end :], _I)
                if not re.search(r"\bSPBE\s*(?:\(\w+\)\s*)?$", before, _I) and not own:
                    m.org = True  # R-EVALUATOR
            _ = lex

    def _assign_to_sentences(self) -> None:
        it = iter(self.mentions)
        pending = next(it, None)
        for s in self.sentences:
            while pending is not None and pending.start < s.start:
                pending = next(it, None)
            while pending is not None and pending.start < s.end:
                s.mentions.append(pending)
                pending = next(it, None)

    def _dominant(self) -> str | None:
        """R-SUBJECT: the body the article is about - clearly the most mentioned candidate."""
        # Mentions in the lead (first three sentences) count double: news names its subject first.
        lead_end = self.sentences[min(2, len(self.sentences) - 1)].end if self.sentences else 0
        counts: Counter[str] = Counter()
        for m in self.mentions:
            if m.resolved and m.candidate:
                counts[m.resolved] += 2 if m.start < lead_end else 1
        if not counts:
            return None
        ranked = counts.most_common(2)
        top_id, top = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        if top >= 2 and top > 1.5 * second:
            return top_id
        if top >= 1 and second == 0:
            return top_id
        return None

    # -- years --------------------------------------------------------------------------------
    @staticmethod
    def _decree_years(text: str) -> list[int]:
        out = []
        for m in _DECREE_RE.finditer(text):
            number, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            ev = evaluation_year_of_decree(int(number), int(year))
            if ev is not None:
                out.append(ev)
        return out

    def _year_tokens(self, text: str) -> list[tuple[int, int, int | None, str]]:
        """(start, end, year, source) for every year reference in a sentence; year None = 'now'."""
        masked = [(m.start(), m.end()) for m in _DATE_MASK_RE.finditer(text)]
        masked += [(m.start(), m.end()) for m in _REGULATION_MASK_RE.finditer(text)]
        # "tidak dievaluasi pada 2020": a year the body has no result for cannot date its number.
        masked += [(m.start(1), m.end(1)) for m in _NOT_EVALUATED_RE.finditer(text)]
        out: list[tuple[int, int, int | None, str]] = []
        for m in _YEAR_RE.finditer(text):
            if any(a <= m.start() < b for a, b in masked):
                continue
            out.append((m.start(), m.end(), int(m.group(1)), "explicit"))
        for m in _RELATIVE_YEAR_RE.finditer(text):
            if m.group("now"):
                out.append((m.start(), m.end(), None, "implicit"))
            elif m.group("before") or m.group("after"):
                # Relative to another year of the sentence, not to the publication date.
                out.append((m.start(), m.end(), None, "previous" if m.group("before") else "following"))
            elif self.pub is None:
                continue
            elif m.group("prev"):
                out.append((m.start(), m.end(), self.pub.year - 1, "relative"))
            elif m.group("this"):
                out.append((m.start(), m.end(), self.pub.year, "relative"))
            else:
                out.append((m.start(), m.end(), self.pub.year + 1, "relative"))
        out.sort()
        return out

    def _evaluation_year(self, year: int | None, source: str, sentence_decree: int | None) -> tuple[int, str] | None:
        """R-EVAL-YEAR: the evaluation year an official result is about, or None when unsure."""
        if year is None:  # implicit: "saat ini", or no year at all
            if sentence_decree is not None:
                return sentence_decree, "decree"
            if self.article_decree is not None:
                return self.article_decree, "decree"
            if self.latest is None:
                return None
            return self.latest, "implicit"
        if sentence_decree is not None:
            # R-DECREE: the press labels results by the decree's year ("SPBE 2024" = decree 13/2024).
            rel = release_of(sentence_decree)
            if year == sentence_decree:
                return year, source
            if rel is not None and rel.decree_year == year:
                return sentence_decree, "decree"
            return None
        if year < FIRST_EVALUATION_YEAR or year > LAST_SPBE_YEAR:
            return None
        if self.latest is not None and year > self.latest:
            # Not yet published on the article's date: either the decree-year label of the latest
            # result (published in that calendar year) or not a result at all.
            rel = release_of(self.latest)
            if rel is not None and rel.published.year == year:
                return self.latest, "decree"
            return None
        return year, source

    # -- figures ------------------------------------------------------------------------------
    def figures(self) -> list[NewsFigure]:
        cands: list[_Candidate] = []
        for s in self.sentences:
            found = self._sentence_figures(s)
            self._collective_predikat(s, found)
            self._eval_years |= {c.year for c in found if c.kind == "evaluation"}
            cands.extend(found)
        return self._finalize(cands)

    def _sentence_figures(self, s: _Sentence) -> list[_Candidate]:
        text = s.text
        values = []
        for m in _VALUE_RE.finditer(text):
            try:
                v = parse_index_value(m.group(0))
            except ValueParseError:
                continue
            values.append((m.start(), m.end(), v))
        if not values or _MISATTRIBUTION_RE.search(text):
            return []
        years = self._year_tokens(text)
        sentence_decrees = self._decree_years(text)
        sentence_decree = sentence_decrees[0] if len(set(sentence_decrees)) == 1 else None
        rel_mentions = [(m.start - s.start, m.end - s.start, m) for m in s.mentions]

        # R-RANGE first, because it concerns pairs of values.
        skip = [False] * len(values)
        change_before_first = bool(_CHANGE_RE.search(text[: values[0][0]]))
        for k, (a, b, _v) in enumerate(values):
            after = text[b:]
            if _RANGE_AFTER_RE.match(after) or _UPWARD_AFTER_RE.match(after):
                skip[k] = True
                if k + 1 < len(values) and not _UPWARD_AFTER_RE.match(after):
                    skip[k + 1] = True
            elif _RANGE_SOFT_AFTER_RE.match(after) and not change_before_first and _RANGE_CONTEXT_RE.search(text[:a]):
                skip[k] = True
                if k + 1 < len(values):
                    skip[k + 1] = True

        # Years bound directly after a value are consumed by it.
        post_years: dict[int, tuple[int, int, int]] = {}
        consumed: set[int] = set()
        for k, (a, b, _v) in enumerate(values):
            m = _POST_YEAR_RE.match(text[b:])
            if m:
                y = int(m.group(1) or m.group(2))
                ystart = b + (m.start(1) if m.group(1) else m.start(2))
                post_years[k] = (ystart, ystart + 4, y)
                consumed.add(ystart)

        list_slots = self._list_assignments(text, values, rel_mentions, years)
        out: list[_Candidate] = []
        prev_end = 0
        for k, (a, b, value) in enumerate(values):
            seg_start = prev_end
            prev_end = b
            if skip[k]:
                continue
            seg = text[seg_start:a]
            before = text[:a]
            after = text[b : values[k + 1][0] if k + 1 < len(values) else len(text)]
            after_head = after[:60]

            # R-SURFACE
            if _UNIT_AFTER_RE.match(after) or _BEFORE_NOT_INDEX_RE.search(before):
                continue
            if _RANGE_BEFORE_RE.search(before) and k > 0 and values[k - 1][1] >= a - 6:
                continue
            # R-DELTA
            # ... but "mencatat kenaikan dengan indeks 3,2" states the new level.
            if _DELTA_TAIL_RE.search(before) and not re.search(r"\bdengan\s+(?:indeks|nilai|skor|angka)\s*$", before, _I):
                continue
            if _DIFFERENCE_RE.search(seg):
                continue
            if _POINT_AFTER_RE.match(after) and _DELTA_ANYWHERE_RE.search(seg) and not re.search(r"\b(?:menjadi|ke\s+angka|jadi)\s*$", seg, _I):
                continue
            # R-AVERAGE
            if _NATIONAL_TAIL_RE.search(before) or _AVERAGE_AFTER_RE.match(after):
                continue
            avg = None
            for avg in _AVERAGE_RE.finditer(seg):
                pass
            if avg is not None and not any(avg.end() <= ms - seg_start < a - seg_start for ms, _me, mm in rel_mentions if mm.candidate and ms >= seg_start):
                continue
            # R-THRESHOLD (comparisons); lower bounds are targets only in a target context.
            target_cue_near = bool(re.search(r"\b(?:target|targetkan|ditargetkan|menargetkan|sasaran)\b", text[max(0, a - 40) : a], _I))
            if _COMPARATIVE_TAIL_RE.search(before) and not target_cue_near:
                continue
            bound = bool(_BOUND_TAIL_RE.search(before))
            if _BAND_FLOOR_TAIL_RE.search(before) or _BAND_FLOOR_AFTER_RE.match(after):
                continue

            # R-LABEL: which index does this number belong to?
            label = self._label_for(s, a, b, after_head, k, values)
            if label != "spbe":
                continue
            # R-DOMAIN
            if self._is_domain_score(s, a, after_head, seg):
                continue

            # R-KIND
            kind = self._kind(text, a, seg, values, k, s)
            if kind is None:
                continue
            if bound and kind != "target":
                if self._future_year_near(text, a, years):
                    kind = "target"
                else:
                    continue  # "nilai minimal 4,2 untuk predikat Memuaskan": a band floor

            # R-INSTANSI
            owner = self._owner(s, a, b, k, rel_mentions, list_slots, after)
            if owner is None:
                continue

            # R-YEAR
            context_year = out[-1].year if out else None
            year_info = self._year_for(text, a, b, k, kind, years, post_years, consumed, list_slots, values, context_year, s)
            if year_info is None:
                continue
            year, source = year_info
            if kind in ("evaluation",):
                ev = self._evaluation_year(year, source, sentence_decree)
                if ev is None:
                    # R-FUTURE: a "result" in a year not yet published is a target when the clause
                    # speaks of reaching it ("menjadi 3,00 pada tahun 2024"), else nothing.
                    if (
                        year is not None
                        and self.latest is not None
                        and year > self.latest
                        and year <= LAST_SPBE_YEAR + 5
                        and re.search(r"\b(?:menjadi|meningkatkan|tingkatkan|mencapai|naik)\b", seg, _I)
                        and not _BASELINE_TAIL_RE.search(before)
                    ):
                        kind = "target"
                    else:
                        continue
                else:
                    year, source = ev
                    if source in ("implicit", "decree"):
                        # R-NOT-EVALUATED: "tidak dievaluasi pada 2020" while the calendar says 2020:
                        # the body kept its previous result. Only the limited 2020 round is known to
                        # have skipped most bodies, so the previous result is 2019; otherwise unsure.
                        skipped = {
                            int(m.group(1))
                            for m in _NOT_EVALUATED_RE.finditer(text)
                            if not _CLAUSE_BREAK_RE.search(text[min(m.end(), b) : max(m.start(), a)])
                        }
                        if year in skipped:
                            if year != _LIMITED_ROUND_YEAR:
                                continue
                            year, source = year - 1, "context"
                        # R-SAME-EVALUATION: "pada evaluasi yang sama" is the evaluation the article
                        # reported so far; when that was one other year, the calendar is wrong.
                        elif _SAME_EVALUATION_RE.search(text) and self._eval_years:
                            if len(self._eval_years) == 1:
                                year, source = next(iter(self._eval_years)), "context"
                            elif year not in self._eval_years:
                                continue
            if kind == "self_assessment":
                if year is None:
                    if self.pub is None or self.latest is None:
                        continue
                    year, source = min(self.pub.year, self.latest + 1), "implicit"
                if self.pub is not None and year > self.pub.year:
                    continue
                if year < FIRST_EVALUATION_YEAR or year > LAST_SPBE_YEAR:
                    continue
            if kind == "target":
                if year is None:
                    continue  # a target without a year cannot be stored
                if year < FIRST_EVALUATION_YEAR or year > 2045:
                    continue

            predikat = self._predikat(text, seg_start, a, b, after)
            out.append(_Candidate(owner, year, value, kind, predikat, text, source))
        return out

    # -- per-value rules ----------------------------------------------------------------------
    def _label_for(self, s: _Sentence, a: int, b: int, after_head: str, k: int, values) -> str | None:
        before_labels = [lab for lab in s.labels if lab[1] <= a]
        next_value_start = values[k + 1][0] if k + 1 < len(values) else len(s.text)
        after_labels = [lab for lab in s.labels if b <= lab[0] < min(next_value_start, b + 45)]
        # An other-index label right after the number claims it ("3,2 untuk SAKIP", "3,9 (IPP)"),
        # unless it introduces the next number ("2,90 dan Indeks Pelayanan Publik 3,91").
        if after_labels and after_labels[0][2] == "other":
            la, lb, _ = after_labels[0]
            gap = s.text[b:la]
            introduces_next = k + 1 < len(values) and values[k + 1][0] - lb <= 30
            if re.fullmatch(r"\s*\)?\s*(?:[,(:]|untuk|pada|dalam|di|bagi|sebagai)?\s*(?:nilai\s+|indeks\s+)?", gap, _I) and not introduces_next:
                return "other"
        if before_labels:
            return before_labels[-1][2]
        if after_labels:
            return after_labels[0][2]
        if any(lab[2] == "other" for lab in s.labels):
            return "other"
        if s.labels:
            return "spbe"  # the sentence names the SPBE index (further away) and no other index
        if self._list_header(s) is not None:
            return "spbe"
        # R-ANAPHORA: "Capaian tersebut ...", "meningkatkan indeks tersebut menjadi 3.00": the
        # previous sentence of the paragraph talked about the SPBE index.
        prev = self.sentences[s.index - 1] if s.index > 0 else None
        if (
            prev is not None
            and _INDEX_NOUN_RE.search(s.text)
            and (prev.para == s.para or _ANAPHOR_START_RE.match(s.text))
            and prev.labels
            and prev.labels[-1][2] == "spbe"
        ):
            return "spbe"
        return self._topic_label(s)

    def _topic_label(self, s: _Sentence) -> str | None:
        """R-TOPIC: an SPBE report names the index once and then lists results ("Kota X meraih
        indeks 3,1", "pada evaluasi yang sama ... 2,9") without repeating "SPBE". An unlabelled
        sentence with a result word belongs to the index the article last named, provided that was
        SPBE: a mention of another index in between hands the following numbers to that index."""
        if not _TOPIC_CUE_RE.search(s.text) or _TOPIC_BLOCK_RE.search(s.text):
            return None
        for t in reversed(self.sentences[: s.index]):
            if t.labels:
                return "spbe" if t.labels[-1][2] == "spbe" and all(lab[2] == "spbe" for lab in t.labels) else None
        return None

    def _is_list_item(self, t: _Sentence) -> bool:
        return (
            self._para_sizes[t.para] == 1
            and len(t.text.split()) <= 14
            and _VALUE_RE.search(t.text) is not None
            and any(m.candidate for m in t.mentions)
            and not t.labels
        )

    def _list_header(self, s: _Sentence) -> _Sentence | None:
        """R-LIST-LINES: one-line items ("1. Kota Balikpapan: 3,62") under a header line that names
        the SPBE index ("Berikut indeks SPBE kabupaten/kota di Kaltim tahun 2023:")."""
        if s.index in self._header_cache:
            return self._header_cache[s.index]
        header = None
        if self._is_list_item(s):
            i = s.index - 1
            while i >= 0 and s.index - i <= 60 and self._is_list_item(self.sentences[i]):
                i -= 1
            if i >= 0:
                t = self.sentences[i]
                if t.para != s.para and t.labels and t.labels[-1][2] == "spbe":
                    header = t
        self._header_cache[s.index] = header
        return header

    def _is_domain_score(self, s: _Sentence, a: int, after_head: str, seg: str) -> bool:
        if _DOMAIN_AFTER_RE.match(after_head):
            return True
        spbe_before = [lab for lab in s.labels if lab[1] <= a and lab[2] == "spbe"]
        window_start = max(0, spbe_before[-1][0] - 30) if spbe_before else max(0, a - len(seg))
        window = s.text[window_start:a]
        m = None
        for m in _DOMAIN_RE.finditer(window):
            pass
        if m is None:
            return False
        # "domain"/"aspek" describing the index itself ("indeks SPBE yang terdiri dari 4 domain")
        # still makes the number doubtful; precision wins.
        return True

    def _kind(self, text: str, a: int, seg: str, values, k: int, s: _Sentence) -> str | None:
        before = text[:a]
        clause_start = 0
        for m in _CLAUSE_BREAK_RE.finditer(before):
            clause_start = m.end()
        clause = before[clause_start:]
        if _SELF_RE.search(clause):
            return "self_assessment"
        # R-BASELINE: "naik dari 2,87 menjadi 3,00": the "dari" value is what was achieved.
        if _BASELINE_TAIL_RE.search(before) and k + 1 < len(values):
            between = text[values[k][1] : values[k + 1][0]]
            if re.search(r"\b(?:menjadi|ke|hingga|jadi)\b", between, _I):
                return self._not_contradicted_by_self(s, "evaluation", clause)
        header = self._list_header(s)
        if header is not None and not _TARGET_RE.search(clause) and not _EVAL_RE.search(clause):
            if _SELF_RE.search(header.text):
                return "self_assessment"
            clause = header.text + " " + clause
        tgt = [m.end() for m in _TARGET_RE.finditer(clause)]
        # "target capaian 3,0": the achievement word belongs to the target.
        evl = [
            m.end()
            for m in _EVAL_RE.finditer(clause)
            if not (m.group(0).lower() == "capaian" and re.search(r"\btarget\w*\s*$", clause[: m.start()], _I))
        ]
        last_t = max(tgt) if tgt else -1
        last_e = max(evl) if evl else -1
        if last_t > last_e:
            return "target"
        return self._not_contradicted_by_self(s, "evaluation", clause)

    def _not_contradicted_by_self(self, s: _Sentence, kind: str, clause: str) -> str | None:
        # R-SELF-CONTEXT: right after a sentence about a self-assessment, an unmarked number is
        # probably that self-assessment's result; without an official cue we cannot tell.
        prev = self.sentences[s.index - 1] if s.index > 0 else None
        if prev is None or not _SELF_RE.search(prev.text) or _OFFICIAL_RE.search(s.text):
            return kind
        if prev.para == s.para or _RESULT_ANAPHOR_RE.match(s.text):
            return None
        return kind

    @staticmethod
    def _future_year_near(text: str, a: int, years) -> bool:
        return any(y is not None and src == "relative" and "depan" in text[st:en].lower() for st, en, y, src in years if st < a)

    def _list_assignments(self, text: str, values, rel_mentions, years) -> dict[int, dict[str, object]]:
        """R-LIST: "A, B dan C masing-masing 3,1, 2,9 dan 2,5" pairs names (or years) with values in order."""
        m = _LIST_RE.search(text)
        if not m:
            return {}
        after_idx = [k for k, (a, _b, _v) in enumerate(values) if a > m.end()]
        if len(after_idx) < 2:
            return {}
        # Values after the list word must follow each other without new names in between.
        first_after = values[after_idx[0]][0]
        if any(first_after <= ms < values[after_idx[-1]][0] for ms, _me, mm in rel_mentions if mm.candidate):
            return {}
        slots: dict[int, dict[str, object]] = {}
        owners: list[_Mention] = []
        for ms, _me, mm in rel_mentions:
            if ms < m.start() and mm.candidate and (not owners or owners[-1].resolved != mm.resolved or mm.resolved is None):
                owners.append(mm)
        labels = [lab for lab in self._labels(text[: m.start()])]
        list_years = [y for st, _en, y, src in years if st < m.start() and src == "explicit"]
        all_years = {y for _st, _en, y, src in years if src == "explicit"}
        if len(owners) == len(after_idx):
            # "A, B dan C masing-masing 3,1, 2,9 dan 2,5 pada 2023": the one year is everyone's.
            shared = next(iter(all_years)) if len(all_years) == 1 else None
            for k, owner in zip(after_idx, owners):
                slots[k] = {"owner": owner.resolved, "year": shared}
        elif len(list_years) == len(after_idx) and len(owners) <= 1:
            for k, y in zip(after_idx, list_years):
                slots[k] = {"year": y}
        else:
            for k in after_idx:
                slots[k] = {"owner": None}  # a list we cannot pair: nothing from it
        if len(labels) == len(after_idx) and len({lab[2] for lab in labels}) > 1:
            for k, lab in zip(after_idx, labels):
                if lab[2] != "spbe":
                    slots[k] = {"owner": None}
        return slots

    def _owner(self, s: _Sentence, a: int, b: int, k: int, rel_mentions, list_slots, after: str) -> str | None:
        slot = list_slots.get(k)
        if slot is not None and "owner" in slot:
            return slot["owner"]  # type: ignore[return-value]
        before = [mm for ms, _me, mm in rel_mentions if ms < a and mm.candidate]
        # R-OTHER-BODY: "Kanwil Sulsel memperoleh skor 3,71": the nearest organisation is a unit
        # that is not evaluated, so neither it nor the article's subject owns the number.
        nearest = [mm for ms, _me, mm in rel_mentions if ms < a and (mm.candidate or mm.other_body)]
        if nearest and nearest[-1].other_body:
            return None
        # R-UNNAMED: "sebuah kabupaten di Jawa Tengah yang indeksnya 4,05": the number belongs to a
        # body the writer does not name, not to the last named one or the article's subject.
        unnamed = [m.end() for m in _UNNAMED_BODY_RE.finditer(s.text, 0, a)]
        if unnamed and not any(unnamed[-1] <= ms < a for ms, _me, mm in rel_mentions if mm.candidate):
            return None
        if before:
            # R-NEAREST: the closest preceding body owns the number; an unresolved homonym there
            # ("Bogor" with no context) makes the number unattributable.
            return before[-1].resolved
        # R-OWNER-AFTER: "3,41 untuk Pemkab Pesawaran", "nilai 3,1 yang diraih Kota X".
        later = [(ms, mm) for ms, _me, mm in rel_mentions if ms >= b and mm.candidate]
        if later:
            ms, mm = later[0]
            if _OWNER_AFTER_RE.match(s.text[b:ms]):
                return mm.resolved
        # R-SPEAKER: “... indeks SPBE kita 3,12,” kata Wali Kota Bogor.
        if later and _FIRST_PERSON_RE.search(s.text[:a]):
            ms, mm = later[0]
            if _SPEECH_BEFORE_NAME_RE.search(s.text[b:ms]):
                return mm.resolved
        # R-NATIONAL / R-SUPERLATIVE: without a named owner, "indeks SPBE nasional naik menjadi
        # 3,12" or "indeks tertinggi 4,5" is not about the article's body.
        if _NATIONWIDE_RE.search(s.text[:a]) or _SUPERLATIVE_RE.search(s.text):
            return None
        coref = self._coreference(s)
        later_ids = {mm.resolved for _ms, mm in later}
        if later_ids and (coref is None or later_ids != {coref}):
            return None  # another body is named after the number: too ambiguous
        return coref

    def _coreference(self, s: _Sentence) -> str | None:
        """R-COREF: a sentence naming no body is about the paragraph's body, else the article's."""
        para_ids: list[str | None] = []
        for t in self.sentences[: s.index]:
            if t.para == s.para:
                para_ids += [m.resolved for m in t.mentions if m.candidate]
        distinct = set(para_ids)
        if None in distinct:
            return None
        if len(distinct) == 1:
            return para_ids[-1]
        if not distinct:
            # No body named yet in this paragraph: the body of the last sentences that named one
            # (up to three back), checked against the article's subject.
            recent: set[str | None] = set()
            for t in reversed(self.sentences[max(0, s.index - 3) : s.index]):
                recent = {m.resolved for m in t.mentions if m.candidate}
                if recent:
                    break
            if self.dominant is not None:
                return self.dominant if (not recent or recent == {self.dominant} or self.dominant in recent) else None
            if len(recent) == 1 and None not in recent:
                return next(iter(recent))
            return None
        if self.dominant in distinct and para_ids[-1] == self.dominant:
            return self.dominant
        return None

    def _year_for(self, text, a, b, k, kind, years, post_years, consumed, list_slots, values, context_year=None, sentence=None):
        slot = list_slots.get(k)
        if slot is not None and slot.get("year") is not None:
            return slot["year"], "explicit"
        if k in post_years:
            return post_years[k][2], "explicit"
        seg_start = values[k - 1][1] if k > 0 else 0
        clause_start = 0
        for m in _CLAUSE_BREAK_RE.finditer(text[:a]):
            clause_start = m.end()
        prior = [t for t in years if t[1] <= a and t[0] not in consumed]
        in_seg = [t for t in prior if t[0] >= seg_start]
        pick = in_seg[-1] if in_seg else None
        if pick is None and prior:
            cand = prior[-1]
            # Targets take their year from their own clause only; results may share the
            # sentence's year ("Indeks SPBE 2023: A 3,1, sedangkan B 2,9").
            if kind != "target" or cand[0] >= clause_start:
                pick = cand
        if pick is None:
            # The sentence's only year, stated after all its values ("... 2,90 dan IKM 3,4 pada
            # 2023"), unless it dates the baseline of a change ("dari 2,91 pada 2023 menjadi 3,49").
            explicit = [t for t in years if t[3] == "explicit"]
            if len({t[2] for t in explicit}) == 1:
                t = explicit[0]
                owner_k = next((j for j, py in post_years.items() if py[0] == t[0]), None)
                if owner_k is None or not _CHANGE_RE.search(text[values[min(owner_k, k)][1] : values[max(owner_k, k)][0]]):
                    pick = t
        if pick is None:
            nxt = values[k + 1][0] if k + 1 < len(values) else len(text)
            later = [t for t in years if b <= t[0] < min(nxt, b + 60) and t[0] not in consumed]
            if later and later[0][3] == "explicit":
                pick = later[0]
        if pick is None:
            header = self._list_header(sentence) if sentence is not None else None
            if header is not None:
                header_years = {t[2] for t in self._year_tokens(header.text) if t[3] == "explicit"}
                if len(header_years) == 1:
                    return next(iter(header_years)), "explicit"
            return None, "implicit"
        if pick[3] in ("previous", "following"):
            # "naik dari tahun sebelumnya yang hanya 2,45": one year before the year of the
            # sentence's other figure (or its explicit year); unknown otherwise.
            ref = context_year
            if ref is None:
                explicit = [t[2] for t in years if t[3] == "explicit" and t[0] != pick[0]]
                ref = explicit[0] if len(set(explicit)) == 1 else None
            if ref is None:
                return None
            return (ref - 1 if pick[3] == "previous" else ref + 1), "explicit"
        return pick[2], pick[3]

    def _predikat(self, text: str, seg_start: int, a: int, b: int, after: str) -> str | None:
        m = _PREDIKAT_PAREN_RE.match(after)
        if m:
            return normalize_predikat(re.sub(r"\s+", " ", m.group(1)))
        head = after[:70]
        m = _PREDIKAT_RE.search(head)
        if m and re.match(r"^\s*\)?\s*(?:poin\s*)?[,]?\s*(?:dengan|berpredikat|dan|atau|yang|\(|masuk|termasuk|pada|kategori|predikat)", head, _I) and m.start() <= 45:
            return normalize_predikat(re.sub(r"\s+", " ", m.group(1)))
        seg = text[seg_start:a]
        found = None
        for found in _PREDIKAT_RE.finditer(seg):
            pass
        if found is not None:
            return normalize_predikat(re.sub(r"\s+", " ", found.group(1)))
        return None

    def _collective_predikat(self, s: _Sentence, found: list[_Candidate]) -> None:
        """R-PREDIKAT-COLLECTIVE: "A 3,27, sedangkan B 3,11. Keduanya juga masuk predikat Baik.",
        "masing-masing 3,02 dan 2,61, sama-sama berpredikat Baik", "dengan predikat masing-masing
        Sangat Baik dan Baik". Only when the group is exactly the figures of this sentence."""
        group = [c for c in found if c.kind == "evaluation"]
        if len(group) < 2 or len(group) != len(found) or any(c.predikat for c in group):
            return
        last_value = list(_VALUE_RE.finditer(s.text))[-1].end()
        tail = s.text[last_value:]
        m = _PREDIKAT_EACH_RE.search(tail)
        if m:
            bands = _BAND_LIST_SPLIT_RE.split(m.group(1).strip())
            if len(bands) == len(group):
                for c, band in zip(group, bands):
                    c.predikat = normalize_predikat(re.sub(r"\s+", " ", band))
            return
        band = None
        m = _PREDIKAT_SHARED_RE.search(tail)
        if m:
            band = m.group(m.lastindex)
        else:
            nxt = self.sentences[s.index + 1] if s.index + 1 < len(self.sentences) else None
            if nxt is not None and nxt.para == s.para:
                m = _PREDIKAT_BOTH_RE.match(nxt.text)
                if m and _GROUP_SIZE[m.group(1).split()[0].lower()] == len(group):
                    band = m.group(m.lastindex)
        if band is not None:
            for c in group:
                c.predikat = normalize_predikat(re.sub(r"\s+", " ", band))

    # -- article level ------------------------------------------------------------------------
    def _finalize(self, cands: list[_Candidate]) -> list[NewsFigure]:
        # R-DEDUP: one row per (instansi, year, value, kind), first evidence wins, a stated predikat
        # fills in a later duplicate's missing one.
        merged: dict[tuple[str, int, float, str], _Candidate] = {}
        for c in cands:
            key = (c.instansi_id, c.year, c.value, c.kind)
            if key in merged:
                if merged[key].predikat is None and c.predikat is not None:
                    merged[key].predikat = c.predikat
                if merged[key].year_source == "implicit" and c.year_source != "implicit":
                    merged[key].year_source = c.year_source
                continue
            merged[key] = c
        items = list(merged.values())
        # R-IMPLICIT-DUPLICATE: a value already dated explicitly for the same body is not a second
        # result for the calendar's year.
        explicit_values = {(c.instansi_id, c.value, c.kind) for c in items if c.year_source != "implicit"}
        items = [c for c in items if not (c.year_source == "implicit" and (c.instansi_id, c.value, c.kind) in explicit_values)]
        # R-CONFLICT: two different official values for one body and year: we cannot tell which is right.
        per_year = Counter((c.instansi_id, c.year) for c in items if c.kind == "evaluation")
        items = [c for c in items if not (c.kind == "evaluation" and per_year[(c.instansi_id, c.year)] > 1)]
        out = []
        for c in items:
            inst = self.lex.instansi(c.instansi_id)
            out.append(
                NewsFigure(
                    instansi_id=inst.id,
                    name=inst.name,
                    instansi_type=inst.type,
                    province=inst.province_name,
                    year=c.year,
                    value=round(c.value, 2),
                    kind=c.kind,
                    predikat=c.predikat,
                    evidence=c.evidence,
                )
            )
        return out


def extract_figures(text: str, published: dt.date | None = None) -> list[NewsFigure]:
    """Every SPBE figure the article states, or [] when there is nothing certain enough.

    `published` (the article's publication date) resolves implicit years ("saat ini", "tahun
    lalu", no year) against the decree calendar; without it such figures are dropped.
    """
    if not text or not str(text).strip():
        return []
    return _Document(str(text), _as_date(published)).figures()
