"""Cue vocabulary: the words and shapes of Indonesian press text that the stages test for.

Every pattern is compiled once. Rule names (R-...) are referenced by the tests and by the
`rule` column of `spbe extract-news`.
"""

from __future__ import annotations

import re

from spbe.sources.news.extract.lexicon import compact, lexicon

IC = re.IGNORECASE

# An index value: one digit 1-5, a decimal comma or point, one or two digits. The look-arounds
# refuse "2.808" (thousands), "12,5", "Rp3,5", "v2.0", "1.5.3" and dates like "1.05.2024".
VALUE_RE = re.compile(r"(?<![\w.,/])([1-5])[.,](\d{1,2})(?!\d)(?![.,]\d)")

# R-SURFACE: what follows/precedes a number and makes it something else than an index value.
UNIT_AFTER_RE = re.compile(
    r"^\s*(?:%|persen\b|per\s*sen\b|juta\b|jt\b|miliar\b|milyar\b|triliun\b|ribu\b|rb\b|km\b|kilometer\b|meter\b|"
    r"m2\b|m²|ha\b|hektar\w*|ton\b|kg\b|kilogram\b|gram\b|liter\b|jam\b|menit\b|detik\b|hari\b|minggu\b|pekan\b|"
    r"bulan\b|tahun\b(?!\s*(?:anggaran\s+)?\d{4}|\s+ini\b)|orang\b|jiwa\b|unit\b|kali\b|mbps\b|gbps\b|gb\b|mb\b|tb\b|ghz\b|derajat\b|°|wib\b|wita\b|"
    r"wit\b|sks\b|x\b|kw\b|mw\b|kwh\b|dolar\b|dollar\b|rupiah\b|m\b|cm\b|mm\b|inci\b)",
    IC,
)
BEFORE_NOT_INDEX_RE = re.compile(
    r"(?:\brp\.?|us\$|\$|\busd|\bpukul|\bjam|\bpkl\.?|\bversi|\bversion|\bver\.?|\bv|\bindustri|\bindustry|"
    r"\bsociety|\bweb|\brevolusi|\bpasal|\bayat|\bbab|\bnomor|\bno\.?|\bbutir|\btabel|\bgambar|\blampiran|"
    r"\blevel|\bperingkat|\branking|\brangking|\burutan|\bposisi|\bskala|\brasio|\bipk|\bgpa)\s*[:.]?\s*$",
    IC,
)
# R-RANGE: "3,50 - 4,20", "3,5 s.d. 4,2", "4,2 ke atas": band definitions, not results.
# "2,60 hingga di bawah 3,50" only ever describes a band.
RANGE_AFTER_RE = re.compile(
    r"^\s*(?:-|–|—|s\.?\s?d\.?|s/d|sampai\s+dengan|(?:hingga|sampai)\s+(?:di\s*bawah|dibawah|kurang\s+dari|<))\s*[1-5][.,]\d",
    IC,
)
RANGE_SOFT_AFTER_RE = re.compile(r"^\s*(?:hingga|sampai)\s*[1-5][.,]\d", IC)
UPWARD_AFTER_RE = re.compile(r"^\s*(?:ke\s*atas|keatas|ke\s*bawah|kebawah|atau\s+lebih|lebih)\b", IC)
RANGE_BEFORE_RE = re.compile(r"(?:-|–|—|s\.?\s?d\.?|s/d|sampai\s+dengan)\s*$", IC)
RANGE_CONTEXT_RE = re.compile(r"\b(?:antara|rentang|kisaran|skala|range|interval|nilai\s+indeks\s+antara)\b", IC)
CHANGE_RE = re.compile(r"\b(?:naik|turun|meningkat|menurun|menjadi|peningkatan|kenaikan|penurunan|bertambah|berkurang)\b", IC)

# R-DELTA: "peningkatan senilai 0,68 poin", "naik 1,02", "selisih 1,2": a change, not an index.
DELTA_TAIL_RE = re.compile(
    r"\b(?:naik|turun|meningkat|menurun|peningkatan|kenaikan|penurunan|selisih|selisihnya|bertambah|berkurang|"
    r"melonjak|lonjakan|tumbuh|pertumbuhan|merosot|anjlok|terkoreksi|surplus|defisit|perubahan|perbedaan|"
    r"beda|lebih\s+tinggi|lebih\s+rendah|unggul|tertinggal|terpaut|kenaikannya|peningkatannya|penurunannya)"
    r"(?:\s+(?:sebesar|senilai|sekitar|sebanyak|hingga|mencapai|kurang\s+lebih|lebih|signifikan|tipis|drastis|"
    r"cukup|sekira|sejumlah|yakni|yaitu|dengan|nilai|angka|skor|indeks|\(|:))*\s*$",
    IC,
)
DIFFERENCE_RE = re.compile(r"\b(?:selisih\w*|perbedaan\w*|terpaut|ketimpangan|gap)\b", IC)
POINT_AFTER_RE = re.compile(r"^\s*(?:poin|point|pts?)\b", IC)
DELTA_ANYWHERE_RE = re.compile(
    r"\b(?:naik|turun|meningkat|menurun|peningkatan|kenaikan|penurunan|selisih|bertambah|berkurang)\b", IC
)

# R-AVERAGE: "rata-rata nasional 2,79", "indeks SPBE nasional 3,12".
AVERAGE_RE = re.compile(r"\b(?:rata-?\s?rata|rerata|average|median)\b", IC)
NATIONAL_TAIL_RE = re.compile(
    r"\b(?:nasional|nasionalnya|provinsi\s+se|se-?indonesia)\s*(?:(?:yakni|yaitu|adalah|sebesar|senilai|di\s+angka|pada\s+angka|yang|hanya|baru|mencapai|berada|di|pada|tahun\s+\d{4}|\d{4})\s*)*[:(]?\s*$",
    IC,
)
AVERAGE_AFTER_RE = re.compile(r"^\s*\)?\s*(?:\(|,)?\s*(?:rata-?\s?rata|rerata|nasional)\b", IC)

# R-THRESHOLD: comparisons and band floors ("di atas 2,6", "lebih dari 3,5", "maksimal 5").
COMPARATIVE_TAIL_RE = re.compile(
    r"(?:\bdi\s*atas|\bdiatas|\bdi\s*bawah|\bdibawah|\blebih\s+dari|\blebih\s+tinggi\s+dari(?:pada)?|"
    r"\blebih\s+rendah\s+dari(?:pada)?|\bkurang\s+dari|\bmelebihi|\bmelampaui|\bmendekati|\bhampir|\bambang|"
    r"\bbatas|\bbatasan|>|<|≥|≤|\bmaksimal|\bmaksimum|\bmax|\bnilai\s+tertinggi|\bjika|\bapabila|\bbila|"
    r"\bkalau|\bhanya\s+jika|\bdari\s+skala|\bskala)"
    r"(?:\s+(?:angka|nilai|indeks|skor|sebesar|rata-?rata|target))*\s*[:(]?\s*$",
    IC,
)
BOUND_TAIL_RE = re.compile(
    r"\b(?:minimal|minimum|setidaknya|setidak-tidaknya|paling\s+tidak|sekurang-kurangnya|sekurangnya|min\.?)"
    r"(?:\s+(?:angka|nilai|indeks|skor|sebesar|di|pada|level|kategori\s+\w+(?:\s+baik)?|dengan))*\s*[:(]?\s*$",
    IC,
)
# R-BAND-FLOOR: "di bawah batas predikat Baik 2,6", "batas predikat Memuaskan yang berada di angka
# 4,2", "Angka 2,6 itu batas bawah predikat Baik", "ambang predikat Sangat Baik 3,5" (ambang =
# threshold): a band boundary quoted next to a result.
BAND_FLOOR_TAIL_RE = re.compile(
    r"\b(?:batas|ambang(?:\s+batas)?)\s+(?:bawah\s+|atas\s+|minimal\s+|minimum\s+|terendah\s+)?(?:predikat|kategori|nilai)"
    r"(?:\s+[\"'‘“]?(?:sangat\s+baik|memuaskan|baik|cukup|kurang)[\"'’”]?)?"
    r"(?:\s+(?:yang|berada|ada|di|pada|angka|yakni|yaitu|adalah|sebesar|senilai|nilai|indeks))*\s*[,:(]?\s*$",
    IC,
)
BAND_FLOOR_AFTER_RE = re.compile(
    r"^\s*\)?\s*(?:itu\s+|ini\s+|tersebut\s+)?(?:adalah\s+|merupakan\s+|ialah\s+|menjadi\s+)?batas\b", IC
)
BOUND_ANY_RE = re.compile(r"\b(?:minimal|minimum|setidaknya|setidak-tidaknya|paling\s+tidak|sekurang-kurangnya)\b", IC)

# R-LABEL: which index a number belongs to. SPBE, or one of the other indices that local news
# reports in the same breath. Acronyms are case-sensitive, phrases are not.
SPBE_LABEL_RE = re.compile(r"\bSPBE\b|sistem\s+pemerintahan\s+berbasis\s+elektronik", IC)
# "Sering ada yang mengira 3,85 itu nilai SPBE": a sentence about mistaking a number for the
# SPBE index states that it is not one.
MISATTRIBUTION_RE = re.compile(
    r"\b(?:mengira|dikira|menyangka|disangka|keliru\s+(?:membaca|menyebut)|tertukar|salah\s+kaprah)\b", IC
)
NEGATED_LABEL_RE = re.compile(r"\bbukan\s+(?:(?:nilai|indeks|skor|angka|untuk|milik)\s+){0,2}$", IC)
OTHER_ACRONYM_RE = re.compile(
    r"\b(?:SAKIP|AKIP|LAKIP|LKjIP|LKJIP|IRB|PMPRB|IKM|SKM|SPI|MCP|MCSP|IID|IGA|IPP|IDM|IPM|IPG|IDG|IPKD|EPSS|"
    r"SPIP|APIP|IKK|IRH|IKIP|KIP|IDSD|PeGI|PEGI|EGDI|IKCI|WBK|WBBM|IPK|IPAK|MRI|IDI|IKP|IKLH|NTP|IKPA|LPPD|"
    r"EKPPD|IKPD|IPS|ISM|IKU|IP\s?ASN|IKPM|IEPK|ZI)\b"
)
# The leading \b(?=[a-z]) lets the engine skip positions inside words: the alternation is long.
OTHER_PHRASE_RE = re.compile(
    r"\b(?=[a-z])(?:(?:indeks|nilai|evaluasi|hasil|predikat|penilaian)\s+(?:pelaksanaan\s+|implementasi\s+)?(?:reformasi\s+birokrasi|RB)\b|"
    r"\b(?:indeks|survei|survey)\s+kepuasan\b|\bkepuasan\s+masyarakat|survei\s+penilaian\s+integritas|"
    r"monitoring\s+cent(?:er|re)\s+(?:for|of)\s+prevention|indeks\s+inovasi|inovasi\s+daerah|"
    r"innovative\s+government\s+award|indeks\s+pelayanan\s+publik|pelayanan\s+publik\s+\(?ipp|"
    r"indeks\s+desa|desa\s+membangun|indeks\s+pembangunan|indeks\s+pengelolaan|"
    r"evaluasi\s+penyelenggaraan\s+statistik|statistik\s+sektoral|indeks\s+keamanan\s+informasi|indeks\s+kami\b|"
    r"pengendalian\s+intern|maturitas|kapabilitas|sistem\s+merit|indeks\s+profesionalitas|"
    r"indeks\s+kualitas|indeks\s+reformasi\s+hukum|keterbukaan\s+informasi|indeks\s+daya\s+saing|"
    r"pemeringkatan\s+e-?gov\w*|e-?government\s+development|indeks\s+kota\s+cerdas|smart\s+city|"
    # The Smart City movement's six dimensions each get a score of their own.
    r"smart\s+(?:governance|branding|economy|living|society|environment|mobility|people)\b|"
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
    r"\b(?:evaluasi|penilaian|pengukuran)\s+(?:akuntabilitas\s+)?kinerja|akuntabilitas\s+kinerja|kinerja\s+penyelenggaraan)",
    IC,
)
# "Indeks <Capitalised word>" that is not SPBE and not a place: another named index.
INDEKS_NAMED_RE = re.compile(r"\b[Ii]ndeks\s+(?!SPBE\b)([A-Z][\w-]*)")
INDEKS_NAMED_OK = {
    "sistem",
    "kabupaten",
    "kota",
    "provinsi",
    "pemerintah",
    "pemkab",
    "pemkot",
    "pemprov",
    "pemda",
    "tahun",
    "spbe",
    "nasional",
    "kita",
    "kami",
    "tersebut",
    "ini",
    "itu",
    "capaian",
    "nilai",
    "hasil",
    "evaluasi",
    "spbe-nya",
    "daerah",
    "baik",
    "cukup",
    "kurang",
    "memuaskan",
    "sangat",
}

# R-DOMAIN: aspect/domain/indicator scores of the SPBE evaluation are not the index.
DOMAIN_RE = re.compile(
    r"\b(?:domain|domainnya|aspek|aspeknya|indikator|sub-?domain|kematangan|area|tingkat\s+kematangan|"
    r"kebijakan\s+internal|tata\s+kelola\s+spbe|manajemen\s+spbe|layanan\s+spbe|layanan\s+publik\s+berbasis|"
    r"layanan\s+administrasi\s+pemerintahan|perencanaan\s+strategis|teknologi\s+informasi\s+dan\s+komunikasi|"
    r"penyelenggara\s+spbe|audit\s+tik|penerapan\s+manajemen)\b",
    IC,
)
DOMAIN_AFTER_RE = re.compile(r"^\s*\)?\s*(?:,\s*)?(?:pada|untuk|di|dalam|dari)\s+(?:domain|aspek|indikator)\b", IC)

# R-KIND cues.
# "pe...an mandiri" is any of penilaian, perhitungan, pengisian, pengukuran, penghitungan, and the
# misspellings the press prints of them ("penilain", "perhintungan"): a noun of measuring, done by
# the body itself.
SELF_RE = re.compile(
    r"\b(?:pe[nmr]\w{3,12}|evaluasi|asesmen|assessment|hasil)\s+(?:\w+\s+){0,2}?mandiri(?:nya)?\b|"
    r"\bself[\s-]?assess?ment\b|\bswa-?\s?penilaian\b|\bswanilai\b|"
    r"\bnilai\s+(?:simulasi|prediksi|perkiraan|estimasi)\b|"
    r"\b(?:simulasi|simulasinya|prediksi|perkiraan|estimasi|proyeksi\s+nilai)\b",
    IC,
)
# R-KIND-PROVISIONAL: a value of the evaluation before its decree: the asesors' interim result
# ("hasil sementara asesor", "penilaian sementara", "nilai awal"), a stage of the evaluation
# ("desk evaluation", "pra-evaluasi", "tahap wawancara") or a value said not to be final ("belum
# final/resmi/ditetapkan"). The press reports these as the body's index; the decree may differ
# (a first score raised after the interview), so such a value is an evaluation held for review
# (H-PROVISIONAL), not a self-assessment and not an accepted result.
PROVISIONAL_RE = re.compile(
    r"\b(?:nilai|hasil|skor|indeks|angka|capaian|data|penilaian|perhitungan)\s+(?:\w+\s+){0,3}?sementara\b(?!\s+itu)|"
    r"\bsementara\s+(?:dari\s+)?(?:tim\s+)?asesor\b|"
    r"\buntuk\s+sementara\b|\bsementara\s+ini\b|\bnilai\s+awal\b|\bbelum\s+(?:final|resmi|ditetapkan)\b|"
    r"\bpra-?\s?evaluasi\b|\bdesk\s+evaluation\b|\btahap\s+(?:desk|wawancara|interview|interviu|verifikasi|klarifikasi)\b|"
    r"\bsebelum\s+(?:tahap\s+)?(?:wawancara|interview|interviu)\b|\b(?:bisa|dapat|mungkin)\s+berubah\b",
    IC,
)
TARGET_RE = re.compile(
    r"\b(?:target|targetnya|targetkan|ditargetkan|ditarget|menargetkan|sasaran|mematok|dipatok|harapan|harapkan|"
    r"diharapkan|berharap|mengharapkan|ingin|berupaya|diupayakan|mengupayakan|bertekad|optimis|optimistis|"
    r"rencana|direncanakan|merencanakan|renstra|rpjmd|rkpd|diproyeksikan|akan|mampu|setidaknya|"
    r"minimal|sekurang-kurangnya|paling\s+tidak|mengejar|membidik|dibidik|ambisius|menuju|mendatang|"
    r"tahun\s+depan|bisa|dicanangkan|mencanangkan|"
    # Headlines drop the verb's prefix: "Sleman Bidik Indeks SPBE 3,8", "Incar 4,0", "Kejar 3,5".
    r"bidik|incar|mengincar|diincar|kejar)\b",
    IC,
)
EVAL_RE = re.compile(
    r"\b(?:meraih|meraup|memperoleh|diperoleh|mendapat|mendapatkan|berhasil|tercatat|mencatatkan|mencatat|"
    r"realisasi|raihan|diraih|memiliki|hasil\s+evaluasi|hasil\s+penilaian|penilaian\s+akhir|capaian|sebelumnya|"
    r"lalu|sempat|hanya|masih|saat\s+ini|kini|sekarang|terakhir|terbaru|resmi|keputusan|kepmen\w*|"
    r"ditetapkan|mengantongi|menyabet|menduduki|berada|bertengger|memperoleh|mencapai\s+angka)\b",
    IC,
)
BASELINE_TAIL_RE = re.compile(r"\bdari\s+(?:(?:angka|nilai|indeks|skor|sebelumnya|semula|awalnya|hanya|yang)\s+)*$", IC)
CLAUSE_BREAK_RE = re.compile(r";|\b(?:sedangkan|sementara\s+itu|adapun|namun|tetapi|akan\s+tetapi|sebaliknya)\b", IC)
OFFICIAL_RE = re.compile(r"\b(?:interview|wawancara|asesor|hasil\s+evaluasi|kemenpan\w*|kementerian\s+pan\w*|menpan\w*|keputusan|kepmen\w*|resmi)\b", IC)

# R-PREDIKAT: "kategori Baik", "predikat ‘Cukup’", "(Sangat Baik)".
BAND = r"(sangat\s+baik|memuaskan|baik|cukup|kurang)"
PREDIKAT_RE = re.compile(
    r"\b(?:predikat|berpredikat|kategori|katagori|berkategori|kriteria|klasifikasi|status)\s*(?:nilai\s*|indeks\s*|spbe\s*)?"
    r"[:\-]?\s*[\"'‘’“”]?\s*" + BAND + r"\b",
    IC,
)
PREDIKAT_VERB = (
    r"(?:juga\s+|masih\s+|sama-sama\s+|kompak\s+|sudah\s+)*(?:berpredikat|berkategori|masuk\s+(?:dalam\s+)?(?:predikat|kategori)|"
    r"(?:meraih|mendapat|mendapatkan|memperoleh|mengantongi|menyandang)\s+predikat|berada\s+(?:di|pada)\s+(?:predikat|kategori))"
    r"\s*[\"'‘“]?\s*"
)
GROUP_SIZE = {"kedua": 2, "keduanya": 2, "ketiga": 3, "ketiganya": 3}
PREDIKAT_BOTH_RE = re.compile(
    r"^\W*(keduanya|ketiganya|kedua\s+(?:daerah|pemda|pemerintah\s+daerah|instansi))\s+" + PREDIKAT_VERB + BAND + r"\b", IC
)
PREDIKAT_SHARED_RE = re.compile(
    r"^\s*[,;]?\s*(?:dan\s+)?(?:keduanya\s+|ketiganya\s+)?sama-sama\s+" + PREDIKAT_VERB + BAND + r"\b", IC
)
PREDIKAT_EACH_RE = re.compile(
    r"^\s*,?\s*(?:dengan|dan)\s+(?:predikat|kategori)\s+masing-masing\s+((?:(?:sangat\s+baik|memuaskan|baik|cukup|kurang)(?:\s*,\s*|\s+dan\s+|\s*$|(?=\.)))+)",
    IC,
)
BAND_LIST_SPLIT_RE = re.compile(r"\s*,\s*(?:dan\s+)?|\s+dan\s+", IC)
PREDIKAT_PAREN_RE = re.compile(r"^\s*\(\s*(?:predikat\s+|kategori\s+)?" + BAND + r"\s*\)", IC)

# R-YEAR: explicit years, and the spans whose years are NOT evaluation years (dates, regulations).
YEAR_RE = re.compile(r"(?<![\d/.,-])(20[1-3]\d)(?![\d/])")
MONTHS = (
    r"januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember|"
    r"jan|feb|mar|apr|jun|jul|agu|agt|aug|sep|sept|okt|oct|nov|nop|des|dec"
)
DATE_MASK_RE = re.compile(
    r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}\b|"
    r"\b\d{1,2}\s+(?:" + MONTHS + r")\.?\s+\d{4}\b|"
    r"\b(?:" + MONTHS + r")\.?\s+\d{4}\b",
    IC,
)
REGULATION_MASK_RE = re.compile(
    r"\b(?:nomor|no\.?)\s*:?\s*[\w./-]{1,20}\s+(?:tahun|thn\.?)\s+\d{4}\b|"
    r"\b(?:perpres|permen\w*|kepmen\w*|pp|uu|perda|perbup|perwali|pergub|inpres|se|keppres|sk)\s*(?:no\.?|nomor)?\s*\d{1,5}\s*/\s*\d{4}\b|"
    r"\b\d{4}\s*[-–/]\s*\d{4}\b",
    IC,
)
# R-DECREE: a results decree cited by number. Any decree word (the press writes "MenPAN RB Nomor
# N Tahun Y", "SK Nomor N tahun Y", "KepmenPANRB N/Y"); the number/year pair must be
# a known results decree of the calendar, so a Perda "Nomor 13 Tahun 2024" is not taken.
DECREE_RE = re.compile(
    r"(?:keputusan|kepmen\w*|\bsk\b|menpan\w*|pan\s*-?\s*rb)[^.;\n]{0,80}?"
    r"(?:(?:nomor|no\.?)\s*:?\s*(\d{1,5})\s*(?:tahun|thn\.?|/)\s*(\d{4})|\b(\d{1,5})\s*/\s*(\d{4}))",
    IC,
)
RELATIVE_YEAR_RE = re.compile(
    r"\b(?P<prev>tahun\s+lalu|tahun\s+kemarin|setahun\s+lalu|setahun\s+yang\s+lalu)\b|"
    r"\b(?P<before>tahun\s+sebelumnya|periode\s+sebelumnya|evaluasi\s+sebelumnya|sebelumnya)\b|"
    r"\b(?P<after>tahun\s+berikutnya|setahun\s+kemudian|tahun\s+selanjutnya)\b|"
    r"\b(?P<this>tahun\s+ini)\b|\b(?P<next>tahun\s+depan|tahun\s+mendatang)\b|"
    r"\b(?P<now>saat\s+ini|kini|sekarang|terbaru|terkini|terakhir)\b",
    IC,
)
# "3,49 pada tahun 2024", "3,49 (2024)", "3,49 di tahun 2024": a year bound to the value just before.
POST_YEAR_RE = re.compile(
    r"^\s*(?:poin\s+)?(?:\([^()]{1,25}\)\s*)?"
    # "3,3 berpredikat baik pada 2023", "2,05 Kategori Sedang di 2021" (the press's word for
    # the middle band), "2,35 dengan indeks baik pada 2020": the value's band, then its year.
    r"(?:,?\s*(?:dengan\s+)?(?:predikat|berpredikat|kategori|katagori|capaian|indeks|indek)\s+[\"'‘“]?(?:sangat\s+baik|memuaskan|baik|cukup|sedang|kurang)[\"'’”]?\s+)?"
    r"(?:(?:pada|di|dalam|untuk|tahun|ta\.?|periode|evaluasi|pemantauan|penilaian|akhir)\s+){0,3}(20[1-3]\d)\b(?![/.,]\d)|"
    r"^\s*\(\s*(?:tahun\s+)?(20[1-3]\d)\s*\)",
    IC,
)

NOT_EVALUATED_RE = re.compile(
    r"\b(?:tidak|belum|tak)\s+(?:ikut\s+|turut\s+|masuk\s+|termasuk\s+)?(?:dalam\s+)?(?:daftar\s+)?"
    r"(?:dievaluasi|evaluasi|dinilai|penilaian)(?:\s+spbe)?\s+(?:pada\s+)?(?:tahun\s+)?(20[1-3]\d)\b",
    IC,
)
LIMITED_ROUND_YEAR = 2020  # 128 instansi only (domain.md)
SAME_EVALUATION_RE = re.compile(
    r"\b(?:evaluasi|pemantauan|penilaian|indeks|hasil|periode|daftar|keputusan)\s+(?:spbe\s+)?yang\s+sama\b", IC
)
LIST_RE = re.compile(r"\b(?:masing-masing|masing\s+masing|berturut-turut|secara\s+berurutan)\b", IC)
INDEX_NOUN_RE = re.compile(
    r"\b(?:indeks|indek|nilai|nilainya|skor|capaian|angka|predikat|kategori|hasil|hasilnya|target|peringkat)\b", IC
)
# Words that make an unlabelled number a result, for R-TOPIC.
TOPIC_CUE_RE = re.compile(
    r"\b(?:indeks|indeksnya|nilai|nilainya|skor|predikat|berpredikat|hasil|hasilnya|evaluasi|pemantauan|"
    r"penilaian|target\w*|ditargetkan|menargetkan|dipatok|mematok|simulasi\w*|meraih|memperoleh|mencatat|mencatatkan|mengantongi|"
    r"capai|mencapai|menembus|tercatat|sebesar|angka)\b",
    IC,
)
# Awards, contests, surveys and accreditations score bodies too; a sentence about one of them is
# not an unlabelled SPBE result.
TOPIC_BLOCK_RE = re.compile(
    r"\b(?:penghargaan|anugerah|award|awards|lomba|kompetisi|kejuaraan|juara|sayembara|survei|survey|"
    r"akreditasi|sertifikasi|layak\s+anak|adipura|swasti\s+saba|wtp|opini)\b",
    IC,
)
ANAPHOR_START_RE = re.compile(
    r"^\W*(?:\w+\s+){0,2}?(?:capaian|hasil|nilai|angka|indeks|skor|prestasi|raihan)(?:\s+\w+)?\s+(?:tersebut|ini|itu)\b", IC
)
RESULT_ANAPHOR_RE = re.compile(
    r"^\W*(?:hasilnya|dari\s+hasil\s+(?:itu|tersebut|ini)|hasil\s+(?:itu|tersebut|ini)|alhasil|dengan\s+hasil)\b", IC
)
FIRST_PERSON_RE = re.compile(r"\b(?:kita|kami|daerah\s+ini|kabupaten\s+ini|kota\s+ini|provinsi\s+ini)\b", IC)
SPEECH_BEFORE_NAME_RE = re.compile(
    r"[,.!?\"”’]\s*[\"”’]?\s*(?:kata|ujar|ungkap|tutur|jelas|sebut|tegas|papar|terang|imbuh|tambah|pungkas|katanya|ujarnya|ungkapnya)\w*\b",
    IC,
)
NATIONWIDE_RE = re.compile(
    r"\b(?:indeks\s+)?spbe\s+(?:\w+\s+){0,2}?(?:nasional|indonesia)\b|\bsecara\s+nasional\b|\bse-?indonesia\b|"
    r"\b(?:target|indeks|nilai|rata-?\s?rata|capaian|angka)\s+nasional\b|"
    r"\b(?:instansi|pemerintah)\s+pusat\b|\bseluruh\s+(?:instansi|pemerintah\s+daerah|pemda|kabupaten|daerah)\b",
    IC,
)
UNNAMED_BODY_RE = re.compile(
    r"\b(?:sebuah|suatu|satu|seorang\s+kepala)\s+(?:kabupaten|kota|daerah|pemda|pemkab|pemkot|provinsi|pemprov|"
    r"instansi|kementerian|lembaga|pemerintah\s+daerah)\b",
    IC,
)
NEIGHBOUR_BEFORE_RE = re.compile(
    r"\b(?:tetangga|tetangganya|bertetangga\s+dengan|berbatasan(?:\s+langsung)?\s+dengan|bersebelahan\s+dengan|"
    r"tidak\s+jauh\s+dari|dekat\s+dengan|berdekatan\s+dengan)\s*$",
    IC,
)
SUPERLATIVE_RE = re.compile(r"\b(?:tertinggi|terendah|teratas|terbaik|terbawah|terburuk)\b", IC)
OWNER_AFTER_RE = re.compile(
    r"^\s*\)?\s*,?\s*(?:yang\s+)?(?:diraih|dicapai|diperoleh|milik|untuk|bagi|oleh|diraih\s+oleh|dicapai\s+oleh)\s*$", IC
)

BOILERPLATE_LINE_RE = re.compile(
    r"^\s*(?:baca\s+juga|baca\s+disini|baca\s+di\s+sini|bacaan\s+lainnya|baca\s+selengkapnya|simak\s+juga|"
    r"lihat\s+juga|berita\s+terkait|artikel\s+terkait)\b",
    IC,
)
ABBREVIATIONS = {
    "kab",
    "kep",
    "prov",
    "adm",
    "no",
    "plt",
    "pj",
    "pjs",
    "hj",
    "h",
    "dr",
    "drs",
    "dra",
    "ir",
    "st",
    "se",
    "mm",
    "m",
    "s",
    "kom",
    "sos",
    "pd",
    "kec",
    "jl",
    "dkk",
    "tsb",
    "dll",
    "prof",
    "ak",
    "mh",
    "sh",
    "sp",
    "mt",
    "kh",
    "ny",
    "tn",
    "sdr",
    "bpk",
    "yth",
    "si",
    "ssi",
    "skom",
    "msi",
    "mpd",
    "spd",
    "ttd",
    "vol",
    "hlm",
    "ds",
    "kel",
    "rt",
    "rw",
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "i",
    "j",
    "k",
    "l",
    "n",
    "o",
    "p",
    "r",
    "t",
    "u",
    "w",
    "y",
    "z",
    "kol",
    "let",
    "jend",
    "mayjen",
    "brigjen",
    "kombes",
    "akbp",
    "ipda",
    "iptu",
    "aiptu",
    "bripka",
    "mr",
    "mrs",
    "ms",
    "sekda",
    "kadis",
    "kabid",
    "sdm",
    "tbk",
}
SENTENCE_END_RE = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")


# ", yang sebelumnya unggul dari Kabupaten B,": a closed relative clause (R-RELATIVE-CLAUSE).
RELATIVE_CLAUSE_RE = re.compile(r",\s*yang\s+[^,;.]{1,120},", IC)


def _successor_label_re() -> re.Pattern[str]:
    """R-LABEL-PEMDI: the names of the index that replaced SPBE (methods.toml: "Indeks Pemerintah
    Digital", "Indeks PemDI", and its code), from the methods file, not a copy."""
    from spbe.domain.methods import methods

    names = {n for m in methods() if m.index_code != "SPBE" for n in (*m.index_names, m.index_code)}
    words = sorted({re.sub(r"^indeks\s+", "", n, flags=IC) for n in names}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in words) + r")\b", IC)


SUCCESSOR_LABEL_RE = _successor_label_re()


def index_labels(text: str) -> list[tuple[int, int, str]]:
    """R-LABEL: (start, end, "spbe"|"pemdi"|"other") for every index named in a sentence."""
    # "3,62 itu untuk pelayanan publik, bukan SPBE": a denied SPBE label claims the number for
    # some other index, which is what precision needs.
    labels = [
        (m.start(), m.end(), "other" if NEGATED_LABEL_RE.search(text, max(0, m.start() - 40), m.start()) else kind)
        for pattern, kind in ((SPBE_LABEL_RE, "spbe"), (SUCCESSOR_LABEL_RE, "pemdi"))
        for m in pattern.finditer(text)
    ]
    spbe_spans = [(a, b) for a, b, _ in labels]
    other: list[tuple[int, int]] = [(m.start(), m.end()) for m in OTHER_ACRONYM_RE.finditer(text)]
    other += [(m.start(), m.end()) for m in OTHER_PHRASE_RE.finditer(text)]
    lex = lexicon()
    for m in INDEKS_NAMED_RE.finditer(text):
        word = m.group(1)
        key = compact(word)
        if word.lower() in INDEKS_NAMED_OK or key in lex.bare or key in lex.typed_names or SPBE_LABEL_RE.match(text, m.start(1)):
            continue
        other.append((m.start(), m.end()))
    for a, b in other:
        # "Sistem Pemerintahan Berbasis Elektronik" never contains another index name, but an
        # acronym inside an SPBE label span (none today) must not count twice.
        if not any(x <= a < y or a <= x < b for x, y in spbe_spans):
            labels.append((a, b, "other"))
    labels.sort()
    return labels


def last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match of a pattern in a (bounded) text, or None."""
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the loop keeps the last match
        pass
    return found


# A cheap literal test before SELF_RE, whose nested alternations are the costliest search here.
_SELF_HINT_RE = re.compile(
    r"mandiri|assess|swa|nilai|sementara|simulasi|prediksi|perkiraan|estimasi|proyeksi|belum|pra|desk|awal|sebelum|berubah", re.IGNORECASE
)


def self_cues(text: str) -> list[re.Match[str]]:
    """SELF_RE matches in a text (R-KIND-SELF), skipping the search when no cue word can be there."""
    return list(SELF_RE.finditer(text)) if _SELF_HINT_RE.search(text) else []


def provisional_cue(text: str) -> re.Match[str] | None:
    """The last PROVISIONAL_RE match in a text (R-KIND-PROVISIONAL), or None."""
    return last_match(PROVISIONAL_RE, text) if _SELF_HINT_RE.search(text) or "tahap" in text.lower() else None
